import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { currentActions } from "../../../src/core/current-actions.ts";
import { decide, initialCaseState } from "../../../src/core/decide.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import type { PlanTerms } from "../../../src/core/types.ts";
import { act, ctx, debtorMessages, FACTS, fresh, NOW, ok, policy, run, text } from "./fixtures.ts";

function offerIds(state: CaseState): string[] {
  return state.offerSet?.offers.map((o) => o.id) ?? [];
}

function firstOffer(state: CaseState, kind: PlanTerms["kind"]) {
  const offer = state.offerSet?.offers.find((o) => o.terms.kind === kind);
  if (offer === undefined) throw new Error(`no ${kind} offer`);
  return offer;
}

function ownerMessages(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "notify_owner" ? [e.message] : []));
}

function timers(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "schedule_timer" ? [e] : []));
}

function pendingRequestId(state: CaseState): string {
  if (state.status !== "awaiting_owner") throw new Error(`not awaiting the owner: ${state.status}`);
  return state.approval.requestId;
}

/** Decides and asserts a refusal with `code`, and that the input state was not touched. */
function expectRefusal(state: CaseState, event: CaseEvent, code: string, c = ctx()) {
  const before = structuredClone(state);
  const decision = decide(state, event, c);
  expect(decision.ok).toBe(false);
  if (!decision.ok) expect(decision.refusal.code).toBe(code);
  expect(state).toEqual(before);
}

describe("a new case", () => {
  it("created well before the due date schedules every ladder step at 09:00 in the debtor's zone", () => {
    const { state, effects } = initialCaseState(FACTS, policy(), new Date("2026-10-01T12:00:00Z"));
    expect(state.status).toBe("scheduled");
    const ladder = timers(effects);
    expect(ladder.map((t) => t.key)).toEqual([
      "ladder_0",
      "ladder_1",
      "ladder_2",
      "ladder_3",
      "ladder_4",
      "ladder_5",
      "ladder_6",
    ]);
    // -7 days from 10 Nov, 09:00 Paris (UTC+1 in November).
    expect(ladder[0]?.at).toBe("2026-11-03T08:00:00.000Z");
    expect(ladder[0]?.payload).toEqual({ stepIndex: 0 });
  });

  it("created after several steps passed schedules only the latest past debtor step, now", () => {
    const { state, effects } = initialCaseState(FACTS, policy(), NOW);
    const ladder = timers(effects);
    expect(ladder.map((t) => [t.key, t.at])).toEqual([
      ["ladder_3", NOW.toISOString()],
      ["ladder_4", "2026-11-25T08:00:00.000Z"],
      ["ladder_5", "2026-12-10T08:00:00.000Z"],
      ["ladder_6", "2026-12-25T08:00:00.000Z"],
    ]);
    // An old timer for step 1 firing anyway is stale.
    expectRefusal(state, { type: "ladder_step_due", stepIndex: 1 }, "stale_timer");
  });
});

describe("a case with a malformed due date", () => {
  it("is still created, without ladder timers, and says so in the audit", () => {
    const facts = { ...FACTS, invoice: { ...FACTS.invoice, dueDate: "2026-13-45" } };
    const { state, effects } = initialCaseState(facts, policy(), NOW);
    expect(state.status).toBe("scheduled");
    expect(timers(effects)).toEqual([]);
    expect(effects).toContainEqual(
      expect.objectContaining({
        type: "audit",
        detail: expect.objectContaining({ ladderTimers: 0 }),
      }),
    );
  });
});

describe("the happy paths", () => {
  it("forgot: payment methods, pay now, confirm, then a full payment closes the case", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
    expect(s1.state.status).toBe("offering");
    expect(debtorMessages(s1.effects).map((m) => m.kind)).toEqual(["payment_methods", "offers"]);
    expect(s1.state.offerSet?.offers.map((o) => o.terms.kind)).toEqual(["pay_now", "promise"]);
    const payNow = firstOffer(s1.state, "pay_now");
    const s2 = run(s1.state, [act({ type: "choose_offer", offerId: payNow.id })]);
    expect(s2.state.status).toBe("awaiting_confirmation");
    expect(debtorMessages(s2.effects)).toEqual([{ kind: "confirm_terms", offer: payNow }]);
    const s3 = run(s2.state, [act({ type: "confirm", offerId: payNow.id })]);
    expect(s3.state.status).toBe("agreed");
    expect(s3.effects).toContainEqual({
      type: "record_agreement",
      offerId: payNow.id,
      terms: payNow.terms,
      approvedBy: null,
    });
    const s4 = run(s3.state, [
      {
        type: "payment_received",
        amountMinor: 120_000,
        reference: "VIR-1",
        receivedAt: NOW.toISOString(),
      },
    ]);
    expect(s4.state.status).toBe("paid");
    expect(s4.effects).toContainEqual({ type: "cancel_timers" });
    expect(ownerMessages(s4.effects)).toContainEqual({ kind: "paid_in_full" });
  });

  it("cash flow: three monthly installments, confirmed, recorded, each with its reminder, due day and check", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const plan = s1.state.offerSet?.offers[0];
    expect(plan?.terms).toEqual({
      kind: "installments",
      frequency: "monthly",
      installments: [
        { seq: 1, dueDate: "2026-11-30", amountMinor: 40_000 },
        { seq: 2, dueDate: "2026-12-30", amountMinor: 40_000 },
        { seq: 3, dueDate: "2027-01-30", amountMinor: 40_000 },
      ],
    });
    expect(s1.state.offerSet?.offers.length).toBeGreaterThanOrEqual(2);
    const id = plan?.id ?? "";
    const s2 = run(s1.state, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]);
    expect(s2.state.status).toBe("agreed");
    expect(s2.effects.filter((e) => e.type === "record_agreement")).toHaveLength(1);
    expect(debtorMessages(s2.effects).map((m) => m.kind)).toEqual([
      "confirm_terms",
      "agreement_confirmed",
    ]);
    expect(timers(s2.effects).map((t) => `${t.kind}:${t.key}@${t.at}`)).toEqual([
      "installment_reminder:inst_1_reminder@2026-11-28T08:00:00.000Z",
      "installment_due:inst_1_due@2026-11-30T08:00:00.000Z",
      "installment_check:inst_1_check@2026-12-03T08:00:00.000Z",
      "installment_reminder:inst_2_reminder@2026-12-28T08:00:00.000Z",
      "installment_due:inst_2_due@2026-12-30T08:00:00.000Z",
      "installment_check:inst_2_check@2027-01-02T08:00:00.000Z",
      "installment_reminder:inst_3_reminder@2027-01-28T08:00:00.000Z",
      "installment_due:inst_3_due@2027-01-30T08:00:00.000Z",
      "installment_check:inst_3_check@2027-02-02T08:00:00.000Z",
    ]);
    expect(s2.effects).toContainEqual({ type: "cancel_timers", kinds: ["ladder_step"] });
  });

  it("every accepted event that changes something writes an audit entry", () => {
    const d = ok(decide(fresh(), act({ type: "give_reason", reason: "cash_flow" }), ctx()));
    expect(d.effects.at(-1)).toMatchObject({ type: "audit", action: "reason_given" });
  });

  it("the same inputs always give the same outputs", () => {
    const event = act({ type: "give_reason", reason: "cash_flow" });
    expect(decide(fresh(), event, ctx())).toEqual(decide(fresh(), event, ctx()));
  });
});

describe("counter-offers", () => {
  // No down payment below 10 installments, so only count and length are at stake.
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

  it("inside policy is accepted and shown for confirmation, within policy", () => {
    const d = run(
      fresh(c),
      [act({ type: "propose", proposal: { amountPerPeriodMinor: 30_000, period: "month" } })],
      c,
    );
    expect(d.state.status).toBe("awaiting_confirmation");
    const [message] = debtorMessages(d.effects);
    expect(message?.kind).toBe("confirm_terms");
    if (message?.kind === "confirm_terms") {
      expect(message.offer.withinPolicy).toBe(true);
      expect(
        message.offer.terms.kind === "installments" &&
          message.offer.terms.installments.map((i) => i.amountMinor),
      ).toEqual([30_000, 30_000, 30_000, 30_000]);
    }
  });

  it("'je peux payer 150 € par mois' (8 months, within the 50 % band) goes to the owner, then the debtor confirms", () => {
    const s1 = run(
      fresh(c),
      [
        text("je peux payer 150 € par mois", {
          intent: "installments",
          amount: 15_000,
          period: "month",
        }),
      ],
      c,
    );
    expect(s1.state.status).toBe("awaiting_owner");
    const [request] = ownerMessages(s1.effects);
    expect(request).toMatchObject({ kind: "approval_request", requestId: "r1", subject: "plan" });
    expect(request?.kind === "approval_request" && request.breaches.map((b) => b.limit)).toEqual([
      "max_installments",
      "max_plan_days",
    ]);
    expect(debtorMessages(s1.effects).map((m) => m.kind)).toEqual(["proposal_sent_to_owner"]);
    expect(timers(s1.effects)).toContainEqual(
      expect.objectContaining({ kind: "approval_timeout", key: "approval_r1" }),
    );

    const s2 = run(s1.state, [{ type: "owner_approved", requestId: "r1", by: "U_OWNER" }], c);
    expect(s2.state.status).toBe("awaiting_confirmation");
    const offer = s2.state.offerSet?.offers[0];
    expect(offer?.withinPolicy).toBe(false);
    const s3 = run(s2.state, [act({ type: "confirm", offerId: offer?.id ?? "" })], c);
    expect(s3.effects).toContainEqual(
      expect.objectContaining({ type: "record_agreement", approvedBy: "U_OWNER" }),
    );
  });

  it("far outside policy the bot counters with the plan closest to the debtor's words, at most maxBotRounds times, then asks the owner", () => {
    const tiny = act({
      type: "propose",
      proposal: { amountPerPeriodMinor: 5_000, period: "month" },
    });
    const s1 = run(fresh(c), [tiny], c);
    expect(s1.state.status).toBe("offering");
    const counter = s1.state.offerSet?.offers[0];
    expect(counter?.withinPolicy).toBe(true);
    // Debtor 50 € a month (24 payments): nothing in policy asks so little, so the bot offers the
    // least per month it can — its longest plan, 6 × 200 € — and says why.
    expect(
      counter?.terms.kind === "installments" &&
        counter.terms.installments.map((i) => i.amountMinor),
    ).toEqual(Array(6).fill(20_000));
    expect(debtorMessages(s1.effects)).toMatchObject([
      {
        kind: "counter_offer",
        limits: expect.arrayContaining([{ limit: "max_installments", allowed: 6, proposed: 24 }]),
      },
    ]);
    const s2 = run(s1.state, [tiny], c);
    expect(s2.state.status).toBe("offering");
    expect(s2.state.counterRounds).toBe(2);
    const s3 = run(s2.state, [tiny], c);
    expect(s3.state.status).toBe("awaiting_owner");
  });

  it("an owner's decline brings in-policy offers back to the debtor", () => {
    const s1 = run(
      fresh(c),
      [act({ type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } })],
      c,
    );
    const s2 = run(
      s1.state,
      [{ type: "owner_declined", requestId: pendingRequestId(s1.state), by: "U_OWNER" }],
      c,
    );
    expect(s2.state.status).toBe("offering");
    const [message] = debtorMessages(s2.effects);
    expect(message?.kind).toBe("owner_declined");
    expect(s2.state.offerSet?.offers.every((o) => o.withinPolicy)).toBe(true);
  });

  it("an unanswered approval warns the owner once, then falls back to declining", () => {
    const s1 = run(
      fresh(c),
      [act({ type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } })],
      c,
    );
    const timeout: CaseEvent = { type: "owner_approval_timeout", requestId: "r1" };
    const s2 = run(s1.state, [timeout], c);
    expect(s2.state.status).toBe("awaiting_owner");
    expect(ownerMessages(s2.effects)).toEqual([{ kind: "approval_expiring", requestId: "r1" }]);
    expect(timers(s2.effects).map((t) => t.key)).toEqual(["approval_r1"]);
    const s3 = run(s2.state, [timeout], c);
    expect(s3.state.status).toBe("offering");
    expect(debtorMessages(s3.effects)[0]?.kind).toBe("owner_declined");
  });

  it("with the hand-over fallback, a second timeout puts a human in charge", () => {
    const handOver = ctx({
      policy: { ...noDown, ownerApproval: { timeoutHours: 48, fallback: "hand_over" } },
    });
    const s1 = run(
      fresh(handOver),
      [act({ type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } })],
      handOver,
    );
    const timeout: CaseEvent = { type: "owner_approval_timeout", requestId: "r1" };
    const s2 = run(s1.state, [timeout, timeout], handOver);
    expect(s2.state.humanInCharge).toBe(true);
    expectRefusal(s2.state, act({ type: "more_options" }), "human_in_charge", handOver);
  });
});

describe("reasons that change the path", () => {
  it("a dispute pauses reminders, tells the owner, and a discount needs the owner", () => {
    const s1 = run(fresh(), [text("le travail n'est pas fini", { intent: "dispute" })]);
    expect(s1.state.status).toBe("disputed");
    expect(s1.effects).toContainEqual({ type: "cancel_timers", kinds: ["ladder_step"] });
    expect(ownerMessages(s1.effects)).toEqual([
      { kind: "dispute", text: "le travail n'est pas fini", requestId: "r1" },
    ]);
    expectRefusal(s1.state, { type: "ladder_step_due", stepIndex: 4 }, "stale_timer");

    const discounted: PlanTerms = { kind: "pay_now", amountMinor: 100_000, discountMinor: 20_000 };
    const s2 = run(s1.state, [
      { type: "owner_countered", requestId: "r1", by: "U_OWNER", terms: discounted },
    ]);
    expect(s2.state.status).toBe("awaiting_confirmation");
    const offer = s2.state.offerSet?.offers[0];
    expect(offer).toMatchObject({ terms: discounted, withinPolicy: false });
    const s3 = run(s2.state, [act({ type: "confirm", offerId: offer?.id ?? "" })]);
    expect(s3.effects).toContainEqual({
      type: "record_agreement",
      offerId: offer?.id,
      terms: discounted,
      approvedBy: "U_OWNER",
    });
    const s4 = run(s3.state, [
      {
        type: "payment_received",
        amountMinor: 100_000,
        reference: "x",
        receivedAt: NOW.toISOString(),
      },
    ]);
    expect(s4.state.status).toBe("paid");
  });

  it("an owner upholding a dispute closes the case", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "dispute" })]);
    const s2 = run(s1.state, [{ type: "owner_approved", requestId: "r1", by: "U_OWNER" }]);
    expect(s2.state.status).toBe("closed");
    expectRefusal(s2.state, act({ type: "pay_now" }), "already_closed");
  });

  it("already paid: details are asked, the owner checks; found closes the case, not found resumes", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "already_paid" })]);
    expect(s1.state.status).toBe("awaiting_payment_check");
    expect(debtorMessages(s1.effects).map((m) => m.kind)).toEqual(["already_paid_ask_details"]);
    const s2 = run(s1.state, [text("virement du 12/11 réf 4471", { intent: "unknown" })]);
    expect(ownerMessages(s2.effects)).toEqual([
      { kind: "already_paid_claim", text: "virement du 12/11 réf 4471" },
    ]);
    expect(debtorMessages(s2.effects).map((m) => m.kind)).toEqual(["already_paid_ack"]);

    const found = run(s2.state, [{ type: "owner_payment_check", received: true, by: "U_OWNER" }]);
    expect(found.state.status).toBe("paid");
    const notFound = run(s2.state, [
      { type: "owner_payment_check", received: false, by: "U_OWNER" },
    ]);
    expect(notFound.state.status).toBe("offering");
    expect(debtorMessages(notFound.effects).map((m) => m.kind)).toEqual([
      "payment_not_found",
      "offers",
    ]);
  });

  it("never received: the invoice details are sent again", () => {
    const s = run(fresh(), [act({ type: "give_reason", reason: "not_received" })]);
    expect(debtorMessages(s.effects)).toEqual([
      { kind: "invoice_details", amountDueMinor: 120_000, dueDate: "2026-11-10" },
    ]);
  });

  it("opt-out: one confirmation, the owner told, no more reminders, but replies still come", () => {
    const s1 = run(fresh(), [act({ type: "stop" })]);
    expect(s1.state.status).toBe("opted_out");
    expect(debtorMessages(s1.effects)).toEqual([{ kind: "opted_out" }]);
    expect(ownerMessages(s1.effects)).toEqual([{ kind: "opted_out" }]);
    expect(s1.effects).toContainEqual({ type: "cancel_timers", kinds: ["ladder_step"] });
    expectRefusal(s1.state, { type: "ladder_step_due", stepIndex: 4 }, "opted_out");
    expectRefusal(s1.state, { type: "opt_out", channel: "api" }, "opted_out");
    const s2 = run(s1.state, [act({ type: "give_reason", reason: "cash_flow" })]);
    expect(s2.state.status).toBe("offering");
    expect(debtorMessages(s2.effects)[0]?.kind).toBe("offers");
  });

  it("a human takeover silences the bot until released; payments are still counted", () => {
    const s1 = run(fresh(), [{ type: "human_takeover", by: "U_OWNER" }]);
    expectRefusal(s1.state, act({ type: "give_reason", reason: "forgot" }), "human_in_charge");
    const s2 = run(s1.state, [
      {
        type: "payment_received",
        amountMinor: 20_000,
        reference: "p",
        receivedAt: NOW.toISOString(),
      },
    ]);
    expect(s2.state.paidMinor).toBe(20_000);
    expect(debtorMessages(s2.effects)).toEqual([]);
    const s3 = run(s2.state, [
      { type: "human_release", by: "U_OWNER" },
      act({ type: "give_reason", reason: "forgot" }),
    ]);
    expect(s3.state.status).toBe("offering");
  });
});

describe("payments and follow-ups", () => {
  it("a part payment thanks the debtor with what remains and stops the ladder", () => {
    const s = run(fresh(), [
      {
        type: "payment_received",
        amountMinor: 20_000,
        reference: "p",
        receivedAt: NOW.toISOString(),
      },
    ]);
    expect(debtorMessages(s.effects)).toEqual([
      { kind: "payment_thanks", receivedMinor: 20_000, remainingMinor: 100_000 },
    ]);
    expect(s.state.ladder.stopped).toBe(true);
  });

  function agreedPlan() {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const id = offerIds(s1.state)[0] ?? "";
    return run(s1.state, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
  }

  it("an unpaid installment is reminded and reported missed; two misses break the plan", () => {
    const agreed = agreedPlan();
    const reminded = run(agreed, [{ type: "installment_reminder", seq: 1 }]);
    expect(debtorMessages(reminded.effects)[0]?.kind).toBe("installment_reminder");
    const missed = run(agreed, [{ type: "installment_check", seq: 1 }]);
    expect(missed.state.status).toBe("agreed");
    expect(debtorMessages(missed.effects)[0]?.kind).toBe("installment_missed");
    const broken = run(missed.state, [{ type: "installment_check", seq: 2 }]);
    expect(broken.state.status).toBe("offering");
    expect(ownerMessages(broken.effects)).toEqual([
      { kind: "plan_broken", amountDueMinor: 120_000 },
    ]);
    expect(debtorMessages(broken.effects).map((m) => m.kind)).toEqual(["plan_broken", "offers"]);
  });

  it("a paid installment is not reminded and resets the strikes", () => {
    const agreed = run(agreedPlan(), [
      {
        type: "payment_received",
        amountMinor: 40_000,
        reference: "p1",
        receivedAt: NOW.toISOString(),
      },
    ]).state;
    const reminded = run(agreed, [{ type: "installment_reminder", seq: 1 }]);
    expect(debtorMessages(reminded.effects)).toEqual([]);
    const checked = run(agreed, [{ type: "installment_check", seq: 1 }]);
    expect(checked.state.status === "agreed" && checked.state.agreement.strikes).toBe(0);
  });

  it("a broken promise tells the owner and goes back to negotiation", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
    const promise = firstOffer(s1.state, "promise");
    const s2 = run(s1.state, [
      act({ type: "choose_offer", offerId: promise.id }),
      act({ type: "confirm", offerId: promise.id }),
    ]);
    const date = promise.terms.kind === "promise" ? promise.terms.date : "";
    expect(timers(s2.effects).map((t) => t.key)).toEqual(["promise_reminder", "promise_check"]);
    const s3 = run(s2.state, [
      { type: "promise_reminder", date },
      { type: "promise_check", date },
    ]);
    expect(s3.state.status).toBe("offering");
    expect(ownerMessages(s3.effects)).toContainEqual({
      kind: "promise_broken",
      amountDueMinor: 120_000,
    });
  });
});

describe("the ladder", () => {
  const early = new Date("2026-10-01T12:00:00Z");

  it("heads-up and due-today remind; ask-reason asks; personal contact goes to the owner only", () => {
    const c = ctx({ now: early });
    const s = run(
      fresh(c),
      [0, 1, 2, 4].map((stepIndex): CaseEvent => ({ type: "ladder_step_due", stepIndex })),
      c,
    );
    expect(debtorMessages(s.effects).map((m) => m.kind === "ladder_reminder" && m.step)).toEqual([
      "heads_up",
      "due_today",
      "ask_reason",
    ]);
    expect(ownerMessages(s.effects)[0]).toMatchObject({
      kind: "personal_contact",
      amountDueMinor: 120_000,
    });
    expect(s.state.status).toBe("awaiting_reason");
  });

  it("a formal reminder needs the owner's approval, then goes out and escalates the case", () => {
    const s1 = run(fresh(), [{ type: "ladder_step_due", stepIndex: 5 }]);
    expect(debtorMessages(s1.effects)).toEqual([]);
    expect(ownerMessages(s1.effects)[0]).toMatchObject({
      kind: "approval_request",
      subject: "formal_reminder",
      requestId: "r1",
    });
    const s2 = run(s1.state, [{ type: "owner_approved", requestId: "r1", by: "U_OWNER" }]);
    expect(s2.state.status).toBe("escalated");
    expect(debtorMessages(s2.effects)).toEqual([
      {
        kind: "ladder_reminder",
        step: "formal_reminder",
        amountDueMinor: 120_000,
        dueDate: "2026-11-10",
      },
    ]);
  });

  it("the options step shows in-policy offers that expire; the expired set's buttons are refused", () => {
    const s1 = run(fresh(), [{ type: "ladder_step_due", stepIndex: 3 }]);
    expect(s1.state.status).toBe("offering");
    const [reminderMessage] = debtorMessages(s1.effects);
    expect(
      reminderMessage?.kind === "ladder_reminder" && reminderMessage.offers?.length,
    ).toBeGreaterThanOrEqual(2);
    expect(timers(s1.effects)).toContainEqual(
      expect.objectContaining({ kind: "offer_expiry", payload: { offerSetVersion: 1 } }),
    );
    const id = offerIds(s1.state)[0] ?? "";
    const later = ctx({ now: new Date(NOW.getTime() + 73 * 3_600_000) });
    expectRefusal(s1.state, act({ type: "choose_offer", offerId: id }), "offer_expired", later);
    const s2 = run(s1.state, [{ type: "offer_expired", offerSetVersion: 1 }]);
    expect(s2.state.offerSet).toBeNull();
    expectRefusal(s2.state, act({ type: "choose_offer", offerId: id }), "stale_offer");
    expectRefusal(s2.state, { type: "offer_expired", offerSetVersion: 1 }, "stale_offer");
  });
});

describe("refusals leave the state unchanged", () => {
  it("a confirmation with nothing awaiting confirmation", () => {
    expectRefusal(fresh(), act({ type: "confirm", offerId: "o1_1" }), "not_awaiting_confirmation");
  });

  it("an event that makes no sense in the state", () => {
    expectRefusal(
      fresh(),
      { type: "owner_payment_check", received: true, by: "U" },
      "illegal_in_state",
    );
    expectRefusal(fresh(), { type: "human_release", by: "U" }, "illegal_in_state");
  });

  it("an unknown offer and an offer from an older set", () => {
    const s1 = run(fresh(), [
      act({ type: "give_reason", reason: "cash_flow" }),
      act({ type: "more_options" }),
    ]);
    expectRefusal(s1.state, act({ type: "choose_offer", offerId: "o9_1" }), "unknown_offer");
    expectRefusal(s1.state, act({ type: "choose_offer", offerId: "bogus" }), "unknown_offer");
    expectRefusal(s1.state, act({ type: "choose_offer", offerId: "o1_1" }), "stale_offer");
  });

  it("confirming other terms than those shown", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const [a, b] = offerIds(s1.state);
    const s2 = run(s1.state, [act({ type: "choose_offer", offerId: a ?? "" })]);
    expectRefusal(s2.state, act({ type: "confirm", offerId: b ?? "" }), "unknown_offer");
  });

  it("an amount mismatch: owner terms that do not settle what is owed, a count that does not multiply", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "dispute" })]);
    expectRefusal(
      s1.state,
      {
        type: "owner_countered",
        requestId: "r1",
        by: "U",
        terms: { kind: "pay_now", amountMinor: 1 },
      },
      "amount_mismatch",
    );
    expectRefusal(
      fresh(),
      act({ type: "propose", proposal: { amountPerPeriodMinor: 10_000, count: 3 } }),
      "amount_mismatch",
    );
  });

  it("a negative amount in a payment or a proposal", () => {
    expectRefusal(
      fresh(),
      {
        type: "payment_received",
        amountMinor: -500,
        reference: "x",
        receivedAt: NOW.toISOString(),
      },
      "negative_amount",
    );
    expectRefusal(
      fresh(),
      act({ type: "propose", proposal: { amountPerPeriodMinor: -15_000, period: "month" } }),
      "negative_amount",
    );
  });

  it("an answer to a request that is not pending", () => {
    expectRefusal(fresh(), { type: "owner_approved", requestId: "r7", by: "U" }, "unknown_request");
  });

  it("anything once paid", () => {
    const paid = run(fresh(), [
      {
        type: "payment_received",
        amountMinor: 120_000,
        reference: "x",
        receivedAt: NOW.toISOString(),
      },
    ]).state;
    expectRefusal(
      paid,
      { type: "payment_received", amountMinor: 1, reference: "y", receivedAt: NOW.toISOString() },
      "already_closed",
    );
  });
});

describe("current actions", () => {
  it("before a reason: the reasons, pay now, a human, stop", () => {
    expect(currentActions(fresh()).map((a) => a.type)).toEqual([
      "give_reason",
      "give_reason",
      "give_reason",
      "give_reason",
      "give_reason",
      "give_reason",
      "pay_now",
      "ask_human",
      "stop",
    ]);
  });

  it("awaiting confirmation: confirm exactly the pending offer", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
    const id = offerIds(s1.state)[0] ?? "";
    const s2 = run(s1.state, [act({ type: "choose_offer", offerId: id })]);
    expect(currentActions(s2.state)[0]).toEqual({ type: "confirm", offerId: id });
  });

  it("unreadable text gets the current buttons again", () => {
    const s = run(fresh(), [text("???", { intent: "unknown" })]);
    expect(debtorMessages(s.effects)).toEqual([
      { kind: "not_understood", actions: currentActions(fresh()) },
    ]);
  });
});

describe("a question asked before any chat was bound", () => {
  // Five days after the due date: the "why?" step (J+3) is the one due.
  const now = new Date("2026-11-15T09:00:00.000Z");
  const unreachable = ctx({
    now,
    facts: { ...FACTS, debtor: { ...FACTS.debtor, reachable: false } },
  });
  const reachable = ctx({ now, facts: { ...FACTS, debtor: { ...FACTS.debtor, reachable: true } } });
  const askWhy: CaseEvent = { type: "ladder_step_due", stepIndex: 2 };
  const bound: CaseEvent = { type: "channel_bound", channel: "telegram" };

  it("is asked again, after the welcome, when the debtor opens the link", () => {
    const asked = run(fresh(unreachable), [askWhy], unreachable);
    expect(asked.state.status).toBe("awaiting_reason");
    const arrival = ok(decide(asked.state, bound, reachable));
    expect(debtorMessages(arrival.effects).map((m) => m.kind)).toEqual(["welcome", "ask_reason"]);
    // Heard once: a second binding (another device) only says hello.
    const again = ok(decide(arrival.state, bound, reachable));
    expect(debtorMessages(again.effects).map((m) => m.kind)).toEqual(["welcome"]);
  });

  it("is not repeated when the debtor could already read it", () => {
    const asked = run(fresh(reachable), [askWhy], reachable);
    const arrival = ok(decide(asked.state, bound, reachable));
    expect(debtorMessages(arrival.effects).map((m) => m.kind)).toEqual(["welcome"]);
  });
});

describe("an offer that stopped fitting the policy", () => {
  it("a discounted pay-now chosen after the discount window closed is replaced by fresh offers", () => {
    // 2 % off until 40 days after issue (19 November); offers stay open 10 days.
    const p = policy({
      earlyPaymentDiscount: { percent: 2, withinDays: 40 },
      offers: { expiresAfterHours: 240 },
    });
    const during = ctx({ policy: p, now: new Date("2026-11-13T09:00:00Z") });
    const after = ctx({ policy: p, now: new Date("2026-11-20T09:00:00Z") });
    const offered = ok(
      decide(fresh(during), act({ type: "give_reason", reason: "cash_flow" }), during),
    );
    const discounted = offered.state.offerSet?.offers.find(
      (o) => o.terms.kind === "pay_now" && (o.terms.discountMinor ?? 0) > 0,
    );
    expect(discounted).toBeDefined();

    const chosen = ok(
      decide(offered.state, act({ type: "choose_offer", offerId: discounted?.id ?? "" }), after),
    );
    expect(chosen.state.status).toBe("offering");
    const [message] = debtorMessages(chosen.effects);
    expect(message?.kind).toBe("offer_expired");
    const payNow = chosen.state.offerSet?.offers.find((o) => o.terms.kind === "pay_now");
    expect(payNow?.terms).toEqual({ kind: "pay_now", amountMinor: FACTS.invoice.amountMinor });
  });
});
