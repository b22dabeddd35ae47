import { onOrNextBusinessDay } from "./business-days.ts";
import { type CaseState, type CaseStateOf, isNegotiating } from "./case-state.ts";
import { evaluateProposal } from "./counter-offer.ts";
import { currentActions } from "./current-actions.ts";
import { addDays } from "./dates.ts";
import { onAdditionAnswer } from "./decide-addition.ts";
import { confirmAgreement } from "./decide-agreement.ts";
import {
  confirmMove,
  isRunningPromise,
  keepPromiseDate,
  onPromiseMove,
} from "./decide-promise-move.ts";
import {
  accept,
  approvalTimerKey,
  closeOfferSet,
  type DecideContext,
  type Decision,
  debtorCountry,
  draftsFor,
  fitContext,
  liveOffers,
  locateOffer,
  newApproval,
  notifyOwner,
  openOfferSet,
  openOfferSetKeeping,
  refuse,
  remaining,
  reply,
  stopLadder,
  today,
  toStatus,
  withCommon,
} from "./decide-support.ts";
import type { Effect } from "./effects.ts";
import type { DebtorAction } from "./events.ts";
import { installmentsOn, planDates, termsProblem } from "./installment-plan.ts";
import type { ApprovalSubject } from "./messages.ts";
import { nextPayday, PAYDAY_CHOICES, paydayOfDate } from "./payday.ts";
import { breachesOf } from "./policy-fit.ts";
import type { Interpretation, Offer, Payday, PlanTerms, Proposal, Reason } from "./types.ts";
import { understand } from "./understanding.ts";

/** Statuses in which the debtor may (re)negotiate: free negotiation or a pending confirmation. */
function canNegotiate(
  state: CaseState,
): state is CaseStateOf<"awaiting_confirmation"> | Extract<CaseState, { status: "offering" }> {
  return isNegotiating(state) || state.status === "awaiting_confirmation";
}

export function onDebtorAction(
  state: CaseState,
  action: DebtorAction,
  ctx: DecideContext,
  text: string | null = null,
): Decision {
  switch (action.type) {
    case "give_reason":
      if (!canNegotiate(state)) return illegal(state, action.type);
      return onReason(state, action.reason, ctx, text);
    case "choose_offer":
      if (state.status === "awaiting_owner" && state.offerSet !== null) {
        return onChooseOfferWhileOwnerAsked(state, action.offerId, ctx);
      }
      if (!canNegotiate(state)) return illegal(state, action.type);
      return onChooseOffer(state, action.offerId, ctx);
    case "confirm":
      if (isRunningPromise(state) && state.offerSet !== null) {
        return confirmMove(state, action.offerId, ctx);
      }
      if (state.status !== "awaiting_confirmation") {
        return refuse("not_awaiting_confirmation", `no terms await confirmation (${state.status})`);
      }
      return confirmAgreement(state, action.offerId, ctx);
    case "decline":
      if (isRunningPromise(state) && state.offerSet !== null) return keepPromiseDate(state);
      if (!canNegotiate(state)) return illegal(state, action.type);
      return accept(
        toStatus(state, "offering", {}),
        [reply({ kind: "ask_counter_offer" })],
        "debtor_decline",
      );
    case "counter_offer": {
      if (!canNegotiate(state)) return illegal(state, action.type);
      const next = toStatus(state, "offering", {});
      return accept(next, [reply({ kind: "ask_counter_offer" })], `debtor_${action.type}`);
    }
    case "propose":
      if (isRunningPromise(state) && isDateOnly(action.proposal) && action.proposal.date) {
        return onPromiseMove(state, action.proposal.date, ctx);
      }
      if (!canNegotiate(state)) return illegal(state, action.type);
      return onProposal(state, action.proposal, ctx, true);
    case "align_payday":
      if (!canNegotiate(state)) return illegal(state, action.type);
      return accept(
        withCommon(state, { askedPayday: true }),
        [reply({ kind: "ask_payday", choices: PAYDAY_CHOICES })],
        "payday_asked",
      );
    case "add_invoice":
    case "keep_invoice_apart":
      return onAdditionAnswer(state, action.invoiceId, action.type === "add_invoice");
    case "set_payday":
      if (!canNegotiate(state)) return illegal(state, action.type);
      return onSetPayday(state, action.payday, ctx);
    case "more_options": {
      if (!canNegotiate(state)) return illegal(state, action.type);
      return showOffers(state, state.reason, ctx, "debtor_more_options");
    }
    case "pay_now":
      return accept(
        state,
        [reply({ kind: "payment_methods", amountDueMinor: remaining(state, ctx) })],
        "debtor_pay_now",
      );
    case "ask_human":
      return accept(
        state,
        [notifyOwner({ kind: "human_requested", text }), reply({ kind: "human_handover" })],
        "debtor_asked_human",
      );
    case "stop":
      return onOptOut(state, "debtor");
  }
}

function isDateOnly(proposal: Proposal): boolean {
  return (
    proposal.date !== undefined &&
    proposal.amountPerPeriodMinor === undefined &&
    proposal.count === undefined &&
    proposal.downPaymentMinor === undefined
  );
}

/** The confirmation card of `offer`: a plan may be put on the debtor's payday while it is unknown. */
export function confirmCard(state: CaseState, offer: Offer): Effect {
  const askPayday = offer.terms.kind === "installments" && state.payday === undefined;
  return reply({ kind: "confirm_terms", offer, ...(askPayday ? { askPayday } : {}) });
}

/** The same plan (amounts, frequency) with its dates on the debtor's payday, if it still fits. */
function onPayday(terms: PlanTerms, state: CaseState, ctx: DecideContext): PlanTerms | null {
  if (terms.kind !== "installments" || terms.discountMinor) return null;
  const fit = fitContext(state, ctx);
  const list = terms.installments;
  const dates = planDates(terms.frequency, list.length, fit);
  const moved: PlanTerms = {
    kind: "installments",
    frequency: terms.frequency,
    installments: installmentsOn(
      list.map((i) => i.amountMinor),
      dates,
      list[0]?.isDownPayment === true,
    ),
  };
  if (breachesOf(moved, fit).length > 0) return null;
  return termsProblem(moved, fit.remainingMinor, fit.today) === null ? moved : null;
}

/**
 * The debtor said when they are paid (or that they have no fixed day, `null`): it is remembered
 * on the case, and every plan offered from now on falls on it. A plan awaiting confirmation is
 * shown again with its dates on payday; while negotiating, the offers are shown on payday.
 */
function onSetPayday(state: CaseState, payday: Payday | null, ctx: DecideContext): Decision {
  const base = withCommon(state, { payday, askedPayday: false });
  const detail = { payday };
  if (state.status === "awaiting_confirmation") {
    const set = state.offerSet;
    const pending = set?.offers.find((o) => o.id === state.pendingOfferId);
    if (pending === undefined) return showOffers(base, state.reason, ctx, "payday_noted");
    const fixed = pending.withinPolicy && set?.approvedBy == null;
    const moved = payday === null || !fixed ? null : onPayday(pending.terms, base, ctx);
    if (payday === null || !fixed || pending.terms.kind !== "installments") {
      return accept(base, [confirmCard(base, pending)], "payday_noted", detail);
    }
    if (moved === null) {
      // The plan no longer fits once on payday (it would end too late): the plans that do.
      return showOffers(base, state.reason, ctx, "payday_noted", payday);
    }
    const opened = openOfferSetKeeping(base, [{ terms: moved, withinPolicy: true }], ctx);
    const offer = opened.offers[0];
    if (offer === undefined) return refuse("internal_error", "no offer opened");
    const next = toStatus({ ...base, ...opened.common }, "awaiting_confirmation", {
      pendingOfferId: offer.id,
    });
    return accept(
      next,
      [
        ...opened.effects,
        reply({ kind: "payday_noted", payday }),
        reply({ kind: "confirm_terms", offer }),
      ],
      "payday_noted",
      { ...detail, offerId: offer.id },
    );
  }
  return showOffers(base, state.reason, ctx, "payday_noted", payday ?? undefined);
}

function illegal(state: CaseState, what: string): Decision {
  return refuse("illegal_in_state", `${what} is not possible while ${state.status}`);
}

/** Opens in-policy offers for `reason` and shows them; status `offering`. */
function showOffers(
  state: CaseState,
  reason: Reason | null,
  ctx: DecideContext,
  action: string,
  payday?: Payday,
): Decision {
  const opened = openOfferSet(state, draftsFor(reason, state, ctx), ctx);
  const next = toStatus({ ...state, ...opened.common, reason }, "offering", {});
  return accept(
    next,
    [
      ...opened.effects,
      ...(payday !== undefined ? [reply({ kind: "payday_noted", payday })] : []),
      reply({ kind: "offers", offers: opened.offers, reason }),
    ],
    action,
    { reason, offerSetVersion: next.offerVersion, ...(payday !== undefined ? { payday } : {}) },
  );
}

/** DOMAIN.md, "Reasons and what each leads to". */
function onReason(
  state: CaseState,
  reason: Reason,
  ctx: DecideContext,
  text: string | null,
): Decision {
  const action = "reason_given";
  switch (reason) {
    case "forgot": {
      const shown = showOffers(state, reason, ctx, action);
      if (!shown.ok) return shown;
      return {
        ...shown,
        effects: [
          reply({ kind: "payment_methods", amountDueMinor: remaining(state, ctx) }),
          ...shown.effects,
        ],
      };
    }
    case "cash_flow":
    case "other":
      return showOffers(state, reason, ctx, action);
    case "not_received": {
      const next =
        state.status === "awaiting_reason" || state.status === "scheduled"
          ? toStatus({ ...state, reason }, "reminded", {})
          : withCommon(state, { reason });
      return accept(
        next,
        [
          reply({
            kind: "invoice_details",
            amountDueMinor: remaining(state, ctx),
            dueDate: ctx.facts.invoice.dueDate,
          }),
        ],
        action,
        { reason },
      );
    }
    case "dispute": {
      const ladder = stopLadder(state);
      const offers = closeOfferSet(state);
      const requestCount = state.requestCount + 1;
      const requestId = `r${requestCount}`;
      const next = toStatus(
        { ...state, ...ladder.common, ...offers.common, reason, requestCount },
        "disputed",
        {
          requestId,
        },
      );
      return accept(
        next,
        [
          ...ladder.effects,
          ...offers.effects,
          reply({ kind: "dispute_ack" }),
          notifyOwner({ kind: "dispute", text, requestId }),
        ],
        action,
        { reason, requestId },
      );
    }
    case "already_paid": {
      const ladder = stopLadder(state);
      const offers = closeOfferSet(state);
      const next = toStatus(
        { ...state, ...ladder.common, ...offers.common, reason },
        "awaiting_payment_check",
        {},
      );
      return accept(
        next,
        [
          ...ladder.effects,
          ...offers.effects,
          reply({ kind: "already_paid_ask_details" }),
          notifyOwner({ kind: "already_paid_claim", text }),
        ],
        action,
        { reason },
      );
    }
  }
}

function onChooseOffer(state: CaseState, offerId: string, ctx: DecideContext): Decision {
  const located = locateOffer(state, offerId);
  if ("missing" in located) {
    return refuse(located.missing, `offer ${offerId} is not among the current offers`);
  }
  const set = state.offerSet;
  if (set === null || ctx.now.getTime() >= new Date(set.expiresAt).getTime()) {
    return refuse("offer_expired", `offer ${offerId} expired`);
  }
  // Terms offered within policy may have stopped fitting it since (an early-payment discount whose
  // window just closed): nothing outside policy is confirmed without the owner, so fresh offers
  // replace them.
  if (
    located.found.withinPolicy &&
    breachesOf(located.found.terms, fitContext(state, ctx)).length > 0
  ) {
    const opened = openOfferSet(state, draftsFor(state.reason, state, ctx), ctx);
    const next = toStatus({ ...state, ...opened.common }, "offering", {});
    return accept(
      next,
      [...opened.effects, reply({ kind: "offer_expired", offers: opened.offers })],
      "offer_no_longer_fits",
      { offerId, offerSetVersion: opened.common.offerVersion },
    );
  }
  const next = toStatus(state, "awaiting_confirmation", { pendingOfferId: offerId });
  return accept(next, [confirmCard(next, located.found)], "offer_chosen", {
    offerId,
  });
}

/**
 * The debtor took an in-policy offer shown while the owner was asked for their own terms: the
 * question to the owner is withdrawn (its timer cancelled; a late answer is refused as not
 * pending) and the offer goes to confirmation as usual.
 */
function onChooseOfferWhileOwnerAsked(
  state: CaseStateOf<"awaiting_owner">,
  offerId: string,
  ctx: DecideContext,
): Decision {
  const requestId = state.approval.requestId;
  const chosen = onChooseOffer(toStatus(state, "offering", {}), offerId, ctx);
  if (!chosen.ok) return chosen;
  return {
    ...chosen,
    effects: [
      { type: "cancel_timers", kinds: ["approval_timeout"], keys: [approvalTimerKey(requestId)] },
      ...chosen.effects,
      { type: "audit", action: "approval_withdrawn", detail: { requestId, offerId } },
    ],
  };
}

function subjectOf(terms: PlanTerms): ApprovalSubject {
  if (terms.kind === "promise") return "promise";
  if (terms.kind === "pay_now") return "discount";
  return "plan";
}

/** A debtor's counter-offer: accept, ask the owner, or counter (counter-offer.ts decides which). */
export function onProposal(
  state: CaseState,
  proposal: Proposal,
  ctx: DecideContext,
  strictCount: boolean,
): Decision {
  const outcome = evaluateProposal(
    proposal,
    {
      ...fitContext(state, ctx),
      rounds: state.counterRounds,
      previousOffers: state.offerSet?.offers ?? [],
    },
    strictCount,
  );
  switch (outcome.kind) {
    case "invalid":
      return refuse(outcome.code, outcome.message);
    case "accept": {
      const opened = openOfferSetKeeping(
        state,
        [{ terms: outcome.terms, withinPolicy: true }],
        ctx,
      );
      const offer = opened.offers[0];
      if (offer === undefined) return refuse("internal_error", "no offer opened");
      const next = toStatus({ ...state, ...opened.common }, "awaiting_confirmation", {
        pendingOfferId: offer.id,
      });
      return accept(next, [...opened.effects, confirmCard(next, offer)], "proposal_accepted", {
        offerId: offer.id,
        proposal,
      });
    }
    case "ask_owner": {
      const subject = subjectOf(outcome.terms);
      const asked = newApproval(
        state,
        { subject, terms: outcome.terms, proposal, breaches: outcome.breaches, stepIndex: null },
        ctx,
      );
      // Meanwhile the debtor may take the closest in-policy plan (or what they were offered).
      const shown =
        outcome.closest === null
          ? { ...closeOfferSet(state), offers: [] as Offer[] }
          : openOfferSetKeeping(state, [{ terms: outcome.closest, withinPolicy: true }], ctx);
      const offers = shown.offers;
      const next = toStatus({ ...state, ...asked.common, ...shown.common }, "awaiting_owner", {
        approval: asked.approval,
      });
      return accept(
        next,
        [
          ...shown.effects,
          ...asked.effects,
          notifyOwner({
            kind: "approval_request",
            requestId: asked.approval.requestId,
            subject,
            reason: state.reason,
            amountDueMinor: remaining(state, ctx),
            proposal,
            terms: outcome.terms,
            breaches: outcome.breaches,
          }),
          reply({
            kind: "proposal_sent_to_owner",
            proposal,
            ...(offers.length > 0 ? { offers, limits: outcome.limits } : {}),
          }),
        ],
        "proposal_sent_to_owner",
        {
          requestId: asked.approval.requestId,
          proposal,
          breaches: outcome.breaches,
          ...(offers[0] !== undefined ? { closestOfferId: offers[0].id } : {}),
        },
      );
    }
    case "counter": {
      const opened = openOfferSetKeeping(
        state,
        [{ terms: outcome.terms, withinPolicy: true }],
        ctx,
      );
      const next = toStatus(
        { ...state, ...opened.common, counterRounds: state.counterRounds + 1 },
        "offering",
        {},
      );
      return accept(
        next,
        [
          ...opened.effects,
          reply({ kind: "counter_offer", proposal, offers: opened.offers, limits: outcome.limits }),
        ],
        "bot_countered",
        { proposal, breaches: outcome.breaches, round: next.counterRounds },
      );
    }
  }
}

/** Free text, already interpreted: mapped to what the equivalent button would do. */
export function onDebtorText(
  state: CaseState,
  text: string,
  interpretation: Interpretation,
  ctx: DecideContext,
): Decision {
  const { intent } = interpretation;
  if (intent !== "stop" && intent !== "human") {
    if (state.status === "disputed") {
      return accept(
        state,
        [
          notifyOwner({ kind: "dispute", text, requestId: state.requestId }),
          reply({ kind: "dispute_ack" }),
        ],
        "dispute_details",
      );
    }
    if (state.status === "awaiting_payment_check") {
      return accept(
        state,
        [notifyOwner({ kind: "already_paid_claim", text }), reply({ kind: "already_paid_ack" })],
        "already_paid_details",
      );
    }
  }
  const said = intent === "stop" || intent === "human" ? null : paydaySaid(state, interpretation);
  if (said !== null && canNegotiate(state)) {
    const figures =
      intent === "installments" &&
      (interpretation.amount !== null || interpretation.count !== null);
    if (!figures) return withoutMisreads(onSetPayday(state, said, ctx));
    // "100 € par mois, je suis payé le 5": the plan is read with the payday, which sets its dates.
    const decision = decideText(
      withCommon(state, { payday: said, askedPayday: false }),
      text,
      { ...interpretation, date: null },
      ctx,
    );
    if (!decision.ok) return decision;
    return withoutMisreads({
      ...decision,
      effects: [
        { type: "audit", action: "payday_noted", detail: { payday: said } },
        ...decision.effects,
      ],
    });
  }
  if (said !== null && isRunningPromise(state)) {
    // "Je suis payé le 5" about a promise running: the debtor asks to pay on payday instead.
    return onPromiseMove(state, paydayDate(said, ctx), ctx);
  }
  const understood = understand(interpretation);
  // Stop and a person are honoured whatever else the message says; anything else read without
  // certainty is checked first, never acted on.
  if (intent !== "stop" && intent !== "human") {
    if (understood.kind === "unreadable") return notUnderstood(state, intent, text, ctx);
    if (understood.kind === "unsure") {
      if (!canNegotiate(state) && !isRunningPromise(state)) {
        return notUnderstood(state, intent, text, ctx);
      }
      return accept(
        withMisreads(state, 0),
        [reply({ kind: "check_understanding", proposal: understood.guess })],
        "text_checked",
        { intent, guess: understood.guess },
      );
    }
  }
  const decision = decideText(state, text, interpretation, ctx);
  if (decision.ok) return decision.state.misreads ? resetMisreads(decision) : decision;
  // Text that fits no action here is answered, not refused: the debtor gets the buttons again.
  if (
    decision.refusal.code === "illegal_in_state" ||
    decision.refusal.code === "not_awaiting_confirmation"
  ) {
    return notUnderstood(state, intent, text, ctx);
  }
  return decision;
}

/**
 * The payday a message gives: one the debtor states ("je suis payé le 5", "every other Friday"),
 * or, as the answer to the bot's question, any day they name ("le 5", "fin du mois").
 */
function paydaySaid(state: CaseState, interpretation: Interpretation): Payday | null {
  const found = interpretation.payday ?? null;
  if (found?.stated) return found.rule;
  if (!state.askedPayday) return null;
  if (found !== null) return found.rule;
  return interpretation.date === null ? null : paydayOfDate(interpretation.date);
}

/** The next payday from tomorrow, on a business day: the day a promise on payday falls. */
function paydayDate(payday: Payday, ctx: DecideContext): string {
  return onOrNextBusinessDay(nextPayday(payday, addDays(today(ctx), 1)), debtorCountry(ctx));
}

function withoutMisreads(decision: Decision): Decision {
  return decision.ok && decision.state.misreads ? resetMisreads(decision) : decision;
}

/** After this many unread messages in a row, the conversation goes to a person. */
export const MISREADS_BEFORE_HANDOVER = 3;

function withMisreads(state: CaseState, misreads: number): CaseState {
  if ((state.misreads ?? 0) === misreads) return state;
  return withCommon(state, { misreads });
}

function resetMisreads(decision: Extract<Decision, { ok: true }>): Decision {
  return { ...decision, state: withMisreads(decision.state, 0) };
}

/**
 * A message the bot cannot use here: the current options again — the live offers with their
 * terms — and, the third time in a row, a person (the owner is told, with the words).
 */
function notUnderstood(
  state: CaseState,
  intent: string,
  text: string | null,
  ctx: DecideContext,
): Decision {
  const misreads = (state.misreads ?? 0) + 1;
  if (misreads >= MISREADS_BEFORE_HANDOVER) {
    return accept(
      withMisreads(state, 0),
      [notifyOwner({ kind: "human_requested", text }), reply({ kind: "human_handover" })],
      "handover_after_misreads",
      { intent, misreads },
    );
  }
  const offers = liveOffers(state, ctx);
  const choosable = currentActions(state).some((a) => a.type === "choose_offer");
  return accept(
    withMisreads(state, misreads),
    [
      reply({
        kind: "not_understood",
        actions: currentActions(state),
        ...(choosable && offers.length > 0 ? { offers } : {}),
      }),
    ],
    "text_not_understood",
    { intent, misreads },
  );
}

function decideText(
  state: CaseState,
  text: string,
  interpretation: Interpretation,
  ctx: DecideContext,
): Decision {
  const { intent, amount, count, period, date } = interpretation;
  switch (intent) {
    case "already_paid": {
      const decision = onDebtorAction(state, { type: "give_reason", reason: intent }, ctx, text);
      // A day still to come in a message about a payment made is when the rest will follow.
      if (!decision.ok || date === null || date <= today(ctx)) return decision;
      return {
        ...decision,
        effects: decision.effects.map((e) =>
          e.type === "send_debtor" && e.message.kind === "already_paid_ask_details"
            ? { ...e, message: { ...e.message, restDate: date } }
            : e,
        ),
      };
    }
    case "forgot":
    case "cash_flow":
    case "dispute":
    case "not_received":
      return onDebtorAction(state, { type: "give_reason", reason: intent }, ctx, text);
    case "pay_now":
      return onDebtorAction(state, { type: "pay_now" }, ctx, text);
    case "installments": {
      if (amount === null && count === null) {
        return onDebtorAction(state, { type: "give_reason", reason: "cash_flow" }, ctx, text);
      }
      if (!canNegotiate(state)) return illegal(state, "a proposal");
      const proposal: Proposal = {
        ...(amount !== null ? { amountPerPeriodMinor: amount } : {}),
        ...(count !== null ? { count } : {}),
        ...(period !== null ? { period } : {}),
        ...(date !== null ? { date } : {}),
      };
      return onProposal(state, proposal, ctx, false);
    }
    case "promise":
      if (isRunningPromise(state) && date !== null) return onPromiseMove(state, date, ctx);
      if (!canNegotiate(state)) return illegal(state, "a promise");
      if (date === null) return onDebtorAction(state, { type: "counter_offer" }, ctx, text);
      return onProposal(state, { date }, ctx, false);
    case "accept":
      // "Oui, je confirme" on the confirmation card confirms exactly the terms it shows.
      if (state.status === "awaiting_confirmation") {
        return confirmAgreement(state, state.pendingOfferId, ctx);
      }
      return notUnderstood(state, intent, text, ctx);
    case "decline":
      return onDebtorAction(state, { type: "decline" }, ctx, text);
    case "stop":
      return onOptOut(state, "debtor");
    case "human":
      return onDebtorAction(state, { type: "ask_human" }, ctx, text);
    case "unknown":
      return notUnderstood(state, intent, text, ctx);
  }
}

/** No more automated messages; one confirmation; the owner is told. The debtor may still write. */
export function onOptOut(state: CaseState, source: string): Decision {
  if (state.optedOut) return refuse("opted_out", "the debtor already opted out");
  const ladder = stopLadder(state);
  const changes = { ...ladder.common, optedOut: true };
  const next: CaseState = canNegotiate(state)
    ? toStatus({ ...state, ...changes }, "opted_out", {})
    : withCommon(state, changes);
  return accept(
    next,
    [...ladder.effects, reply({ kind: "opted_out" }), notifyOwner({ kind: "opted_out" })],
    "opted_out",
    { source },
  );
}
