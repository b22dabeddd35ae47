import type {
  Channel,
  Interpretation,
  IsoDate,
  IsoInstant,
  Payday,
  PlanTerms,
  Proposal,
  Reason,
} from "./types.ts";

/**
 * What a debtor can do by pressing a button. A button on a card carries exactly one of these; the
 * runtime stores it behind a short opaque token (Telegram's callback_data is ≤ 64 bytes) and, when
 * pressed, feeds it to `decide` as a `debtor_action` event — after checking that the button belongs
 * to this chat's debtor and to the case's current version.
 */
export type DebtorAction =
  | { readonly type: "give_reason"; readonly reason: Reason }
  | { readonly type: "choose_offer"; readonly offerId: string }
  /** Confirms the exact terms shown; `offerId` must be the one awaiting confirmation. */
  | { readonly type: "confirm"; readonly offerId: string }
  | { readonly type: "decline" }
  /** Asks to make a counter-offer: the bot then asks what the debtor can do. */
  | { readonly type: "counter_offer" }
  | { readonly type: "propose"; readonly proposal: Proposal }
  | { readonly type: "more_options" }
  /** Asks to have the plan's dates on the debtor's payday: the bot asks when they are paid. */
  | { readonly type: "align_payday" }
  /** Yes to adding a new invoice to the running agreement (`InvoiceAddition`). */
  | { readonly type: "add_invoice"; readonly invoiceId: string }
  /** No: the new invoice keeps its own case and its own reminders. */
  | { readonly type: "keep_invoice_apart"; readonly invoiceId: string }
  /** The debtor's answer: their payday, or null when they have no fixed one. */
  | { readonly type: "set_payday"; readonly payday: Payday | null }
  | { readonly type: "pay_now" }
  | { readonly type: "ask_human" }
  | { readonly type: "stop" };

/** Who or what produced an event; kept in the audit log. */
export type Actor =
  | { readonly kind: "debtor"; readonly channel: Channel }
  | { readonly kind: "owner"; readonly userId: string }
  | { readonly kind: "system" }
  | { readonly kind: "api" };

/** Every input for one case. The core's `decide` handles each, or refuses it with a reason code. */
export type CaseEvent =
  /** A chat was bound to the debtor (deep link opened); the bot may now talk in it. */
  | { readonly type: "channel_bound"; readonly channel: Channel }
  /**
   * A new invoice of the same debtor and business arrived while this case has a running
   * agreement: it is offered as an addition, never merged silently. `caseId` is the invoice's own
   * case, which it leaves only if the debtor says yes.
   */
  | {
      readonly type: "invoice_arrived";
      readonly invoiceId: string;
      readonly caseId: string;
      readonly number: string;
      readonly amountMinor: number;
      readonly dueDate: IsoDate;
    }
  /** This case's invoice joined the debtor's case `caseId` (they said yes there): it closes. */
  | { readonly type: "invoice_joined_case"; readonly caseId: string }
  /** A ladder step's timer fired; `stepIndex` indexes `policy.ladder`. */
  | { readonly type: "ladder_step_due"; readonly stepIndex: number }
  | { readonly type: "debtor_action"; readonly action: DebtorAction }
  /** Free text, already interpreted (see `interpret`). */
  | {
      readonly type: "debtor_text";
      readonly text: string;
      readonly interpretation: Interpretation;
    }
  | { readonly type: "owner_approved"; readonly requestId: string; readonly by: string }
  | {
      readonly type: "owner_declined";
      readonly requestId: string;
      readonly by: string;
      readonly note?: string;
    }
  | {
      readonly type: "owner_countered";
      readonly requestId: string;
      readonly by: string;
      readonly terms: PlanTerms;
    }
  | { readonly type: "owner_approval_timeout"; readonly requestId: string }
  /** The owner answered an "already paid" check. */
  | {
      readonly type: "owner_payment_check";
      readonly received: boolean;
      readonly by: string;
    }
  | {
      readonly type: "payment_received";
      readonly amountMinor: number;
      readonly reference: string;
      readonly receivedAt: IsoInstant;
      /**
       * The payer named the invoice it pays (a bank transfer paying one invoice off early,
       * `POST /api/cases/:id/payments` with an `invoiceId`): a payment made outside the running
       * plan, which re-balances it (plan-change.ts) instead of counting as its next installments.
       */
      readonly rebalance?: boolean;
      /** Numbers of the invoices this payment settled (their balance reached 0), oldest first. */
      readonly settles?: readonly string[];
    }
  | { readonly type: "installment_reminder"; readonly seq: number }
  | { readonly type: "installment_due"; readonly seq: number }
  /** After the grace period: was installment `seq` paid? */
  | { readonly type: "installment_check"; readonly seq: number }
  | { readonly type: "promise_reminder"; readonly date: IsoDate }
  | { readonly type: "promise_check"; readonly date: IsoDate }
  | { readonly type: "offer_expired"; readonly offerSetVersion: number }
  | { readonly type: "opt_out"; readonly channel: Channel | "api" }
  | { readonly type: "human_takeover"; readonly by: string }
  | { readonly type: "human_release"; readonly by: string };

export type CaseEventType = CaseEvent["type"];
