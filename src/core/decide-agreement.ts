import type { Agreement, CaseCommon, CaseState, CaseStateOf } from "./case-state.ts";
import { addDays, instantAt, isBefore } from "./dates.ts";
import {
  accept,
  cancelTimers,
  closeOfferSet,
  type DecideContext,
  type Decision,
  followUp,
  locateOffer,
  notifyOwner,
  refuse,
  remaining,
  reminder,
  reopenNegotiation,
  reply,
  stopLadder,
  today,
  toStatus,
} from "./decide-support.ts";
import type { Effect } from "./effects.ts";
import type { CaseEvent } from "./events.ts";
import { termsDiscountMinor, termsPayableMinor } from "./installment-plan.ts";
import { sumMinor } from "./money.ts";
import { rebalanceTerms } from "./plan-change.ts";
import type { Installment, IsoDate, PlanTerms } from "./types.ts";

/** Follow-ups (installment and promise reminders, checks) go out at this local time. */
export const FOLLOW_UP_TIME = "09:00";
/** An installment is reminded this many days before it is due. */
export const INSTALLMENT_REMINDER_DAYS_BEFORE = 2;

function timer(
  kind:
    | "installment_reminder"
    | "installment_due"
    | "installment_check"
    | "promise_reminder"
    | "promise_check",
  key: string,
  date: IsoDate,
  payload: Record<string, string | number>,
  ctx: DecideContext,
): ScheduledTimer {
  return {
    type: "schedule_timer",
    kind,
    key,
    at: instantAt(date, FOLLOW_UP_TIME, ctx.facts.debtor.timezone),
    payload,
  };
}

type ScheduledTimer = Extract<Effect, { type: "schedule_timer" }>;

function inFuture(effect: ScheduledTimer, ctx: DecideContext): boolean {
  return !isBefore(effect.at, ctx.now);
}

/** The day a promise (or a "pay now") is checked against, and the follow-up timers for terms. */
export function followUps(
  terms: PlanTerms,
  ctx: DecideContext,
): { checkDate: IsoDate | null; effects: Effect[] } {
  const grace = ctx.policy.missedInstallment.graceDays;
  switch (terms.kind) {
    case "installments":
      return {
        checkDate: null,
        effects: terms.installments.flatMap((inst) => {
          const reminderEffect = timer(
            "installment_reminder",
            `inst_${inst.seq}_reminder`,
            addDays(inst.dueDate, -INSTALLMENT_REMINDER_DAYS_BEFORE),
            { seq: inst.seq },
            ctx,
          );
          return [
            ...(inFuture(reminderEffect, ctx) ? [reminderEffect] : []),
            timer("installment_due", `inst_${inst.seq}_due`, inst.dueDate, { seq: inst.seq }, ctx),
            timer(
              "installment_check",
              `inst_${inst.seq}_check`,
              addDays(inst.dueDate, grace),
              { seq: inst.seq },
              ctx,
            ),
          ];
        }),
      };
    case "promise": {
      const reminderEffect = timer(
        "promise_reminder",
        "promise_reminder",
        addDays(terms.date, -1),
        { date: terms.date },
        ctx,
      );
      return {
        checkDate: terms.date,
        effects: [
          ...(inFuture(reminderEffect, ctx) ? [reminderEffect] : []),
          timer(
            "promise_check",
            "promise_check",
            addDays(terms.date, 1),
            { date: terms.date },
            ctx,
          ),
        ],
      };
    }
    case "pay_now": {
      const date = today(ctx);
      return {
        checkDate: date,
        effects: [
          timer("promise_check", "promise_check", addDays(date, Math.max(1, grace)), { date }, ctx),
        ],
      };
    }
  }
}

/** The debtor pressed "confirm" on the exact terms shown: the agreement is recorded. */
export function confirmAgreement(
  state: CaseStateOf<"awaiting_confirmation">,
  offerId: string,
  ctx: DecideContext,
): Decision {
  if (offerId !== state.pendingOfferId) {
    const located = locateOffer(state, offerId);
    return refuse(
      "missing" in located ? located.missing : "unknown_offer",
      `offer ${offerId} is not the one awaiting confirmation`,
    );
  }
  const set = state.offerSet;
  const offer = set?.offers.find((o) => o.id === offerId);
  if (
    set === null ||
    offer === undefined ||
    ctx.now.getTime() >= new Date(set.expiresAt).getTime()
  ) {
    return refuse("offer_expired", `offer ${offerId} expired`);
  }
  // The core's safety net: nothing outside policy is agreed without the owner's approval.
  if (!offer.withinPolicy && set.approvedBy === null) {
    return refuse("illegal_in_state", "terms outside policy need the owner's approval");
  }
  const ladder = stopLadder(state);
  const closed = closeOfferSet(state);
  const { checkDate, effects: timers } = followUps(offer.terms, ctx);
  const agreement: Agreement = {
    offerId,
    terms: offer.terms,
    approvedBy: set.approvedBy,
    agreedAt: ctx.now.toISOString(),
    paidBeforeMinor: state.paidMinor,
    strikes: 0,
    checkDate,
  };
  const next = toStatus(
    {
      ...state,
      ...ladder.common,
      ...closed.common,
      discountMinor: state.discountMinor + termsDiscountMinor(offer.terms),
      promisesMade: state.promisesMade + (offer.terms.kind === "promise" ? 1 : 0),
      counterRounds: 0,
    },
    "agreed",
    { agreement },
  );
  return accept(
    next,
    [
      ...ladder.effects,
      ...closed.effects,
      { type: "record_agreement", offerId, terms: offer.terms, approvedBy: set.approvedBy },
      reply({ kind: "agreement_confirmed", terms: offer.terms }),
      notifyOwner({ kind: "agreement_reached", terms: offer.terms }),
      ...timers,
    ],
    "agreement_recorded",
    { offerId, approvedBy: set.approvedBy, withinPolicy: offer.withinPolicy },
  );
}

/** Paid towards the agreement since it was made. */
function paidSince(state: CaseStateOf<"agreed">): number {
  return state.paidMinor - state.agreement.paidBeforeMinor;
}

function installmentCovered(
  state: CaseStateOf<"agreed">,
  list: readonly Installment[],
  seq: number,
): boolean {
  const upTo = sumMinor(list.filter((i) => i.seq <= seq).map((i) => i.amountMinor));
  return paidSince(state) >= upTo;
}

export function onPaymentReceived(
  state: CaseState,
  event: Extract<CaseEvent, { type: "payment_received" }>,
  ctx: DecideContext,
): Decision {
  const { amountMinor, reference } = event;
  const settled = event.settles && event.settles.length > 0 ? { settled: event.settles } : {};
  if (!Number.isFinite(amountMinor) || amountMinor <= 0) {
    return refuse("negative_amount", `a payment must be positive (got ${amountMinor})`);
  }
  if (!Number.isSafeInteger(amountMinor))
    return refuse("invalid_event", "a payment is an integer of minor units");
  const paid = { ...state, paidMinor: state.paidMinor + amountMinor };
  const left = remaining(paid, ctx);
  const silent = state.humanInCharge;
  if (left === 0) {
    const next = toStatus(
      { ...paid, offerSet: null, ladderApproval: null, ladder: { ...paid.ladder, stopped: true } },
      "paid",
      {},
    );
    return accept(
      next,
      [
        { type: "cancel_timers" },
        ...(silent ? [] : [followUp({ kind: "paid_in_full" })]),
        notifyOwner({ kind: "paid_in_full" }),
      ],
      "payment_received",
      {
        amountMinor,
        reference,
        remainingMinor: 0,
        overpaidMinor: -(ctx.facts.invoice.amountMinor - state.discountMinor - paid.paidMinor),
        ...settled,
      },
    );
  }
  // A part payment changes the path too: the ladder stops, and offers computed on the old amount
  // are withdrawn (the debtor can ask for new ones).
  const ladder = stopLadder(paid);
  // A new promised date shown for confirmation was for the amount before this payment: dropped.
  const closed =
    state.status === "agreed"
      ? {
          common: closeOfferSet(paid).common,
          effects: [
            ...paidInstallmentReminders(state, paid.paidMinor),
            ...closeOfferSet(paid).effects,
          ],
        }
      : closeOfferSet(paid);
  const merged = { ...paid, ...ladder.common, ...closed.common };
  if (state.status === "agreed" && event.rebalance === true) {
    const rebalanced = rebalanceAgreement(state, merged, amountMinor);
    if (rebalanced !== null) {
      return accept(
        rebalanced.state,
        [
          ...ladder.effects,
          ...closed.effects,
          ...rebalanced.effects,
          ...(silent
            ? []
            : [
                followUp({
                  kind: "payment_thanks",
                  receivedMinor: amountMinor,
                  remainingMinor: left,
                  ...settled,
                  ...(rebalanced.plan ? { plan: rebalanced.plan } : {}),
                }),
              ]),
          {
            type: "record_agreement",
            offerId: rebalanced.state.agreement.offerId,
            terms: rebalanced.state.agreement.terms,
            approvedBy: null,
            rebalanced: true,
          },
        ],
        "payment_received",
        {
          amountMinor,
          reference,
          remainingMinor: left,
          rebalanced: rebalanced.state.agreement.offerId,
          ...settled,
        },
      );
    }
  }
  const next: CaseState =
    state.status === "awaiting_confirmation"
      ? toStatus(merged, "offering", {})
      : (merged as CaseState);
  return accept(
    next,
    [
      ...ladder.effects,
      ...closed.effects,
      ...(silent
        ? []
        : [
            followUp({
              kind: "payment_thanks",
              receivedMinor: amountMinor,
              remainingMinor: left,
              ...settled,
            }),
          ]),
    ],
    "payment_received",
    { amountMinor, reference, remainingMinor: left, ...settled },
  );
}

/**
 * A payment made outside the running agreement (the payer named the invoice it pays) lowers what
 * the agreement asks for instead of counting as its next installments: its terms are re-balanced
 * (plan-change.ts, from the last installment backwards) and recorded as a new agreement that
 * supersedes it. The payment is left out of what counts towards the installments
 * (`paidBeforeMinor`); installments dropped lose their timers. Null when nothing is left to
 * re-balance (a pay-now, or a payment that covers the agreement).
 */
function rebalanceAgreement(
  state: CaseStateOf<"agreed">,
  merged: CaseCommon,
  amountMinor: number,
): { state: CaseStateOf<"agreed">; effects: Effect[]; plan: PlanTerms | null } | null {
  const { agreement } = state;
  const terms = rebalanceTerms(agreement.terms, paidSince(state), amountMinor);
  if (terms === null) return null;
  const revision = (/_r(\d+)$/.exec(agreement.offerId)?.[1] ?? "0") as string;
  const offerId = `${agreement.offerId.replace(/_r\d+$/, "")}_r${Number(revision) + 1}`;
  const next = toStatus(merged, "agreed", {
    agreement: {
      ...agreement,
      offerId,
      terms,
      paidBeforeMinor: agreement.paidBeforeMinor + amountMinor,
    },
  });
  const effects: Effect[] = [];
  if (agreement.terms.kind === "installments" && terms.kind === "installments") {
    const kept = new Set(terms.installments.map((i) => i.seq));
    const keys = agreement.terms.installments
      .filter((i) => !kept.has(i.seq))
      .flatMap((i) => [`inst_${i.seq}_reminder`, `inst_${i.seq}_due`, `inst_${i.seq}_check`]);
    if (keys.length > 0) effects.push({ type: "cancel_timers", keys });
  }
  return {
    state: next,
    effects,
    plan: terms.kind === "installments" ? terms : null,
  };
}

/**
 * Installments a payment has just covered need no reminder any more: their reminder and due-day
 * timers are cancelled. Their check still runs (silently): it resets the missed-installment count.
 */
function paidInstallmentReminders(state: CaseStateOf<"agreed">, paidMinor: number): Effect[] {
  if (state.agreement.terms.kind !== "installments") return [];
  const list = state.agreement.terms.installments;
  const after = { ...state, paidMinor };
  const keys = list
    .filter(
      (i) => !installmentCovered(state, list, i.seq) && installmentCovered(after, list, i.seq),
    )
    .flatMap((i) => [`inst_${i.seq}_reminder`, `inst_${i.seq}_due`]);
  return keys.length === 0
    ? []
    : [{ type: "cancel_timers", kinds: ["installment_reminder", "installment_due"], keys }];
}

function installmentOf(
  state: CaseState,
  seq: number,
): { agreed: CaseStateOf<"agreed">; list: readonly Installment[]; inst: Installment } | null {
  if (state.status !== "agreed" || state.agreement.terms.kind !== "installments") return null;
  const list = state.agreement.terms.installments;
  const inst = list.find((i) => i.seq === seq);
  return inst === undefined ? null : { agreed: state, list, inst };
}

export function onInstallmentTimer(
  state: CaseState,
  kind: "installment_reminder" | "installment_due" | "installment_check",
  seq: number,
  ctx: DecideContext,
): Decision {
  const found = installmentOf(state, seq);
  if (found === null) return refuse("stale_timer", `no running plan has installment ${seq}`);
  const { agreed, list, inst } = found;
  const covered = installmentCovered(agreed, list, seq);
  if (kind !== "installment_check") {
    if (covered) return accept(agreed, [], `${kind}_skipped`, { seq, covered });
    return accept(agreed, reminder(agreed, { kind, installment: inst }), `${kind}_sent`, { seq });
  }
  if (covered) {
    const next = toStatus(agreed, "agreed", { agreement: { ...agreed.agreement, strikes: 0 } });
    return accept(next, [], "installment_paid", { seq });
  }
  const strikes = agreed.agreement.strikes + 1;
  if (strikes < ctx.policy.missedInstallment.strikesToBreak) {
    const next = toStatus(agreed, "agreed", { agreement: { ...agreed.agreement, strikes } });
    return accept(
      next,
      reminder(agreed, { kind: "installment_missed", installment: inst, offers: [] }),
      "installment_missed",
      {
        seq,
        strikes,
      },
    );
  }
  const left = remaining(agreed, ctx);
  const reopened = reopenNegotiation({ ...agreed, counterRounds: 0 }, ctx);
  return accept(
    reopened.state,
    [
      cancelTimers("installment_reminder", "installment_due", "installment_check"),
      notifyOwner({ kind: "plan_broken", amountDueMinor: left }),
      ...reminder(agreed, { kind: "plan_broken", amountDueMinor: left, missed: inst }),
      ...reopened.effects,
      ...reminder(agreed, { kind: "offers", offers: reopened.offers, reason: agreed.reason }),
    ],
    "plan_broken",
    { seq, strikes },
  );
}

export function onPromiseTimer(
  state: CaseState,
  kind: "promise_reminder" | "promise_check",
  date: IsoDate,
  ctx: DecideContext,
): Decision {
  if (state.status !== "agreed" || state.agreement.checkDate !== date) {
    return refuse("stale_timer", `no running promise for ${date}`);
  }
  const owed = termsPayableMinor(state.agreement.terms);
  const kept = paidSince(state) >= owed;
  const left = remaining(state, ctx);
  if (kind === "promise_reminder") {
    if (kept) return accept(state, [], "promise_reminder_skipped", { date });
    return accept(
      state,
      reminder(state, { kind: "promise_reminder", date, amountMinor: left }),
      "promise_reminder_sent",
      { date },
    );
  }
  if (kept) return accept(state, [], "promise_kept", { date });
  // A pay-now commitment is not a promised date: only a broken promise counts towards plans only.
  const promisesBroken =
    (state.promisesBroken ?? 0) + (state.agreement.terms.kind === "promise" ? 1 : 0);
  const reopened = reopenNegotiation({ ...state, counterRounds: 0, promisesBroken }, ctx);
  const plansOnly = promisesBroken >= ctx.policy.promise.brokenPromisesBeforePlansOnly;
  return accept(
    reopened.state,
    [
      cancelTimers("promise_reminder", "promise_check"),
      notifyOwner({ kind: "promise_broken", amountDueMinor: left }),
      ...reminder(state, {
        kind: "promise_missed",
        amountDueMinor: left,
        date,
        ...(plansOnly ? { plansOnly } : {}),
      }),
      ...reopened.effects,
      ...reminder(state, { kind: "offers", offers: reopened.offers, reason: state.reason }),
    ],
    "promise_broken",
    { date, promisesBroken, ...(plansOnly ? { plansOnly } : {}) },
  );
}

/** The owner checked an "already paid" claim. */
export function onPaymentCheck(
  state: CaseState,
  received: boolean,
  by: string,
  ctx: DecideContext,
): Decision {
  if (state.status !== "awaiting_payment_check") {
    return refuse("illegal_in_state", `no payment claim is being checked (${state.status})`);
  }
  if (received) {
    const settled = ctx.facts.invoice.amountMinor - state.discountMinor;
    const next = toStatus(
      { ...state, paidMinor: Math.max(state.paidMinor, settled), offerSet: null },
      "paid",
      {},
    );
    return accept(
      next,
      [{ type: "cancel_timers" }, reply({ kind: "paid_in_full" })],
      "payment_confirmed_by_owner",
      { by },
    );
  }
  const reopened = reopenNegotiation(state, ctx);
  return accept(
    reopened.state,
    [
      reply({ kind: "payment_not_found", amountDueMinor: remaining(state, ctx) }),
      ...reopened.effects,
      reply({ kind: "offers", offers: reopened.offers, reason: null }),
    ],
    "payment_not_found_by_owner",
    { by },
  );
}
