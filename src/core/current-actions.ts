import type { CaseState } from "./case-state.ts";
import type { DebtorAction } from "./events.ts";
import { PAYDAY_CHOICES } from "./payday.ts";
import type { Reason } from "./types.ts";

const REASONS: readonly Reason[] = [
  "forgot",
  "cash_flow",
  "dispute",
  "not_received",
  "already_paid",
  "other",
];

/**
 * The buttons valid now, most useful first. Used for fresh cards and for answering a stale button
 * ("this option is no longer available") with what the debtor can do instead.
 */
export function currentActions(state: CaseState): DebtorAction[] {
  if (state.humanInCharge) return [];
  const actions = actionsOf(state);
  // The bot asked when the debtor is paid: the answers come first while the question is open.
  if (state.askedPayday && actions.length > 0 && state.status !== "agreed") {
    return [
      ...PAYDAY_CHOICES.map((payday): DebtorAction => ({ type: "set_payday", payday })),
      ...actions,
    ];
  }
  return actions;
}

function actionsOf(state: CaseState): DebtorAction[] {
  const stop: DebtorAction[] = state.optedOut ? [] : [{ type: "stop" }];
  const human: DebtorAction = { type: "ask_human" };
  switch (state.status) {
    case "paid":
    case "closed":
      return [];
    case "scheduled":
    case "reminded":
    case "awaiting_reason":
    case "offering":
    case "escalated":
    case "opted_out": {
      const offers: DebtorAction[] = (state.offerSet?.offers ?? []).map((o) => ({
        type: "choose_offer",
        offerId: o.id,
      }));
      if (offers.length > 0) {
        return [...offers, { type: "counter_offer" }, { type: "more_options" }, human, ...stop];
      }
      if (state.reason === null) {
        return [
          ...REASONS.map((reason): DebtorAction => ({ type: "give_reason", reason })),
          { type: "pay_now" },
          human,
          ...stop,
        ];
      }
      return [
        { type: "more_options" },
        { type: "pay_now" },
        { type: "counter_offer" },
        human,
        ...stop,
      ];
    }
    case "awaiting_confirmation": {
      const pending = state.offerSet?.offers.find((o) => o.id === state.pendingOfferId);
      const payday: DebtorAction[] =
        pending?.terms.kind === "installments" && state.payday === undefined
          ? [{ type: "align_payday" }]
          : [];
      return [
        { type: "confirm", offerId: state.pendingOfferId },
        { type: "decline" },
        ...payday,
        { type: "more_options" },
        human,
        ...stop,
      ];
    }
    case "awaiting_owner": {
      // While the owner decides, the in-policy offers shown meanwhile can still be taken.
      const offers: DebtorAction[] = (state.offerSet?.offers ?? []).map((o) => ({
        type: "choose_offer",
        offerId: o.id,
      }));
      return [...offers, { type: "pay_now" }, human, ...stop];
    }
    case "agreed": {
      // A new date for the promise, shown for confirmation (decide-promise-move.ts).
      const move = state.offerSet?.offers[0];
      const confirm: DebtorAction[] =
        move === undefined ? [] : [{ type: "confirm", offerId: move.id }, { type: "decline" }];
      // A new invoice offered as an addition to the agreement (decide-addition.ts).
      const addition: DebtorAction[] =
        state.addition === undefined
          ? []
          : [
              { type: "add_invoice", invoiceId: state.addition.invoiceId },
              { type: "keep_invoice_apart", invoiceId: state.addition.invoiceId },
            ];
      return [...addition, ...confirm, { type: "pay_now" }, human, ...stop];
    }
    case "disputed":
    case "awaiting_payment_check":
      return [human, ...stop];
  }
}
