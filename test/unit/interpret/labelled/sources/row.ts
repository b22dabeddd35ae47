import type { Intent } from "../../../../../src/core/types.ts";

/** [locale, intent, text, amount as written in currency units, count, period, date spec]. */
export type Row = readonly [
  locale: "fr" | "en",
  intent: Intent,
  text: string,
  amount: string | null,
  count: number | null,
  period: "week" | "month" | null,
  date: string | null,
];
