import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocatePayments } from "../../../src/core/installment-progress.ts";
import { sumMinor } from "../../../src/core/money.ts";
import { rebalanceInstallments, rebalanceTerms } from "../../../src/core/plan-change.ts";
import type { Installment } from "../../../src/core/types.ts";

const planArb = fc
  .array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 })
  .map((amounts): Installment[] =>
    amounts.map((amountMinor, n) => ({
      seq: n + 1,
      dueDate: new Date(Date.UTC(2027, n, 5)).toISOString().slice(0, 10),
      amountMinor,
    })),
  );

/** A plan, what was paid towards it, and an outside payment no larger than what is left. */
const caseArb = planArb.chain((plan) => {
  const total = sumMinor(plan.map((i) => i.amountMinor));
  return fc
    .integer({ min: 0, max: total })
    .chain((paid) =>
      fc.integer({ min: 0, max: total - paid }).map((extra) => ({ plan, paid, extra })),
    );
});

describe("re-balancing a plan after a payment made outside it", () => {
  it("leaves a plan whose unpaid part is exactly the balance still due", () => {
    fc.assert(
      fc.property(caseArb, ({ plan, paid, extra }) => {
        const next = rebalanceInstallments(plan, paid, extra);
        const total = sumMinor(plan.map((i) => i.amountMinor));
        expect(sumMinor(next.map((i) => i.amountMinor))).toBe(total - extra);
        // What is still to pay on the new plan = the old balance minus the outside payment.
        expect(sumMinor(next.map((i) => i.amountMinor)) - paid).toBe(total - paid - extra);
      }),
    );
  });

  it("has no installment at zero or below, and keeps dates and order", () => {
    fc.assert(
      fc.property(caseArb, ({ plan, paid, extra }) => {
        const next = rebalanceInstallments(plan, paid, extra);
        for (const i of next) expect(i.amountMinor).toBeGreaterThan(0);
        next.forEach((i, n) => {
          expect(i.seq).toBe(n + 1);
          expect(i.dueDate).toBe(plan[n]?.dueDate);
        });
      }),
    );
  });

  it("never touches an installment already paid, nor brings one below what was paid on it", () => {
    fc.assert(
      fc.property(caseArb, ({ plan, paid, extra }) => {
        const next = rebalanceInstallments(plan, paid, extra);
        const before = allocatePayments(plan, paid);
        before.forEach((p, n) => {
          const old = plan[n] as Installment;
          if (p.status === "paid") expect(next[n]).toEqual(old);
          else if (p.paidMinor > 0)
            expect(next[n]?.amountMinor).toBeGreaterThanOrEqual(p.paidMinor);
        });
      }),
    );
  });

  it("reduces from the last installment backwards", () => {
    const plan: Installment[] = [1, 2, 3, 4].map((seq) => ({
      seq,
      dueDate: `2027-0${seq}-05`,
      amountMinor: 30_000,
    }));
    expect(rebalanceInstallments(plan, 30_000, 45_000).map((i) => i.amountMinor)).toEqual([
      30_000, 30_000, 15_000,
    ]);
  });

  it("refuses to take off more than the plan still asks for; the terms then end", () => {
    const plan: Installment[] = [{ seq: 1, dueDate: "2027-01-05", amountMinor: 100 }];
    expect(() => rebalanceInstallments(plan, 0, 101)).toThrow(RangeError);
    expect(
      rebalanceTerms({ kind: "installments", frequency: "monthly", installments: plan }, 0, 100),
    ).toBeNull();
    expect(
      rebalanceTerms({ kind: "promise", date: "2027-01-05", amountMinor: 500 }, 100, 150),
    ).toEqual({
      kind: "promise",
      date: "2027-01-05",
      amountMinor: 350,
    });
  });
});
