import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { DebtorMessage, OwnerMessage } from "../../../src/core/messages.ts";
import type { Offer, PlanTerms } from "../../../src/core/types.ts";
import { act, debtorMessages, fresh, run, text } from "./fixtures.ts";

/**
 * The findings of issue 12, as the core sees them: an invoice of 1,200 € under the default policy
 * (at most 6 installments, at least 50 € each, a 20 % down payment above 3, a 50 % approval band),
 * on 23 November 2026. Free text arrives already interpreted, exactly as the interpreter reads the
 * quoted messages today (or, where it cannot yet, as the figures they carry).
 */

function amounts(terms: PlanTerms | undefined): number[] | false {
  return terms?.kind === "installments" && terms.installments.map((i) => i.amountMinor);
}

function ownerMessages(effects: readonly Effect[]): OwnerMessage[] {
  return effects.flatMap((e) => (e.type === "notify_owner" ? [e.message] : []));
}

function lastDebtor(effects: readonly Effect[]): DebtorMessage | undefined {
  return debtorMessages(effects).at(-1);
}

function offersOf(state: CaseState): readonly Offer[] {
  return state.offerSet?.offers ?? [];
}

const SIX = [24_000, 19_200, 19_200, 19_200, 19_200, 19_200];
const PER_MONTH_200 = text("je peux payer 200 euros par mois", {
  intent: "installments",
  amount: 20_000,
  period: "month",
});

describe("counter-offers anchored on the debtor's words", () => {
  it("'je peux payer 200 euros par mois': the owner is asked for 6 × 200 €, and 240 € then 5 × 192 € is offered at once", () => {
    const s = run(fresh(), [PER_MONTH_200]);
    expect(s.state.status).toBe("awaiting_owner");
    // The exact plan the debtor can afford goes to the owner: its 200 € down payment (16.7 %)
    // misses the 20 % minimum by less than the band.
    const [request] = ownerMessages(s.effects);
    expect(request).toMatchObject({ kind: "approval_request", subject: "plan" });
    expect(request?.kind === "approval_request" && amounts(request.terms)).toEqual(
      Array(6).fill(20_000),
    );
    expect(request?.kind === "approval_request" && request.breaches).toEqual([
      { limit: "min_down_payment", allowed: 24_000, proposed: 20_000 },
    ]);
    // Meanwhile, the closest plan in policy — never more than 200 € a month.
    const reply = lastDebtor(s.effects);
    expect(reply?.kind).toBe("proposal_sent_to_owner");
    if (reply?.kind !== "proposal_sent_to_owner") return;
    expect(reply.offers?.map((o) => amounts(o.terms))).toEqual([SIX]);
    expect(reply.limits).toEqual([
      { limit: "min_down_payment", allowed: 24_000, proposed: 20_000 },
    ]);
    expect(offersOf(s.state).every((o) => o.withinPolicy)).toBe(true);
  });

  it("the 192 € option shown a moment earlier stays available, with the same button", () => {
    const shown = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const before = offersOf(shown.state);
    const six = before.find((o) => JSON.stringify(amounts(o.terms)) === JSON.stringify(SIX));
    expect(six).toBeDefined();
    const s = run(shown.state, [PER_MONTH_200]);
    // Every offer shown before is still there, under its own id; the closest comes first.
    expect(offersOf(s.state)[0]?.id).toBe(six?.id);
    expect(offersOf(s.state).map((o) => o.id)).toEqual(
      expect.arrayContaining(before.map((o) => o.id)),
    );
    // The debtor takes it while the owner has not answered: the question to the owner is withdrawn.
    const chosen = run(s.state, [act({ type: "choose_offer", offerId: six?.id ?? "" })]);
    expect(chosen.state.status).toBe("awaiting_confirmation");
    expect(chosen.effects).toContainEqual({
      type: "cancel_timers",
      kinds: ["approval_timeout"],
      keys: ["approval_r1"],
    });
    const agreed = run(chosen.state, [text("oui, je confirme", { intent: "accept" })]);
    expect(agreed.state.status).toBe("agreed");
    expect(agreed.effects).toContainEqual(
      expect.objectContaining({ type: "record_agreement", offerId: six?.id, approvedBy: null }),
    );
  });

  it("'en 8 fois' right after opening the link: the 6-installment plan the policy allows, and why", () => {
    const eight = text("en 8 fois", { intent: "installments", count: 8 });
    const first = run(fresh(), [eight]);
    const reply = lastDebtor(first.effects);
    expect(reply?.kind).toBe("proposal_sent_to_owner");
    if (reply?.kind !== "proposal_sent_to_owner") return;
    expect(reply.offers?.map((o) => amounts(o.terms))).toEqual([SIX]);
    expect(reply.limits).toContainEqual({ limit: "max_installments", allowed: 6, proposed: 8 });
    // Before any button or after the reason question: the same policy, the same answer.
    const afterReason = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" }), eight]);
    expect(offersOf(afterReason.state).map((o) => amounts(o.terms))[0]).toEqual(SIX);
  });

  it("a stated amount far below anything the policy allows gets the least per month there is, and why", () => {
    const s = run(fresh(), [
      text("je peux payer 50 euros par mois", {
        intent: "installments",
        amount: 5_000,
        period: "month",
      }),
    ]);
    expect(s.state.status).toBe("offering");
    const reply = lastDebtor(s.effects);
    expect(reply).toMatchObject({
      kind: "counter_offer",
      limits: expect.arrayContaining([{ limit: "max_installments", allowed: 6, proposed: 24 }]),
    });
    expect(offersOf(s.state).map((o) => amounts(o.terms))).toEqual([SIX]);
  });

  it("'je peux mettre 300 maintenant et le reste en 3 fois': 300 € down, then 3 × 300 €", () => {
    // The structured proposal (the interpreter does not read a down payment yet)…
    const structured = run(fresh(), [
      act({ type: "propose", proposal: { downPaymentMinor: 30_000, count: 3 } }),
    ]);
    expect(structured.state.status).toBe("awaiting_confirmation");
    const shown = lastDebtor(structured.effects);
    expect(shown?.kind === "confirm_terms" && shown.offer.terms).toMatchObject({
      kind: "installments",
      installments: [
        { amountMinor: 30_000, isDownPayment: true },
        { amountMinor: 30_000 },
        { amountMinor: 30_000 },
        { amountMinor: 30_000 },
      ],
    });
    // …and the message as the interpreter reads it today (300 €, 3 times) lead to the same terms.
    const typed = run(fresh(), [
      text("je peux mettre 300 maintenant et le reste en 3 fois", {
        intent: "installments",
        amount: 30_000,
        count: 3,
      }),
    ]);
    const typedShown = lastDebtor(typed.effects);
    expect(typedShown?.kind === "confirm_terms" && typedShown.offer.terms).toEqual(
      shown?.kind === "confirm_terms" && shown.offer.terms,
    );
  });

  it("'can I do 3 payments starting on the 15th': three monthly payments from 15 December", () => {
    const s = run(fresh(), [
      text("can I do 3 payments starting on the 15th", {
        intent: "installments",
        count: 3,
        date: "2026-12-15",
      }),
    ]);
    expect(s.state.status).toBe("awaiting_confirmation");
    const shown = lastDebtor(s.effects);
    expect(shown?.kind === "confirm_terms" && shown.offer.terms).toEqual({
      kind: "installments",
      frequency: "monthly",
      installments: [
        { seq: 1, dueDate: "2026-12-15", amountMinor: 40_000 },
        { seq: 2, dueDate: "2027-01-15", amountMinor: 40_000 },
        { seq: 3, dueDate: "2027-02-15", amountMinor: 40_000 },
      ],
    });
  });

  it("'j'ai déjà payé la moitié, le reste fin du mois': the claim goes to the owner with the words, reminders pause", () => {
    const words = "j'ai déjà payé la moitié, le reste fin du mois";
    const s = run(fresh(), [text(words, { intent: "already_paid", date: "2026-11-30" })]);
    expect(s.state.status).toBe("awaiting_payment_check");
    expect(s.state.ladder.stopped).toBe(true);
    expect(ownerMessages(s.effects)).toContainEqual({ kind: "already_paid_claim", text: words });
    // The day named is when the rest will follow: acknowledged with the question.
    expect(debtorMessages(s.effects)).toEqual([
      { kind: "already_paid_ask_details", restDate: "2026-11-30" },
    ]);
    // A payment reported without a day to come: just the question.
    const plain = run(fresh(), [
      text("j'ai déjà payé hier", { intent: "already_paid", date: "2026-11-22" }),
    ]);
    expect(debtorMessages(plain.effects)).toEqual([{ kind: "already_paid_ask_details" }]);
  });
});

describe("the conversation picks up where the case is", () => {
  it("a message the bot cannot read shows the live offers again; the third in a row, a person", () => {
    const shown = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const junk = text("euh bon ben voilà", { intent: "unknown" });
    const once = run(shown.state, [junk]);
    expect(lastDebtor(once.effects)).toMatchObject({
      kind: "not_understood",
      offers: offersOf(shown.state),
    });
    const twice = run(once.state, [junk]);
    expect(lastDebtor(twice.effects)?.kind).toBe("not_understood");
    const thrice = run(twice.state, [junk]);
    expect(debtorMessages(thrice.effects)).toEqual([{ kind: "human_handover" }]);
    expect(ownerMessages(thrice.effects)).toEqual([
      { kind: "human_requested", text: "euh bon ben voilà" },
    ]);
  });

  it("a message understood in between starts the count again", () => {
    const junk = text("???", { intent: "unknown" });
    const s = run(fresh(), [junk, junk, act({ type: "give_reason", reason: "cash_flow" }), junk]);
    expect(lastDebtor(s.effects)?.kind).toBe("not_understood");
    expect(s.state.misreads).toBe(1);
  });

  it("opening the link again on a case with live offers shows them after the welcome", () => {
    const shown = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const back = run(shown.state, [{ type: "channel_bound", channel: "telegram" }]);
    expect(debtorMessages(back.effects).map((m) => m.kind)).toEqual(["welcome", "offers"]);
  });
});

describe("when unsure, check", () => {
  it("'200 euros' alone is checked — 'Vous proposez 200 € par mois, c'est bien cela ?' — before anything is done", () => {
    const s = run(fresh(), [text("200 euros", { intent: "unknown", amount: 20_000 })]);
    expect(s.state.status).toBe("scheduled");
    expect(s.state.offerSet).toBeNull();
    const check = lastDebtor(s.effects);
    expect(check).toEqual({
      kind: "check_understanding",
      proposal: { amountPerPeriodMinor: 20_000, period: "month" },
    });
    // "Oui" proposes exactly that; the answer is the same as for "200 euros par mois".
    if (check?.kind !== "check_understanding") return;
    const yes = run(s.state, [act({ type: "propose", proposal: check.proposal })]);
    const direct = run(fresh(), [PER_MONTH_200]);
    expect(yes.state.status).toBe(direct.state.status);
    expect(offersOf(yes.state).map((o) => o.terms)).toEqual(
      offersOf(direct.state).map((o) => o.terms),
    );
  });

  it("a confidence the interpreter gives is used as is", () => {
    const unsure = run(fresh(), [
      text("je pense 8 fois", { intent: "installments", count: 8, confidence: 0.3 }),
    ]);
    expect(lastDebtor(unsure.effects)).toEqual({
      kind: "check_understanding",
      proposal: { count: 8 },
    });
  });
});
