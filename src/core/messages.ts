import type { DebtorAction } from "./events.ts";
import type {
  Channel,
  Installment,
  IsoDate,
  LadderStepKind,
  Offer,
  Payday,
  PlanTerms,
  Proposal,
  Reason,
} from "./types.ts";

/**
 * What the core asks to say — never the words. `src/messages` turns each into a Card in the
 * debtor's locale (Fluent), using a render context (business, debtor, invoice) the runtime supplies.
 * Keeping words out of the core is what lets the tone be linted in one place.
 */
export type DebtorMessage =
  /** First message once a chat is bound: who we are, the invoice, what the bot can do. */
  | { readonly kind: "welcome"; readonly amountDueMinor: number; readonly dueDate: IsoDate }
  /** A ladder step addressed to the debtor (heads-up, due today, +3 ask reason, +10 options,
   *  and, once the owner approved them, the formal reminder and formal notice). */
  | {
      readonly kind: "ladder_reminder";
      readonly step: Exclude<LadderStepKind, "personal_contact">;
      readonly amountDueMinor: number;
      readonly dueDate: IsoDate;
      readonly offers?: readonly Offer[];
    }
  | { readonly kind: "ask_reason" }
  /** Forgot: thanks, payment methods and a pay-now path; a promise date if today is hard. */
  | { readonly kind: "payment_methods"; readonly amountDueMinor: number }
  | { readonly kind: "offers"; readonly offers: readonly Offer[]; readonly reason: Reason | null }
  | { readonly kind: "ask_counter_offer" }
  /** The exact terms the debtor is asked to confirm (this text is kept as evidence). */
  | {
      readonly kind: "confirm_terms";
      readonly offer: Offer;
      /** A plan while the debtor's payday is unknown: they may ask for its dates on payday. */
      readonly askPayday?: boolean;
      /** A promise moved: the date it replaces. */
      readonly replaces?: IsoDate;
    }
  /** The payday the debtor gave: the plans shown next (or the plan to confirm) fall on it. */
  | { readonly kind: "payday_noted"; readonly payday: Payday }
  /** "When are you paid?": the plan's dates will fall on that day. */
  | { readonly kind: "ask_payday"; readonly choices: readonly (Payday | null)[] }
  /**
   * A promised date the bot cannot move (policy.promise): `max_moves` it was moved as often as
   * allowed (or too many dates were missed), `needs_payment` a part payment of `paymentMinor` is
   * needed first, `too_far` the new date is after `latest`. `date` is the date that stands.
   */
  | {
      readonly kind: "promise_move_refused";
      readonly reason: "max_moves" | "needs_payment" | "too_far";
      readonly date: IsoDate;
      readonly paymentMinor?: number;
      readonly latest?: IsoDate;
    }
  /** The promised date stays as it was (the debtor kept it after all). */
  | { readonly kind: "promise_date_kept"; readonly date: IsoDate }
  /** The written confirmation of an agreement. */
  | { readonly kind: "agreement_confirmed"; readonly terms: PlanTerms }
  | {
      readonly kind: "proposal_sent_to_owner";
      readonly proposal: Proposal;
      /** In-policy offers the debtor may take meanwhile (the closest to their words first). */
      readonly offers?: readonly Offer[];
      /** Why the closest offer differs from what they said. */
      readonly limits?: readonly PolicyBreach[];
    }
  /** The bot's answer to a proposal it cannot take: the closest in-policy offer, and why. */
  | {
      readonly kind: "counter_offer";
      readonly proposal: Proposal;
      readonly offers: readonly Offer[];
      readonly limits: readonly PolicyBreach[];
    }
  /** The bot is not sure it read the debtor right: "you propose 200 € a month, is that right?" */
  | { readonly kind: "check_understanding"; readonly proposal: Proposal }
  | { readonly kind: "owner_declined"; readonly offers: readonly Offer[] }
  | { readonly kind: "dispute_ack" }
  /** The owner upheld the debtor's dispute: nothing more is asked for this invoice. */
  | { readonly kind: "dispute_upheld" }
  /** `restDate`: the day the debtor said they will pay what remains ("j'ai payé la moitié, le
   *  reste fin du mois"), acknowledged with the question. */
  | { readonly kind: "already_paid_ask_details"; readonly restDate?: IsoDate }
  | { readonly kind: "already_paid_ack" }
  | { readonly kind: "payment_not_found"; readonly amountDueMinor: number }
  | { readonly kind: "invoice_details"; readonly amountDueMinor: number; readonly dueDate: IsoDate }
  | { readonly kind: "installment_reminder"; readonly installment: Installment }
  | { readonly kind: "installment_due"; readonly installment: Installment }
  | {
      readonly kind: "installment_missed";
      readonly installment: Installment;
      readonly offers: readonly Offer[];
    }
  /** The plan stopped: `missed` is the installment whose check broke it (named in the message). */
  | {
      readonly kind: "plan_broken";
      readonly amountDueMinor: number;
      readonly missed: Installment;
    }
  | { readonly kind: "promise_reminder"; readonly date: IsoDate; readonly amountMinor: number }
  /** The promised `date` passed without the payment; `plansOnly`: no new date is offered now. */
  | {
      readonly kind: "promise_missed";
      readonly amountDueMinor: number;
      readonly date: IsoDate;
      readonly plansOnly?: boolean;
    }
  | {
      readonly kind: "payment_thanks";
      readonly receivedMinor: number;
      readonly remainingMinor: number;
      /** Invoices the payment settled, when the case covers several. */
      readonly settled?: readonly string[];
      /** The running plan re-balanced after a payment made outside it: its terms now. */
      readonly plan?: PlanTerms;
    }
  | { readonly kind: "paid_in_full" }
  /** A new invoice arrived mid-agreement: add it to the plan (these `terms`)? Yes / no. */
  | {
      readonly kind: "invoice_addition";
      readonly invoiceId: string;
      readonly invoice: string;
      readonly amountMinor: number;
      readonly dueDate: IsoDate;
      readonly terms: PlanTerms;
    }
  /** Yes: the written confirmation of the agreement with the invoice added. */
  | { readonly kind: "invoice_added"; readonly invoice: string; readonly terms: PlanTerms }
  /** No: the invoice keeps its own reminders; the agreement does not change. */
  | { readonly kind: "invoice_kept_apart"; readonly invoice: string }
  | { readonly kind: "offer_expired"; readonly offers: readonly Offer[] }
  /** A stale or unknown button: "this option is no longer available", plus the current options. */
  | { readonly kind: "option_unavailable"; readonly actions: readonly DebtorAction[] }
  | {
      readonly kind: "not_understood";
      readonly actions: readonly DebtorAction[];
      /** The live offers, shown again with their terms. */
      readonly offers?: readonly Offer[];
    }
  | { readonly kind: "human_handover" }
  | { readonly kind: "opted_out" }
  | { readonly kind: "help" };

export type DebtorMessageKind = DebtorMessage["kind"];

/**
 * Messages that ask the debtor for money (a reminder, an installment or promise notice, a way to
 * pay). Once the case is paid or closed such a message is wrong, whenever it was decided: it is
 * dropped at send time. A thank-you or a confirmation is never in this list.
 */
const ASKS_FOR_PAYMENT: ReadonlySet<string> = new Set<DebtorMessageKind>([
  "ladder_reminder",
  "payment_methods",
  "offers",
  "counter_offer",
  "check_understanding",
  "payment_not_found",
  "installment_reminder",
  "installment_due",
  "installment_missed",
  "plan_broken",
  "promise_reminder",
  "promise_missed",
]);

export function asksForPayment(kind: string): boolean {
  return ASKS_FOR_PAYMENT.has(kind);
}

/** Which policy limit a proposal exceeds, and by how much — shown to the owner. */
export interface PolicyBreach {
  readonly limit:
    | "max_installments"
    | "min_installment"
    | "max_plan_days"
    | "min_down_payment"
    | "promise_max_days"
    | "promise_max_reschedules"
    /** A new promised date from a debtor who broke `proposed` promises (plans only from now). */
    | "promises_broken"
    | "discount"
    /** A payment frequency the policy does not offer (`allowed` 0, `proposed` the period in days). */
    | "frequency";
  readonly allowed: number;
  readonly proposed: number;
}

export type ApprovalSubject =
  | "plan"
  | "promise"
  | "discount"
  | "formal_reminder"
  | "formal_notice"
  | "escalation";

/** What the core asks to tell or ask the business owner (in Slack). */
export type OwnerMessage =
  | {
      readonly kind: "approval_request";
      readonly requestId: string;
      readonly subject: ApprovalSubject;
      readonly reason: Reason | null;
      readonly amountDueMinor: number;
      readonly proposal?: Proposal;
      readonly terms?: PlanTerms;
      readonly breaches: readonly PolicyBreach[];
    }
  | { readonly kind: "approval_expiring"; readonly requestId: string }
  | {
      readonly kind: "dispute";
      readonly text: string | null;
      /** The owner answers with it: approve = the dispute is upheld (case closed), decline =
       *  collection resumes with in-policy offers, counter = new terms (e.g. a discount). */
      readonly requestId?: string;
    }
  | { readonly kind: "already_paid_claim"; readonly text: string | null }
  | { readonly kind: "opted_out" }
  | {
      readonly kind: "personal_contact";
      readonly amountDueMinor: number;
      readonly daysLate: number;
    }
  | { readonly kind: "plan_broken"; readonly amountDueMinor: number }
  | { readonly kind: "promise_broken"; readonly amountDueMinor: number }
  | { readonly kind: "human_requested"; readonly text: string | null }
  | { readonly kind: "agreement_reached"; readonly terms: PlanTerms }
  | { readonly kind: "paid_in_full" }
  /** Raised by the runtime's routing, not by `decide`: a message to the debtor found no channel
   *  that can notify them (no chat that pushes, no e-mail), so it was only kept, if anywhere, on
   *  the web chat. `about` is the debtor message's kind. */
  | { readonly kind: "debtor_unreachable"; readonly about: string }
  /** Raised by the runtime: a chat was newly bound to the debtor — a link opened (`link`), or a
   *  WhatsApp number the invoice named wrote (`number`). Every new chat is told, so one nobody
   *  expected (a forwarded link opened by someone else) shows, and a reissue can unbind it. */
  | { readonly kind: "chat_bound"; readonly channel: Channel; readonly via: "link" | "number" }
  /** Recorded by a reissue (API or desk): the debtor's links were revoked, fresh ones issued, and
   *  `unbound` chats opened through the old ones unbound. `by`: `api` or `desk:<e-mail>`. */
  | { readonly kind: "links_reissued"; readonly by: string; readonly unbound: number };
