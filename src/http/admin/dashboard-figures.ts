import type { DashboardRaw } from "../../runtime/index.ts";

/**
 * The dashboard's figures from the store's aggregates: pure, no clock (the SQL ran at the
 * injected `now`, and the week list is built from `today`), so a fixture with known answers pins
 * each rule down (test/unit/admin/dashboard-figures.test.ts).
 */

export const AGE_BUCKETS = [
  { key: "d0-15", from: 0, to: 15 },
  { key: "d16-30", from: 16, to: 30 },
  { key: "d31-60", from: 31, to: 60 },
  { key: "d60-plus", from: 61, to: Number.POSITIVE_INFINITY },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]["key"];

export const REASONS = [
  "forgot",
  "cash_flow",
  "dispute",
  "not_received",
  "already_paid",
  "other",
] as const;

/** Agreements the debtor can keep or break; a pay-now agreement is paid or it is not. */
export const OUTCOME_KINDS = ["installments", "promise"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface CurrencyFigures {
  readonly currency: string;
  /** Oldest week first (each its Monday), every week of the window, zero when nothing came in. */
  readonly recoveredByWeek: readonly { week: string; amountMinor: number }[];
  readonly recoveredTotalMinor: number;
  readonly overdueByAge: readonly { bucket: AgeBucket; amountMinor: number }[];
  readonly overdueTotalMinor: number;
  /** Days sales outstanding over the period; null when nothing was invoiced in it. */
  readonly dso: number | null;
  readonly dueMinor: number;
  readonly invoicedMinor: number;
}

export interface OutcomeFigures {
  readonly kind: OutcomeKind;
  readonly kept: number;
  readonly broken: number;
  readonly running: number;
}

export interface DashboardFigures {
  readonly currencies: readonly CurrencyFigures[];
  readonly reasons: readonly { reason: string; cases: number }[];
  readonly outcomes: readonly OutcomeFigures[];
  /** Median days from the first automated reminder to the first agreement; null without any. */
  readonly medianDaysToAgreement: number | null;
  readonly agreementsTimed: number;
}

/** The day `n` weeks before `day` (both `YYYY-MM-DD`). */
function weeksBefore(day: string, n: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 7 * n);
  return at.toISOString().slice(0, 10);
}

/** The Monday of the week holding `day` (`YYYY-MM-DD`): ISO weeks, as Postgres's date_trunc. */
export function mondayOf(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - ((at.getUTCDay() + 6) % 7));
  return at.toISOString().slice(0, 10);
}

/** Days past due → its bucket; 0 (due today) counts in the youngest. */
export function ageBucket(daysOverdue: number): AgeBucket {
  for (const bucket of AGE_BUCKETS) {
    if (daysOverdue >= bucket.from && daysOverdue <= bucket.to) return bucket.key;
  }
  return "d0-15";
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/**
 * DSO = still due ÷ invoiced over the period × the period's days: how many days of sales are
 * waiting to be paid. Null when nothing was invoiced in the period (the ratio means nothing).
 */
export function daysSalesOutstanding(
  dueMinor: number,
  invoicedMinor: number,
  days: number,
): number | null {
  if (invoicedMinor <= 0) return null;
  return (dueMinor / invoicedMinor) * days;
}

export interface FigureOptions {
  /** Today in the viewer's business zone (`YYYY-MM-DD`): the window's last week holds it. */
  readonly today: string;
  readonly weeks: number;
  readonly dsoDays: number;
}

export function dashboardFigures(raw: DashboardRaw, options: FigureOptions): DashboardFigures {
  const currencies = new Set<string>([
    ...raw.recoveredByWeek.map((r) => r.currency),
    ...raw.overdue.map((r) => r.currency),
    ...raw.receivables.map((r) => r.currency),
  ]);
  const thisMonday = mondayOf(options.today);
  const weeks = Array.from({ length: options.weeks }, (_, i) =>
    weeksBefore(thisMonday, options.weeks - 1 - i),
  );
  const perCurrency = [...currencies].sort().map((currency): CurrencyFigures => {
    const recoveredByWeek = weeks.map((week) => ({
      week,
      amountMinor: raw.recoveredByWeek
        .filter((r) => r.currency === currency && r.week === week)
        .reduce((sum, r) => sum + r.amountMinor, 0),
    }));
    const overdueByAge = AGE_BUCKETS.map((b) => ({
      bucket: b.key,
      amountMinor: raw.overdue
        .filter((r) => r.currency === currency && r.daysOverdue >= 0)
        .filter((r) => ageBucket(r.daysOverdue) === b.key)
        .reduce((sum, r) => sum + r.dueMinor, 0),
    }));
    const receivable = raw.receivables.find((r) => r.currency === currency);
    const dueMinor = receivable?.dueMinor ?? 0;
    const invoicedMinor = receivable?.invoicedMinor ?? 0;
    return {
      currency,
      recoveredByWeek,
      recoveredTotalMinor: recoveredByWeek.reduce((sum, w) => sum + w.amountMinor, 0),
      overdueByAge,
      overdueTotalMinor: overdueByAge.reduce((sum, b) => sum + b.amountMinor, 0),
      dso: daysSalesOutstanding(dueMinor, invoicedMinor, options.dsoDays),
      dueMinor,
      invoicedMinor,
    };
  });
  const order = (reason: string) => {
    const i = (REASONS as readonly string[]).indexOf(reason);
    return i === -1 ? REASONS.length : i;
  };
  const reasons = [...raw.reasons].sort(
    (a, b) => b.cases - a.cases || order(a.reason) - order(b.reason),
  );
  const outcomes = OUTCOME_KINDS.map((kind): OutcomeFigures => {
    const count = (status: string) =>
      raw.outcomes
        .filter((o) => o.kind === kind && o.status === status)
        .reduce((sum, o) => sum + o.agreements, 0);
    // A superseded agreement was replaced by another one: neither kept nor broken.
    return { kind, kept: count("completed"), broken: count("broken"), running: count("active") };
  });
  return {
    currencies: perCurrency,
    reasons,
    outcomes,
    medianDaysToAgreement: median(raw.daysToAgreement),
    agreementsTimed: raw.daysToAgreement.length,
  };
}
