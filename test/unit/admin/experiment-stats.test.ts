import { describe, expect, it } from "vitest";
import {
  meanDifferenceTest,
  meanInterval,
  meanVerdict,
  normalCdf,
  rateVerdict,
  twoProportionTest,
  wilsonInterval,
  Z_95,
} from "../../../src/http/admin/experiment-stats.ts";

/**
 * The experiments dashboard's statistics against values published or computed independently
 * (Python's math.erfc, from the textbook formulas), to four decimals.
 */

const near = (value: number | undefined, expected: number, digits = 4) =>
  expect(value).toBeCloseTo(expected, digits);

describe("Wilson score interval", () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table II.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])("%i of %i → [%f, %f]", (x, n, low, high) => {
    const interval = wilsonInterval(x, n);
    near(interval?.low, low);
    near(interval?.high, high);
  });

  it("stays inside [0, 1] and holds the observed rate; none without trials", () => {
    for (const [x, n] of [
      [0, 1],
      [1, 1],
      [3, 7],
      [999, 1000],
    ] as const) {
      const interval = wilsonInterval(x, n);
      expect(interval?.low).toBeGreaterThanOrEqual(0);
      expect(interval?.high).toBeLessThanOrEqual(1);
      expect(interval?.low).toBeLessThanOrEqual(x / n);
      expect(interval?.high).toBeGreaterThanOrEqual(x / n);
    }
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe("the normal distribution", () => {
  it("has Φ(1.96) = 0.975 and Φ(0) = 0.5", () => {
    near(normalCdf(Z_95), 0.975, 6);
    near(normalCdf(0), 0.5, 6);
    near(normalCdf(-1), 0.158655, 5);
  });
});

describe("two-proportion z-test (pooled, two-sided)", () => {
  it("30 % against 38 % of 500 is significant: z = 2.6702, p = 0.0076", () => {
    const test = twoProportionTest(150, 500, 190, 500);
    near(test?.z, 2.6702);
    near(test?.p, 0.00758);
  });

  it("30 % against 32 % of 500 is not: p = 0.4941", () => {
    near(twoProportionTest(150, 500, 160, 500)?.p, 0.4941);
  });

  it("has nothing to test without cases or without variance", () => {
    expect(twoProportionTest(0, 0, 1, 10)).toBeNull();
    expect(twoProportionTest(0, 10, 0, 10)).toBeNull();
    expect(twoProportionTest(10, 10, 10, 10)).toBeNull();
  });

  it("says 'too few' until each side has five successes and five failures", () => {
    expect(rateVerdict({ successes: 4, trials: 100 }, { successes: 40, trials: 100 })).toEqual({
      kind: "too_few",
    });
    expect(rateVerdict({ successes: 150, trials: 500 }, { successes: 190, trials: 500 })).toEqual({
      kind: "significant",
      p: expect.closeTo(0.00758, 4),
      higher: true,
    });
    expect(rateVerdict({ successes: 160, trials: 500 }, { successes: 150, trials: 500 })).toEqual({
      kind: "not_significant",
      p: expect.closeTo(0.4941, 4),
      higher: false,
    });
  });
});

describe("means with the normal approximation", () => {
  it("mean ± 1.96·sd/√n", () => {
    const interval = meanInterval({ n: 100, mean: 50, sd: 10 });
    near(interval?.low, 50 - 1.96 * 1);
    near(interval?.high, 50 + 1.96 * 1);
    expect(meanInterval({ n: 1, mean: 50, sd: null })).toBeNull();
  });

  it("Welch's z: 10 (sd 4, n 50) against 12 (sd 5, n 60) gives z = 2.3302, p = 0.0198", () => {
    const test = meanDifferenceTest({ n: 50, mean: 10, sd: 4 }, { n: 60, mean: 12, sd: 5 });
    near(test?.z, 2.3302);
    near(test?.p, 0.0198);
    expect(meanVerdict({ n: 50, mean: 10, sd: 4 }, { n: 60, mean: 12, sd: 5 })).toMatchObject({
      kind: "significant",
      higher: true,
    });
  });

  it("says 'too few' under 30 values a side, and has nothing to test without spread", () => {
    expect(meanVerdict({ n: 29, mean: 10, sd: 4 }, { n: 60, mean: 12, sd: 5 })).toEqual({
      kind: "too_few",
    });
    expect(meanDifferenceTest({ n: 40, mean: 3, sd: 0 }, { n: 40, mean: 3, sd: 0 })).toBeNull();
  });
});
