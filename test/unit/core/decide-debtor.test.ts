import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { decide } from "../../../src/core/decide.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { act, ctx, debtorMessages, fresh, NOW, ok, policy, run, text } from "./fixtures.ts";

/**
 * What the debtor's buttons and words do, case by case: what they are told, what the owner is
 * told, which status follows and what the audit trail says.
 */

const c = ctx();

function ownerMessages(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "notify_owner" ? [e.message] : []));
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

const disputed = () => run(fresh(), [act({ type: "give_reason", reason: "dispute" })]).state;
const claimed = () => run(fresh(), [act({ type: "give_reason", reason: "already_paid" })]).state;
const offering = () => run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]).state;

describe("while the owner looks into a dispute or a payment claim", () => {
  it("anything the debtor writes about a dispute goes to the owner with the request, and is acknowledged", () => {
    const s = disputed();
    const d = ok(decide(s, text("la porte ne ferme pas", { intent: "cash_flow" }), c));
    expect(d.state).toEqual(s);
    expect(d.effects).toEqual([
      {
        type: "notify_owner",
        message: { kind: "dispute", text: "la porte ne ferme pas", requestId: "r1" },
      },
      { type: "send_debtor", message: { kind: "dispute_ack" }, automated: false },
      { type: "audit", action: "dispute_details", detail: { status: "disputed" } },
    ]);
  });

  it("details of a payment claim go to the owner, and are acknowledged", () => {
    const s = claimed();
    const d = ok(decide(s, text("virement du 12/11", { intent: "unknown" }), c));
    expect(d.state).toEqual(s);
    expect(d.effects).toEqual([
      { type: "notify_owner", message: { kind: "already_paid_claim", text: "virement du 12/11" } },
      { type: "send_debtor", message: { kind: "already_paid_ack" }, automated: false },
      {
        type: "audit",
        action: "already_paid_details",
        detail: { status: "awaiting_payment_check" },
      },
    ]);
  });

  it("'stop' and 'a person' are still honoured, not forwarded as details", () => {
    const stop = ok(decide(disputed(), text("stop", { intent: "stop" }), c));
    expect(stop.state.optedOut).toBe(true);
    expect(ownerMessages(stop.effects)).toEqual([{ kind: "opted_out" }]);
    const human = ok(decide(claimed(), text("un humain svp", { intent: "human" }), c));
    expect(ownerMessages(human.effects)).toEqual([
      { kind: "human_requested", text: "un humain svp" },
    ]);
    expect(debtorMessages(human.effects)).toEqual([{ kind: "human_handover" }]);
  });
});

describe("reasons", () => {
  it("never received: the invoice details are sent; before any talk the case counts as reminded", () => {
    const d = ok(decide(fresh(), act({ type: "give_reason", reason: "not_received" }), c));
    expect(d.state).toMatchObject({ status: "reminded", reason: "not_received" });
    expect(debtorMessages(d.effects)).toEqual([
      { kind: "invoice_details", amountDueMinor: 120_000, dueDate: "2026-11-10" },
    ]);
    const asked = run(fresh(), [{ type: "ladder_step_due", stepIndex: 3 }]).state;
    const fromOffers = ok(decide(asked, act({ type: "give_reason", reason: "not_received" }), c));
    expect(fromOffers.state).toMatchObject({ status: "offering", reason: "not_received" });
    expect(fromOffers.state.offerSet).toEqual(asked.offerSet);
  });

  it("a dispute stops the ladder, withdraws the offers and asks the owner", () => {
    const s = offering();
    const d = ok(decide(s, act({ type: "give_reason", reason: "dispute" }), c));
    expect(d.state).toMatchObject({
      status: "disputed",
      requestId: "r1",
      requestCount: 1,
      offerSet: null,
      ladder: { stopped: true },
      reason: "dispute",
    });
    expect(d.effects).toEqual([
      { type: "cancel_timers", kinds: ["ladder_step"] },
      { type: "cancel_timers", kinds: ["offer_expiry"] },
      { type: "send_debtor", message: { kind: "dispute_ack" }, automated: false },
      { type: "notify_owner", message: { kind: "dispute", text: null, requestId: "r1" } },
      {
        type: "audit",
        action: "reason_given",
        detail: { status: "disputed", reason: "dispute", requestId: "r1" },
      },
    ]);
  });

  it("already paid: the ladder stops, the offers go, the debtor is asked for details, the owner told", () => {
    const d = ok(decide(offering(), act({ type: "give_reason", reason: "already_paid" }), c));
    expect(d.state).toMatchObject({
      status: "awaiting_payment_check",
      offerSet: null,
      ladder: { stopped: true },
      reason: "already_paid",
    });
    expect(d.effects).toEqual([
      { type: "cancel_timers", kinds: ["ladder_step"] },
      { type: "cancel_timers", kinds: ["offer_expiry"] },
      { type: "send_debtor", message: { kind: "already_paid_ask_details" }, automated: false },
      { type: "notify_owner", message: { kind: "already_paid_claim", text: null } },
      {
        type: "audit",
        action: "reason_given",
        detail: { status: "awaiting_payment_check", reason: "already_paid" },
      },
    ]);
  });

  it("forgot: the payment methods first, then the offers", () => {
    const d = ok(decide(fresh(), act({ type: "give_reason", reason: "forgot" }), c));
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["payment_methods", "offers"]);
    expect(debtorMessages(d.effects)[0]).toEqual({
      kind: "payment_methods",
      amountDueMinor: 120_000,
    });
  });
});

describe("buttons", () => {
  it("pay now: the payment methods for what is left to pay", () => {
    const part = run(fresh(), [
      {
        type: "payment_received",
        amountMinor: 20_000,
        reference: "p",
        receivedAt: NOW.toISOString(),
      },
    ]).state;
    const d = ok(decide(part, act({ type: "pay_now" }), c));
    expect(d.state).toEqual(part);
    expect(d.effects).toEqual([
      {
        type: "send_debtor",
        message: { kind: "payment_methods", amountDueMinor: 100_000 },
        automated: false,
      },
      { type: "audit", action: "debtor_pay_now", detail: { status: part.status } },
    ]);
  });

  it("a person: the owner is asked, the debtor told; the bot keeps the case until someone takes it", () => {
    const s = offering();
    const d = ok(decide(s, act({ type: "ask_human" }), c));
    expect(d.state).toEqual(s);
    expect(d.effects).toEqual([
      { type: "notify_owner", message: { kind: "human_requested", text: null } },
      { type: "send_debtor", message: { kind: "human_handover" }, automated: false },
      { type: "audit", action: "debtor_asked_human", detail: { status: "offering" } },
    ]);
  });

  it("no, or a counter-offer: the debtor is asked what they can do", () => {
    for (const type of ["decline", "counter_offer"] as const) {
      const d = ok(decide(offering(), act({ type }), c));
      expect(d.state.status).toBe("offering");
      expect(debtorMessages(d.effects)).toEqual([{ kind: "ask_counter_offer" }]);
      expect(auditOf(d.effects)?.action).toBe(`debtor_${type}`);
    }
  });

  it("more options: a new set of in-policy offers, on record", () => {
    const s = offering();
    const d = ok(decide(s, act({ type: "more_options" }), c));
    expect(d.state.status).toBe("offering");
    expect(auditOf(d.effects)).toMatchObject({
      action: "debtor_more_options",
      detail: { reason: "cash_flow", offerSetVersion: d.state.offerVersion },
    });
  });

  it("negotiating buttons are refused once an agreement runs, naming the state", () => {
    const plan = offering();
    const id = plan.offerSet?.offers[0]?.id ?? "";
    const agreed = run(plan, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
    for (const action of [
      act({ type: "give_reason", reason: "forgot" }),
      act({ type: "choose_offer", offerId: id }),
      act({ type: "decline" }),
      act({ type: "counter_offer" }),
      act({ type: "more_options" }),
      act({ type: "align_payday" }),
      act({ type: "propose", proposal: { amountPerPeriodMinor: 10_000, period: "month" } }),
    ]) {
      const refusal = refusalOf(agreed, action);
      expect(refusal.code).toBe("illegal_in_state");
      expect(refusal.message).toContain("agreed");
    }
  });
});

describe("opting out", () => {
  it("while negotiating: one confirmation, the owner told, the ladder stopped, status opted out", () => {
    const s = offering();
    const d = ok(decide(s, { type: "opt_out", channel: "telegram" }, c));
    expect(d.state).toMatchObject({
      status: "opted_out",
      optedOut: true,
      ladder: { stopped: true },
    });
    expect(d.effects).toEqual([
      { type: "cancel_timers", kinds: ["ladder_step"] },
      { type: "send_debtor", message: { kind: "opted_out" }, automated: false },
      { type: "notify_owner", message: { kind: "opted_out" } },
      { type: "audit", action: "opted_out", detail: { status: "opted_out", source: "telegram" } },
    ]);
    expect(refusalOf(d.state, { type: "opt_out", channel: "telegram" }).code).toBe("opted_out");
  });

  it("during an agreement: the agreement keeps running, only the messages stop", () => {
    const plan = offering();
    const id = plan.offerSet?.offers[0]?.id ?? "";
    const agreed = run(plan, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
    const d = ok(decide(agreed, text("stop", { intent: "stop" }), c));
    expect(d.state).toMatchObject({ status: "agreed", optedOut: true });
    expect(auditOf(d.effects)?.detail).toMatchObject({ source: "debtor" });
  });
});

describe("choosing an offer while the owner is asked", () => {
  it("withdraws the question to the owner: its timer stops, a late answer is refused", () => {
    const noDown = ctx({
      policy: policy({
        installments: {
          maxCount: 6,
          downPaymentAboveCount: 10,
          frequencies: ["monthly"],
          minInstallmentMinor: 5_000,
          maxPlanDays: 180,
          minDownPaymentPercent: 20,
        },
      }),
    });
    const asked = run(
      fresh(noDown),
      [act({ type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } })],
      noDown,
    ).state;
    expect(asked.status).toBe("awaiting_owner");
    const closest = asked.offerSet?.offers[0];
    if (closest === undefined) throw new Error("no closest offer shown");
    const d = ok(decide(asked, act({ type: "choose_offer", offerId: closest.id }), noDown));
    expect(d.state).toMatchObject({ status: "awaiting_confirmation", pendingOfferId: closest.id });
    expect(d.effects[0]).toEqual({
      type: "cancel_timers",
      kinds: ["approval_timeout"],
      keys: ["approval_r1"],
    });
    expect(d.effects.at(-1)).toEqual({
      type: "audit",
      action: "approval_withdrawn",
      detail: { requestId: "r1", offerId: closest.id },
    });
    expect(
      refusalOf(d.state, { type: "owner_approved", requestId: "r1", by: "U_OWNER" }, noDown).code,
    ).toBe("unknown_request");
    // An unknown offer is refused as such, and the question to the owner stands.
    expect(refusalOf(asked, act({ type: "choose_offer", offerId: "o9_9" }), noDown).code).toBe(
      "unknown_offer",
    );
  });
});

describe("words", () => {
  it("'oui' with nothing to confirm is not understood: the buttons come again", () => {
    const d = ok(decide(offering(), text("oui", { intent: "accept" }), c));
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["not_understood"]);
  });

  it("'oui' on a confirmation card confirms exactly its terms", () => {
    const s = offering();
    const id = s.offerSet?.offers[0]?.id ?? "";
    const confirming = run(s, [act({ type: "choose_offer", offerId: id })]).state;
    const d = ok(decide(confirming, text("oui je confirme", { intent: "accept" }), c));
    expect(d.state).toMatchObject({ status: "agreed", agreement: { offerId: id } });
  });

  it("'non' is a decline; 'un humain' asks for a person", () => {
    const no = ok(decide(offering(), text("non", { intent: "decline" }), c));
    expect(debtorMessages(no.effects)).toEqual([{ kind: "ask_counter_offer" }]);
    const human = ok(decide(offering(), text("un humain", { intent: "human" }), c));
    expect(ownerMessages(human.effects)).toEqual([{ kind: "human_requested", text: "un humain" }]);
  });

  it("'je vais payer' without a date asks what the debtor can do", () => {
    const d = ok(decide(offering(), text("je vais payer", { intent: "promise" }), c));
    expect(debtorMessages(d.effects)).toEqual([{ kind: "ask_counter_offer" }]);
  });

  it("'en plusieurs fois' without figures shows the plans", () => {
    const d = ok(decide(fresh(), text("en plusieurs fois", { intent: "installments" }), c));
    expect(d.state).toMatchObject({ status: "offering", reason: "cash_flow" });
  });

  it("'j'ai déjà payé, le reste le 5 décembre' asks for details and keeps the day for the rest", () => {
    const d = ok(
      decide(
        fresh(),
        text("j'ai déjà payé, le reste le 5 décembre", {
          intent: "already_paid",
          date: "2026-12-05",
        }),
        c,
      ),
    );
    expect(debtorMessages(d.effects)).toEqual([
      { kind: "already_paid_ask_details", restDate: "2026-12-05" },
    ]);
    // A day already past is not a day for the rest.
    const past = ok(
      decide(fresh(), text("j'ai payé le 20", { intent: "already_paid", date: "2026-11-20" }), c),
    );
    expect(debtorMessages(past.effects)).toEqual([{ kind: "already_paid_ask_details" }]);
    const today = ok(
      decide(fresh(), text("payé aujourd'hui", { intent: "already_paid", date: "2026-11-23" }), c),
    );
    expect(debtorMessages(today.effects)).toEqual([{ kind: "already_paid_ask_details" }]);
  });
});
