import type { CaseState, CaseStateOf } from "./case-state.ts";
import {
  accept,
  type DecideContext,
  type Decision,
  followUp,
  notifyOwner,
  refuse,
  reply,
  toStatus,
} from "./decide-support.ts";
import type { Effect } from "./effects.ts";
import type { CaseEvent } from "./events.ts";
import { addToTerms } from "./plan-change.ts";

/**
 * A new invoice of a debtor whose case already has a running agreement is **offered** as an
 * addition, never merged under the debtor's feet: they see the plan it would make and answer yes
 * (a new agreement for the whole balance, the old one superseded, the invoice joins this case) or
 * no (it keeps its own case and reminders). Only an agreed case can take it; any other refuses,
 * and the invoice simply runs its own case.
 */
export function onInvoiceArrived(
  state: CaseState,
  event: Extract<CaseEvent, { type: "invoice_arrived" }>,
  _ctx: DecideContext,
): Decision {
  if (state.status !== "agreed") {
    return refuse(
      "illegal_in_state",
      `only a running agreement takes an addition (${state.status})`,
    );
  }
  const pending = state.addition?.invoiceId === event.invoiceId ? state.addition : undefined;
  // Offered again with what is left to pay on it (a payment went to the invoice meanwhile): at 0
  // there is nothing left to add — the question is withdrawn and its buttons are no longer
  // available; otherwise the debtor is asked again with the plan it would make now.
  if (pending !== undefined && event.amountMinor === 0) {
    const { addition: _withdrawn, ...rest } = state;
    return accept(rest, [], "invoice_addition_withdrawn", {
      invoiceId: event.invoiceId,
      invoice: event.number,
      reason: "paid",
    });
  }
  if (!Number.isSafeInteger(event.amountMinor) || event.amountMinor <= 0) {
    return refuse("negative_amount", `an invoice is a positive amount (got ${event.amountMinor})`);
  }
  if (state.addition !== undefined && pending === undefined) {
    return refuse("illegal_in_state", "another invoice already awaits the debtor's answer");
  }
  if (pending !== undefined && pending.amountMinor === event.amountMinor) {
    return refuse("illegal_in_state", "this invoice is already offered for that amount");
  }
  const terms = addToTerms(state.agreement.terms, paidSince(state), event.amountMinor);
  if (terms === null) {
    return refuse("illegal_in_state", "the agreement has nothing left to add an invoice to");
  }
  const addition = {
    invoiceId: event.invoiceId,
    caseId: event.caseId,
    number: event.number,
    amountMinor: event.amountMinor,
    dueDate: event.dueDate,
    terms,
  };
  const next: CaseStateOf<"agreed"> = { ...state, addition };
  // Asked again (paid in part meanwhile), it corrects a question the debtor has in front of
  // them: it goes at once, like a reply, not held by the frequency cap while the old terms show.
  const send = pending === undefined ? followUp : reply;
  const effects: Effect[] = state.optedOut
    ? []
    : [
        send({
          kind: "invoice_addition",
          invoiceId: event.invoiceId,
          invoice: event.number,
          amountMinor: event.amountMinor,
          dueDate: event.dueDate,
          terms,
        }),
      ];
  return accept(next, effects, "invoice_addition_offered", {
    invoiceId: event.invoiceId,
    invoice: event.number,
    amountMinor: event.amountMinor,
    fromCaseId: event.caseId,
  });
}

/** The debtor's answer to an addition: yes records the new agreement, no leaves it as it was. */
export function onAdditionAnswer(state: CaseState, invoiceId: string, accepted: boolean): Decision {
  if (state.status !== "agreed" || state.addition?.invoiceId !== invoiceId) {
    return refuse("illegal_in_state", "no invoice awaits being added to this agreement");
  }
  const { addition, agreement } = state;
  const { addition: _answered, ...rest } = state;
  if (!accepted) {
    return accept(
      rest,
      [reply({ kind: "invoice_kept_apart", invoice: addition.number })],
      "invoice_addition_declined",
      { invoiceId, invoice: addition.number },
    );
  }
  const revision = /_r(\d+)$/.exec(agreement.offerId)?.[1] ?? "0";
  const offerId = `${agreement.offerId.replace(/_r\d+$/, "")}_r${Number(revision) + 1}`;
  const next = toStatus(rest, "agreed", {
    agreement: { ...agreement, offerId, terms: addition.terms },
  });
  return accept(
    next,
    [
      { type: "join_invoice", invoiceId, fromCaseId: addition.caseId },
      { type: "record_agreement", offerId, terms: addition.terms, approvedBy: null },
      reply({ kind: "invoice_added", invoice: addition.number, terms: addition.terms }),
      notifyOwner({ kind: "agreement_reached", terms: addition.terms }),
    ],
    "invoice_addition_accepted",
    { invoiceId, invoice: addition.number, offerId, fromCaseId: addition.caseId },
  );
}

/**
 * This case's invoice joined another case of the debtor (they said yes there): nothing is left to
 * collect here. Its timers go; its evidence stays.
 */
export function onInvoiceJoinedCase(
  state: CaseState,
  event: Extract<CaseEvent, { type: "invoice_joined_case" }>,
): Decision {
  const next = toStatus(
    { ...state, offerSet: null, ladderApproval: null, ladder: { ...state.ladder, stopped: true } },
    "closed",
    { outcome: "joined_case", intoCaseId: event.caseId },
  );
  return accept(next, [{ type: "cancel_timers" }], "invoice_joined_case", {
    intoCaseId: event.caseId,
  });
}

function paidSince(state: CaseStateOf<"agreed">): number {
  return state.paidMinor - state.agreement.paidBeforeMinor;
}
