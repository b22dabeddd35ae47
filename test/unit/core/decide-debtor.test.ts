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
    expect(refusalOf(d.state, { type: "opt_out", channel: "telegram" })).toMatchObject({
      code: "opted_out",
      message: "the debtor already opted out",
    });
    const button = ok(decide(offering(), act({ type: "stop" }), c));
    expect(auditOf(button.effects)?.detail).toMatchObject({ source: "debtor" });
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

describe("while a promise runs", () => {
  function promised(): CaseState {
    const shown = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]).state;
    const id = shown.offerSet?.offers.find((o) => o.terms.kind === "promise")?.id ?? "";
    return run(shown, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
  }

  it("'confirm' or 'no' with no new date proposed are refused", () => {
    const s = promised();
    const confirm = refusalOf(s, act({ type: "confirm", offerId: "o1_2" }));
    expect(confirm.code).toBe("not_awaiting_confirmation");
    expect(confirm.message).toContain("agreed");
    expect(refusalOf(s, act({ type: "decline" })).code).toBe("illegal_in_state");
  });

  it("a proposal with more than a date is not a move of the promise", () => {
    const s = promised();
    for (const extra of [
      { amountPerPeriodMinor: 10_000 },
      { count: 3 },
      { downPaymentMinor: 10_000 },
    ]) {
      const refusal = refusalOf(
        s,
        act({ type: "propose", proposal: { date: "2026-12-10", ...extra } }),
      );
      expect(refusal.code).toBe("illegal_in_state");
    }
  });

  it("'je vais payer' without a date, or an unsure reading, gets the buttons again", () => {
    const s = promised();
    const vague = ok(decide(s, text("je vais payer", { intent: "promise" }), c));
    expect(debtorMessages(vague.effects).map((m) => m.kind)).toEqual(["not_understood"]);
    expect(vague.state.status).toBe("agreed");
  });

  it("'je suis payé le 5' moves the promise to the next payday", () => {
    const s = promised();
    const d = ok(
      decide(
        s,
        text("je suis payé le 5", {
          intent: "unknown",
          payday: { rule: { kind: "day_of_month", day: 5 }, stated: true },
        }),
        c,
      ),
    );
    const card = debtorMessages(d.effects).find((m) => m.kind === "confirm_terms");
    expect(card).toMatchObject({ offer: { terms: { kind: "promise", date: "2026-12-07" } } });
  });
});

describe("the payday, in words", () => {
  it("'100 € par mois, je suis payé le 5': the plan is read with the payday, which is remembered", () => {
    const d = ok(
      decide(
        offering(),
        text("40 000 par mois, je suis payé le 5", {
          intent: "installments",
          amount: 40_000,
          period: "month",
          date: "2026-12-01",
          payday: { rule: { kind: "day_of_month", day: 5 }, stated: true },
        }),
        c,
      ),
    );
    expect(d.state).toMatchObject({ payday: { kind: "day_of_month", day: 5 }, askedPayday: false });
    expect(d.effects[0]).toEqual({
      type: "audit",
      action: "payday_noted",
      detail: { payday: { kind: "day_of_month", day: 5 } },
    });
    const card = debtorMessages(d.effects).find((m) => m.kind === "confirm_terms");
    const dates =
      card?.kind === "confirm_terms" && card.offer.terms.kind === "installments"
        ? card.offer.terms.installments.map((i) => i.dueDate.slice(8))
        : [];
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((day) => day >= "05" && day <= "08")).toBe(true);
  });

  it("'je suis payé le 5' alone shows the offers on that payday", () => {
    const d = ok(
      decide(
        offering(),
        text("je suis payé le 5", {
          intent: "unknown",
          payday: { rule: { kind: "day_of_month", day: 5 }, stated: true },
        }),
        c,
      ),
    );
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["payday_noted", "offers"]);
    expect(auditOf(d.effects)).toMatchObject({
      action: "payday_noted",
      detail: { payday: { kind: "day_of_month", day: 5 } },
    });
  });

  it("as the answer to 'when are you paid?', a bare day is the payday", () => {
    const asked = run(offering(), [act({ type: "align_payday" })]);
    expect(auditOf(asked.last.ok ? asked.last.effects : [])?.action).toBe("payday_asked");
    const d = ok(decide(asked.state, text("le 10", { intent: "unknown", date: "2026-12-10" }), c));
    expect(d.state.payday).toEqual({ kind: "day_of_month", day: 10 });
    const named = ok(
      decide(
        asked.state,
        text("fin du mois", {
          intent: "unknown",
          payday: { rule: { kind: "month_end" }, stated: false },
        }),
        c,
      ),
    );
    expect(named.state.payday).toEqual({ kind: "month_end" });
  });

  it("'stop' naming a day stops, it does not set a payday", () => {
    const asked = run(offering(), [act({ type: "align_payday" })]).state;
    const d = ok(decide(asked, text("stop le 10", { intent: "stop", date: "2026-12-10" }), c));
    expect(d.state.optedOut).toBe(true);
    expect(d.state.payday).toBeUndefined();
  });
});

describe("more words", () => {
  it("'en 4 fois' is a proposal of four payments, on record as the debtor said it", () => {
    const d = ok(decide(fresh(), text("en 4 fois", { intent: "installments", count: 4 }), c));
    expect(d.state.status).toBe("awaiting_confirmation");
    // Exactly what was said: no period or date the debtor did not give.
    expect(auditOf(d.effects)).toMatchObject({ action: "proposal_accepted" });
    expect(auditOf(d.effects)?.detail).toEqual(expect.objectContaining({ proposal: { count: 4 } }));
  });

  it("'j'ai déjà payé, le reste le 5' during a running plan gets the buttons again", () => {
    const plan = offering();
    const id = plan.offerSet?.offers[0]?.id ?? "";
    const agreed = run(plan, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
    const d = ok(
      decide(
        agreed,
        text("déjà payé, le reste le 5", { intent: "already_paid", date: "2026-12-05" }),
        c,
      ),
    );
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["not_understood"]);
  });

  it("a message not understood on a confirmation card shows the card's actions, not the other offers", () => {
    const s = offering();
    const id = s.offerSet?.offers[0]?.id ?? "";
    const confirming = run(s, [act({ type: "choose_offer", offerId: id })]).state;
    const d = ok(decide(confirming, text("hein ?", { intent: "unknown" }), c));
    const [message] = debtorMessages(d.effects);
    expect(message?.kind).toBe("not_understood");
    expect(message).not.toHaveProperty("offers");
    expect(auditOf(d.effects)).toMatchObject({
      action: "text_not_understood",
      detail: { intent: "unknown", misreads: 1 },
    });
  });

  it("the third message in a row not understood goes to a person, on record", () => {
    const junk = text("???", { intent: "unknown" });
    const twice = run(offering(), [junk, junk]).state;
    const d = ok(decide(twice, junk, c));
    expect(d.state.misreads).toBe(0);
    expect(auditOf(d.effects)).toMatchObject({
      action: "handover_after_misreads",
      detail: { intent: "unknown", misreads: 3 },
    });
  });

  it("a reading the bot is unsure of is checked, on record with its guess", () => {
    const d = ok(decide(offering(), text("200", { intent: "installments", amount: 20_000 }), c));
    expect(auditOf(d.effects)).toMatchObject({
      action: "text_checked",
      detail: { intent: "installments", guess: { amountPerPeriodMinor: 20_000 } },
    });
  });
});

describe("choosing", () => {
  it("an offer is chosen until the very instant its set expires", () => {
    const s = offering();
    const offer = s.offerSet?.offers[0];
    const at = new Date(s.offerSet?.expiresAt ?? "");
    const chosen = ok(
      decide(
        s,
        act({ type: "choose_offer", offerId: offer?.id ?? "" }),
        ctx({ now: new Date(at.getTime() - 1) }),
      ),
    );
    expect(auditOf(chosen.effects)).toMatchObject({
      action: "offer_chosen",
      detail: { offerId: offer?.id },
    });
    const late = refusalOf(
      s,
      act({ type: "choose_offer", offerId: offer?.id ?? "" }),
      ctx({ now: at }),
    );
    expect(late.code).toBe("offer_expired");
    expect(late.message).toContain(offer?.id ?? "");
    const unknown = refusalOf(s, act({ type: "choose_offer", offerId: "o7_7" }));
    expect(unknown.message).toContain("o7_7");
  });

  it("never received, said while the bot waits for a reason: the case counts as reminded", () => {
    const early = ctx({ now: new Date("2026-10-01T10:00:00Z") });
    const asked = run(fresh(early), [{ type: "ladder_step_due", stepIndex: 2 }], early).state;
    expect(asked.status).toBe("awaiting_reason");
    const d = ok(decide(asked, act({ type: "give_reason", reason: "not_received" }), early));
    expect(d.state).toMatchObject({ status: "reminded", reason: "not_received" });
    expect(auditOf(d.effects)).toMatchObject({
      action: "reason_given",
      detail: { reason: "not_received" },
    });
  });
});

describe("the payday, by button, while terms await confirmation", () => {
  const day5 = { kind: "day_of_month", day: 5 } as const;

  function confirmingPlan(): CaseState {
    const s = offering();
    const id = s.offerSet?.offers.find((o) => o.terms.kind === "installments")?.id ?? "";
    return run(s, [act({ type: "choose_offer", offerId: id })]).state;
  }

  it("an in-policy plan moves onto the payday: a new card, on record with its offer", () => {
    const d = ok(decide(confirmingPlan(), act({ type: "set_payday", payday: day5 }), c));
    const offerId = d.state.status === "awaiting_confirmation" ? d.state.pendingOfferId : "";
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["payday_noted", "confirm_terms"]);
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "payday_noted",
      detail: { status: "awaiting_confirmation", payday: day5, offerId },
    });
  });

  it("terms the owner approved are shown again as they are: only the owner changes them", () => {
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
    const approved = run(
      fresh(noDown),
      [
        act({ type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } }),
        { type: "owner_approved", requestId: "r1", by: "U_OWNER" },
      ],
      noDown,
    ).state;
    if (approved.status !== "awaiting_confirmation") throw new Error(approved.status);
    const offer = approved.offerSet?.offers[0];
    const d = ok(decide(approved, act({ type: "set_payday", payday: day5 }), noDown));
    expect(d.state).toMatchObject({ pendingOfferId: approved.pendingOfferId, payday: day5 });
    expect(debtorMessages(d.effects)).toEqual([{ kind: "confirm_terms", offer }]);
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "payday_noted",
      detail: { status: "awaiting_confirmation", payday: day5 },
    });
  });

  it("a pay-now awaiting confirmation is shown again; a payday changes nothing in it", () => {
    const s = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]).state;
    const payNow = s.offerSet?.offers.find((o) => o.terms.kind === "pay_now");
    const confirming = run(s, [act({ type: "choose_offer", offerId: payNow?.id ?? "" })]).state;
    const d = ok(decide(confirming, act({ type: "set_payday", payday: day5 }), c));
    expect(debtorMessages(d.effects)).toEqual([{ kind: "confirm_terms", offer: payNow }]);
    expect(d.state).toMatchObject({ status: "awaiting_confirmation", pendingOfferId: payNow?.id });
  });

  it("'no fixed day' while confirming a plan shows the same card again", () => {
    const s = confirmingPlan();
    const pending = s.status === "awaiting_confirmation" ? s.pendingOfferId : "";
    const d = ok(decide(s, act({ type: "set_payday", payday: null }), c));
    expect(d.state).toMatchObject({ pendingOfferId: pending, payday: null });
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["confirm_terms"]);
  });

  it("while negotiating, the offers are shown on the payday, on record with it", () => {
    const d = ok(decide(offering(), act({ type: "set_payday", payday: day5 }), c));
    expect(debtorMessages(d.effects)[0]).toEqual({ kind: "payday_noted", payday: day5 });
    expect(auditOf(d.effects)?.detail).toMatchObject({ payday: day5, reason: "cash_flow" });
    const none = ok(decide(offering(), act({ type: "set_payday", payday: null }), c));
    expect(debtorMessages(none.effects).map((m) => m.kind)).toEqual(["offers"]);
    expect(auditOf(none.effects)?.detail).not.toHaveProperty("payday");
  });
});

describe("proposals", () => {
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

  it("sent to the owner: the debtor sees the closest plan meanwhile, and the audit names it", () => {
    const d = ok(
      decide(
        fresh(noDown),
        act({ type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } }),
        noDown,
      ),
    );
    const offers = d.state.offerSet?.offers ?? [];
    expect(offers.length).toBeGreaterThan(0);
    expect(debtorMessages(d.effects)).toEqual([
      expect.objectContaining({
        kind: "proposal_sent_to_owner",
        proposal: { amountPerPeriodMinor: 15_000, period: "month" },
        offers,
      }),
    ]);
    expect(auditOf(d.effects)).toMatchObject({
      action: "proposal_sent_to_owner",
      detail: { requestId: "r1", closestOfferId: offers[0]?.id },
    });
  });

  it("countered by the bot: on record with the round", () => {
    const d = ok(
      decide(
        fresh(noDown),
        act({ type: "propose", proposal: { amountPerPeriodMinor: 5_000, period: "month" } }),
        noDown,
      ),
    );
    expect(auditOf(d.effects)).toMatchObject({
      action: "bot_countered",
      detail: { round: 1, proposal: { amountPerPeriodMinor: 5_000, period: "month" } },
    });
  });
});

describe("words, case by case", () => {
  function agreedPlan(): CaseState {
    const s = offering();
    const id = s.offerSet?.offers[0]?.id ?? "";
    return run(s, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
  }
  const day5 = { rule: { kind: "day_of_month", day: 5 }, stated: true } as const;

  it("each reason in words gets that reason's answer", () => {
    const kinds = (intent: "forgot" | "cash_flow" | "not_received") =>
      debtorMessages(ok(decide(fresh(), text("…", { intent }), c)).effects).map((m) => m.kind);
    expect(kinds("forgot")).toEqual(["payment_methods", "offers"]);
    expect(kinds("cash_flow")).toEqual(["offers"]);
    expect(kinds("not_received")).toEqual(["invoice_details"]);
  });

  it("'j'ai déjà payé' without a day asks for details, nothing more", () => {
    const d = ok(decide(fresh(), text("j'ai déjà payé", { intent: "already_paid" }), c));
    expect(debtorMessages(d.effects)).toEqual([{ kind: "already_paid_ask_details" }]);
  });

  it("a plan in words during a running plan gets the buttons again, and opens nothing", () => {
    const s = agreedPlan();
    const d = ok(
      decide(
        s,
        text("300 par mois", { intent: "installments", amount: 30_000, period: "month" }),
        c,
      ),
    );
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["not_understood"]);
    expect(d.state.offerSet).toBeNull();
    expect(refusalOf(s, act({ type: "set_payday", payday: day5.rule })).code).toBe(
      "illegal_in_state",
    );
  });

  it("an amount a month in words is proposed as said, with its period", () => {
    const d = ok(
      decide(
        fresh(),
        text("300 par mois", { intent: "installments", amount: 40_000, period: "month" }),
        c,
      ),
    );
    expect(auditOf(d.effects)?.detail).toEqual(
      expect.objectContaining({ proposal: { amountPerPeriodMinor: 40_000, period: "month" } }),
    );
  });

  it("'en 4 fois, je suis payé le 5': four payments on the payday", () => {
    const d = ok(
      decide(
        offering(),
        text("en 4 fois, payé le 5", { intent: "installments", count: 4, payday: day5 }),
        c,
      ),
    );
    const card = debtorMessages(d.effects).find((m) => m.kind === "confirm_terms");
    const list =
      card?.kind === "confirm_terms" && card.offer.terms.kind === "installments"
        ? card.offer.terms.installments
        : [];
    expect(list).toHaveLength(4);
    expect(list[0]?.dueDate).toBe("2026-12-07");
  });

  it("a negative amount with a payday is refused as such", () => {
    const refusal = refusalOf(
      offering(),
      text("-100 par mois, payé le 5", {
        intent: "installments",
        amount: -10_000,
        period: "month",
        payday: day5,
      }),
    );
    expect(refusal.code).toBe("negative_amount");
  });

  it("'stop' or 'a person' are honoured even with a payday or an unsure amount in the message", () => {
    const stop = ok(decide(offering(), text("stop, 200", { intent: "stop", amount: 20_000 }), c));
    expect(stop.state.optedOut).toBe(true);
    const human = ok(
      decide(offering(), text("un humain, payé le 5", { intent: "human", payday: day5 }), c),
    );
    expect(debtorMessages(human.effects)).toEqual([{ kind: "human_handover" }]);
    expect(human.state.payday).toBeUndefined();
    const humanUnsure = ok(
      decide(offering(), text("un humain, 200", { intent: "human", amount: 20_000 }), c),
    );
    expect(debtorMessages(humanUnsure.effects)).toEqual([{ kind: "human_handover" }]);
  });

  it("an unsure reading during a running plan is not checked: the buttons come again", () => {
    const d = ok(decide(agreedPlan(), text("200", { intent: "installments", amount: 20_000 }), c));
    expect(debtorMessages(d.effects).map((m) => m.kind)).toEqual(["not_understood"]);
  });

  it("a payday said after messages not understood starts the count again", () => {
    const junk = text("???", { intent: "unknown" });
    const twice = run(offering(), [junk, junk]).state;
    const d = ok(decide(twice, text("payé le 5", { intent: "unknown", payday: day5 }), c));
    expect(d.state.misreads ?? 0).toBe(0);
  });

  it("after the offers expired, a message not understood lists no offers", () => {
    const s = offering();
    const later = ctx({ now: new Date(s.offerSet?.expiresAt ?? "") });
    const d = ok(decide(s, text("???", { intent: "unknown" }), later));
    const [message] = debtorMessages(d.effects);
    expect(message?.kind).toBe("not_understood");
    expect(message).not.toHaveProperty("offers");
  });
});

describe("a plan with a down payment put on the payday", () => {
  it("keeps its down payment first, with the same amounts", () => {
    const c2 = ctx({
      policy: policy({
        installments: {
          maxCount: 6,
          downPaymentAboveCount: 2,
          frequencies: ["monthly"],
          minInstallmentMinor: 5_000,
          maxPlanDays: 180,
          minDownPaymentPercent: 20,
        },
      }),
    });
    const s = run(fresh(c2), [act({ type: "give_reason", reason: "cash_flow" })], c2).state;
    const plan = s.offerSet?.offers.find(
      (o) => o.terms.kind === "installments" && o.terms.installments[0]?.isDownPayment === true,
    );
    if (plan?.terms.kind !== "installments") throw new Error("no plan with a down payment");
    const d = run(
      s,
      [
        act({ type: "choose_offer", offerId: plan.id }),
        act({ type: "set_payday", payday: { kind: "day_of_month", day: 5 } }),
      ],
      c2,
    );
    const card = debtorMessages(d.effects)
      .filter((m) => m.kind === "confirm_terms")
      .at(-1);
    const moved =
      card?.kind === "confirm_terms" && card.offer.terms.kind === "installments"
        ? card.offer.terms.installments
        : [];
    expect(moved.map((i) => [i.amountMinor, i.isDownPayment === true])).toEqual(
      plan.terms.installments.map((i) => [i.amountMinor, i.isDownPayment === true]),
    );
    expect(moved.map((i) => i.dueDate)).toEqual(["2026-12-07", "2027-01-05", "2027-02-05"]);
  });
});
