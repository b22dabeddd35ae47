import { describe, expect, it } from "vitest";
import {
  type Allocation,
  allocatePayment,
  applyAllocations,
  balanceOf,
  type InvoiceBalance,
} from "../../../src/core/allocate.ts";
import type { CaseFacts, CaseState } from "../../../src/core/case-state.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { allocatePayments } from "../../../src/core/installment-progress.ts";
import { sumMinor } from "../../../src/core/money.ts";
import { act, ctx, debtorMessages, fresh, NOW, run } from "./fixtures.ts";

/** Three invoices of one debtor, one case: the core sees their sum, the oldest due date. */
const INVOICES: InvoiceBalance[] = [
  {
    invoiceId: "i3",
    number: "F-003",
    dueDate: "2026-11-30",
    issuedAt: "2026-10-30",
    amountMinor: 30_000,
    paidMinor: 0,
  },
  {
    invoiceId: "i1",
    number: "F-001",
    dueDate: "2026-10-31",
    issuedAt: "2026-10-01",
    amountMinor: 35_000,
    paidMinor: 0,
  },
  {
    invoiceId: "i2",
    number: "F-002",
    dueDate: "2026-11-10",
    issuedAt: "2026-10-10",
    amountMinor: 55_000,
    paidMinor: 0,
  },
];

const FACTS: CaseFacts = {
  invoice: {
    number: "F-001",
    amountMinor: 120_000,
    currency: "EUR",
    dueDate: "2026-10-31",
    issuedAt: "2026-10-01",
  },
  invoices: INVOICES,
  debtor: { timezone: "Europe/Paris", locale: "fr" },
  business: { timezone: "Europe/Paris" },
};

const C = ctx({ facts: FACTS });

function pay(amountMinor: number, reference: string, extra: Partial<CaseEvent> = {}): CaseEvent {
  return {
    type: "payment_received",
    amountMinor,
    reference,
    receivedAt: NOW.toISOString(),
    ...extra,
  } as CaseEvent;
}

function agreedOnThreeInvoices(): CaseState {
  const s1 = run(fresh(C), [act({ type: "give_reason", reason: "cash_flow" })], C);
  const state = s1.state;
  if (state.offerSet === null) throw new Error("no offers");
  const plan = state.offerSet.offers.find(
    (o) => o.terms.kind === "installments" && o.terms.installments.length === 3,
  );
  if (!plan) throw new Error("no three-installment plan");
  return run(
    state,
    [act({ type: "choose_offer", offerId: plan.id }), act({ type: "confirm", offerId: plan.id })],
    C,
  ).state;
}

function installmentsOf(state: CaseState) {
  if (state.status !== "agreed" || state.agreement.terms.kind !== "installments") {
    throw new Error(`no plan in ${state.status}`);
  }
  return state.agreement.terms.installments;
}

describe("one debtor, one conversation, one agreement", () => {
  it("three invoices → one plan → payments allocated oldest first → one invoice paid off early → the plan re-balanced", () => {
    // One plan covers all three invoices: 1,200 € in three installments of 400 €.
    const agreed = agreedOnThreeInvoices();
    const plan = installmentsOf(agreed);
    expect(plan.map((i) => i.amountMinor)).toEqual([40_000, 40_000, 40_000]);

    // The first installment (400 €) settles the oldest invoice, F-001 (350 €, due 31 Oct), and
    // its remaining 50 € go to the next oldest, F-002 (due 10 Nov) — not to F-003.
    let invoices: InvoiceBalance[] = INVOICES;
    const first = allocatePayment(invoices, 40_000);
    expect(first.allocations).toEqual<Allocation[]>([
      { invoiceId: "i1", amountMinor: 35_000 },
      { invoiceId: "i2", amountMinor: 5_000 },
    ]);
    invoices = applyAllocations(invoices, first.allocations);
    const s2 = run(agreed, [pay(40_000, "inst-1", { settles: ["F-001"] })], C);
    expect(s2.state.status).toBe("agreed");
    expect(allocatePayments(installmentsOf(s2.state), 40_000)[0]?.status).toBe("paid");
    expect(debtorMessages(s2.effects)).toContainEqual({
      kind: "payment_thanks",
      receivedMinor: 40_000,
      remainingMinor: 80_000,
      settled: ["F-001"],
    });

    // F-003 (300 €) is paid off early by bank transfer, naming it: a payment outside the plan.
    const early = allocatePayment(invoices, 30_000, "i3");
    expect(early.allocations).toEqual([{ invoiceId: "i3", amountMinor: 30_000 }]);
    invoices = applyAllocations(invoices, early.allocations);
    const s3 = run(s2.state, [pay(30_000, "virement", { rebalance: true, settles: ["F-003"] })], C);
    const rebalanced = installmentsOf(s3.state);
    // The plan shrinks from the end: the installment paid and the next one stay as agreed.
    expect(rebalanced.map((i) => i.amountMinor)).toEqual([40_000, 40_000, 10_000]);
    expect(rebalanced.map((i) => i.dueDate)).toEqual(plan.map((i) => i.dueDate));
    // What the plan still asks for is exactly what is still due on the invoices.
    const agreement = s3.state.status === "agreed" ? s3.state.agreement : null;
    const paidTowards = s3.state.paidMinor - (agreement?.paidBeforeMinor ?? 0);
    const stillAsked = sumMinor(rebalanced.map((i) => i.amountMinor)) - paidTowards;
    expect(stillAsked).toBe(sumMinor(invoices.map(balanceOf)));
    expect(stillAsked).toBe(50_000);
    // Recorded as a new agreement that supersedes the first; the debtor is told the new plan.
    expect(agreement?.offerId).toMatch(/_r1$/);
    expect(s3.effects).toContainEqual(
      expect.objectContaining({ type: "record_agreement", rebalanced: true }),
    );
    expect(debtorMessages(s3.effects)).toContainEqual({
      kind: "payment_thanks",
      receivedMinor: 30_000,
      remainingMinor: 50_000,
      settled: ["F-003"],
      plan: s3.state.status === "agreed" ? s3.state.agreement.terms : null,
    });

    // The next installment (400 €) goes to F-002, the only invoice left; the last, 100 €, ends it.
    expect(allocatePayment(invoices, 40_000).allocations).toEqual([
      { invoiceId: "i2", amountMinor: 40_000 },
    ]);
    const s4 = run(s3.state, [pay(40_000, "inst-2")], C);
    expect(allocatePayments(installmentsOf(s4.state), 80_000).map((p) => p.status)).toEqual([
      "paid",
      "paid",
      "pending",
    ]);
    const s5 = run(s4.state, [pay(10_000, "inst-3", { settles: ["F-002"] })], C);
    expect(s5.state.status).toBe("paid");
  });

  it("an installment dropped by the re-balance loses its timers", () => {
    const agreed = agreedOnThreeInvoices();
    const s = run(agreed, [pay(50_000, "virement", { rebalance: true })], C);
    expect(installmentsOf(s.state).map((i) => i.amountMinor)).toEqual([40_000, 30_000]);
    expect(s.effects).toContainEqual({
      type: "cancel_timers",
      keys: ["inst_3_reminder", "inst_3_due", "inst_3_check"],
    });
  });

  it("a named payment while negotiating (no plan yet) only lowers the balance", () => {
    const s = run(fresh(C), [pay(30_000, "virement", { rebalance: true, settles: ["F-003"] })], C);
    expect(s.state.status).toBe("scheduled");
    expect(s.effects.some((e) => e.type === "record_agreement")).toBe(false);
  });

  it("a named payment that settles everything the plan asks for ends the case, not the plan", () => {
    const agreed = agreedOnThreeInvoices();
    const s = run(agreed, [pay(120_000, "virement", { rebalance: true })], C);
    expect(s.state.status).toBe("paid");
    expect(s.effects.some((e) => e.type === "record_agreement")).toBe(false);
  });
});
