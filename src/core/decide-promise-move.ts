import type { Agreement, CaseStateOf } from "./case-state.ts";
import { addDays, daysBetween } from "./dates.ts";
import { followUps } from "./decide-agreement.ts";
import {
  accept,
  cancelTimers,
  closeOfferSet,
  type DecideContext,
  type Decision,
  fitContext,
  notifyOwner,
  openOfferSet,
  refuse,
  remaining,
  reply,
  today,
  toStatus,
} from "./decide-support.ts";
import { percentCeil } from "./money.ts";
import { plansOnly } from "./policy-fit.ts";
import type { IsoDate, PlanTerms } from "./types.ts";

/**
 * Guardrails on promised dates (policy.promise): a debtor whose promise is running may ask for
 * another date. Each promise after the first is a move, at most `maxReschedules` of them; after
 * the first move, the next one needs a part payment of `moveMinPaymentPercent` % of what the
 * current promise covers, paid since it was made; a debtor who broke
 * `brokenPromisesBeforePlansOnly` promises is offered plans only. A move the policy allows is
 * shown with its exact terms for confirmation (the confirmation card is the evidence of the new
 * agreement, as for any agreement); the promise keeps running meanwhile. A move refused is
 * explained, with what the debtor can do. Every step is in the audit trail.
 */

type AgreedPromise = CaseStateOf<"agreed"> & {
  readonly agreement: Agreement & { readonly terms: Extract<PlanTerms, { kind: "promise" }> };
};

export function isRunningPromise(state: { status: string }): state is AgreedPromise {
  return state.status === "agreed" && (state as AgreedPromise).agreement.terms.kind === "promise";
}

/** Paid since the running promise was made. */
function paidSince(state: AgreedPromise): number {
  return state.paidMinor - state.agreement.paidBeforeMinor;
}

/** The part payment a further move needs (0 for the first move). */
export function movePaymentNeeded(state: AgreedPromise, ctx: DecideContext): number {
  if (state.promisesMade < 2) return 0;
  const required = percentCeil(
    state.agreement.terms.amountMinor,
    ctx.policy.promise.moveMinPaymentPercent,
  );
  return Math.max(0, required - paidSince(state));
}

/** The debtor asks to pay on `date` instead of the promised day. */
export function onPromiseMove(state: AgreedPromise, date: IsoDate, ctx: DecideContext): Decision {
  const current = state.agreement.terms.date;
  const day = today(ctx);
  if (daysBetween(day, date) < 0) return refuse("invalid_proposal", "the date is in the past");
  if (date === current) {
    return accept(
      state,
      [reply({ kind: "promise_date_kept", date: current })],
      "promise_kept_date",
      {
        date: current,
      },
    );
  }
  const fit = fitContext(state, ctx);
  const rules = ctx.policy.promise;
  const move = state.promisesMade;
  const refused = (
    reason: "max_moves" | "needs_payment" | "too_far",
    extra: { paymentMinor?: number; latest?: IsoDate } = {},
  ): Decision =>
    accept(
      state,
      [reply({ kind: "promise_move_refused", reason, date: current, ...extra })],
      "promise_move_refused",
      { from: current, to: date, move, reason, paidSinceMinor: paidSince(state), ...extra },
    );
  if (state.promisesMade > rules.maxReschedules || plansOnly(fit)) return refused("max_moves");
  const needed = movePaymentNeeded(state, ctx);
  if (needed > 0) return refused("needs_payment", { paymentMinor: needed });
  if (daysBetween(day, date) > rules.maxDaysAhead) {
    return refused("too_far", { latest: addDays(day, rules.maxDaysAhead) });
  }
  const terms: PlanTerms = { kind: "promise", date, amountMinor: remaining(state, ctx) };
  const opened = openOfferSet(state, [{ terms, withinPolicy: true }], ctx);
  const offer = opened.offers[0];
  if (offer === undefined) return refuse("internal_error", "no offer opened");
  const next = toStatus({ ...state, ...opened.common }, "agreed", { agreement: state.agreement });
  return accept(
    next,
    [...opened.effects, reply({ kind: "confirm_terms", offer, replaces: current })],
    "promise_move_proposed",
    { from: current, to: date, move, offerId: offer.id, paidSinceMinor: paidSince(state) },
  );
}

/** The debtor confirmed the new date: it replaces the promise (a new agreement, the old superseded). */
export function confirmMove(state: AgreedPromise, offerId: string, ctx: DecideContext): Decision {
  const set = state.offerSet;
  const offer = set?.offers.find((o) => o.id === offerId);
  if (set === null || offer === undefined || offer.terms.kind !== "promise") {
    return refuse("unknown_offer", `offer ${offerId} is not a new date awaiting confirmation`);
  }
  if (ctx.now.getTime() >= new Date(set.expiresAt).getTime()) {
    return refuse("offer_expired", `offer ${offerId} expired`);
  }
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
    { ...state, ...closed.common, promisesMade: state.promisesMade + 1 },
    "agreed",
    { agreement },
  );
  return accept(
    next,
    [
      ...closed.effects,
      cancelTimers("promise_reminder", "promise_check"),
      { type: "record_agreement", offerId, terms: offer.terms, approvedBy: set.approvedBy },
      reply({ kind: "agreement_confirmed", terms: offer.terms }),
      notifyOwner({ kind: "agreement_reached", terms: offer.terms }),
      ...timers,
    ],
    "promise_moved",
    {
      offerId,
      from: state.agreement.terms.date,
      to: offer.terms.date,
      move: state.promisesMade,
      paidSinceMinor: paidSince(state),
    },
  );
}

/** "Non": the new date is dropped, the promise stands as it was. */
export function keepPromiseDate(state: AgreedPromise): Decision {
  const closed = closeOfferSet(state);
  const next = toStatus({ ...state, ...closed.common }, "agreed", { agreement: state.agreement });
  const date = state.agreement.terms.date;
  return accept(
    next,
    [...closed.effects, reply({ kind: "promise_date_kept", date })],
    "promise_move_dropped",
    { date },
  );
}
