import { describe, expect, it } from "vitest";
import {
  allowedPayNowDiscount,
  breachesOf,
  type FitContext,
  isWithinBand,
  requiredDownPayment,
} from "../../../src/core/policy-fit.ts";
import type { Installment, PlanTerms } from "../../../src/core/types.ts";
import { policy } from "./fixtures.ts";

/**
 * Each policy limit at its boundary: exactly at the limit fits, one past it is a breach naming the
 * limit, what is allowed and what was proposed.
 */

const TODAY = "2026-11-23";

function fitCtx(overrides: Partial<FitContext> = {}, policyInput = {}): FitContext {
  return {
    policy: policy(policyInput),
    remainingMinor: 60_000,
    today: TODAY,
    invoiceIssuedAt: "2026-11-01",
    promisesMade: 0,
    ...overrides,
  };
}

/** `amounts` monthly from 2026-11-30 (or `dates`), the first a down payment when `down`. */
function plan(
  amounts: number[],
  { down = false, dates, frequency = "monthly" as const, discountMinor = 0 } = {} as {
    down?: boolean;
    dates?: string[];
    frequency?: "monthly" | "weekly" | "biweekly";
    discountMinor?: number;
  },
): PlanTerms {
  const installments: Installment[] = amounts.map((amountMinor, i) => ({
    seq: i + 1,
    dueDate: dates?.[i] ?? `2027-${String(i + 1).padStart(2, "0")}-15`,
    amountMinor,
    ...(down && i === 0 ? { isDownPayment: true } : {}),
  }));
  return {
    kind: "installments",
    frequency,
    installments,
    ...(discountMinor > 0 ? { discountMinor } : {}),
  };
}

describe("the early-payment discount the policy grants", () => {
  const early = { earlyPaymentDiscount: { percent: 2, withinDays: 30 } };

  it("is the rate of what remains, rounded down, while the window is open (last day included)", () => {
    expect(allowedPayNowDiscount(fitCtx({}, early))).toBe(1_200);
    expect(allowedPayNowDiscount(fitCtx({ remainingMinor: 999 }, early))).toBe(19);
    expect(allowedPayNowDiscount(fitCtx({ invoiceIssuedAt: "2026-10-24" }, early))).toBe(1_200);
  });

  it("is nothing the day after the window, at a zero rate, or without one", () => {
    expect(allowedPayNowDiscount(fitCtx({ invoiceIssuedAt: "2026-10-23" }, early))).toBe(0);
    expect(
      allowedPayNowDiscount(fitCtx({}, { earlyPaymentDiscount: { percent: 0, withinDays: 30 } })),
    ).toBe(0);
    expect(allowedPayNowDiscount(fitCtx())).toBe(0);
  });

  it("a pay-now discount above it is a breach; at it, none", () => {
    const ctx = fitCtx({}, early);
    expect(breachesOf({ kind: "pay_now", amountMinor: 58_800, discountMinor: 1_200 }, ctx)).toEqual(
      [],
    );
    expect(breachesOf({ kind: "pay_now", amountMinor: 58_799, discountMinor: 1_201 }, ctx)).toEqual(
      [{ limit: "discount", allowed: 1_200, proposed: 1_201 }],
    );
    expect(breachesOf({ kind: "pay_now", amountMinor: 60_000 }, fitCtx())).toEqual([]);
  });
});

describe("promises", () => {
  it("up to maxDaysAhead days ahead fits; a day more is a breach", () => {
    expect(
      breachesOf({ kind: "promise", date: "2026-12-23", amountMinor: 60_000 }, fitCtx()),
    ).toEqual([]);
    expect(
      breachesOf({ kind: "promise", date: "2026-12-24", amountMinor: 60_000 }, fitCtx()),
    ).toEqual([{ limit: "promise_max_days", allowed: 30, proposed: 31 }]);
  });

  it("promises made up to maxReschedules fit; one more is a breach", () => {
    const promise = { kind: "promise" as const, date: TODAY, amountMinor: 60_000 };
    expect(breachesOf(promise, fitCtx({ promisesMade: 2 }))).toEqual([]);
    expect(breachesOf(promise, fitCtx({ promisesMade: 3 }))).toEqual([
      { limit: "promise_max_reschedules", allowed: 2, proposed: 3 },
    ]);
  });

  it("after two broken promises, a new date is a breach: plans only", () => {
    const promise = { kind: "promise" as const, date: TODAY, amountMinor: 60_000 };
    expect(breachesOf(promise, fitCtx({ promisesBroken: 1 }))).toEqual([]);
    expect(breachesOf(promise, fitCtx({ promisesBroken: 2 }))).toEqual([
      { limit: "promises_broken", allowed: 2, proposed: 2 },
    ]);
  });
});

describe("installment plans", () => {
  it("a plan inside every limit has no breach", () => {
    expect(breachesOf(plan([20_000, 20_000, 20_000]), fitCtx())).toEqual([]);
  });

  it("a frequency the policy does not offer is a breach", () => {
    const monthlyOnly = { installments: { frequencies: ["monthly"] } };
    expect(
      breachesOf(plan([20_000, 20_000, 20_000], { frequency: "weekly" }), fitCtx({}, monthlyOnly)),
    ).toEqual([{ limit: "frequency", allowed: 0, proposed: 7 }]);
  });

  it("maxCount parts fit; one more is a breach", () => {
    const days = (n: number) =>
      Array.from({ length: n }, (_, i) => `2026-12-${String(i + 1).padStart(2, "0")}`);
    const six = plan([12_000, 10_000, 10_000, 10_000, 10_000, 8_000], {
      down: true,
      dates: days(6),
    });
    expect(breachesOf(six, fitCtx())).toEqual([]);
    const seven = plan([12_000, 8_000, 8_000, 8_000, 8_000, 8_000, 8_000], {
      down: true,
      dates: days(7),
    });
    expect(breachesOf(seven, fitCtx())).toEqual([
      { limit: "max_installments", allowed: 6, proposed: 7 },
    ]);
  });

  it("the smallest regular part must reach the minimum; the last (the balance) and a down payment are exempt", () => {
    expect(breachesOf(plan([30_000, 25_000, 5_000]), fitCtx())).toEqual([]);
    expect(breachesOf(plan([30_000, 4_999, 25_001]), fitCtx())).toEqual([
      { limit: "min_installment", allowed: 5_000, proposed: 4_999 },
    ]);
    expect(breachesOf(plan([59_000, 1_000]), fitCtx())).toEqual([]);
    // A single part is its own regular part.
    expect(breachesOf(plan([4_000]), fitCtx({ remainingMinor: 4_000 }))).toEqual([
      { limit: "min_installment", allowed: 5_000, proposed: 4_000 },
    ]);
    expect(breachesOf(plan([1_000, 30_000, 29_000], { down: true }), fitCtx())).toEqual([]);
  });

  it("the last part may fall maxPlanDays after today, not a day later", () => {
    const at = (last: string) => plan([30_000, 30_000], { dates: ["2026-12-01", last] });
    expect(breachesOf(at("2027-05-22"), fitCtx())).toEqual([]);
    expect(breachesOf(at("2027-05-23"), fitCtx())).toEqual([
      { limit: "max_plan_days", allowed: 180, proposed: 181 },
    ]);
  });

  it("more than downPaymentAboveCount parts need the minimum down payment, rounded up", () => {
    expect(requiredDownPayment(policy(), 60_000, 3)).toBe(0);
    expect(requiredDownPayment(policy(), 60_000, 4)).toBe(12_000);
    expect(requiredDownPayment(policy(), 60_001, 4)).toBe(12_001);
    const four = (first: number, down: boolean) =>
      plan([first, 16_000, 16_000, 60_000 - first - 32_000], { down });
    expect(breachesOf(four(12_000, true), fitCtx())).toEqual([]);
    expect(breachesOf(four(11_999, true), fitCtx())).toEqual([
      { limit: "min_down_payment", allowed: 12_000, proposed: 11_999 },
    ]);
    // The same first part, not marked as a down payment, is no down payment at all.
    expect(breachesOf(four(12_000, false), fitCtx())).toContainEqual({
      limit: "min_down_payment",
      allowed: 12_000,
      proposed: 0,
    });
  });

  it("any discount on a plan is a breach", () => {
    expect(breachesOf(plan([20_000, 20_000, 19_999], { discountMinor: 1 }), fitCtx())).toEqual([
      { limit: "discount", allowed: 0, proposed: 1 },
    ]);
  });
});

describe("the owner's approval band", () => {
  it("a maximum exceeded by at most the band, and a minimum missed by at most the band, are within it", () => {
    for (const limit of ["max_installments", "max_plan_days", "promise_max_days"] as const) {
      expect(isWithinBand({ limit, allowed: 100, proposed: 120 }, 20)).toBe(true);
      expect(isWithinBand({ limit, allowed: 100, proposed: 121 }, 20)).toBe(false);
    }
    for (const limit of ["min_installment", "min_down_payment"] as const) {
      expect(isWithinBand({ limit, allowed: 100, proposed: 80 }, 20)).toBe(true);
      expect(isWithinBand({ limit, allowed: 100, proposed: 79 }, 20)).toBe(false);
    }
  });

  it("discounts and reschedules are always the owner's call; a frequency never is", () => {
    expect(isWithinBand({ limit: "discount", allowed: 0, proposed: 10_000 }, 0)).toBe(true);
    expect(isWithinBand({ limit: "promise_max_reschedules", allowed: 0, proposed: 9 }, 0)).toBe(
      true,
    );
    expect(isWithinBand({ limit: "frequency", allowed: 0, proposed: 7 }, 200)).toBe(false);
  });
});
