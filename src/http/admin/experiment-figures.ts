import type { ExperimentStatsRaw, SampleRaw } from "../../runtime/index.ts";
import {
  type Interval,
  meanInterval,
  meanVerdict,
  rateVerdict,
  type Verdict,
  wilsonInterval,
} from "./experiment-stats.ts";

/**
 * An experiment's figures per variant, from the store's aggregates: rates with their Wilson
 * intervals, means with normal-approximation intervals, and each variant's difference from the
 * base ("a", the wording as it was; the first variant when "a" is not in the experiment). Pure.
 */

export interface RateFigure {
  readonly successes: number;
  readonly trials: number;
  /** null without trials. */
  readonly rate: number | null;
  readonly interval: Interval | null;
}

export interface MeanFigure {
  readonly n: number;
  /** null without values. */
  readonly mean: number | null;
  readonly interval: Interval | null;
}

export interface VariantFigure {
  readonly key: string;
  /** Its share of new cases now (the weights as set, in %). */
  readonly share: number;
  readonly isBase: boolean;
  readonly cases: number;
  readonly reply: RateFigure;
  readonly agreement: RateFigure;
  /** Per currency, the experiment's main one first: amount paid after the first message. */
  readonly recovered: readonly {
    readonly currency: string;
    readonly totalMinor: number;
    readonly perCase: MeanFigure;
  }[];
  readonly daysToPayment: MeanFigure;
  /** Against the base; null for the base itself. */
  readonly versusBase: {
    readonly reply: Verdict;
    readonly agreement: Verdict;
    /** Amount recovered per case, in the main currency. */
    readonly recovered: Verdict;
    readonly daysToPayment: Verdict;
  } | null;
}

export interface ExperimentFigure {
  readonly id: string;
  readonly businessId: string;
  readonly businessName: string;
  readonly messageId: string;
  readonly status: "running" | "ended";
  readonly winner: string | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly baseKey: string;
  /** The currency most of its cases are invoiced in (null before any case). */
  readonly mainCurrency: string | null;
  readonly cases: number;
  readonly variants: readonly VariantFigure[];
}

function rate(successes: number, trials: number): RateFigure {
  return {
    successes,
    trials,
    rate: trials > 0 ? successes / trials : null,
    interval: wilsonInterval(successes, trials),
  };
}

function mean(sample: SampleRaw): MeanFigure {
  return {
    n: sample.n,
    mean: sample.n > 0 ? sample.mean : null,
    interval: meanInterval(sample),
  };
}

const EMPTY: SampleRaw = { n: 0, mean: 0, sd: null };

export function experimentFigures(raw: ExperimentStatsRaw): ExperimentFigure {
  const totals = (key: string) => raw.rows.find((r) => r.variant === key && r.currency === null);
  const byCurrency = raw.rows.filter((r) => r.currency !== null);
  const casesIn = new Map<string, number>();
  for (const r of byCurrency) {
    if (r.currency !== null) casesIn.set(r.currency, (casesIn.get(r.currency) ?? 0) + r.cases);
  }
  const currencies = [...casesIn.entries()]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .map(([currency]) => currency);
  const mainCurrency = currencies[0] ?? null;
  const baseKey = raw.variants.some((v) => v.key === "a") ? "a" : (raw.variants[0]?.key ?? "a");
  const weightTotal = raw.variants.reduce((sum, v) => sum + Math.max(0, v.weight), 0);
  const recoveredIn = (key: string, currency: string | null): SampleRaw =>
    byCurrency.find((r) => r.variant === key && r.currency === currency)?.recovered ?? EMPTY;

  const base = totals(baseKey);
  const variants = raw.variants.map((v): VariantFigure => {
    const t = totals(v.key);
    const cases = t?.cases ?? 0;
    const replied = t?.replied ?? 0;
    const agreed = t?.agreed ?? 0;
    const days = t?.daysToPayment ?? EMPTY;
    const isBase = v.key === baseKey;
    return {
      key: v.key,
      share: weightTotal > 0 ? (100 * Math.max(0, v.weight)) / weightTotal : 0,
      isBase,
      cases,
      reply: rate(replied, cases),
      agreement: rate(agreed, cases),
      recovered: currencies.map((currency) => {
        const row = byCurrency.find((r) => r.variant === v.key && r.currency === currency);
        return {
          currency,
          totalMinor: row?.recoveredTotalMinor ?? 0,
          perCase: mean(row?.recovered ?? EMPTY),
        };
      }),
      daysToPayment: mean(days),
      versusBase: isBase
        ? null
        : {
            reply: rateVerdict(
              { successes: base?.replied ?? 0, trials: base?.cases ?? 0 },
              { successes: replied, trials: cases },
            ),
            agreement: rateVerdict(
              { successes: base?.agreed ?? 0, trials: base?.cases ?? 0 },
              { successes: agreed, trials: cases },
            ),
            recovered: meanVerdict(
              recoveredIn(baseKey, mainCurrency),
              recoveredIn(v.key, mainCurrency),
            ),
            daysToPayment: meanVerdict(base?.daysToPayment ?? EMPTY, days),
          },
    };
  });
  return {
    id: raw.id,
    businessId: raw.businessId,
    businessName: raw.businessName,
    messageId: raw.messageId,
    status: raw.status,
    winner: raw.winner,
    startedAt: raw.startedAt,
    endedAt: raw.endedAt,
    baseKey,
    mainCurrency,
    cases: variants.reduce((sum, v) => sum + v.cases, 0),
    variants,
  };
}
