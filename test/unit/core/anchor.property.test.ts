import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Anchor,
  closestInPolicy,
  compareDistance,
  distance,
  perPeriodOf,
} from "../../../src/core/anchor.ts";
import { addDays } from "../../../src/core/dates.ts";
import { firstDueDate, termsProblem, toInstallments } from "../../../src/core/installment-plan.ts";
import { splitEvenly } from "../../../src/core/money.ts";
import { breachesOf, type FitContext } from "../../../src/core/policy-fit.ts";
import type { Frequency, PlanTerms } from "../../../src/core/types.ts";
import { policyArb } from "./scenarios.ts";

const TODAY = "2026-11-23";

/**
 * Every in-policy plan of the family the bot offers from (anchor.ts, `candidatePlans`), enumerated
 * here on its own from the policy's rules rather than through the code under test: for each
 * allowed frequency, start day (the usual first due date, or the debtor's) and count, even
 * installments after the policy's minimum down payment (or the debtor's own, when larger).
 */
function bruteForce(anchor: Anchor, ctx: FitContext): PlanTerms[] {
  const total = ctx.remainingMinor;
  const rules = ctx.policy.installments;
  const starts = [firstDueDate(ctx.today), ...(anchor.date ? [anchor.date] : [])];
  const plans: PlanTerms[] = [];
  for (const frequency of rules.frequencies as Frequency[]) {
    for (const start of starts) {
      for (let count = 2; count <= rules.maxCount; count++) {
        if (total < count) continue;
        const minDown =
          count > rules.downPaymentAboveCount
            ? Math.ceil((total * rules.minDownPaymentPercent) / 100)
            : 0;
        const down = Math.max(minDown, anchor.downPaymentMinor ?? 0);
        if (down > 0 && total - down < count - 1) continue;
        const parts =
          down > 0 ? [down, ...splitEvenly(total - down, count - 1)] : splitEvenly(total, count);
        const plan: PlanTerms = {
          kind: "installments",
          frequency,
          installments: toInstallments(parts, frequency, start, down > 0),
        };
        if (breachesOf(plan, ctx).length > 0) continue;
        if (termsProblem(plan, total, ctx.today) !== null) continue;
        plans.push(plan);
      }
    }
  }
  return plans;
}

const anchorArb: fc.Arbitrary<Anchor> = fc.record(
  {
    amountPerPeriodMinor: fc.integer({ min: 100, max: 500_000 }),
    count: fc.integer({ min: 2, max: 24 }),
    downPaymentMinor: fc.integer({ min: 100, max: 200_000 }),
    date: fc.integer({ min: 0, max: 60 }).map((d) => addDays(TODAY, d)),
    frequency: fc.constantFrom<Frequency>("weekly", "monthly"),
  },
  { requiredKeys: [] },
);

const caseArb = fc.record({
  policy: policyArb,
  remainingMinor: fc.integer({ min: 1_000, max: 2_000_000 }),
  anchor: anchorArb.filter((a) => a.amountPerPeriodMinor !== undefined || a.count !== undefined),
});

describe("the in-policy plan closest to what the debtor said", () => {
  it("for any policy and any stated capacity: in policy, never more per period than stated when a plan fits, and no closer plan exists", () => {
    fc.assert(
      fc.property(caseArb, ({ policy, remainingMinor, anchor }) => {
        const ctx: FitContext = {
          policy,
          remainingMinor,
          today: TODAY,
          invoiceIssuedAt: "2026-10-10",
          promisesMade: 0,
        };
        // A down payment at least the whole amount is not a plan.
        fc.pre((anchor.downPaymentMinor ?? 0) < remainingMinor);
        const offered = closestInPolicy(anchor, ctx);
        expect(breachesOf(offered, ctx)).toEqual([]);
        expect(termsProblem(offered, remainingMinor, TODAY)).toBeNull();

        const family = bruteForce(anchor, ctx);
        const stated = anchor.amountPerPeriodMinor;
        if (stated !== undefined && stated < remainingMinor) {
          const affordable = family.some((p) => perPeriodOf(p) <= stated);
          if (affordable) expect(perPeriodOf(offered)).toBeLessThanOrEqual(stated);
        }
        if (offered.kind === "installments") {
          const mine = distance(offered, anchor, ctx);
          for (const plan of family) {
            expect(compareDistance(distance(plan, anchor, ctx), mine)).toBeGreaterThanOrEqual(0);
          }
        } else if (stated === undefined || stated < remainingMinor) {
          // Paying now or a promise only when no plan of the family fits at all.
          expect(family).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
