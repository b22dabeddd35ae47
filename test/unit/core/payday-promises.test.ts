import { describe, expect, it } from "vitest";
import { isBusinessDay, onOrNextBusinessDay } from "../../../src/core/business-days.ts";
import type { CaseState } from "../../../src/core/case-state.ts";
import { addDays } from "../../../src/core/dates.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { DebtorMessage } from "../../../src/core/messages.ts";
import { paydayDates } from "../../../src/core/payday.ts";
import type { Offer, PlanTerms } from "../../../src/core/types.ts";
import { act, ctx, debtorMessages, FACTS, fresh, run, text } from "./fixtures.ts";

/**
 * Issue 13: installments on the debtor's payday, and guardrails on moving a promised date. An
 * invoice of 1,200 € under the default policy, on Monday 23 November 2026 in Paris.
 */

function datesOf(terms: PlanTerms | undefined): string[] {
  return terms?.kind === "installments" ? terms.installments.map((i) => i.dueDate) : [];
}

function last(effects: readonly Effect[], kind: DebtorMessage["kind"]): DebtorMessage | undefined {
  return debtorMessages(effects)
    .filter((m) => m.kind === kind)
    .at(-1);
}

function confirmed(effects: readonly Effect[]): Offer | undefined {
  const card = last(effects, "confirm_terms");
  return card?.kind === "confirm_terms" ? card.offer : undefined;
}

function audits(effects: readonly Effect[], action: string): Record<string, unknown>[] {
  return effects.flatMap((e) =>
    e.type === "audit" && e.action === action ? [e.detail as Record<string, unknown>] : [],
  );
}

/** `date` is the payday of its month, or the first business day after it. */
function onOrJustAfter(date: string, payday: string, country = "FR"): boolean {
  return isBusinessDay(date, country) && onOrNextBusinessDay(payday, country) === date;
}

/** Cash flow → the 3-installment plan chosen: the confirmation card, payday unknown. */
function planChosen() {
  const shown = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
  const plan = shown.state.offerSet?.offers.find(
    (o) => o.terms.kind === "installments" && o.terms.installments.length === 3,
  );
  return run(shown.state, [act({ type: "choose_offer", offerId: plan?.id ?? "" })]);
}

describe("installments on payday", () => {
  it("a plan chosen while the payday is unknown can be put on it: 'le 5' puts every installment on the 5th or the next business day", () => {
    const chosen = planChosen();
    const card = last(chosen.effects, "confirm_terms");
    expect(card).toMatchObject({ kind: "confirm_terms", askPayday: true });
    const asked = run(chosen.state, [act({ type: "align_payday" })]);
    expect(last(asked.effects, "ask_payday")).toMatchObject({ kind: "ask_payday" });
    expect(asked.state.askedPayday).toBe(true);
    // The answer as typed: a bare "le 5", read as the payday because the bot asked.
    const answered = run(asked.state, [
      text("le 5", {
        intent: "unknown",
        date: "2026-12-05",
        payday: { rule: { kind: "day_of_month", day: 5 }, stated: false },
      }),
    ]);
    expect(answered.state).toMatchObject({
      status: "awaiting_confirmation",
      payday: { kind: "day_of_month", day: 5 },
      askedPayday: false,
    });
    expect(last(answered.effects, "payday_noted")).toBeDefined();
    const offer = confirmed(answered.effects);
    // 5 December 2026 is a Saturday: Monday 7 December; then 5 January and 5 February.
    expect(datesOf(offer?.terms)).toEqual(["2026-12-07", "2027-01-05", "2027-02-05"]);
    // The same amounts as the plan chosen.
    const before = confirmed(planChosen().effects);
    expect(
      offer?.terms.kind === "installments" && offer.terms.installments.map((i) => i.amountMinor),
    ).toEqual(
      before?.terms.kind === "installments" && before.terms.installments.map((i) => i.amountMinor),
    );
    // Confirmed: the agreement carries those dates, and the payday is remembered.
    const agreed = run(answered.state, [act({ type: "confirm", offerId: offer?.id ?? "" })]);
    expect(agreed.state.status).toBe("agreed");
    expect(agreed.state.status === "agreed" && datesOf(agreed.state.agreement.terms)).toEqual([
      "2026-12-07",
      "2027-01-05",
      "2027-02-05",
    ]);
    expect(agreed.state.payday).toEqual({ kind: "day_of_month", day: 5 });
  });

  it("the remembered payday sets every plan offered afterwards", () => {
    const withPayday: CaseState = { ...fresh(), payday: { kind: "day_of_month", day: 5 } };
    const shown = run(withPayday, [act({ type: "give_reason", reason: "cash_flow" })]);
    const plans = (shown.state.offerSet?.offers ?? []).filter(
      (o) => o.terms.kind === "installments",
    );
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      for (const date of datesOf(plan.terms)) {
        expect(onOrJustAfter(date, `${date.slice(0, 8)}05`), date).toBe(true);
      }
      // Within the policy's plan length (180 days by default).
      const lastDate = datesOf(plan.terms).at(-1) ?? "";
      expect(lastDate <= addDays("2026-11-23", 180)).toBe(true);
    }
    // A plan chosen now is confirmed as is: the payday is known, nothing is asked.
    const plan = plans[0];
    const chosen = run(shown.state, [act({ type: "choose_offer", offerId: plan?.id ?? "" })]);
    expect(last(chosen.effects, "confirm_terms")).not.toHaveProperty("askPayday");
  });

  it("public holidays move a payday: 1 January and 1 May on the 1st, 25 December on the 25th; the UK's substitute Boxing Day too", () => {
    expect(paydayDates({ kind: "day_of_month", day: 1 }, "monthly", 6, "2026-11-23", "FR")).toEqual(
      [
        "2026-12-01",
        "2027-01-04", // 1 January (holiday), then a weekend
        "2027-02-01",
        "2027-03-01",
        "2027-04-01",
        "2027-05-03", // 1 May 2027 is a Saturday
      ],
    );
    // Ascension Thursday 2027 (6 May) and 8 May (a Saturday) in France.
    expect(
      paydayDates({ kind: "day_of_month", day: 6 }, "monthly", 6, "2026-11-23", "FR")?.at(-1),
    ).toBe("2027-05-07");
    expect(
      paydayDates({ kind: "day_of_month", day: 8 }, "monthly", 6, "2026-11-23", "FR")?.at(-1),
    ).toBe("2027-05-10");
    // 25 December 2026 is a Friday: Monday 28 in France, Tuesday 29 in the UK (Boxing Day moved);
    // 25 November is too close for a first payment (three days at least, for its reminder).
    expect(
      paydayDates({ kind: "day_of_month", day: 25 }, "monthly", 2, "2026-11-23", "FR"),
    ).toEqual(["2026-12-28", "2027-01-25"]);
    expect(
      paydayDates({ kind: "day_of_month", day: 25 }, "monthly", 2, "2026-11-23", "GB"),
    ).toEqual(["2026-12-29", "2027-01-25"]);
  });

  it("the debtor's country comes from their time zone: a London debtor's plan avoids the UK's bank holidays", () => {
    const london = ctx({
      facts: { ...FACTS, debtor: { timezone: "Europe/London", locale: "en" } },
    });
    const state: CaseState = { ...fresh(london), payday: { kind: "day_of_month", day: 25 } };
    const shown = run(state, [act({ type: "give_reason", reason: "cash_flow" })], london);
    const plan = shown.state.offerSet?.offers.find((o) => o.terms.kind === "installments");
    expect(datesOf(plan?.terms).slice(0, 2)).toEqual(["2026-12-29", "2027-01-25"]);
  });

  it("'toutes les deux semaines le vendredi': plans every other Friday, 25 December moved to Monday 28", () => {
    const shown = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const said = run(shown.state, [
      text("toutes les deux semaines le vendredi", {
        intent: "installments",
        date: "2026-11-27",
        payday: { rule: { kind: "biweekly", weekday: 5, anchor: "2026-11-27" }, stated: true },
      }),
    ]);
    expect(said.state.payday).toEqual({ kind: "biweekly", weekday: 5, anchor: "2026-11-27" });
    expect(last(said.effects, "payday_noted")).toBeDefined();
    const plan = (said.state.offerSet?.offers ?? []).find(
      (o) => o.terms.kind === "installments" && o.terms.installments.length >= 3,
    );
    expect(plan?.terms.kind === "installments" && plan.terms.frequency).toBe("biweekly");
    expect(datesOf(plan?.terms).slice(0, 3)).toEqual(["2026-11-27", "2026-12-11", "2026-12-28"]);
  });

  it("'je suis payé en fin de mois': the month's last day, or the next business day", () => {
    const shown = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]);
    const said = run(shown.state, [
      text("je suis payé en fin de mois", {
        intent: "unknown",
        date: "2026-11-30",
        payday: { rule: { kind: "month_end" }, stated: true },
      }),
    ]);
    const plan = (said.state.offerSet?.offers ?? []).find(
      (o) => o.terms.kind === "installments" && o.terms.installments.length === 3,
    );
    // 31 January 2027 is a Sunday.
    expect(datesOf(plan?.terms)).toEqual(["2026-11-30", "2026-12-31", "2027-02-01"]);
  });

  it("'no fixed day' keeps the usual dates and is never asked again", () => {
    const chosen = planChosen();
    const before = confirmed(chosen.effects);
    const answered = run(chosen.state, [
      act({ type: "align_payday" }),
      act({ type: "set_payday", payday: null }),
    ]);
    expect(answered.state.payday).toBeNull();
    const card = last(answered.effects, "confirm_terms");
    expect(card?.kind === "confirm_terms" && card.offer.id).toBe(before?.id);
    expect(card).not.toHaveProperty("askPayday");
  });
});

/** Forgot → the promise offered → confirmed: a promise running for 1,200 €. */
function promiseAgreed() {
  const shown = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]);
  const promise = shown.state.offerSet?.offers.find((o) => o.terms.kind === "promise");
  return run(shown.state, [
    act({ type: "choose_offer", offerId: promise?.id ?? "" }),
    act({ type: "confirm", offerId: promise?.id ?? "" }),
  ]);
}

const moveTo = (date: string) => text(`plutôt le ${date}`, { intent: "promise", date });

describe("guardrails on promised dates", () => {
  it("a promise is moved once without payment; a second move needs a part payment; a third is refused", () => {
    const agreed = promiseAgreed();
    expect(agreed.state.status).toBe("agreed");
    const first = agreed.state.status === "agreed" ? agreed.state.agreement.terms : null;
    expect(first).toMatchObject({ kind: "promise", date: "2026-11-30" });

    // First move: no payment needed. The new date is confirmed like any agreement.
    const proposed = run(agreed.state, [moveTo("2026-12-10")]);
    expect(proposed.state.status).toBe("agreed");
    const card = last(proposed.effects, "confirm_terms");
    expect(card).toMatchObject({ replaces: "2026-11-30" });
    const offerId = card?.kind === "confirm_terms" ? card.offer.id : "";
    const moved = run(proposed.state, [act({ type: "confirm", offerId })]);
    expect(moved.state.status === "agreed" && moved.state.agreement.terms).toEqual({
      kind: "promise",
      date: "2026-12-10",
      amountMinor: 120_000,
    });
    expect(moved.effects).toContainEqual(expect.objectContaining({ type: "record_agreement" }));
    expect(audits(moved.effects, "promise_moved")).toEqual([
      expect.objectContaining({ from: "2026-11-30", to: "2026-12-10", move: 1, paidSinceMinor: 0 }),
    ]);
    // The new date's timers replace the old ones.
    expect(moved.effects).toContainEqual({
      type: "cancel_timers",
      kinds: ["promise_reminder", "promise_check"],
    });

    // Second move without a payment: refused, kindly, with what to pay first (20 % of 1,200 €).
    const refused = run(moved.state, [moveTo("2026-12-15")]);
    expect(refused.state).toEqual(moved.state);
    expect(last(refused.effects, "promise_move_refused")).toEqual({
      kind: "promise_move_refused",
      reason: "needs_payment",
      date: "2026-12-10",
      paymentMinor: 24_000,
    });
    expect(audits(refused.effects, "promise_move_refused")).toEqual([
      expect.objectContaining({ reason: "needs_payment", move: 2, from: "2026-12-10" }),
    ]);

    // 240 € paid: the second move is accepted, for what is left.
    const paid = run(refused.state, [
      {
        type: "payment_received",
        amountMinor: 24_000,
        reference: "VIR-1",
        receivedAt: "2026-11-23T09:00:00.000Z",
      },
      moveTo("2026-12-15"),
    ]);
    const second = last(paid.effects, "confirm_terms");
    expect(second?.kind === "confirm_terms" && second.offer.terms).toEqual({
      kind: "promise",
      date: "2026-12-15",
      amountMinor: 96_000,
    });
    const movedTwice = run(paid.state, [
      act({ type: "confirm", offerId: second?.kind === "confirm_terms" ? second.offer.id : "" }),
    ]);
    expect(audits(movedTwice.effects, "promise_moved")).toEqual([
      expect.objectContaining({ move: 2, paidSinceMinor: 24_000 }),
    ]);

    // The policy allows two moves: a third is refused whatever was paid.
    const third = run(movedTwice.state, [moveTo("2026-12-20")]);
    expect(last(third.effects, "promise_move_refused")).toMatchObject({ reason: "max_moves" });
  });

  it("a part payment below the threshold is not enough; 'non' keeps the date", () => {
    const agreed = promiseAgreed();
    const proposed = run(agreed.state, [moveTo("2026-12-10")]);
    const card = last(proposed.effects, "confirm_terms");
    const moved = run(proposed.state, [
      act({ type: "confirm", offerId: card?.kind === "confirm_terms" ? card.offer.id : "" }),
      {
        type: "payment_received",
        amountMinor: 23_999,
        reference: "VIR-1",
        receivedAt: "2026-11-23T09:00:00.000Z",
      },
    ]);
    const refused = run(moved.state, [moveTo("2026-12-15")]);
    expect(last(refused.effects, "promise_move_refused")).toMatchObject({
      reason: "needs_payment",
      paymentMinor: 1,
    });
    // A first move proposed, then declined: the promise stands.
    const again = run(promiseAgreed().state, [moveTo("2026-12-10"), act({ type: "decline" })]);
    expect(again.state.status === "agreed" && again.state.agreement.terms).toMatchObject({
      date: "2026-11-30",
    });
    expect(again.state.offerSet).toBeNull();
    expect(last(again.effects, "promise_date_kept")).toEqual({
      kind: "promise_date_kept",
      date: "2026-11-30",
    });
  });

  it("a date beyond the policy's horizon is refused with the latest possible day", () => {
    const refused = run(promiseAgreed().state, [moveTo("2027-02-01")]);
    expect(last(refused.effects, "promise_move_refused")).toEqual({
      kind: "promise_move_refused",
      reason: "too_far",
      date: "2026-11-30",
      latest: "2026-12-23",
    });
  });

  it("two broken promises: plans only, never another date", () => {
    const c = ctx();
    const agreed = promiseAgreed();
    const broken = run(agreed.state, [{ type: "promise_check", date: "2026-11-30" }], c);
    expect(broken.state.promisesBroken).toBe(1);
    const missed = last(broken.effects, "promise_missed");
    expect(missed).not.toHaveProperty("plansOnly");
    // A second promise, offered after the first was broken, is broken too.
    const promise = broken.state.offerSet?.offers.find((o) => o.terms.kind === "promise");
    expect(promise).toBeDefined();
    const second = run(broken.state, [
      act({ type: "choose_offer", offerId: promise?.id ?? "" }),
      act({ type: "confirm", offerId: promise?.id ?? "" }),
    ]);
    const date = second.state.status === "agreed" ? (second.state.agreement.checkDate ?? "") : "";
    const twice = run(second.state, [{ type: "promise_check", date }], c);
    expect(twice.state.promisesBroken).toBe(2);
    expect(last(twice.effects, "promise_missed")).toMatchObject({ plansOnly: true });
    const offered = twice.state.offerSet?.offers.map((o) => o.terms.kind) ?? [];
    expect(offered).not.toContain("promise");
    // Every later offer set too: "more options" shows no date.
    const more = run(twice.state, [act({ type: "more_options" })]);
    expect(more.state.offerSet?.offers.map((o) => o.terms.kind)).not.toContain("promise");
  });
});
