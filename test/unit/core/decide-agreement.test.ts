import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { decide } from "../../../src/core/decide.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import type { PlanTerms } from "../../../src/core/types.ts";
import { act, ctx, debtorMessages, FACTS, fresh, NOW, ok, policy, run } from "./fixtures.ts";

/**
 * Agreements and money: what confirming terms records and schedules, what a payment does to a
 * running agreement, how installment and promise timers chase (or spare) the debtor, and the
 * owner's check of an "already paid" claim.
 */

const c = ctx();

function ownerMessages(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "notify_owner" ? [e.message] : []));
}

function debtorSends(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "send_debtor" ? [e] : []));
}

function timers(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "schedule_timer" ? [e] : []));
}

function cancels(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "cancel_timers" ? [e] : []));
}

function auditOf(effects: readonly Effect[]) {
  const entries = effects.flatMap((e) => (e.type === "audit" ? [e] : []));
  expect(entries).toHaveLength(1);
  return entries[0];
}

function refusalOf(state: CaseState, event: CaseEvent, context = c) {
  const before = structuredClone(state);
  const decision = decide(state, event, context);
  expect(state).toEqual(before);
  if (decision.ok) throw new Error(`accepted ${event.type}, expected a refusal`);
  return decision.refusal;
}

function pay(amountMinor: number, reference = "VIR-1"): CaseEvent {
  return { type: "payment_received", amountMinor, reference, receivedAt: NOW.toISOString() };
}

/** The debtor chose the bot's first offer of `kind` for `reason` and is asked to confirm it. */
function confirming(
  reason: "forgot" | "cash_flow",
  kind: PlanTerms["kind"],
  from?: CaseState,
  context = c,
) {
  const s1 = run(from ?? fresh(context), [act({ type: "give_reason", reason })], context).state;
  const offer = s1.offerSet?.offers.find((o) => o.terms.kind === kind);
  if (offer === undefined) throw new Error(`no ${kind} offer`);
  const state = run(s1, [act({ type: "choose_offer", offerId: offer.id })], context).state;
  return { state, offer };
}

/** The debtor confirmed the bot's first offer of `kind` for `reason`. */
function agreed(
  reason: "forgot" | "cash_flow",
  kind: PlanTerms["kind"],
  from?: CaseState,
  context = c,
) {
  const { state, offer } = confirming(reason, kind, from, context);
  const d = ok(decide(state, act({ type: "confirm", offerId: offer.id }), context));
  expect(d.state.status).toBe("agreed");
  return { state: d.state, effects: d.effects, offer };
}

/** The owner, answering a dispute, proposed `terms`; the debtor confirmed them. */
function agreedWithOwner(terms: PlanTerms, context = c) {
  const s1 = run(fresh(context), [act({ type: "give_reason", reason: "dispute" })], context);
  const s2 = run(
    s1.state,
    [{ type: "owner_countered", requestId: "r1", by: "U_OWNER", terms }],
    context,
  );
  const offerId = s2.state.status === "awaiting_confirmation" ? s2.state.pendingOfferId : "";
  return run(s2.state, [act({ type: "confirm", offerId })], context);
}

// NOW is Monday 23 November 2026, 10:00 in Paris.
const soonPlan: PlanTerms = {
  kind: "installments",
  frequency: "monthly",
  installments: [
    { seq: 1, dueDate: "2026-11-24", amountMinor: 40_000 },
    { seq: 2, dueDate: "2026-12-24", amountMinor: 40_000 },
    { seq: 3, dueDate: "2027-01-24", amountMinor: 40_000 },
  ],
};

describe("confirming terms", () => {
  it("records the agreement, tells the debtor and the owner, and is on record as within policy", () => {
    const { effects, offer, state } = agreed("cash_flow", "installments");
    expect(state).toMatchObject({
      status: "agreed",
      agreement: { offerId: offer.id, terms: offer.terms, approvedBy: null, strikes: 0 },
      offerSet: null,
      counterRounds: 0,
      promisesMade: 0,
      ladder: { stopped: true },
    });
    expect(ownerMessages(effects)).toEqual([{ kind: "agreement_reached", terms: offer.terms }]);
    expect(auditOf(effects)).toMatchObject({
      action: "agreement_recorded",
      detail: { status: "agreed", offerId: offer.id, approvedBy: null, withinPolicy: true },
    });
  });

  it("each installment's timers carry its number, so the right installment is chased", () => {
    const { effects } = agreed("cash_flow", "installments");
    const planTimers = timers(effects).filter((t) => t.kind.startsWith("installment_"));
    expect(planTimers).toHaveLength(9);
    for (const t of planTimers) {
      expect(t.key).toBe(`inst_${t.payload.seq}_${t.kind.slice("installment_".length)}`);
    }
  });

  it("an installment whose reminder day has passed gets only its due-day and check timers", () => {
    const d = agreedWithOwner(soonPlan);
    expect(d.last.ok && d.last.effects.filter((e) => e.type !== "schedule_timer")).toEqual([
      { type: "cancel_timers", kinds: ["offer_expiry"] },
      { type: "record_agreement", offerId: "o1_1", terms: soonPlan, approvedBy: "U_OWNER" },
      {
        type: "send_debtor",
        message: { kind: "agreement_confirmed", terms: soonPlan },
        automated: false,
      },
      { type: "notify_owner", message: { kind: "agreement_reached", terms: soonPlan } },
      expect.objectContaining({ type: "audit", action: "agreement_recorded" }),
    ]);
    expect(timers(d.effects).map((t) => `${t.key}@${t.at}`)).toEqual([
      // Installment 1 is due tomorrow: its reminder (two days before) would be in the past.
      "inst_1_due@2026-11-24T08:00:00.000Z",
      "inst_1_check@2026-11-27T08:00:00.000Z",
      "inst_2_reminder@2026-12-22T08:00:00.000Z",
      "inst_2_due@2026-12-24T08:00:00.000Z",
      "inst_2_check@2026-12-27T08:00:00.000Z",
      "inst_3_reminder@2027-01-22T08:00:00.000Z",
      "inst_3_due@2027-01-24T08:00:00.000Z",
      "inst_3_check@2027-01-27T08:00:00.000Z",
    ]);
  });

  it("a promise is reminded the day before at 09:00 and checked the day after; it counts as a promise made", () => {
    const { effects, offer, state } = agreed("forgot", "promise");
    const date = offer.terms.kind === "promise" ? offer.terms.date : "";
    expect(state).toMatchObject({ promisesMade: 1, agreement: { checkDate: date } });
    const day = (n: number) => {
      const d = new Date(`${date}T08:00:00.000Z`);
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString();
    };
    expect(timers(effects)).toEqual([
      {
        type: "schedule_timer",
        kind: "promise_reminder",
        key: "promise_reminder",
        at: day(-1),
        payload: { date },
      },
      {
        type: "schedule_timer",
        kind: "promise_check",
        key: "promise_check",
        at: day(1),
        payload: { date },
      },
    ]);
  });

  it("a promise for tomorrow has no reminder left to send, only its check", () => {
    const d = agreedWithOwner({ kind: "promise", date: "2026-11-24", amountMinor: 120_000 });
    expect(d.last.ok && d.last.effects.map((e) => e.type)).toEqual([
      "cancel_timers",
      "record_agreement",
      "send_debtor",
      "notify_owner",
      "schedule_timer",
      "audit",
    ]);
    expect(timers(d.effects).map((t) => `${t.key}@${t.at}`)).toEqual([
      "promise_check@2026-11-25T08:00:00.000Z",
    ]);
  });

  it("a pay-now is checked after the grace days (at least one), and is not a promised date", () => {
    const { effects, state } = agreed("forgot", "pay_now");
    expect(state).toMatchObject({ promisesMade: 0, agreement: { checkDate: "2026-11-23" } });
    expect(timers(effects)).toEqual([
      {
        type: "schedule_timer",
        kind: "promise_check",
        key: "promise_check",
        at: "2026-11-26T08:00:00.000Z",
        payload: { date: "2026-11-23" },
      },
    ]);
    const noGrace = ctx({ policy: policy({ missedInstallment: { graceDays: 0 } }) });
    const strict = agreed("forgot", "pay_now", undefined, noGrace);
    expect(timers(strict.effects).map((t) => t.at)).toEqual(["2026-11-24T08:00:00.000Z"]);
  });

  it("an offer from an older set is refused as stale, naming it", () => {
    const { state } = confirming("cash_flow", "installments");
    const refusal = refusalOf(state, act({ type: "confirm", offerId: "o0_1" }));
    expect(refusal.code).toBe("unknown_offer");
    const later = run(state, [act({ type: "decline" }), act({ type: "more_options" })]).state;
    const again = run(later, [
      act({ type: "choose_offer", offerId: later.offerSet?.offers[0]?.id ?? "" }),
    ]).state;
    if (again.status !== "awaiting_confirmation") throw new Error(again.status);
    const older = `o${(again.offerSet?.version ?? 1) - 1}_9`;
    const stale = refusalOf(again, act({ type: "confirm", offerId: older }));
    expect(stale.code).toBe("stale_offer");
    expect(stale.message).toContain(older);
  });

  it("an offer is expired from the very instant its set expires", () => {
    const { state, offer } = confirming("cash_flow", "installments");
    const expiresAt = new Date(state.offerSet?.expiresAt ?? "");
    const atExpiry = ctx({ now: expiresAt });
    const refusal = refusalOf(state, act({ type: "confirm", offerId: offer.id }), atExpiry);
    expect(refusal.code).toBe("offer_expired");
    expect(refusal.message).toContain(offer.id);
    const justBefore = ctx({ now: new Date(expiresAt.getTime() - 1) });
    expect(
      ok(decide(state, act({ type: "confirm", offerId: offer.id }), justBefore)).state.status,
    ).toBe("agreed");
  });

  it("terms outside policy are never agreed without the owner, even if a stored state says otherwise", () => {
    const { state, offer } = confirming("cash_flow", "installments");
    if (state.offerSet === null) throw new Error("no offers");
    const forged: CaseState = {
      ...state,
      offerSet: { ...state.offerSet, offers: [{ ...offer, withinPolicy: false }] },
    };
    const refusal = refusalOf(forged, act({ type: "confirm", offerId: offer.id }));
    expect(refusal).toMatchObject({
      code: "illegal_in_state",
      message: "terms outside policy need the owner's approval",
    });
  });
});

describe("payments", () => {
  it("paying in full closes the case: timers stop, both sides are told, an overpayment is on record", () => {
    const s = fresh();
    const d = ok(decide(s, pay(130_000, "VIR-9"), c));
    expect(d.effects).toEqual([
      { type: "cancel_timers" },
      { type: "send_debtor", message: { kind: "paid_in_full" }, automated: true },
      { type: "notify_owner", message: { kind: "paid_in_full" } },
      {
        type: "audit",
        action: "payment_received",
        detail: {
          status: "paid",
          amountMinor: 130_000,
          reference: "VIR-9",
          remainingMinor: 0,
          overpaidMinor: 10_000,
        },
      },
    ]);
    expect(d.state).toEqual({
      ...s,
      status: "paid",
      paidMinor: 130_000,
      ladder: { ...s.ladder, stopped: true },
    });
  });

  it("paying in full drops a formal step waiting for the owner", () => {
    const asked = run(fresh(), [{ type: "ladder_step_due", stepIndex: 5 }]).state;
    expect(asked.ladderApproval).not.toBeNull();
    const d = ok(decide(asked, pay(120_000), c));
    expect(d.state).toMatchObject({ status: "paid", ladderApproval: null, offerSet: null });
  });

  it("an agreed discount counts: paying the discounted amount settles, and more is an overpayment", () => {
    const discounted: PlanTerms = { kind: "pay_now", amountMinor: 100_000, discountMinor: 20_000 };
    const s = agreedWithOwner(discounted).state;
    const d = ok(decide(s, pay(105_000), c));
    expect(d.state.status).toBe("paid");
    expect(auditOf(d.effects)?.detail).toMatchObject({ overpaidMinor: 5_000, remainingMinor: 0 });
  });

  it("while a person handles the case, payments are counted but the bot says nothing to the debtor", () => {
    const taken = run(fresh(), [{ type: "human_takeover", by: "U_OWNER" }]).state;
    const part = ok(decide(taken, pay(20_000), c));
    expect(part.effects).toEqual([
      { type: "cancel_timers", kinds: ["ladder_step"] },
      expect.objectContaining({ type: "audit", action: "payment_received" }),
    ]);
    expect(part.state.paidMinor).toBe(20_000);
    const full = ok(decide(part.state, pay(100_000), c));
    expect(full.state.status).toBe("paid");
    expect(full.effects).toEqual([
      { type: "cancel_timers" },
      { type: "notify_owner", message: { kind: "paid_in_full" } },
      expect.objectContaining({ type: "audit", action: "payment_received" }),
    ]);
  });

  it("a payment must be a positive whole number of minor units", () => {
    const zero = refusalOf(fresh(), pay(0));
    expect(zero.code).toBe("negative_amount");
    expect(zero.message).toContain("0");
    expect(refusalOf(fresh(), pay(10.5))).toMatchObject({
      code: "invalid_event",
      message: "a payment is an integer of minor units",
    });
  });

  it("a part payment while terms await confirmation withdraws them: the amount changed", () => {
    const { state } = confirming("cash_flow", "installments");
    const d = ok(decide(state, pay(20_000, "p1"), c));
    expect(d.state).toMatchObject({ status: "offering", offerSet: null, paidMinor: 20_000 });
    expect(cancels(d.effects)).toContainEqual({ type: "cancel_timers", kinds: ["offer_expiry"] });
    expect(debtorSends(d.effects)).toEqual([
      {
        type: "send_debtor",
        message: { kind: "payment_thanks", receivedMinor: 20_000, remainingMinor: 100_000 },
        automated: true,
      },
    ]);
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "payment_received",
      detail: { status: "offering", amountMinor: 20_000, reference: "p1", remainingMinor: 100_000 },
    });
  });

  it("a payment covering installments cancels their reminders and due-day messages, not their checks", () => {
    const plan = agreed("cash_flow", "installments").state;
    const covers1 = ok(decide(plan, pay(40_000), c));
    expect(covers1.state.status).toBe("agreed");
    expect(cancels(covers1.effects)).toEqual([
      {
        type: "cancel_timers",
        kinds: ["installment_reminder", "installment_due"],
        keys: ["inst_1_reminder", "inst_1_due"],
      },
    ]);
    // 50 € more does not cover installment 2 yet; 30 € after that does, and only installment 2.
    const partly = ok(decide(covers1.state, pay(5_000), c));
    expect(partly.effects.map((e) => e.type)).toEqual(["send_debtor", "audit"]);
    const covers2 = ok(decide(partly.state, pay(35_000), c));
    expect(cancels(covers2.effects)).toEqual([
      {
        type: "cancel_timers",
        kinds: ["installment_reminder", "installment_due"],
        keys: ["inst_2_reminder", "inst_2_due"],
      },
    ]);
    // One payment covering two installments cancels both.
    const both = ok(decide(plan, pay(80_000), c));
    expect(cancels(both.effects)[0]?.keys).toEqual([
      "inst_1_reminder",
      "inst_1_due",
      "inst_2_reminder",
      "inst_2_due",
    ]);
  });

  it("a part payment on a promise cancels no installment timers", () => {
    const promised = agreed("forgot", "promise").state;
    const d = ok(decide(promised, pay(20_000), c));
    expect(d.state.status).toBe("agreed");
    expect(d.effects.map((e) => e.type)).toEqual(["send_debtor", "audit"]);
  });

  it("only payments made after the agreement count towards its installments", () => {
    const before = run(fresh(), [pay(30_000)]).state;
    const plan = agreed("cash_flow", "installments", before).state;
    if (plan.status !== "agreed" || plan.agreement.terms.kind !== "installments") {
      throw new Error("no plan");
    }
    expect(plan.agreement.paidBeforeMinor).toBe(30_000);
    const first = plan.agreement.terms.installments[0];
    // Nothing paid since the agreement: installment 1 is reminded.
    const reminded = run(plan, [{ type: "installment_reminder", seq: 1 }]);
    expect(debtorMessages(reminded.effects)).toEqual([
      { kind: "installment_reminder", installment: first },
    ]);
    // Paying installment 1 covers it, and not more.
    const paid = run(plan, [pay(first?.amountMinor ?? 0)]).state;
    expect(debtorMessages(run(paid, [{ type: "installment_due", seq: 1 }]).effects)).toEqual([]);
    expect(debtorMessages(run(paid, [{ type: "installment_due", seq: 2 }]).effects)).toHaveLength(
      1,
    );
  });
});

describe("installment timers", () => {
  const plan = () => agreed("cash_flow", "installments").state;

  it("chase the installment they name", () => {
    const s = plan();
    const terms = s.status === "agreed" ? s.agreement.terms : null;
    const second = terms?.kind === "installments" ? terms.installments[1] : undefined;
    const d = ok(decide(s, { type: "installment_due", seq: 2 }, c));
    expect(debtorSends(d.effects)).toEqual([
      {
        type: "send_debtor",
        message: { kind: "installment_due", installment: second },
        automated: true,
      },
    ]);
    expect(auditOf(d.effects)).toMatchObject({
      action: "installment_due_sent",
      detail: { seq: 2 },
    });
  });

  it("for an installment the plan does not have, or without a running plan, are stale", () => {
    for (const seq of [9, 0]) {
      const refusal = refusalOf(plan(), { type: "installment_reminder", seq });
      expect(refusal.code).toBe("stale_timer");
      expect(refusal.message).toContain(String(seq));
    }
    const promised = agreed("forgot", "promise").state;
    expect(refusalOf(promised, { type: "installment_check", seq: 1 }).code).toBe("stale_timer");
    const offering = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]).state;
    expect(refusalOf(offering, { type: "installment_check", seq: 1 }).code).toBe("stale_timer");
  });

  it("say nothing about an installment already paid, and say so in the audit", () => {
    const paid = run(plan(), [pay(40_000)]).state;
    for (const type of ["installment_reminder", "installment_due"] as const) {
      const d = ok(decide(paid, { type, seq: 1 }, c));
      expect(d.effects).toEqual([
        {
          type: "audit",
          action: `${type}_skipped`,
          detail: { status: "agreed", seq: 1, covered: true },
        },
      ]);
    }
  });

  it("a paid installment's check clears an earlier miss, silently", () => {
    const missed = run(plan(), [{ type: "installment_check", seq: 1 }]);
    expect(missed.state.status === "agreed" && missed.state.agreement.strikes).toBe(1);
    expect(debtorMessages(missed.effects)).toMatchObject([
      { kind: "installment_missed", installment: { seq: 1 }, offers: [] },
    ]);
    expect(auditOf(missed.effects)).toMatchObject({
      action: "installment_missed",
      detail: { seq: 1, strikes: 1 },
    });
    const caughtUp = run(missed.state, [pay(80_000)]).state;
    const d = ok(decide(caughtUp, { type: "installment_check", seq: 2 }, c));
    expect(d.state.status === "agreed" && d.state.agreement.strikes).toBe(0);
    expect(d.effects).toEqual([
      { type: "audit", action: "installment_paid", detail: { status: "agreed", seq: 2 } },
    ]);
  });

  it("a broken plan stops every installment timer and is on record with its strikes", () => {
    const missed = run(plan(), [{ type: "installment_check", seq: 1 }]).state;
    const d = ok(decide(missed, { type: "installment_check", seq: 2 }, c));
    expect(cancels(d.effects)[0]).toEqual({
      type: "cancel_timers",
      kinds: ["installment_reminder", "installment_due", "installment_check"],
    });
    expect(auditOf(d.effects)).toMatchObject({
      action: "plan_broken",
      detail: { status: "offering", seq: 2, strikes: 2 },
    });
  });
});

describe("promise timers", () => {
  function promised() {
    const { state, offer } = agreed("forgot", "promise");
    return { state, date: offer.terms.kind === "promise" ? offer.terms.date : "" };
  }

  it("the day before, the debtor is reminded of what is due", () => {
    const { state, date } = promised();
    const d = ok(decide(state, { type: "promise_reminder", date }, c));
    expect(debtorSends(d.effects)).toEqual([
      {
        type: "send_debtor",
        message: { kind: "promise_reminder", date, amountMinor: 120_000 },
        automated: true,
      },
    ]);
    expect(auditOf(d.effects)).toMatchObject({ action: "promise_reminder_sent", detail: { date } });
  });

  it("for another date, or without a running promise, are stale", () => {
    const { state, date } = promised();
    const other = refusalOf(state, { type: "promise_check", date: "2027-06-01" });
    expect(other).toMatchObject({ code: "stale_timer" });
    expect(other.message).toContain("2027-06-01");
    expect(refusalOf(fresh(), { type: "promise_check", date }).code).toBe("stale_timer");
  });

  it("a promise kept for the amount promised is not chased, even if more became due since", () => {
    const { state, date } = promised();
    const kept = run(state, [pay(120_000)], ctx()).state;
    expect(kept.status).toBe("paid");
    // The invoice was corrected upwards after the promise: 300 € more are owed, not promised.
    const corrected = ctx({
      facts: { ...FACTS, invoice: { ...FACTS.invoice, amountMinor: 150_000 } },
    });
    const stillOwed = run(state, [pay(120_000)], corrected).state;
    expect(stillOwed.status).toBe("agreed");
    const reminder = ok(decide(stillOwed, { type: "promise_reminder", date }, corrected));
    expect(reminder.effects).toEqual([
      {
        type: "audit",
        action: "promise_reminder_skipped",
        detail: { status: "agreed", date },
      },
    ]);
    const check = ok(decide(stillOwed, { type: "promise_check", date }, corrected));
    expect(check.effects).toEqual([
      { type: "audit", action: "promise_kept", detail: { status: "agreed", date } },
    ]);
    // One cent short is not kept.
    const short = run(state, [pay(119_999)], corrected).state;
    expect(ok(decide(short, { type: "promise_check", date }, corrected)).state.status).toBe(
      "offering",
    );
  });

  it("a broken promise stops the promise timers, offers again, and counts towards plans only", () => {
    const { state, date } = promised();
    const d = ok(decide(state, { type: "promise_check", date }, c));
    expect(cancels(d.effects)[0]).toEqual({
      type: "cancel_timers",
      kinds: ["promise_reminder", "promise_check"],
    });
    const offers = d.state.offerSet?.offers ?? [];
    expect(debtorMessages(d.effects)).toEqual([
      { kind: "promise_missed", amountDueMinor: 120_000, date },
      { kind: "offers", offers, reason: "forgot" },
    ]);
    expect(d.state.promisesBroken).toBe(1);
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "promise_broken",
      detail: { status: "offering", date, promisesBroken: 1 },
    });
  });

  it("the second broken promise leaves only plans, and says so", () => {
    const first = promised();
    const broken = run(first.state, [{ type: "promise_check", date: first.date }]).state;
    const second = agreed("forgot", "promise", broken);
    const date = second.offer.terms.kind === "promise" ? second.offer.terms.date : "";
    const d = ok(decide(second.state, { type: "promise_check", date }, c));
    expect(debtorMessages(d.effects)[0]).toMatchObject({ kind: "promise_missed", plansOnly: true });
    expect(auditOf(d.effects)?.detail).toMatchObject({ promisesBroken: 2, plansOnly: true });
  });

  it("an unpaid pay-now goes back to negotiation but is not a broken promise", () => {
    const { state } = agreed("forgot", "pay_now");
    const d = ok(decide(state, { type: "promise_check", date: "2026-11-23" }, c));
    expect(d.state.status).toBe("offering");
    expect(d.state.promisesBroken ?? 0).toBe(0);
  });
});

describe("the owner checks an 'already paid' claim", () => {
  const claimed = () => run(fresh(), [act({ type: "give_reason", reason: "already_paid" })]).state;

  it("found: the case is paid in full, timers stop, the debtor is thanked, the owner is on record", () => {
    const s = claimed();
    const d = ok(decide(s, { type: "owner_payment_check", received: true, by: "U_OWNER" }, c));
    expect(d.state).toEqual({ ...s, status: "paid", paidMinor: 120_000, offerSet: null });
    expect(d.effects).toEqual([
      { type: "cancel_timers" },
      { type: "send_debtor", message: { kind: "paid_in_full" }, automated: false },
      {
        type: "audit",
        action: "payment_confirmed_by_owner",
        detail: { status: "paid", by: "U_OWNER" },
      },
    ]);
  });

  it("found after a part payment: the total paid is the invoice, not more", () => {
    const s = run(fresh(), [pay(20_000), act({ type: "give_reason", reason: "already_paid" })]);
    const d = ok(
      decide(s.state, { type: "owner_payment_check", received: true, by: "U_OWNER" }, c),
    );
    expect(d.state.paidMinor).toBe(120_000);
  });

  it("found, with a discount the owner granted earlier: what was owed after the discount is paid", () => {
    const discounted: PlanTerms = { kind: "pay_now", amountMinor: 100_000, discountMinor: 20_000 };
    const s = agreedWithOwner(discounted).state;
    const date = s.status === "agreed" ? (s.agreement.checkDate ?? "") : "";
    const claim = run(s, [
      { type: "promise_check", date },
      act({ type: "give_reason", reason: "already_paid" }),
    ]).state;
    const d = ok(decide(claim, { type: "owner_payment_check", received: true, by: "U_OWNER" }, c));
    expect(d.state).toMatchObject({ status: "paid", paidMinor: 100_000, discountMinor: 20_000 });
  });

  it("not found: the debtor hears what is due and gets offers again", () => {
    const d = ok(
      decide(claimed(), { type: "owner_payment_check", received: false, by: "U_OWNER" }, c),
    );
    const offers = d.state.offerSet?.offers ?? [];
    expect(d.state.status).toBe("offering");
    expect(debtorMessages(d.effects)).toEqual([
      { kind: "payment_not_found", amountDueMinor: 120_000 },
      { kind: "offers", offers, reason: null },
    ]);
    expect(auditOf(d.effects)).toMatchObject({
      action: "payment_not_found_by_owner",
      detail: { by: "U_OWNER" },
    });
  });

  it("without a claim being checked, the owner's answer is refused", () => {
    const refusal = refusalOf(fresh(), {
      type: "owner_payment_check",
      received: true,
      by: "U_OWNER",
    });
    expect(refusal.code).toBe("illegal_in_state");
    expect(refusal.message).toContain("scheduled");
  });
});
