import type { InvoiceBalance } from "./allocate.ts";
import type { ApprovalSubject, PolicyBreach } from "./messages.ts";
import type {
  IsoDate,
  IsoInstant,
  LadderStepKind,
  Locale,
  Offer,
  Payday,
  PlanTerms,
  Proposal,
  Reason,
} from "./types.ts";

/** Facts about a case that live in the database, not in its state; passed to every `decide`. */
export interface CaseFacts {
  readonly invoice: {
    readonly number: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly dueDate: IsoDate;
    readonly issuedAt: IsoDate;
  };
  /**
   * Every invoice the case covers (one debtor, one business: case_invoices), oldest first, when
   * it covers more than its own; `invoice` then sums them (amount, earliest due and issue dates).
   * Absent for a case of one invoice.
   */
  readonly invoices?: readonly InvoiceBalance[];
  readonly debtor: {
    readonly timezone: string;
    readonly locale: Locale;
    /** Whether any chat is bound to the debtor, i.e. whether a message can reach them now
     *  (a Telegram bot cannot write first). Absent means yes. */
    readonly reachable?: boolean;
  };
  readonly business: { readonly timezone: string };
}

export const CASE_STATUSES = [
  "scheduled",
  "reminded",
  "awaiting_reason",
  "offering",
  "awaiting_confirmation",
  "awaiting_owner",
  "agreed",
  "paid",
  "disputed",
  "awaiting_payment_check",
  "escalated",
  "opted_out",
  "closed",
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The offers currently shown to the debtor; buttons of older versions are stale. */
export interface OfferSet {
  readonly version: number;
  readonly offers: readonly Offer[];
  readonly expiresAt: IsoInstant;
  /** Set when the owner approved or proposed these offers (they may lie outside policy). */
  readonly approvedBy: string | null;
}

/** A question put to the owner and not yet answered. */
export interface PendingApproval {
  /** `r<n>`, counted in `CaseState.requestCount`. */
  readonly requestId: string;
  readonly subject: ApprovalSubject;
  /** The terms the owner is asked to approve (absent for a ladder step). */
  readonly terms: PlanTerms | null;
  readonly proposal: Proposal | null;
  readonly breaches: readonly PolicyBreach[];
  /** For a ladder step awaiting approval: which step. */
  readonly stepIndex: number | null;
  /** How many times the approval timer fired already (the first only warns the owner). */
  readonly timeouts: number;
}

/** A new invoice offered as an addition to a running agreement, and the terms it would make. */
export interface InvoiceAddition {
  readonly invoiceId: string;
  /** The invoice's own case, which it leaves if the debtor says yes. */
  readonly caseId: string;
  readonly number: string;
  readonly amountMinor: number;
  readonly dueDate: IsoDate;
  /** The agreement's terms with the invoice added (plan-change.ts `addToTerms`), as shown. */
  readonly terms: PlanTerms;
}

/** A recorded agreement and how it is going. */
export interface Agreement {
  readonly offerId: string;
  readonly terms: PlanTerms;
  readonly approvedBy: string | null;
  readonly agreedAt: IsoInstant;
  /** `paidMinor` when the agreement was made: later payments count towards its installments. */
  readonly paidBeforeMinor: number;
  /** Consecutive missed installments. */
  readonly strikes: number;
  /** The day a promise (or a "pay now") is checked against; null for a plan. */
  readonly checkDate: IsoDate | null;
}

/** What every status carries. Plain JSON: stored as is in Postgres. */
export interface CaseCommon {
  /** Sum of the payments received so far. */
  readonly paidMinor: number;
  /** A reduction granted in an agreement (owner-approved or the policy's early-payment rate). */
  readonly discountMinor: number;
  readonly reason: Reason | null;
  readonly ladder: {
    /** Highest step index handled (sent, asked or skipped); older step timers are stale. */
    readonly lastStepIndex: number | null;
    /** The case left the default path (payment, agreement, dispute, claim, opt-out). */
    readonly stopped: boolean;
  };
  readonly offerSet: OfferSet | null;
  /** Last offer-set version used; offer ids are `o<version>_<n>`. */
  readonly offerVersion: number;
  /** Bot counter-offers made in the current negotiation. */
  readonly counterRounds: number;
  /** Approval requests made so far; request ids are `r<n>`. */
  readonly requestCount: number;
  /** Promises (including pay-now commitments) agreed so far; each after the first is a reschedule. */
  readonly promisesMade: number;
  /** A ladder step (formal reminder/notice) waiting for the owner; the negotiation goes on meanwhile. */
  readonly ladderApproval: PendingApproval | null;
  readonly optedOut: boolean;
  readonly humanInCharge: boolean;
  readonly channelBound: boolean;
  /** A ladder step asked its question (why? / which option?) while no chat could carry it: it is
   *  asked again when the debtor arrives. Absent in states stored before it existed. */
  readonly unheardQuestion?: boolean;
  /** Debtor messages in a row the bot could not read; the third goes to a person. Absent = 0. */
  readonly misreads?: number;
  /** When the debtor is paid, once they said it: every plan offered afterwards falls on it. null:
   *  they have no fixed payday (never asked again); absent: not known yet. */
  readonly payday?: Payday | null;
  /** The bot asked for the payday and the answer is awaited: a bare day ("le 5") answers it. */
  readonly askedPayday?: boolean;
  /** Promises the debtor did not keep (their date passed unpaid). Absent = 0. */
  readonly promisesBroken?: number;
}

export type CaseState =
  | (CaseCommon & { readonly status: "scheduled" })
  | (CaseCommon & { readonly status: "reminded" })
  | (CaseCommon & { readonly status: "awaiting_reason" })
  | (CaseCommon & { readonly status: "offering" })
  | (CaseCommon & {
      readonly status: "awaiting_confirmation";
      /** The offer whose exact terms were shown with a confirm button. */
      readonly pendingOfferId: string;
    })
  | (CaseCommon & { readonly status: "awaiting_owner"; readonly approval: PendingApproval })
  | (CaseCommon & {
      readonly status: "agreed";
      readonly agreement: Agreement;
      /** A new invoice offered as an addition to the agreement, awaiting the debtor's answer. */
      readonly addition?: InvoiceAddition;
    })
  | (CaseCommon & { readonly status: "paid" })
  | (CaseCommon & { readonly status: "disputed"; readonly requestId: string })
  | (CaseCommon & { readonly status: "awaiting_payment_check" })
  | (CaseCommon & {
      readonly status: "escalated";
      readonly step: Exclude<LadderStepKind, "personal_contact">;
    })
  | (CaseCommon & { readonly status: "opted_out" })
  | (CaseCommon & {
      readonly status: "closed";
      /** dispute_upheld: the owner upheld a dispute; joined_case: the invoice joined the
       *  debtor's case with a running agreement (`intoCaseId`), which now collects it. */
      readonly outcome: "dispute_upheld" | "joined_case";
      readonly intoCaseId?: string;
    });

export type CaseStateOf<S extends CaseStatus> = Extract<CaseState, { status: S }>;

/** Statuses in which the debtor is negotiating freely (reasons, offers, proposals). */
export const NEGOTIATING_STATUSES = [
  "scheduled",
  "reminded",
  "awaiting_reason",
  "offering",
  "escalated",
  "opted_out",
] as const satisfies readonly CaseStatus[];

export type NegotiatingStatus = (typeof NEGOTIATING_STATUSES)[number];

export function isNegotiating(state: CaseState): state is CaseStateOf<NegotiatingStatus> {
  return (NEGOTIATING_STATUSES as readonly string[]).includes(state.status);
}

export function isFinished(state: CaseState): boolean {
  return state.status === "paid" || state.status === "closed";
}

/** The common fields of any state, without its status-specific ones. */
export function common(state: CaseState): CaseCommon {
  return {
    paidMinor: state.paidMinor,
    discountMinor: state.discountMinor,
    reason: state.reason,
    ladder: state.ladder,
    offerSet: state.offerSet,
    offerVersion: state.offerVersion,
    counterRounds: state.counterRounds,
    requestCount: state.requestCount,
    promisesMade: state.promisesMade,
    ladderApproval: state.ladderApproval,
    optedOut: state.optedOut,
    humanInCharge: state.humanInCharge,
    channelBound: state.channelBound,
    ...(state.misreads !== undefined ? { misreads: state.misreads } : {}),
    ...(state.payday !== undefined ? { payday: state.payday } : {}),
    ...(state.askedPayday !== undefined ? { askedPayday: state.askedPayday } : {}),
    ...(state.promisesBroken !== undefined ? { promisesBroken: state.promisesBroken } : {}),
  };
}

/** What is still owed: invoice minus payments minus any agreed discount (never negative). */
export function remainingMinor(state: CaseCommon, facts: CaseFacts): number {
  return Math.max(0, facts.invoice.amountMinor - state.discountMinor - state.paidMinor);
}
