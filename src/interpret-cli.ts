/**
 * `npm run -s interpret -- --locale fr --now 2026-11-23T10:00:00Z --timezone Europe/Paris --currency EUR`
 *
 * Reads one message per line on stdin and writes one JSON object per line with exactly the keys
 * intent, amount, count, period and date (null where absent). Bad options print one line on
 * stderr and exit with code 2, so a shell pipeline fails loudly instead of guessing.
 *
 * `npm run -s interpret -- --report` prints the figures on the labelled sets instead: the blind
 * set's aggregates (never its messages), the holdout's and the tuning set's.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { interpret } from "./core/index.ts";

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return true;
  } catch {
    return false;
  }
}

const Options = z.object({
  locale: z.enum(["fr", "en"], { error: "--locale must be fr or en" }),
  now: z.iso
    .datetime({
      offset: true,
      error: "--now must be an ISO-8601 instant, e.g. 2026-11-23T10:00:00Z",
    })
    .transform((value) => new Date(value)),
  timezone: z
    .string()
    .refine(isIanaZone, { error: "--timezone must be an IANA zone, e.g. Europe/Paris" }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: "--currency must be an ISO 4217 code, e.g. EUR" })
    .refine(isCurrency, { error: "--currency must be an ISO 4217 code, e.g. EUR" }),
});

function fail(message: string): never {
  process.stderr.write(`interpret: ${message}\n`);
  process.exit(2);
}

function readOptions(): z.infer<typeof Options> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        locale: { type: "string" },
        now: { type: "string" },
        timezone: { type: "string" },
        currency: { type: "string", default: "EUR" },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const parsed = Options.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    const message =
      issue?.code === "invalid_type" && values[String(field)] === undefined
        ? `--${String(field)} is required`
        : (issue?.message ?? "invalid options");
    fail(message);
  }
  return parsed.data;
}

async function report(): Promise<void> {
  const { evaluate, formatReport, loadSet } = await import("./interpret-report.ts");
  const sets = [
    ["blind", "BLIND — written by someone else from the intent definitions; aggregates only"],
    ["holdout", "HOLDOUT — written before the changes, never tuned on"],
    ["tuning", "TUNING — what the rules and the fallback model were built on"],
  ] as const;
  // One pass first so the times printed are steady-state, not the first calls' compilation.
  evaluate(loadSet("holdout"));
  for (const [name, title] of sets) {
    // Never the misses: the blind set's messages must stay unseen, and the others' are in the tests.
    process.stdout.write(`${formatReport(title, evaluate(loadSet(name)))}\n\n`);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--report")) {
    await report();
    return;
  }
  const options = readOptions();
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const { intent, amount, count, period, date } = interpret(line, options);
    process.stdout.write(`${JSON.stringify({ intent, amount, count, period, date })}\n`);
  }
}

await main();
