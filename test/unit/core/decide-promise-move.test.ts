import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { decide } from "../../../src/core/decide.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import type { Offer } from "../../../src/core/types.ts";
import { act, ctx, debtorMessages, fresh, NOW, ok, run, text } from "./fixtures.ts";

/**
 * Moving a promised date (policy.promise): what the debtor is shown or told, what is recorded,
 * and the edges of the rules — today, the horizon, payments made before the promise.
 * NOW is Monday 23 November 2026 in Paris; the bot's promise offer is for 30 November.
 */

const c = ctx();

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

function pay(amountMinor: number): CaseEvent {
  return { type: "payment_received", amountMinor, reference: "VIR", receivedAt: NOW.toISOString() };
}

/** The bot's promise offer (for 30 November), confirmed. */
function promised(from: CaseState = fresh()): CaseState {
  const shown = run(from, [act({ type: "give_reason", reason: "forgot" })]).state;
  const promise = shown.offerSet?.offers.find((o) => o.terms.kind === "promise");
  const s = run(shown, [
    act({ type: "choose_offer", offerId: promise?.id ?? "" }),
    act({ type: "confirm", offerId: promise?.id ?? "" }),
  ]).state;
  expect(s).toMatchObject({ status: "agreed", agreement: { terms: { date: "2026-11-30" } } });
  return s;
}

const moveTo = (date: string) => act({ type: "propose", proposal: { date } });

function cardOffer(effects: readonly Effect[]): Offer {
  const card = debtorMessages(effects).find((m) => m.kind === "confirm_terms");
  if (card?.kind !== "confirm_terms") throw new Error("no confirmation card");
  return card.offer;
}

describe("asking for another date", () => {
  it("shows the new date for confirmation, within policy, while the promise keeps running", () => {
    const s = promised();
    const d = ok(decide(s, moveTo("2026-12-10"), c));
    const offer = cardOffer(d.effects);
    expect(offer).toMatchObject({
      terms: { kind: "promise", date: "2026-12-10", amountMinor: 120_000 },
      withinPolicy: true,
    });
    expect(d.state).toMatchObject({
      status: "agreed",
      agreement: s.status === "agreed" ? s.agreement : {},
    });
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "promise_move_proposed",
      detail: {
        status: "agreed",
        from: "2026-11-30",
        to: "2026-12-10",
        move: 1,
        offerId: offer.id,
        paidSinceMinor: 0,
      },
    });
  });

  it("today is a date the debtor may choose; yesterday is refused", () => {
    const s = promised();
    expect(cardOffer(ok(decide(s, moveTo("2026-11-23"), c)).effects).terms).toMatchObject({
      date: "2026-11-23",
    });
    expect(refusalOf(s, moveTo("2026-11-22"))).toMatchObject({
      code: "invalid_proposal",
      message: "the date is in the past",
    });
  });

  it("the last day of the horizon is allowed, the day after is too far", () => {
    const s = promised();
    expect(cardOffer(ok(decide(s, moveTo("2026-12-23"), c)).effects).terms).toMatchObject({
      date: "2026-12-23",
    });
    const refused = ok(decide(s, moveTo("2026-12-24"), c));
    expect(debtorMessages(refused.effects)).toEqual([
      { kind: "promise_move_refused", reason: "too_far", date: "2026-11-30", latest: "2026-12-23" },
    ]);
  });

  it("the date already promised is simply confirmed as kept", () => {
    const s = promised();
    const d = ok(decide(s, moveTo("2026-11-30"), c));
    expect(d.state).toEqual(s);
    expect(d.effects).toEqual([
      {
        type: "send_debtor",
        message: { kind: "promise_date_kept", date: "2026-11-30" },
        automated: false,
      },
      {
        type: "audit",
        action: "promise_kept_date",
        detail: { status: "agreed", date: "2026-11-30" },
      },
    ]);
  });

  it("a date said while an installment plan runs moves nothing", () => {
    const shown = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]).state;
    const plan = shown.offerSet?.offers.find((o) => o.terms.kind === "installments");
    const s = run(shown, [
      act({ type: "choose_offer", offerId: plan?.id ?? "" }),
      act({ type: "confirm", offerId: plan?.id ?? "" }),
    ]).state;
    const d = ok(
      decide(s, text("plutôt le 10 décembre", { intent: "promise", date: "2026-12-10" }), c),
    );
    expect(d.state.status).toBe("agreed");
    expect(d.state.status === "agreed" && d.state.agreement).toEqual(
      s.status === "agreed" && s.agreement,
    );
    expect(debtorMessages(d.effects).map((m) => m.kind)).not.toContain("confirm_terms");
  });

  it("a payment made before the promise does not count towards a further move", () => {
    // 300 € paid first; the promise then covers the 900 € left.
    const s = promised(run(fresh(), [pay(30_000)]).state);
    const proposed = ok(decide(s, moveTo("2026-12-10"), c));
    const moved = ok(
      decide(proposed.state, act({ type: "confirm", offerId: cardOffer(proposed.effects).id }), c),
    );
    // A second move needs 20 % of the 900 € promised, paid since the promise: 180 €.
    const refused = ok(decide(moved.state, moveTo("2026-12-15"), c));
    expect(debtorMessages(refused.effects)).toEqual([
      {
        kind: "promise_move_refused",
        reason: "needs_payment",
        date: "2026-12-10",
        paymentMinor: 18_000,
      },
    ]);
    expect(auditOf(refused.effects)?.detail).toMatchObject({ paidSinceMinor: 0 });
  });
});

describe("confirming the new date", () => {
  it("records it as a new agreement, told to the debtor and the owner", () => {
    const proposed = ok(decide(promised(), moveTo("2026-12-10"), c));
    const offer = cardOffer(proposed.effects);
    const d = ok(decide(proposed.state, act({ type: "confirm", offerId: offer.id }), c));
    expect(d.effects.filter((e) => e.type === "send_debtor" || e.type === "notify_owner")).toEqual([
      {
        type: "send_debtor",
        message: { kind: "agreement_confirmed", terms: offer.terms },
        automated: false,
      },
      { type: "notify_owner", message: { kind: "agreement_reached", terms: offer.terms } },
    ]);
  });

  it("another offer id is refused, naming it; an expired card too", () => {
    const proposed = ok(decide(promised(), moveTo("2026-12-10"), c));
    const offer = cardOffer(proposed.effects);
    const unknown = refusalOf(proposed.state, act({ type: "confirm", offerId: "o9_1" }));
    expect(unknown.code).toBe("unknown_offer");
    expect(unknown.message).toContain("o9_1");
    const atExpiry = ctx({ now: new Date(proposed.state.offerSet?.expiresAt ?? "") });
    const expired = refusalOf(
      proposed.state,
      act({ type: "confirm", offerId: offer.id }),
      atExpiry,
    );
    expect(expired.code).toBe("offer_expired");
    expect(expired.message).toContain(offer.id);
  });

  it("'non' drops the new date; the promise stands, on record", () => {
    const proposed = ok(decide(promised(), moveTo("2026-12-10"), c));
    const d = ok(decide(proposed.state, act({ type: "decline" }), c));
    expect(auditOf(d.effects)).toMatchObject({
      action: "promise_move_dropped",
      detail: { date: "2026-11-30" },
    });
  });
});
