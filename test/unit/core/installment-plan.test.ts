import { describe, expect, it } from "vitest";
import {
  firstDueDate,
  MAX_SCHEDULE_LENGTH,
  PLAN_FIRST_DUE_AFTER_DAYS,
  termsCoverMinor,
  termsDiscountMinor,
  termsPayableMinor,
  termsProblem,
  toInstallments,
} from "../../../src/core/installment-plan.ts";
import type { Installment, PlanTerms } from "../../../src/core/types.ts";

/** Every check `termsProblem` makes, each on its own: the gate terms pass before an agreement. */

const TODAY = "2026-11-23";

function plan(installments: Installment[], discountMinor?: number): PlanTerms {
  return {
    kind: "installments",
    frequency: "monthly",
    installments,
    ...(discountMinor === undefined ? {} : { discountMinor }),
  };
}

const three = (): Installment[] => [
  { seq: 1, dueDate: "2026-11-30", amountMinor: 400 },
  { seq: 2, dueDate: "2026-12-30", amountMinor: 300 },
  { seq: 3, dueDate: "2027-01-30", amountMinor: 300 },
];

describe("what terms pay and settle", () => {
  it("pay-now and promise pay their amount; a plan pays the sum of its parts", () => {
    expect(termsPayableMinor({ kind: "pay_now", amountMinor: 900 })).toBe(900);
    expect(termsPayableMinor({ kind: "promise", date: TODAY, amountMinor: 800 })).toBe(800);
    expect(termsPayableMinor(plan(three()))).toBe(1_000);
  });

  it("a discount counts towards what is settled, never for a promise", () => {
    expect(termsDiscountMinor({ kind: "pay_now", amountMinor: 900, discountMinor: 100 })).toBe(100);
    expect(termsDiscountMinor({ kind: "pay_now", amountMinor: 900 })).toBe(0);
    expect(termsDiscountMinor({ kind: "promise", date: TODAY, amountMinor: 800 })).toBe(0);
    expect(termsDiscountMinor(plan(three(), 50))).toBe(50);
    expect(termsCoverMinor({ kind: "pay_now", amountMinor: 900, discountMinor: 100 })).toBe(1_000);
    expect(termsCoverMinor(plan(three(), 50))).toBe(1_050);
  });

  it("the first payment falls a week after the agreement; a down payment is marked on the first part only", () => {
    expect(PLAN_FIRST_DUE_AFTER_DAYS).toBe(7);
    expect(firstDueDate(TODAY)).toBe("2026-11-30");
    expect(toInstallments([5, 5], "weekly", "2026-11-30", true)).toEqual([
      { seq: 1, dueDate: "2026-11-30", amountMinor: 5, isDownPayment: true },
      { seq: 2, dueDate: "2026-12-07", amountMinor: 5 },
    ]);
    expect(toInstallments([5, 5], "weekly", "2026-11-30", false)[0]).not.toHaveProperty(
      "isDownPayment",
    );
  });
});

describe("termsProblem", () => {
  it("accepts well-formed terms that settle exactly what is owed", () => {
    expect(termsProblem(plan(three()), 1_000, TODAY)).toBeNull();
    expect(termsProblem({ kind: "pay_now", amountMinor: 1_000 }, 1_000, TODAY)).toBeNull();
    expect(termsProblem({ kind: "promise", date: TODAY, amountMinor: 1_000 }, 1_000, TODAY)).toBe(
      null,
    );
    const onToday = three().map((i, n) => (n === 0 ? { ...i, dueDate: TODAY } : i));
    expect(termsProblem(plan(onToday), 1_000, TODAY)).toBeNull();
  });

  it("refuses a negative or fractional discount", () => {
    expect(
      termsProblem({ kind: "pay_now", amountMinor: 1_100, discountMinor: -100 }, 1_000, TODAY)
        ?.code,
    ).toBe("negative_amount");
    expect(
      termsProblem({ kind: "pay_now", amountMinor: 999.5, discountMinor: 0.5 }, 1_000, TODAY)?.code,
    ).toBe("negative_amount");
  });

  it("refuses a zero, negative or fractional single amount", () => {
    for (const amountMinor of [0, -1, 10.5]) {
      expect(termsProblem({ kind: "pay_now", amountMinor }, amountMinor, TODAY)).toEqual({
        code: "negative_amount",
        message: "the amount must be a positive integer",
      });
    }
  });

  it("refuses a promise for a day already gone, not one for today", () => {
    expect(
      termsProblem({ kind: "promise", date: "2026-11-22", amountMinor: 1_000 }, 1_000, TODAY),
    ).toEqual({ code: "invalid_proposal", message: "the promised date is in the past" });
  });

  it("refuses an empty plan and one longer than the longest schedule", () => {
    expect(termsProblem(plan([]), 0, TODAY)?.message).toBe(
      `a plan has 1 to ${MAX_SCHEDULE_LENGTH} parts`,
    );
    const long = toInstallments(
      Array(MAX_SCHEDULE_LENGTH + 1).fill(1),
      "weekly",
      "2026-11-30",
      false,
    );
    expect(termsProblem(plan(long), long.length, TODAY)?.code).toBe("invalid_proposal");
    const longest = long.slice(0, MAX_SCHEDULE_LENGTH);
    expect(termsProblem(plan(longest), longest.length, TODAY)).toBeNull();
  });

  it("refuses a part that is not a positive integer", () => {
    for (const amountMinor of [0, -300, 300.5]) {
      const list = three().map((i, n) => (n === 1 ? { ...i, amountMinor } : i));
      expect(termsProblem(plan(list), 700 + amountMinor, TODAY)).toEqual({
        code: "negative_amount",
        message: "installment 2 is not positive",
      });
    }
  });

  it("refuses parts not numbered 1..n", () => {
    const list = three().map((i, n) => (n === 2 ? { ...i, seq: 4 } : i));
    expect(termsProblem(plan(list), 1_000, TODAY)?.message).toBe(
      "installments must be numbered 1..n",
    );
  });

  it("refuses dates that do not strictly increase (equal included)", () => {
    const equal = three().map((i, n) => (n === 1 ? { ...i, dueDate: "2026-11-30" } : i));
    expect(termsProblem(plan(equal), 1_000, TODAY)?.message).toBe(
      "installment dates must strictly increase",
    );
    const back = three().map((i, n) => (n === 2 ? { ...i, dueDate: "2026-12-01" } : i));
    expect(termsProblem(plan(back), 1_000, TODAY)?.code).toBe("invalid_proposal");
  });

  it("refuses a first part already due yesterday", () => {
    const list = three().map((i, n) => (n === 0 ? { ...i, dueDate: "2026-11-22" } : i));
    expect(termsProblem(plan(list), 1_000, TODAY)?.message).toBe(
      "the first installment is in the past",
    );
  });

  it("refuses a down payment anywhere but first", () => {
    const first = three().map((i, n) => (n === 0 ? { ...i, isDownPayment: true } : i));
    expect(termsProblem(plan(first), 1_000, TODAY)).toBeNull();
    const second = three().map((i, n) => (n === 1 ? { ...i, isDownPayment: true } : i));
    expect(termsProblem(plan(second), 1_000, TODAY)?.message).toBe(
      "only the first installment can be a down payment",
    );
  });

  it("refuses terms that settle a cent more or less than is owed, naming both", () => {
    expect(termsProblem(plan(three()), 1_001, TODAY)).toEqual({
      code: "amount_mismatch",
      message: "the terms settle 1000 but 1001 is due",
    });
    expect(termsProblem(plan(three(), 1), 1_000, TODAY)?.code).toBe("amount_mismatch");
    expect(termsProblem(plan(three(), 1), 1_001, TODAY)).toBeNull();
  });
});
