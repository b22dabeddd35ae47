import { describe, expect, it } from "vitest";
import type { Effect } from "../../../src/core/effects.ts";
import { act, ctx, debtorMessages, fresh, policy, run, text } from "./fixtures.ts";

function ownerKinds(effects: readonly Effect[]): string[] {
  return effects.flatMap((e) => (e.type === "notify_owner" ? [e.message.kind] : []));
}

describe("free text, already interpreted", () => {
  it("a promise with a date inside policy is shown for confirmation", () => {
    const s = run(fresh(), [
      text("je paierai le 5 décembre", { intent: "promise", date: "2026-12-05" }),
    ]);
    expect(s.state.status).toBe("awaiting_confirmation");
    expect(debtorMessages(s.effects)[0]).toMatchObject({
      kind: "confirm_terms",
      offer: {
        terms: { kind: "promise", date: "2026-12-05", amountMinor: 120_000 },
        withinPolicy: true,
      },
    });
  });

  it("a promise without a date asks what the debtor can do", () => {
    const s = run(fresh(), [text("je paierai bientôt", { intent: "promise" })]);
    expect(debtorMessages(s.effects)).toEqual([{ kind: "ask_counter_offer" }]);
  });

  it("'stop' opts out and 'a human' alerts the owner with the text", () => {
    const stopped = run(fresh(), [text("arrêtez", { intent: "stop" })]);
    expect(stopped.state.optedOut).toBe(true);
    const human = run(fresh(), [text("je veux parler à quelqu'un", { intent: "human" })]);
    expect(human.effects).toContainEqual({
      type: "notify_owner",
      message: { kind: "human_requested", text: "je veux parler à quelqu'un" },
    });
    expect(debtorMessages(human.effects)).toEqual([{ kind: "human_handover" }]);
  });

  it("'oui, je confirme' while terms await confirmation confirms exactly those terms", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
    const id = s1.state.offerSet?.offers[0]?.id ?? "";
    const s2 = run(s1.state, [
      act({ type: "choose_offer", offerId: id }),
      text("oui, je confirme", { intent: "accept" }),
    ]);
    expect(s2.state.status).toBe("agreed");
    expect(s2.effects).toContainEqual(
      expect.objectContaining({ type: "record_agreement", offerId: id }),
    );
    expect(debtorMessages(s2.effects).map((m) => m.kind)).toEqual([
      "confirm_terms",
      "agreement_confirmed",
    ]);
  });

  it("'ok' with nothing to confirm is not taken as an agreement", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const s2 = run(s1.state, [text("ok d'accord", { intent: "accept" })]);
    expect(s2.state.status).toBe("offering");
    expect(s2.effects.some((e) => e.type === "record_agreement")).toBe(false);
    expect(debtorMessages(s2.effects).map((m) => m.kind)).toEqual(["not_understood"]);
  });

  it("installments without figures show the plans, as the cash-flow button would", () => {
    const s = run(fresh(), [text("je peux payer en plusieurs fois ?", { intent: "installments" })]);
    expect(s.state.status).toBe("offering");
    expect(s.state.reason).toBe("cash_flow");
  });

  it("a reason typed during a running plan is answered with the buttons, not refused", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
    const id = s1.state.offerSet?.offers[0]?.id ?? "";
    const agreed = run(s1.state, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
    const s2 = run(agreed, [text("j'avais oublié", { intent: "forgot" })]);
    expect(s2.state).toEqual({ ...agreed, misreads: 1 });
    expect(debtorMessages(s2.effects)[0]?.kind).toBe("not_understood");
  });
});

describe("more paths", () => {
  it("an offer set expiring while terms await confirmation goes back to offering without offers", () => {
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
    const id = s1.state.offerSet?.offers[0]?.id ?? "";
    const s2 = run(s1.state, [
      act({ type: "choose_offer", offerId: id }),
      { type: "offer_expired", offerSetVersion: 1 },
    ]);
    expect(s2.state.status).toBe("offering");
    expect(s2.state.offerSet).toBeNull();
  });

  it("after an opt-out, a plan's reminders are not sent but its checks still run", () => {
    const s1 = run(fresh(), [
      act({ type: "stop" }),
      act({ type: "give_reason", reason: "cash_flow" }),
    ]);
    const id = s1.state.offerSet?.offers[0]?.id ?? "";
    const agreed = run(s1.state, [
      act({ type: "choose_offer", offerId: id }),
      act({ type: "confirm", offerId: id }),
    ]).state;
    const reminded = run(agreed, [
      { type: "installment_reminder", seq: 1 },
      { type: "installment_due", seq: 1 },
    ]);
    expect(debtorMessages(reminded.effects)).toEqual([]);
    const checked = run(agreed, [{ type: "installment_check", seq: 1 }]);
    expect(checked.state.status === "agreed" && checked.state.agreement.strikes).toBe(1);
  });

  it("a formal step the policy lets go without approval is sent and escalates", () => {
    const c = ctx({
      policy: policy({
        ladder: [
          { day: 0, kind: "due_today" },
          { day: 30, kind: "formal_reminder", ownerApproval: false },
        ],
      }),
    });
    const s = run(fresh(c), [{ type: "ladder_step_due", stepIndex: 1 }], c);
    expect(s.state.status).toBe("escalated");
    expect(debtorMessages(s.effects)[0]).toMatchObject({
      kind: "ladder_reminder",
      step: "formal_reminder",
    });
  });

  it("a second unanswered formal step request is dropped with the decline fallback", () => {
    const s1 = run(fresh(), [{ type: "ladder_step_due", stepIndex: 5 }]);
    const timeout = { type: "owner_approval_timeout", requestId: "r1" } as const;
    const s2 = run(s1.state, [timeout, timeout]);
    expect(s2.state.ladderApproval).toBeNull();
    expect(ownerKinds(s2.effects)).toEqual(["approval_expiring"]);
    expect(debtorMessages(s2.effects)).toEqual([]);
  });

  it("a broken promise is rescheduled once within policy; after a second broken one, only the owner can grant a date", () => {
    const c = ctx();
    const s1 = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
    const promiseId = s1.state.offerSet?.offers[1]?.id ?? "";
    const s2 = run(s1.state, [
      act({ type: "choose_offer", offerId: promiseId }),
      act({ type: "confirm", offerId: promiseId }),
    ]);
    const date = s2.state.status === "agreed" ? (s2.state.agreement.checkDate ?? "") : "";
    const broken = run(s2.state, [{ type: "promise_check", date }], c);
    expect(broken.state.status).toBe("offering");
    // The first reschedule fits the default policy.
    const again = run(broken.state, [
      text("le 10 décembre", { intent: "promise", date: "2026-12-10" }),
    ]);
    expect(again.state.status).toBe("awaiting_confirmation");
    const id = again.state.status === "awaiting_confirmation" ? again.state.pendingOfferId : "";
    const s3 = run(again.state, [
      act({ type: "confirm", offerId: id }),
      { type: "promise_check", date: "2026-12-10" },
    ]);
    const third = run(s3.state, [
      text("le 20 décembre", { intent: "promise", date: "2026-12-20" }),
    ]);
    expect(third.state.status).toBe("awaiting_owner");
    expect(third.effects).toContainEqual(
      expect.objectContaining({
        type: "notify_owner",
        message: expect.objectContaining({
          subject: "promise",
          breaches: [{ limit: "promises_broken", allowed: 2, proposed: 2 }],
        }),
      }),
    );
    // Meanwhile the debtor is offered a plan (or paying now), never another date.
    const kinds = third.state.offerSet?.offers.map((o) => o.terms.kind) ?? [];
    expect(kinds).toContain("installments");
    expect(kinds).not.toContain("promise");
  });
});
