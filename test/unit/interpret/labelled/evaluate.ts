import { readFileSync } from "node:fs";
import { z } from "zod";
import { interpret } from "../../../../src/core/interpret/index.ts";
import type { Intent, Interpretation } from "../../../../src/core/types.ts";

export const INTENTS: readonly Intent[] = [
  "forgot",
  "cash_flow",
  "dispute",
  "not_received",
  "already_paid",
  "pay_now",
  "installments",
  "promise",
  "accept",
  "decline",
  "stop",
  "human",
  "unknown",
];

const LabelledItem = z.object({
  text: z.string(),
  locale: z.enum(["fr", "en"]),
  now: z.iso.datetime(),
  timezone: z.string(),
  expected: z.object({
    intent: z.enum(INTENTS as [Intent, ...Intent[]]),
    amount: z.number().int().nullable(),
    count: z.number().int().nullable(),
    period: z.enum(["week", "month"]).nullable(),
    date: z.iso.date().nullable(),
  }),
});
export type LabelledItem = z.infer<typeof LabelledItem>;

export function loadSet(name: "holdout" | "tuning"): LabelledItem[] {
  const raw: unknown = JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), "utf8"));
  return z.array(LabelledItem).parse(raw);
}

interface Tally {
  hit: number;
  total: number;
}

export interface Report {
  readonly perIntent: ReadonlyMap<Intent, Tally>;
  readonly intent: Tally;
  readonly amount: Tally;
  readonly count: Tally;
  readonly period: Tally;
  readonly date: Tally;
  /** Every field wrong somewhere, for reading the failures. */
  readonly misses: readonly string[];
}

function ratio(t: Tally): string {
  return t.total === 0 ? "   -  " : `${((100 * t.hit) / t.total).toFixed(1).padStart(5)}%`;
}

export function accuracy(t: Tally): number {
  return t.total === 0 ? 1 : t.hit / t.total;
}

export function evaluate(items: readonly LabelledItem[]): Report {
  const perIntent = new Map<Intent, Tally>(INTENTS.map((i) => [i, { hit: 0, total: 0 }]));
  const intent = { hit: 0, total: 0 };
  // Amounts, counts, periods and dates are scored where the label has one (the issue's bar).
  const fields = {
    amount: { hit: 0, total: 0 },
    count: { hit: 0, total: 0 },
    period: { hit: 0, total: 0 },
    date: { hit: 0, total: 0 },
  };
  const misses: string[] = [];
  for (const item of items) {
    const got: Interpretation = interpret(item.text, {
      locale: item.locale,
      now: new Date(item.now),
      timezone: item.timezone,
      currency: "EUR",
    });
    const tally = perIntent.get(item.expected.intent);
    const intentOk = got.intent === item.expected.intent;
    if (tally) {
      tally.total += 1;
      if (intentOk) tally.hit += 1;
    }
    intent.total += 1;
    if (intentOk) intent.hit += 1;
    const wrong: string[] = intentOk ? [] : [`intent ${got.intent}≠${item.expected.intent}`];
    for (const key of ["amount", "count", "period", "date"] as const) {
      const expected = item.expected[key];
      if (expected !== null) {
        fields[key].total += 1;
        if (got[key] === expected) fields[key].hit += 1;
      }
      if (got[key] !== expected) wrong.push(`${key} ${String(got[key])}≠${String(expected)}`);
    }
    if (wrong.length > 0)
      misses.push(`${JSON.stringify(item.text)} (${item.locale}): ${wrong.join(", ")}`);
  }
  return { perIntent, intent, ...fields, misses };
}

export function formatReport(title: string, report: Report): string {
  const lines = [`${title} — intent accuracy per intent`, "intent        correct  accuracy"];
  for (const [name, t] of report.perIntent) {
    lines.push(`${name.padEnd(13)} ${`${t.hit}/${t.total}`.padStart(7)}   ${ratio(t)}`);
  }
  lines.push(
    `${"ALL".padEnd(13)} ${`${report.intent.hit}/${report.intent.total}`.padStart(7)}   ${ratio(report.intent)}`,
  );
  for (const key of ["amount", "count", "period", "date"] as const) {
    const t = report[key];
    lines.push(
      `${`${key} (labelled)`.padEnd(17)} ${`${t.hit}/${t.total}`.padStart(7)} ${ratio(t)}`,
    );
  }
  if (report.misses.length > 0) lines.push("misses:", ...report.misses.map((m) => `  ${m}`));
  return lines.join("\n");
}
