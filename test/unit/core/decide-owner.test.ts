import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { addDays, localDate } from "../../../src/core/dates.ts";
import { decide } from "../../../src/core/decide.ts";
import { personalContact } from "../../../src/core/decide-owner.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { DEFAULT_LADDER } from "../../../src/core/policy.ts";
import type { PlanTerms } from "../../../src/core/types.ts";
import { act, ctx, debtorMessages, FACTS, fresh, ok, policy, run } from "./fixtures.ts";

/**
 * What the owner's answers (and silences) do: what the debtor and the owner are told, which
 * state follows, which timers run, and what the case's audit trail says about who decided.
 */

function ownerMessages(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "notify_owner" ? [e.message] : []));
}

function debtorSends(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "send_debtor" ? [e] : []));
}

/** The audit entry an accepted event writes (the admin's case history). */
function auditOf(effects: readonly Effect[]) {
  const entries = effects.flatMap((e) => (e.type === "audit" ? [e] : []));
  expect(entries).toHaveLength(1);
  return entries[0];
}

function refusalOf(state: CaseState, event: CaseEvent, c = ctx()) {
  const before = structuredClone(state);
  const decision = decide(state, event, c);
  expect(state).toEqual(before);
  if (decision.ok) throw new Error(`accepted ${event.type}, expected a refusal`);
  return decision.refusal;
}

// No down payment below 10 installments: 150 € a month (8 months) is outside the 6-month limit.
const noDown = policy({
  installments: {
    maxCount: 6,
    downPaymentAboveCount: 10,
    frequencies: ["monthly"],
    minInstallmentMinor: 5_000,
    maxPlanDays: 180,
    minDownPaymentPercent: 20,
  },
});
const c = ctx({ policy: noDown });
const handOverPolicy = { ...noDown, ownerApproval: { timeoutHours: 48, fallback: "hand_over" } };
const handOver = ctx({ policy: handOverPolicy as typeof noDown });

/** The debtor proposed 150 € a month: request r1 waits for the owner. */
function awaitingOwner(context = c): CaseState {
  const s = run(
    fresh(context),
    [act({ type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } })],
    context,
  ).state;
  expect(s.status).toBe("awaiting_owner");
  return s;
}

/** The debtor disputes the invoice: request r1 asks the owner what to do. */
function disputed(context = ctx()): CaseState {
  const s = run(fresh(context), [act({ type: "give_reason", reason: "dispute" })], context).state;
  expect(s.status).toBe("disputed");
  return s;
}

/** The formal reminder (step 5) waits for the owner's approval as request r1. */
function formalReminderAsked(context = ctx(), from = fresh(context)): CaseState {
  const s = run(from, [{ type: "ladder_step_due", stepIndex: 5 }], context).state;
  expect(s.ladderApproval?.requestId).toBeDefined();
  return s;
}

const monthly4: PlanTerms = {
  kind: "installments",
  frequency: "monthly",
  installments: [
    { seq: 1, dueDate: "2026-12-10", amountMinor: 30_000 },
    { seq: 2, dueDate: "2027-01-10", amountMinor: 30_000 },
    { seq: 3, dueDate: "2027-02-10", amountMinor: 30_000 },
    { seq: 4, dueDate: "2027-03-10", amountMinor: 30_000 },
  ],
};

describe("the owner approves a plan request", () => {
  it("the requested terms go to the debtor for confirmation, marked as the owner's, and expire like any offer", () => {
    const s = awaitingOwner();
    const requested = s.status === "awaiting_owner" ? s.approval.terms : null;
    const d = ok(decide(s, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }, c));
    const offer = d.state.offerSet?.offers[0];
    expect(offer).toMatchObject({ terms: requested, withinPolicy: false });
    expect(d.state).toMatchObject({
      status: "awaiting_confirmation",
      pendingOfferId: offer?.id,
      offerSet: { approvedBy: "U_OWNER", offers: [offer] },
    });
    expect(debtorMessages(d.effects)).toEqual([{ kind: "confirm_terms", offer }]);
    expect(d.effects).toContainEqual(
      expect.objectContaining({ type: "record_offers", offers: [offer] }),
    );
    expect(d.effects).toContainEqual(
      expect.objectContaining({ type: "schedule_timer", kind: "offer_expiry" }),
    );
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "owner_approved",
      detail: {
        status: "awaiting_confirmation",
        by: "U_OWNER",
        offerId: offer?.id,
        withinPolicy: false,
      },
    });
  });

  it("an answer to another request than the pending one is refused and names that request", () => {
    const s = awaitingOwner();
    for (const type of ["owner_approved", "owner_declined"] as const) {
      const refusal = refusalOf(s, { type, requestId: "r9", by: "U_OWNER" }, c);
      expect(refusal.code).toBe("unknown_request");
      expect(refusal.message).toContain("r9");
    }
    expect(
      refusalOf(s, { type: "owner_countered", requestId: "r9", by: "U", terms: monthly4 }, c).code,
    ).toBe("unknown_request");
    expect(refusalOf(s, { type: "owner_approval_timeout", requestId: "r9" }, c).code).toBe(
      "unknown_request",
    );
  });

  it("a request without terms (a state saved by hand or by an older version) has nothing to approve", () => {
    const s = awaitingOwner();
    if (s.status !== "awaiting_owner") throw new Error("not awaiting the owner");
    const bare: CaseState = { ...s, approval: { ...s.approval, terms: null } };
    const refusal = refusalOf(bare, { type: "owner_approved", requestId: "r1", by: "U" }, c);
    expect(refusal).toMatchObject({ code: "illegal_in_state", message: "nothing to approve" });
  });
});

describe("the owner proposes other terms", () => {
  it("to a plan request: the debtor confirms the owner's terms, shown as within policy when they are", () => {
    const d = ok(
      decide(
        awaitingOwner(),
        { type: "owner_countered", requestId: "r1", by: "U_OWNER", terms: monthly4 },
        c,
      ),
    );
    const offer = d.state.offerSet?.offers[0];
    expect(offer).toMatchObject({ terms: monthly4, withinPolicy: true });
    expect(d.state).toMatchObject({ status: "awaiting_confirmation", pendingOfferId: offer?.id });
    expect(debtorMessages(d.effects)).toEqual([{ kind: "confirm_terms", offer }]);
    expect(auditOf(d.effects)?.action).toBe("owner_countered");
    expect(auditOf(d.effects)?.detail).toMatchObject({ by: "U_OWNER", withinPolicy: true });
  });

  it("to a dispute: paying the full amount now is within policy", () => {
    const full: PlanTerms = { kind: "pay_now", amountMinor: FACTS.invoice.amountMinor };
    const d = ok(
      decide(
        disputed(),
        { type: "owner_countered", requestId: "r1", by: "U_OWNER", terms: full },
        ctx(),
      ),
    );
    expect(d.state.status).toBe("awaiting_confirmation");
    expect(debtorMessages(d.effects)).toMatchObject([
      { kind: "confirm_terms", offer: { terms: full, withinPolicy: true } },
    ]);
  });

  it("to a formal step is refused: a ladder step is approved or declined", () => {
    const s = formalReminderAsked();
    const refusal = refusalOf(s, {
      type: "owner_countered",
      requestId: "r1",
      by: "U_OWNER",
      terms: monthly4,
    });
    expect(refusal).toMatchObject({
      code: "illegal_in_state",
      message: "a ladder step is approved or declined",
    });
  });
});

describe("the owner answers a dispute", () => {
  it("upholding it closes the case: every timer stops, the debtor is told, and the owner is on record", () => {
    const s = disputed();
    const d = ok(decide(s, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }, ctx()));
    expect(d.effects).toEqual([
      { type: "cancel_timers" },
      { type: "send_debtor", message: { kind: "dispute_upheld" }, automated: false },
      {
        type: "audit",
        action: "dispute_upheld",
        detail: { status: "closed", by: "U_OWNER", requestId: "r1" },
      },
    ]);
    expect(d.state).toEqual({
      ...s,
      requestId: undefined,
      status: "closed",
      outcome: "dispute_upheld",
      offerSet: null,
      ladder: { ...s.ladder, stopped: true },
    });
    // It was answered: a second click on the Slack button changes nothing.
    expect(
      refusalOf(d.state, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }).code,
    ).toBe("already_closed");
  });

  it("rejecting it brings in-policy offers back to the debtor", () => {
    const d = ok(
      decide(disputed(), { type: "owner_declined", requestId: "r1", by: "U_OWNER" }, ctx()),
    );
    expect(d.state.status).toBe("offering");
    const offers = d.state.offerSet?.offers ?? [];
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((o) => o.withinPolicy)).toBe(true);
    expect(debtorSends(d.effects)).toEqual([
      { type: "send_debtor", message: { kind: "owner_declined", offers }, automated: false },
    ]);
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "dispute_rejected",
      detail: { status: "offering", by: "U_OWNER", requestId: "r1" },
    });
  });

  it("answering a dispute with another request id is refused", () => {
    const refusal = refusalOf(disputed(), { type: "owner_approved", requestId: "r2", by: "U" });
    expect(refusal.code).toBe("unknown_request");
  });

  it("a dispute has no deadline: a stray approval timeout for it is refused", () => {
    expect(refusalOf(disputed(), { type: "owner_approval_timeout", requestId: "r1" }).code).toBe(
      "unknown_request",
    );
  });

  it("a declined plan request is on record as the owner's decline", () => {
    const d = ok(
      decide(awaitingOwner(), { type: "owner_declined", requestId: "r1", by: "U_O" }, c),
    );
    expect(auditOf(d.effects)).toMatchObject({
      action: "owner_declined",
      detail: { by: "U_O", requestId: "r1" },
    });
  });
});

describe("the owner answers a formal step", () => {
  it("an approved formal reminder goes out and escalates the case; approving it again is refused", () => {
    const s = formalReminderAsked();
    const d = ok(decide(s, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }, ctx()));
    expect(d.state).toMatchObject({
      status: "escalated",
      step: "formal_reminder",
      ladderApproval: null,
    });
    expect(debtorSends(d.effects)).toEqual([
      {
        type: "send_debtor",
        message: {
          kind: "ladder_reminder",
          step: "formal_reminder",
          amountDueMinor: 120_000,
          dueDate: "2026-11-10",
        },
        automated: true,
      },
    ]);
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "ladder_step_approved",
      detail: { status: "escalated", by: "U_OWNER", step: "formal_reminder" },
    });
    expect(
      refusalOf(d.state, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }).code,
    ).toBe("unknown_request");
  });

  it("a debtor confirming terms keeps their status when a formal reminder is approved", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const offerId = s1.state.offerSet?.offers[0]?.id ?? "";
    const confirming = run(s1.state, [act({ type: "choose_offer", offerId })]).state;
    expect(confirming.status).toBe("awaiting_confirmation");
    const s = formalReminderAsked(ctx(), confirming);
    const d = ok(decide(s, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }, ctx()));
    expect(d.state).toMatchObject({
      status: "awaiting_confirmation",
      pendingOfferId: offerId,
      ladderApproval: null,
    });
    expect(debtorMessages(d.effects)).toMatchObject([
      { kind: "ladder_reminder", step: "formal_reminder" },
    ]);
  });

  it("a personal-contact step put under approval tells the owner how late the invoice is, the debtor nothing", () => {
    const c2 = ctx({
      policy: policy({
        ladder: DEFAULT_LADDER.map((s) =>
          s.kind === "personal_contact" ? { ...s, ownerApproval: true } : s,
        ),
      }),
    });
    const s = run(fresh(c2), [{ type: "ladder_step_due", stepIndex: 4 }], c2).state;
    const d = ok(decide(s, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }, c2));
    expect(ownerMessages(d.effects)).toEqual([
      { kind: "personal_contact", amountDueMinor: 120_000, daysLate: 13 },
    ]);
    expect(debtorMessages(d.effects)).toEqual([]);
    expect(d.state).toEqual({ ...s, ladderApproval: null });
    expect(auditOf(d.effects)).toMatchObject({
      action: "ladder_step_approved",
      detail: { by: "U_OWNER", step: "personal_contact" },
    });
  });

  it("a step that left the policy while the owner was asked is dropped: nothing is sent", () => {
    const s = formalReminderAsked();
    const shorter = ctx({ policy: policy({ ladder: DEFAULT_LADDER.slice(0, 5) }) });
    const d = ok(decide(s, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }, shorter));
    expect(d.effects).toEqual([
      {
        type: "audit",
        action: "ladder_approval_dropped",
        detail: { status: s.status, by: "U_OWNER" },
      },
    ]);
    expect(d.state).toEqual({ ...s, ladderApproval: null });
  });

  it("a declined formal reminder is not sent, and the ladder goes on to the formal notice", () => {
    const s = formalReminderAsked();
    const d = ok(decide(s, { type: "owner_declined", requestId: "r1", by: "U_OWNER" }, ctx()));
    expect(d.effects).toEqual([
      {
        type: "audit",
        action: "ladder_step_declined",
        detail: { status: s.status, by: "U_OWNER", requestId: "r1" },
      },
    ]);
    expect(d.state).toEqual({ ...s, ladderApproval: null });
    const next = run(d.state, [{ type: "ladder_step_due", stepIndex: 6 }]);
    expect(ownerMessages(next.effects)).toMatchObject([
      { kind: "approval_request", subject: "formal_notice", requestId: "r2" },
    ]);
  });
});

describe("requests the owner leaves unanswered", () => {
  it("the first timeout warns the owner and restarts the clock, on record", () => {
    const s = awaitingOwner();
    const d = ok(decide(s, { type: "owner_approval_timeout", requestId: "r1" }, c));
    expect(d.state).toMatchObject({ status: "awaiting_owner", approval: { timeouts: 1 } });
    expect(d.effects).toEqual([
      { type: "notify_owner", message: { kind: "approval_expiring", requestId: "r1" } },
      {
        type: "schedule_timer",
        kind: "approval_timeout",
        key: "approval_r1",
        at: "2026-11-25T09:00:00.000Z",
        payload: { requestId: "r1" },
      },
      {
        type: "audit",
        action: "approval_expiring",
        detail: { status: "awaiting_owner", requestId: "r1" },
      },
    ]);
  });

  it("a plan request and a formal step pending together time out separately", () => {
    const plan = awaitingOwner();
    const both = formalReminderAsked(c, plan);
    expect(both.ladderApproval?.requestId).toBe("r2");
    const timeout = (requestId: string): CaseEvent => ({
      type: "owner_approval_timeout",
      requestId,
    });

    const warned = run(both, [timeout("r2")], c).state;
    expect(warned).toMatchObject({
      status: "awaiting_owner",
      approval: { requestId: "r1", timeouts: 0 },
      ladderApproval: { requestId: "r2", timeouts: 1 },
    });
    const dropped = run(warned, [timeout("r2")], c);
    expect(dropped.state).toMatchObject({
      status: "awaiting_owner",
      approval: { requestId: "r1", timeouts: 0 },
      ladderApproval: null,
      humanInCharge: false,
    });
    expect(dropped.effects).toEqual([
      {
        type: "audit",
        action: "ladder_approval_timed_out",
        detail: { status: "awaiting_owner", requestId: "r2", fallback: "decline" },
      },
    ]);
    // The plan request is still the owner's to answer.
    const approved = run(dropped.state, [{ type: "owner_approved", requestId: "r1", by: "U" }], c);
    expect(approved.state.status).toBe("awaiting_confirmation");
  });

  it("with the decline fallback the debtor gets in-policy offers, sent as a follow-up (quiet hours apply)", () => {
    const s = run(awaitingOwner(), [{ type: "owner_approval_timeout", requestId: "r1" }], c).state;
    const d = ok(decide(s, { type: "owner_approval_timeout", requestId: "r1" }, c));
    const offers = d.state.offerSet?.offers ?? [];
    expect(d.state.status).toBe("offering");
    expect(offers.every((o) => o.withinPolicy)).toBe(true);
    expect(debtorSends(d.effects)).toEqual([
      { type: "send_debtor", message: { kind: "owner_declined", offers }, automated: true },
    ]);
    expect(auditOf(d.effects)).toMatchObject({
      action: "approval_timed_out",
      detail: { requestId: "r1", fallback: "decline" },
    });
  });

  it("with the hand-over fallback a person takes over: the owner is asked, the debtor told, as a follow-up", () => {
    const s = run(
      awaitingOwner(handOver),
      [{ type: "owner_approval_timeout", requestId: "r1" }],
      handOver,
    ).state;
    const d = ok(decide(s, { type: "owner_approval_timeout", requestId: "r1" }, handOver));
    expect(d.state).toEqual({ ...s, humanInCharge: true });
    expect(d.effects).toEqual([
      { type: "notify_owner", message: { kind: "human_requested", text: null } },
      { type: "send_debtor", message: { kind: "human_handover" }, automated: true },
      {
        type: "audit",
        action: "approval_timed_out",
        detail: { status: "awaiting_owner", requestId: "r1", fallback: "hand_over" },
      },
    ]);
  });

  it("a formal step unanswered twice with the hand-over fallback hands the case to a person, silently", () => {
    const s = formalReminderAsked(handOver);
    const timeout: CaseEvent = { type: "owner_approval_timeout", requestId: "r1" };
    const d = run(s, [timeout, timeout], handOver);
    expect(d.state).toMatchObject({ humanInCharge: true, ladderApproval: null });
    expect(debtorMessages(d.effects)).toEqual([]);
    expect(d.last.ok && d.last.effects).toEqual([
      {
        type: "audit",
        action: "ladder_approval_timed_out",
        detail: { status: s.status, requestId: "r1", fallback: "hand_over" },
      },
    ]);
  });

  it("a timeout for a request already answered is refused", () => {
    const answered = run(
      awaitingOwner(),
      [{ type: "owner_declined", requestId: "r1", by: "U_OWNER" }],
      c,
    ).state;
    expect(refusalOf(answered, { type: "owner_approval_timeout", requestId: "r1" }, c).code).toBe(
      "unknown_request",
    );
  });
});

describe("personal contact", () => {
  it("tells the owner how many calendar days late the invoice is in the debtor's zone, never fewer than zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: -90, max: 400 }), fc.integer({ min: 0, max: 23 }), (d, h) => {
        const now = new Date(Date.parse("2026-11-10T00:00:00Z") + (d * 24 + h) * 3_600_000);
        const c2 = ctx({ now });
        const contact = personalContact(fresh(c2), c2);
        const today = localDate(now, FACTS.debtor.timezone);
        if (today <= FACTS.invoice.dueDate) expect(contact.daysLate).toBe(0);
        else expect(addDays(FACTS.invoice.dueDate, contact.daysLate)).toBe(today);
        expect(contact.amountDueMinor).toBe(120_000);
      }),
    );
  });
});
