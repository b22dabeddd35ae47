/**
 * Scores the interpreter on the labelled sets of test/unit/interpret/labelled: intent accuracy,
 * per-intent precision and recall, the confusion matrix, entity accuracy and time per message.
 * Used by the accuracy test and by `npm run -s interpret -- --report`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Intent, Interpretation } from "./core/index.ts";
import { interpret } from "./core/index.ts";

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

/**
 * tuning: what the rules and the fallback model were built on. holdout: written before the
 * changes, measured only. blind: written by someone else from the intent definitions alone and
 * never read here — only its aggregate figures are ever printed (see `formatReport`).
 */
export type SetName = "holdout" | "tuning" | "blind";

export function loadSet(name: SetName): LabelledItem[] {
  const url = new URL(`../test/unit/interpret/labelled/${name}.json`, import.meta.url);
  const raw: unknown = JSON.parse(readFileSync(url, "utf8"));
  return z.array(LabelledItem).parse(raw);
}

interface Tally {
  hit: number;
  total: number;
}

export interface Report {
  readonly perIntent: ReadonlyMap<Intent, Tally>;
  /** confusion.get(expected).get(got) = how many messages labelled `expected` were read `got`. */
  readonly confusion: ReadonlyMap<Intent, ReadonlyMap<Intent, number>>;
  /** Mean time to interpret one message, in milliseconds. */
  readonly msPerMessage: number;
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
  const confusion = new Map<Intent, Map<Intent, number>>(
    INTENTS.map((i) => [i, new Map(INTENTS.map((j) => [j, 0]))]),
  );
  const started = performance.now();
  for (const item of items) {
    const got: Interpretation = interpret(item.text, {
      locale: item.locale,
      now: new Date(item.now),
      timezone: item.timezone,
      currency: "EUR",
    });
    const tally = perIntent.get(item.expected.intent);
    const intentOk = got.intent === item.expected.intent;
    const row = confusion.get(item.expected.intent);
    row?.set(got.intent, (row.get(got.intent) ?? 0) + 1);
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
  const msPerMessage = items.length === 0 ? 0 : (performance.now() - started) / items.length;
  return { perIntent, confusion, msPerMessage, intent, ...fields, misses };
}

/** Entities scored together: every amount, count, period and date a label carries. */
export function entities(report: Report): Tally {
  const keys = ["amount", "count", "period", "date"] as const;
  return {
    hit: keys.reduce((sum, key) => sum + report[key].hit, 0),
    total: keys.reduce((sum, key) => sum + report[key].total, 0),
  };
}

export interface PrecisionRecall {
  readonly intent: Intent;
  readonly support: number;
  readonly precision: number | null;
  readonly recall: number | null;
}

export function precisionRecall(report: Report): PrecisionRecall[] {
  return INTENTS.map((intent) => {
    const row = report.confusion.get(intent);
    const support = [...(row?.values() ?? [])].reduce((a, b) => a + b, 0);
    const truePositives = row?.get(intent) ?? 0;
    const predicted = INTENTS.reduce(
      (sum, expected) => sum + (report.confusion.get(expected)?.get(intent) ?? 0),
      0,
    );
    return {
      intent,
      support,
      precision: predicted === 0 ? null : truePositives / predicted,
      recall: support === 0 ? null : truePositives / support,
    };
  });
}

const SHORT: Readonly<Record<Intent, string>> = {
  forgot: "forg",
  cash_flow: "cash",
  dispute: "disp",
  not_received: "nrec",
  already_paid: "paid",
  pay_now: "now",
  installments: "inst",
  promise: "prom",
  accept: "acc",
  decline: "decl",
  stop: "stop",
  human: "hum",
  unknown: "unk",
};

function percent(value: number | null): string {
  return value === null ? "    -" : `${(100 * value).toFixed(1).padStart(5)}`;
}

/**
 * The figures of one set. `withMisses` lists the messages read wrongly: never for the blind set,
 * whose messages must not be seen by whoever tunes the rules.
 */
export function formatReport(title: string, report: Report, withMisses = false): string {
  const lines = [
    `${title} — ${report.intent.total} messages, ${report.msPerMessage.toFixed(3)} ms/message`,
    `intent accuracy ${ratio(report.intent)} (${report.intent.hit}/${report.intent.total}), entity accuracy ${ratio(entities(report))} (${entities(report).hit}/${entities(report).total})`,
  ];
  for (const key of ["amount", "count", "period", "date"] as const) {
    const t = report[key];
    lines.push(`  ${key.padEnd(7)} ${`${t.hit}/${t.total}`.padStart(9)} ${ratio(t)}`);
  }
  lines.push("", "intent        support  precision  recall");
  for (const row of precisionRecall(report)) {
    lines.push(
      `${row.intent.padEnd(13)} ${String(row.support).padStart(7)}  ${percent(row.precision)} %  ${percent(row.recall)} %`,
    );
  }
  lines.push("", "confusion (rows: labelled, columns: read)");
  lines.push(`${"".padEnd(6)}${INTENTS.map((i) => SHORT[i].padStart(5)).join("")}`);
  for (const expected of INTENTS) {
    const row = report.confusion.get(expected);
    lines.push(
      `${SHORT[expected].padEnd(6)}${INTENTS.map((got) => {
        const n = row?.get(got) ?? 0;
        return (n === 0 ? "." : String(n)).padStart(5);
      }).join("")}`,
    );
  }
  if (withMisses && report.misses.length > 0)
    lines.push("", "misses:", ...report.misses.map((m) => `  ${m}`));
  return lines.join("\n");
}
