import type { DebtorMessage, OwnerMessage } from "./messages.ts";
import type { IsoInstant, Offer, PlanTerms, TimerKind } from "./types.ts";

/**
 * What `decide` wants done. Effects are data: the runtime writes them in the same transaction as
 * the new state (outbox rows, agreement rows, timer rows, audit entries) and delivers the outgoing
 * ones afterwards, exactly once in effect.
 */
export type Effect =
  | {
      readonly type: "send_debtor";
      readonly message: DebtorMessage;
      /** Automated reminders obey quiet hours, allowed days and the frequency cap at send time;
       *  replies to something the debtor just wrote do not. */
      readonly automated: boolean;
    }
  | { readonly type: "notify_owner"; readonly message: OwnerMessage }
  /** A new set of offers shown to the debtor; buttons refer to `offers[i].id`. Lists the offers
   *  created now: offers kept from the previous set (still on screen, same id) were recorded then. */
  | {
      readonly type: "record_offers";
      readonly offerSetVersion: number;
      readonly offers: readonly Offer[];
      readonly expiresAt: IsoInstant;
    }
  /** Evidence of an agreement: recorded once, never updated in place. */
  | {
      readonly type: "record_agreement";
      readonly offerId: string;
      readonly terms: PlanTerms;
      /** The owner's id (e.g. a Slack user id) when the terms were outside policy. */
      readonly approvedBy: string | null;
      /** Not confirmed by the debtor: the running agreement re-balanced after a payment made
       *  outside it (it only lowers what is asked); its evidence is the card telling them. */
      readonly rebalanced?: boolean;
    }
  /** A new invoice joins this case (the debtor said yes to adding it to the agreement): it leaves
   *  its own case `fromCaseId` (case_invoices), in the same commit. */
  | { readonly type: "join_invoice"; readonly invoiceId: string; readonly fromCaseId: string }
  /** `key` is deterministic within the case (e.g. `ladder_3`, `inst_2_check`); scheduling the same
   *  key again replaces the pending timer. */
  | {
      readonly type: "schedule_timer";
      readonly kind: TimerKind;
      readonly key: string;
      readonly at: IsoInstant;
      readonly payload: Readonly<Record<string, string | number>>;
    }
  /** Cancels pending timers of these kinds (all pending timers of the case when omitted), or only
   *  those with these keys when `keys` is given. */
  | {
      readonly type: "cancel_timers";
      readonly kinds?: readonly TimerKind[];
      readonly keys?: readonly string[];
    }
  | {
      readonly type: "audit";
      readonly action: string;
      readonly detail: Readonly<Record<string, unknown>>;
    };

export type EffectType = Effect["type"];
