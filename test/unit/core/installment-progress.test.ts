import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { agreementStanding, allocatePayments } from "../../../src/core/installment-progress.ts";

const schedule = [
  { seq: 2, amountMinor: 30_000 },
  { seq: 1, amountMinor: 30_000 },
  { seq: 3, amountMinor: 30_000 },
];

const common = {
  paidMinor: 0,
  discountMinor: 0,
  reason: null,
  ladder: { lastStepIndex: null, stopped: true },
  offerSet: null,
  offerVersion: 1,
  counterRounds: 0,
  requestCount: 0,
  promisesMade: 0,
  ladderApproval: null,
  optedOut: false,
  humanInCharge: false,
  channelBound: true,
} as const;

function agreed(paidMinor: number, paidBeforeMinor: number): CaseState {
  return {
    ...common,
    paidMinor,
    status: "agreed",
    agreement: {
      offerId: "o1_1",
      terms: { kind: "promise", date: "2026-12-01", amountMinor: 90_000 },
      approvedBy: null,
      agreedAt: "2026-11-10T10:00:00.000Z",
      paidBeforeMinor,
      strikes: 0,
      checkDate: "2026-12-01",
    },
  };
}

describe("allocating payments to installments", () => {
  it("fills installments in order of seq, a part payment counting towards the earliest", () => {
    expect(allocatePayments(schedule, 45_000)).toEqual([
      { seq: 1, paidMinor: 30_000, status: "paid" },
      { seq: 2, paidMinor: 15_000, status: "pending" },
      { seq: 3, paidMinor: 0, status: "pending" },
    ]);
  });

  it("allocates nothing for nothing paid and never more than the schedule", () => {
    expect(allocatePayments(schedule, 0).map((p) => p.paidMinor)).toEqual([0, 0, 0]);
    expect(allocatePayments(schedule, 120_000).map((p) => p.status)).toEqual([
      "paid",
      "paid",
      "paid",
    ]);
  });
});

describe("how an agreement stands", () => {
  it("counts only what was paid since the agreement was made", () => {
    const standing = agreementStanding(agreed(50_000, 20_000), schedule);
    expect(standing).toEqual({
      status: "active",
      progress: [
        { seq: 1, paidMinor: 30_000, status: "paid" },
        { seq: 2, paidMinor: 0, status: "pending" },
        { seq: 3, paidMinor: 0, status: "pending" },
      ],
    });
  });

  it("is completed when the case is paid, broken when the case negotiates again, unchanged while paused", () => {
    expect(agreementStanding({ ...common, status: "paid" }, schedule)).toEqual({
      status: "completed",
    });
    expect(agreementStanding({ ...common, status: "offering" }, schedule)).toEqual({
      status: "broken",
    });
    expect(agreementStanding({ ...common, status: "awaiting_payment_check" }, schedule)).toEqual({
      status: "unchanged",
    });
  });
});
