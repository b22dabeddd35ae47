import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateTerms, proposalToTerms } from "../../../src/core/counter-offer.ts";
import { addDays } from "../../../src/core/dates.ts";
import { termsCoverMinor } from "../../../src/core/installment-plan.ts";
import { proposeTerms } from "../../../src/core/offers.ts";
import { DEFAULT_POLICY, policySchema } from "../../../src/core/policy.ts";
import { breachesOf, type FitContext, isWithinBand } from "../../../src/core/policy-fit.ts";
import type { Reason } from "../../../src/core/types.ts";
import { policyArb } from "./scenarios.ts";

const TODAY = "2026-11-23";
const fitCtx = (overrides: Partial<FitContext> = {}): FitContext => ({
  policy: DEFAULT_POLICY,
  remainingMinor: 120_000,
  today: TODAY,
  invoiceIssuedAt: "2026-10-10",
  promisesMade: 0,
  ...overrides,
});
const counter = (overrides: Partial<FitContext> = {}) => ({
  ...fitCtx(overrides),
  rounds: 0,
  previousOffers: [],
});

describe("the bot's own offers", () => {
  it("forgot: pay now, or promise a date a week ahead", () => {
    expect(proposeTerms("forgot", fitCtx())).toEqual([
      { kind: "pay_now", amountMinor: 120_000 },
      { kind: "promise", date: "2026-11-30", amountMinor: 120_000 },
    ]);
  });

  it("cash flow: three monthly installments, the longest plan with its down payment, and pay now", () => {
    const [short, long, payNow] = proposeTerms("cash_flow", fitCtx());
    expect(short?.kind === "installments" && short.installments.map((i) => i.amountMinor)).toEqual([
      40_000, 40_000, 40_000,
    ]);
    expect(
      long?.kind === "installments" &&
        long.installments.map((i) => [i.amountMinor, i.isDownPayment === true]),
    ).toEqual([
      [24_000, true],
      [19_200, false],
      [19_200, false],
      [19_200, false],
      [19_200, false],
      [19_200, false],
    ]);
    expect(payNow).toEqual({ kind: "pay_now", amountMinor: 120_000 });
  });

  it("an amount too small for any plan falls back to paying now or promising a date", () => {
    expect(proposeTerms("cash_flow", fitCtx({ remainingMinor: 8_000 })).map((t) => t.kind)).toEqual(
      ["pay_now", "promise"],
    );
  });

  it("the policy's early-payment discount appears on pay now while it applies", () => {
    const policy = policySchema.parse({ earlyPaymentDiscount: { percent: 2, withinDays: 60 } });
    expect(proposeTerms("forgot", fitCtx({ policy }))[0]).toEqual({
      kind: "pay_now",
      amountMinor: 117_600,
      discountMinor: 2_400,
    });
    expect(proposeTerms("forgot", fitCtx({ policy, invoiceIssuedAt: "2026-01-01" }))[0]).toEqual({
      kind: "pay_now",
      amountMinor: 120_000,
    });
  });

  it("for any policy, amount and reason: one to three options, each inside policy, each settling exactly what is owed", () => {
    const reasons: (Reason | null)[] = [
      "forgot",
      "cash_flow",
      "dispute",
      "not_received",
      "already_paid",
      "other",
      null,
    ];
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.constantFrom(...reasons),
        fc.nat({ max: 4 }),
        (policy, remainingMinor, reason, promisesMade) => {
          const ctx = fitCtx({ policy, remainingMinor, promisesMade });
          const options = proposeTerms(reason, ctx);
          expect(options.length).toBeGreaterThanOrEqual(1);
          expect(options.length).toBeLessThanOrEqual(3);
          for (const terms of options) {
            expect(breachesOf(terms, ctx)).toEqual([]);
            expect(termsCoverMinor(terms)).toBe(remainingMinor);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("reading a debtor's proposal", () => {
  it("'150 € a month' on 1,200 € is eight monthly payments of 150 €", () => {
    const built = proposalToTerms(
      { amountPerPeriodMinor: 15_000, period: "month" },
      fitCtx(),
      false,
    );
    expect(
      built.ok &&
        built.terms.kind === "installments" &&
        built.terms.installments.map((i) => i.amountMinor),
    ).toEqual(Array(8).fill(15_000));
  });

  it("a down payment comes first, then the amount per period until the balance", () => {
    const built = proposalToTerms(
      { amountPerPeriodMinor: 30_000, downPaymentMinor: 20_000, period: "week" },
      fitCtx(),
      false,
    );
    expect(
      built.ok &&
        built.terms.kind === "installments" &&
        built.terms.installments.map((i) => [i.amountMinor, i.dueDate]),
    ).toEqual([
      [20_000, "2026-11-30"],
      [30_000, "2026-12-07"],
      [30_000, "2026-12-14"],
      [30_000, "2026-12-21"],
      [10_000, "2026-12-28"],
    ]);
  });

  it("a date alone is a promise; a past date, nothing at all or an absurd plan is refused", () => {
    expect(proposalToTerms({ date: "2026-12-05" }, fitCtx(), false)).toEqual({
      ok: true,
      terms: { kind: "promise", date: "2026-12-05", amountMinor: 120_000 },
    });
    expect(proposalToTerms({ date: "2026-11-01" }, fitCtx(), false)).toMatchObject({
      ok: false,
      code: "invalid_proposal",
    });
    expect(proposalToTerms({}, fitCtx(), false)).toMatchObject({
      ok: false,
      code: "invalid_proposal",
    });
    expect(proposalToTerms({ amountPerPeriodMinor: 1 }, fitCtx(), false)).toMatchObject({
      ok: false,
      code: "invalid_proposal",
    });
    expect(proposalToTerms({ count: -3 }, fitCtx(), false)).toMatchObject({
      ok: false,
      code: "negative_amount",
    });
  });

  it("free text with an approximate count keeps the amount; a button flow with a wrong count is a mismatch", () => {
    const proposal = { amountPerPeriodMinor: 30_000, count: 3 };
    expect(proposalToTerms(proposal, fitCtx(), false)).toMatchObject({ ok: true });
    expect(proposalToTerms(proposal, fitCtx(), true)).toMatchObject({
      ok: false,
      code: "amount_mismatch",
    });
  });
});

describe("evaluating a counter-offer", () => {
  it("inside policy: accepted; inside the band: the owner; outside: the bot counters", () => {
    const noDown = policySchema.parse({ installments: { downPaymentAboveCount: 20, maxCount: 6 } });
    const plan = (per: number) => {
      const built = proposalToTerms(
        { amountPerPeriodMinor: per, period: "month" },
        fitCtx({ policy: noDown }),
        false,
      );
      if (!built.ok) throw new Error(built.message);
      return built.terms;
    };
    expect(evaluateTerms(plan(30_000), counter({ policy: noDown })).kind).toBe("accept");
    expect(evaluateTerms(plan(15_000), counter({ policy: noDown })).kind).toBe("ask_owner");
    expect(evaluateTerms(plan(5_000), counter({ policy: noDown })).kind).toBe("counter");
    expect(evaluateTerms(plan(5_000), { ...counter({ policy: noDown }), rounds: 2 }).kind).toBe(
      "ask_owner",
    );
  });

  it("a promise too far out is countered with the latest day the policy allows", () => {
    const policy = policySchema.parse({ promise: { maxDaysAhead: 60, maxReschedules: 0 } });
    const far = { kind: "promise" as const, date: addDays(TODAY, 200), amountMinor: 120_000 };
    const outcome = evaluateTerms(far, counter({ policy }));
    expect(outcome).toMatchObject({
      kind: "counter",
      terms: { kind: "promise", date: addDays(TODAY, 60), amountMinor: 120_000 },
      limits: [{ limit: "promise_max_days", allowed: 60, proposed: 200 }],
    });
  });

  it("the band: a maximum exceeded by at most the band, a minimum missed by at most the band", () => {
    expect(isWithinBand({ limit: "max_installments", allowed: 6, proposed: 9 }, 50)).toBe(true);
    expect(isWithinBand({ limit: "max_installments", allowed: 6, proposed: 10 }, 50)).toBe(false);
    expect(isWithinBand({ limit: "min_installment", allowed: 5_000, proposed: 2_500 }, 50)).toBe(
      true,
    );
    expect(isWithinBand({ limit: "min_installment", allowed: 5_000, proposed: 2_499 }, 50)).toBe(
      false,
    );
    expect(isWithinBand({ limit: "discount", allowed: 0, proposed: 10_000 }, 0)).toBe(true);
  });
});
