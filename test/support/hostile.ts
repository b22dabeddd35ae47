import fc from "fast-check";
import { expect } from "vitest";

/**
 * What a hostile client sends, for the property tests of every public entry point. Every
 * generated text carries MARKER, so a leak into the logs is found wherever it lands.
 */
export const MARKER = "Qxzvwk";

/** Text a hostile client would send: NULs, lone surrogates, controls, markup, very long. */
export const hostileText = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ unit: "grapheme", maxLength: 80 }),
    fc.constantFrom(
      "\u0000",
      "\ud800",
      "\udfff",
      "\u202e",
      "<!channel>",
      "'; drop table x;--",
      "\r\n",
    ),
    fc.string({ unit: fc.constantFrom("\u0000", "\u0007", "a", "é", "\ud83d"), maxLength: 30 }),
  )
  .map((s) => `${MARKER}${s}`);

/** Any JSON value, hostile text in its strings. */
export const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostileText), tie("value"), {
      maxKeys: 4,
    }),
  ),
})).value;

/** Raw bytes: any, or text that is almost UTF-8 (a lone continuation byte, a NUL). */
export const hostileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  hostileText.map((t) => new Uint8Array(Buffer.concat([Buffer.from(t), Buffer.from([0xff, 0])]))),
);

/** Log lines since `from`: no error logged, and none of the input's text. */
export function expectCleanLogs(logs: readonly Record<string, unknown>[], from: number): void {
  const lines = logs.slice(from);
  expect(lines.filter((l) => l.level === "error" || l.level === "fatal")).toEqual([]);
  expect(JSON.stringify(lines)).not.toContain(MARKER);
}
