import { errorFunction } from "simple-statistics";

/**
 * The statistics of the wording experiments' dashboard: confidence intervals at 95 % and the tests
 * that say whether a variant differs from the message as it was ("a"). Pure and small, each
 * checked against published or independently computed values (test/unit/admin/experiment-stats).
 * The normal distribution's CDF comes from simple-statistics' error function (|error| < 1.2e-7).
 */

/** The standard normal quantile of 0.975: a two-sided 95 % interval is ± this many SEs. */
export const Z_95 = 1.959963984540054;

/** Differences are called significant below this two-sided p-value. */
export const SIGNIFICANCE_LEVEL = 0.05;

/**
 * The normal approximations below need enough data: a rate is compared only when each variant
 * has at least this many successes and as many failures (the usual n·p ≥ 5 rule), a mean only
 * over at least MIN_CASES_FOR_MEAN cases in each.
 */
export const MIN_EACH_OUTCOME = 5;
export const MIN_CASES_FOR_MEAN = 30;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/**
 * The Wilson score interval of a proportion (Wilson 1927; Newcombe 1998 recommends it over the
 * plain normal interval, which leaves [0, 1] and covers badly for small n or rates near 0 or 1).
 * null when there are no trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = p + z2 / (2 * trials);
  const half = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return {
    low: Math.max(0, (centre - half) / denominator),
    high: Math.min(1, (centre + half) / denominator),
  };
}

export interface TestResult {
  /** The test statistic: positive when the second group is higher. */
  readonly z: number;
  /** Two-sided p-value. */
  readonly p: number;
}

/**
 * The pooled two-proportion z-test of x1/n1 against x2/n2, two-sided. null when either group is
 * empty or both rates are 0 % or 100 % (no variance: nothing to test).
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): TestResult | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (x2 / n2 - x1 / n1) / se;
  return { z, p: twoSided(z) };
}

/** A sample summarised by its size, mean and standard deviation (n − 1 in the denominator). */
export interface Sample {
  readonly n: number;
  readonly mean: number;
  /** null for fewer than two values. */
  readonly sd: number | null;
}

/**
 * The normal-approximation interval of a mean: mean ± z·sd/√n. null for fewer than two values.
 * (Amounts and delays are skewed; with the MIN_CASES_FOR_MEAN cases a comparison asks for, the
 * central limit theorem makes this the usual choice, and it needs only what SQL aggregates.)
 */
export function meanInterval(sample: Sample, z = Z_95): Interval | null {
  if (sample.n < 2 || sample.sd === null) return null;
  const half = (z * sample.sd) / Math.sqrt(sample.n);
  return { low: sample.mean - half, high: sample.mean + half };
}

/**
 * Welch's test of two means with the normal approximation (a z-test with unpooled variances),
 * two-sided. null when either sample has fewer than two values or both have no spread.
 */
export function meanDifferenceTest(a: Sample, b: Sample): TestResult | null {
  if (a.n < 2 || b.n < 2 || a.sd === null || b.sd === null) return null;
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  if (!(se > 0)) return null;
  const z = (b.mean - a.mean) / se;
  return { z, p: twoSided(z) };
}

function twoSided(z: number): number {
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}

/** What the page says of a variant's difference from the base on one measure. */
export type Verdict =
  | { readonly kind: "too_few" }
  | {
      readonly kind: "significant" | "not_significant";
      readonly p: number;
      /** The variant is higher than the base. */
      readonly higher: boolean;
    };

function verdictOf(test: TestResult | null): Verdict {
  if (test === null) return { kind: "too_few" };
  return {
    kind: test.p < SIGNIFICANCE_LEVEL ? "significant" : "not_significant",
    p: test.p,
    higher: test.z > 0,
  };
}

/** A rate against the base's: the two-proportion z-test, once each side has enough of both. */
export function rateVerdict(
  base: { successes: number; trials: number },
  variant: { successes: number; trials: number },
): Verdict {
  const enough = (g: { successes: number; trials: number }) =>
    g.successes >= MIN_EACH_OUTCOME && g.trials - g.successes >= MIN_EACH_OUTCOME;
  if (!enough(base) || !enough(variant)) return { kind: "too_few" };
  return verdictOf(
    twoProportionTest(base.successes, base.trials, variant.successes, variant.trials),
  );
}

/** A mean against the base's: Welch's z-test, once each side has MIN_CASES_FOR_MEAN values. */
export function meanVerdict(base: Sample, variant: Sample): Verdict {
  if (base.n < MIN_CASES_FOR_MEAN || variant.n < MIN_CASES_FOR_MEAN) return { kind: "too_few" };
  return verdictOf(meanDifferenceTest(base, variant));
}
