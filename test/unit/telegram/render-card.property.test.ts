import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseText } from "../../../bot/telegram/parse-update.ts";
import {
  renderCard,
  TELEGRAM_CALLBACK_DATA_MAX_BYTES,
  TELEGRAM_TEXT_MAX,
} from "../../../bot/telegram/render-card.ts";

const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const label = fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" });
const card = fc.record(
  {
    text: fc.string({ minLength: 1, maxLength: 6000, unit: "grapheme" }),
    buttons: fc.array(fc.record({ label, token }), { maxLength: 3 }),
    list: fc.record({
      title: fc.string({ minLength: 1, maxLength: 24 }),
      items: fc.array(fc.record({ label, description: fc.string({ maxLength: 80 }), token }), {
        maxLength: 10,
      }),
    }),
  },
  { requiredKeys: ["text", "buttons"] },
);

describe("renderCard, for any card the runtime can produce", () => {
  it("fits Telegram's limits and keeps every button, in order, with its token", () => {
    fc.assert(
      fc.property(card, (c) => {
        const { message } = renderCard(c);
        expect(message.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX);
        // Never a lone surrogate: Telegram would reject the UTF-8 encoding.
        expect(wellFormed(message.text)).toBe(true);
        const sent = (message.reply_markup?.inline_keyboard ?? []).flat();
        const expected = [...c.buttons, ...(c.list?.items ?? [])].map((b) => b.token);
        expect(sent.map((b) => ("callback_data" in b ? b.callback_data : undefined))).toEqual(
          expected,
        );
        for (const b of sent) {
          expect(wellFormed(b.text)).toBe(true);
          const data = "callback_data" in b ? (b.callback_data ?? "") : "";
          expect(Buffer.byteLength(data)).toBeLessThanOrEqual(TELEGRAM_CALLBACK_DATA_MAX_BYTES);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseText, for any text", () => {
  it("reads /start's token only when it is a valid deep-link payload", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (payload) => {
        const input = parseText(`/start ${payload}`);
        expect(input.kind).toBe("start");
        if (input.kind === "start" && input.token !== null) {
          expect(input.token).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
          expect(input.token).toBe(payload.trim());
        }
      }),
    );
  });
});

/** No lone surrogate (String.prototype.isWellFormed is ES2024, beyond our lib). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
