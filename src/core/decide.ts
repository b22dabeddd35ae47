import { type CaseFacts, type CaseState, isFinished } from "./case-state.ts";
import { isIsoDate } from "./dates.ts";
import { onInvoiceArrived, onInvoiceJoinedCase } from "./decide-addition.ts";
import {
  onInstallmentTimer,
  onPaymentCheck,
  onPaymentReceived,
  onPromiseTimer,
} from "./decide-agreement.ts";
import { onDebtorAction, onDebtorText, onOptOut } from "./decide-debtor.ts";
import { onLadderStep, onOfferExpired } from "./decide-ladder.ts";
import {
  onApprovalTimeout,
  onOwnerApproved,
  onOwnerCountered,
  onOwnerDeclined,
} from "./decide-owner.ts";
import {
  accept,
  type DecideContext,
  type Decision,
  liveOffers,
  refuse,
  remaining,
  reply,
  withCommon,
} from "./decide-support.ts";
import type { Effect } from "./effects.ts";
import type { CaseEvent } from "./events.ts";
import { initialLadderTimers } from "./ladder.ts";
import type { Policy } from "./policy.ts";

export type { DecideContext, Decision } from "./decide-support.ts";

/** A new case: status `scheduled`, the ladder's timers (see ladder.ts for past steps). */
export function initialCaseState(
  facts: CaseFacts,
  policy: Policy,
  now: Date,
): { state: CaseState; effects: Effect[] } {
  // A malformed due date must not stop the case from existing: it then has no ladder (audited).
  const ladder = isIsoDate(facts.invoice.dueDate)
    ? initialLadderTimers(policy, facts.invoice.dueDate, facts.debtor.timezone, now)
    : { effects: [], skippedThrough: null };
  const state: CaseState = {
    status: "scheduled",
    paidMinor: 0,
    discountMinor: 0,
    reason: null,
    ladder: { lastStepIndex: ladder.skippedThrough, stopped: false },
    offerSet: null,
    offerVersion: 0,
    counterRounds: 0,
    requestCount: 0,
    promisesMade: 0,
    ladderApproval: null,
    optedOut: false,
    humanInCharge: false,
    channelBound: false,
  };
  return {
    state,
    effects: [
      ...ladder.effects,
      {
        type: "audit",
        action: "case_created",
        detail: {
          status: "scheduled",
          invoice: facts.invoice.number,
          ladderTimers: ladder.effects.length,
        },
      },
    ],
  };
}

/**
 * The negotiation core: the next state and the effects of one event, or a typed refusal that leaves
 * the state unchanged. Pure and total — same inputs, same outputs; it never throws (a bug surfaces
 * as an `internal_error` refusal, so the event is still logged and not lost).
 */
/**
 * A ladder step may have asked something before any chat was bound (the case starts when the
 * invoice is created; a Telegram bot cannot write first), so that question went nowhere
 * (`unheardQuestion`). When the debtor arrives, the question still open is asked after the welcome.
 */
function pendingQuestion(state: CaseState): Effect[] {
  switch (state.status) {
    case "awaiting_reason":
      return [reply({ kind: "ask_reason" })];
    case "offering":
      return state.offerSet
        ? [reply({ kind: "offers", offers: state.offerSet.offers, reason: state.reason })]
        : [];
    default:
      return [];
  }
}

/** A debtor coming back to a case with offers still open sees them again, after the welcome. */
function liveOffersAgain(state: CaseState, ctx: DecideContext): Effect[] {
  if (state.status !== "offering" && state.status !== "escalated") return [];
  const offers = liveOffers(state, ctx);
  return offers.length > 0 ? [reply({ kind: "offers", offers, reason: state.reason })] : [];
}

/** Once the debtor did something else than answer "when are you paid?", a day they name later
 *  ("le 20") is a date again, not a payday. */
function closePaydayQuestion(decision: Decision, close: boolean): Decision {
  if (!close || !decision.ok || !decision.state.askedPayday) return decision;
  return { ...decision, state: withCommon(decision.state, { askedPayday: false }) };
}

export function decide(state: CaseState, event: CaseEvent, ctx: DecideContext): Decision {
  try {
    return decideEvent(state, event, ctx);
  } catch (error) {
    return refuse("internal_error", error instanceof Error ? error.message : String(error));
  }
}

function decideEvent(state: CaseState, event: CaseEvent, ctx: DecideContext): Decision {
  if (isFinished(state)) return refuse("already_closed", `the case is ${state.status}`);
  // The invoice now belongs to another case: whoever handles this one, it has nothing to collect.
  if (event.type === "invoice_joined_case") return onInvoiceJoinedCase(state, event);
  if (state.humanInCharge) {
    // Money is still counted while a human handles the case; the bot says nothing.
    if (event.type === "payment_received") {
      return onPaymentReceived(state, event, ctx);
    }
    if (event.type === "human_release") {
      return accept(withCommon(state, { humanInCharge: false }), [], "human_released", {
        by: event.by,
      });
    }
    return refuse("human_in_charge", "a human is handling this case");
  }
  switch (event.type) {
    case "channel_bound":
      return accept(
        withCommon(state, { channelBound: true, unheardQuestion: false }),
        [
          reply({
            kind: "welcome",
            amountDueMinor: remaining(state, ctx),
            dueDate: ctx.facts.invoice.dueDate,
          }),
          ...(state.unheardQuestion ? pendingQuestion(state) : liveOffersAgain(state, ctx)),
        ],
        "channel_bound",
        { channel: event.channel },
      );
    case "ladder_step_due":
      return onLadderStep(state, event.stepIndex, ctx);
    case "debtor_action": {
      // A button pressed is a message understood: the count of unread ones starts again.
      const decision = closePaydayQuestion(
        onDebtorAction(state, event.action, ctx),
        event.action.type !== "align_payday",
      );
      return decision.ok && decision.state.misreads
        ? { ...decision, state: withCommon(decision.state, { misreads: 0 }) }
        : decision;
    }
    case "debtor_text": {
      const decision = onDebtorText(state, event.text, event.interpretation, ctx);
      // A message the bot could not read leaves the payday question open; anything else moved on.
      const unread =
        decision.ok &&
        decision.effects.some(
          (e) =>
            e.type === "audit" &&
            (e.action === "text_not_understood" || e.action === "text_checked"),
        );
      return closePaydayQuestion(decision, !unread);
    }
    case "owner_approved":
      return onOwnerApproved(state, event.requestId, event.by, ctx);
    case "owner_declined":
      return onOwnerDeclined(state, event.requestId, event.by, ctx);
    case "owner_countered":
      return onOwnerCountered(state, event.requestId, event.by, event.terms, ctx);
    case "owner_approval_timeout":
      return onApprovalTimeout(state, event.requestId, ctx);
    case "owner_payment_check":
      return onPaymentCheck(state, event.received, event.by, ctx);
    case "payment_received":
      return onPaymentReceived(state, event, ctx);
    case "installment_reminder":
    case "installment_due":
    case "installment_check":
      return onInstallmentTimer(state, event.type, event.seq, ctx);
    case "promise_reminder":
    case "promise_check":
      return onPromiseTimer(state, event.type, event.date, ctx);
    case "offer_expired":
      return onOfferExpired(state, event.offerSetVersion);
    case "opt_out":
      return onOptOut(state, event.channel);
    case "human_takeover":
      return accept(withCommon(state, { humanInCharge: true }), [], "human_takeover", {
        by: event.by,
      });
    case "human_release":
      return refuse("illegal_in_state", "no human has taken this case over");
    case "invoice_arrived":
      return onInvoiceArrived(state, event, ctx);
  }
}
