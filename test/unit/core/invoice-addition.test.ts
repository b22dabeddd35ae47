import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { currentActions } from "../../../src/core/current-actions.ts";
import { decide } from "../../../src/core/decide.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { sumMinor } from "../../../src/core/money.ts";
import { addToTerms } from "../../../src/core/plan-change.ts";
import type { PlanTerms } from "../../../src/core/types.ts";
import { act, ctx, debtorMessages, fresh, ok, run } from "./fixtures.ts";

const C = ctx();

const arrived: CaseEvent = {
  type: "invoice_arrived",
  invoiceId: "inv-new",
  caseId: "case-new",
  number: "F-2026-051",
  amountMinor: 45_001,
  dueDate: "2026-12-20",
};

function agreedOnAPlan(): Extract<CaseState, { status: "agreed" }> {
  const s1 = run(fresh(C), [act({ type: "give_reason", reason: "cash_flow" })], C).state;
  const plan = s1.offerSet?.offers.find((o) => o.terms.kind === "installments");
  if (!plan) throw new Error("no plan offered");
  const { state } = run(
    s1,
    [act({ type: "choose_offer", offerId: plan.id }), act({ type: "confirm", offerId: plan.id })],
    C,
  );
  if (state.status !== "agreed") throw new Error(`not agreed: ${state.status}`);
  return state;
}

function installmentsOf(terms: PlanTerms) {
  if (terms.kind !== "installments") throw new Error("not a plan");
  return terms.installments;
}

describe("a new invoice arriving mid-agreement is offered as an addition, never merged", () => {
  it("asks the debtor with the plan it would make, and changes nothing until they answer", () => {
    const agreed = agreedOnAPlan();
    const d = ok(decide(agreed, arrived, C));
    const [card] = debtorMessages(d.effects);
    expect(card?.kind).toBe("invoice_addition");
    if (card?.kind !== "invoice_addition") return;
    expect(card.invoice).toBe("F-2026-051");
    const before = installmentsOf(agreed.agreement.terms);
    const after = installmentsOf(card.terms);
    // Same dates, the whole new amount spread over them, no cent lost or invented.
    expect(after.map((i) => i.dueDate)).toEqual(before.map((i) => i.dueDate));
    expect(sumMinor(after.map((i) => i.amountMinor))).toBe(
      sumMinor(before.map((i) => i.amountMinor)) + 45_001,
    );
    expect(d.state.status).toBe("agreed");
    if (d.state.status !== "agreed") return;
    expect(d.state.agreement).toEqual(agreed.agreement);
    expect(d.effects.some((e) => e.type === "record_agreement" || e.type === "join_invoice")).toBe(
      false,
    );
    expect(currentActions(d.state)).toContainEqual({ type: "add_invoice", invoiceId: "inv-new" });
    expect(currentActions(d.state)).toContainEqual({
      type: "keep_invoice_apart",
      invoiceId: "inv-new",
    });
  });

  it("yes: a new agreement for the whole balance, the invoice joins the case", () => {
    const offered = ok(decide(agreedOnAPlan(), arrived, C)).state;
    const d = ok(decide(offered, act({ type: "add_invoice", invoiceId: "inv-new" }), C));
    expect(d.state.status).toBe("agreed");
    if (d.state.status !== "agreed" || offered.status !== "agreed") return;
    expect(d.state.addition).toBeUndefined();
    expect(d.state.agreement.offerId).not.toBe(offered.agreement.offerId);
    expect(d.state.agreement.terms).toEqual(offered.addition?.terms);
    expect(d.effects).toContainEqual({
      type: "join_invoice",
      invoiceId: "inv-new",
      fromCaseId: "case-new",
    });
    const recorded = d.effects.find((e) => e.type === "record_agreement");
    expect(recorded).toMatchObject({ offerId: d.state.agreement.offerId, approvedBy: null });
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["invoice_added"]);
    // The same button pressed again is refused: the question is answered.
    expect(decide(d.state, act({ type: "add_invoice", invoiceId: "inv-new" }), C).ok).toBe(false);
  });

  it("no: the agreement stays as it was and the invoice keeps its own case", () => {
    const agreed = agreedOnAPlan();
    const offered = ok(decide(agreed, arrived, C)).state;
    const d = ok(decide(offered, act({ type: "keep_invoice_apart", invoiceId: "inv-new" }), C));
    expect(d.state).toEqual(agreed);
    expect(d.effects.some((e) => e.type === "record_agreement" || e.type === "join_invoice")).toBe(
      false,
    );
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["invoice_kept_apart"]);
  });

  it("paid in part while the debtor has not answered: asked again with what is left, and a yes adds only that", () => {
    const agreed = agreedOnAPlan();
    const offered = ok(decide(agreed, arrived, C)).state;
    const again = ok(decide(offered, { ...arrived, amountMinor: 20_001 }, C));
    const [card] = debtorMessages(again.effects);
    expect(card).toMatchObject({ kind: "invoice_addition", amountMinor: 20_001 });
    expect(again.state.status === "agreed" && again.state.addition?.amountMinor).toBe(20_001);
    const yes = ok(decide(again.state, act({ type: "add_invoice", invoiceId: "inv-new" }), C));
    if (yes.state.status !== "agreed") throw new Error(yes.state.status);
    expect(sumMinor(installmentsOf(yes.state.agreement.terms).map((i) => i.amountMinor))).toBe(
      sumMinor(installmentsOf(agreed.agreement.terms).map((i) => i.amountMinor)) + 20_001,
    );
    // The same amount again asks nothing twice.
    expect(decide(again.state, { ...arrived, amountMinor: 20_001 }, C).ok).toBe(false);
  });

  it("paid in full while the debtor has not answered: the question is withdrawn, its yes refused, the plan unchanged", () => {
    const agreed = agreedOnAPlan();
    const offered = ok(decide(agreed, arrived, C)).state;
    const paid = ok(decide(offered, { ...arrived, amountMinor: 0 }, C));
    expect(paid.state).toEqual(agreed);
    expect(debtorMessages(paid.effects)).toEqual([]);
    expect(paid.effects).toContainEqual(
      expect.objectContaining({ type: "audit", action: "invoice_addition_withdrawn" }),
    );
    expect(currentActions(paid.state)).not.toContainEqual({
      type: "add_invoice",
      invoiceId: "inv-new",
    });
    expect(decide(paid.state, act({ type: "add_invoice", invoiceId: "inv-new" }), C).ok).toBe(
      false,
    );
    // Nothing offered, nothing to withdraw: a zero amount is no invoice.
    expect(decide(agreed, { ...arrived, amountMinor: 0 }, C).ok).toBe(false);
  });

  it("only a running agreement takes an addition; the invoice's own case closes once it joined", () => {
    expect(decide(fresh(C), arrived, C).ok).toBe(false);
    const closed = ok(decide(fresh(C), { type: "invoice_joined_case", caseId: "case-old" }, C));
    expect(closed.state).toMatchObject({ status: "closed", outcome: "joined_case" });
    expect(closed.effects).toContainEqual({ type: "cancel_timers" });
  });

  it("an installment already paid keeps its amount; the addition goes to those still due", () => {
    const terms: PlanTerms = {
      kind: "installments",
      frequency: "monthly",
      installments: [
        { seq: 1, dueDate: "2026-12-01", amountMinor: 10_000 },
        { seq: 2, dueDate: "2027-01-01", amountMinor: 10_000 },
        { seq: 3, dueDate: "2027-02-01", amountMinor: 10_000 },
      ],
    };
    const added = addToTerms(terms, 12_000, 1_001);
    expect(added && installmentsOf(added).map((i) => i.amountMinor)).toEqual([
      10_000, 10_501, 10_500,
    ]);
    expect(addToTerms({ kind: "pay_now", amountMinor: 5_000 }, 0, 100)).toBeNull();
  });
});
