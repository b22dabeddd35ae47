import type { BusinessInput } from "./business-input.ts";
import type { InvoiceInput } from "./invoice-input.ts";
import type { CasePaymentInput, PaymentInput } from "./payment-input.ts";

/**
 * What intake needs from storage. db/stores implements it (createIntakeStore); src/main.ts and the
 * tests wire it in, so the HTTP layer and the CSV import never touch the database driver.
 */
export interface IntakeStore {
  createBusiness(input: BusinessInput, now: Date): Promise<{ readonly id: string }>;
  businessExists(id: string): Promise<boolean>;
  /** Creates debtor (or reuses it by external ref), invoice, case and link tokens in one
   *  transaction; a second call for the same business + number returns the first one's ids. */
  createInvoice(record: NewInvoiceRecord): Promise<CreateInvoiceOutcome>;
  recordPayment(invoiceId: string, payment: PaymentInput, now: Date): Promise<RecordPaymentOutcome>;
  /** A payment for a case of several invoices: to the one named, then oldest first. */
  recordCasePayment(
    caseId: string,
    payment: CasePaymentInput,
    now: Date,
  ): Promise<RecordPaymentOutcome>;
  getInvoice(id: string): Promise<InvoiceView | null>;
  getCase(id: string): Promise<CaseView | null>;
  listAgreements(query: AgreementQuery): Promise<readonly AgreementView[]>;
  /**
   * Revokes every link of the case's debtor (on all their invoices: a chat bound through one
   * link reaches them all), unbinds the chats those links bound, gives each of the debtor's cases
   * a fresh set, audits it and leaves the owner a notice — in one transaction.
   */
  reissueLinks(record: ReissueLinksRecord): Promise<ReissueLinksOutcome>;
}

export interface ReissueLinksRecord {
  readonly caseId: string;
  /** The business the caller says the case belongs to (API): another one → `business_mismatch`. */
  readonly businessId?: string;
  /** The businesses the caller may act for (a desk owner); a case outside them is `not_found`.
   *  Absent: any (the API's token, a desk admin). */
  readonly businessIds?: readonly string[];
  /** Who asked, for the audit and the notice: `api` or `desk:<e-mail>`. */
  readonly by: string;
  readonly reason?: string;
  /** A fresh token set, called once per case of the debtor. */
  readonly newTokens: () => LinkTokenSet;
  readonly tokensExpireAt: Date;
  readonly now: Date;
}

export type ReissueLinksOutcome =
  | {
      readonly kind: "reissued";
      readonly caseId: string;
      /** The case's new links. */
      readonly tokens: LinkTokenSet;
      /** Links revoked, over all the debtor's cases. */
      readonly revoked: number;
      /** The chats unbound (channel only: addresses are personal data). */
      readonly unbound: readonly string[];
      /** The debtor's cases that got fresh links (this one included). */
      readonly cases: number;
    }
  | { readonly kind: "not_found" }
  | { readonly kind: "business_mismatch" }
  /** Paid or closed: its links stay closed (a reissue from one of the debtor's open cases still
   *  revokes everything). */
  | { readonly kind: "case_finished"; readonly status: string };

/** Readiness of the process's dependencies (GET /readyz). */
export interface HealthProbe {
  readonly postgres: () => Promise<boolean>;
  /** Every shipped migration is applied: a reachable but unmigrated database is not ready. */
  readonly migrations?: () => Promise<boolean>;
  readonly redis: () => Promise<boolean>;
  /**
   * The job schedulers (reconciler, timer loader) exist in Redis, in a process that runs workers;
   * null where none run (a web process does not keep them). Redis that lost its data answers
   * PING, but nothing would fire a timer until they are back.
   */
  readonly schedulers?: () => Promise<boolean | null>;
}

export interface LinkTokenSet {
  readonly telegram: string;
  readonly webchat: string;
  /** The one-time code of the wa.me link; absent for cases created before WhatsApp links. */
  readonly whatsapp?: string;
}

export interface NewInvoiceRecord {
  readonly invoice: InvoiceInput;
  /** Fresh tokens, stored only if the invoice is new (a re-post returns the stored ones). */
  readonly tokens: LinkTokenSet;
  readonly tokensExpireAt: Date;
  readonly now: Date;
}

/** A new invoice to offer as an addition to the agreement running on the debtor's case `caseId`. */
export interface InvoiceAdditionOffer {
  readonly caseId: string;
  readonly invoiceId: string;
  readonly number: string;
  readonly amountMinor: number;
  readonly dueDate: string;
}

export type CreateInvoiceOutcome =
  | {
      readonly kind: "created" | "existing";
      readonly invoiceId: string;
      readonly caseId: string;
      readonly debtorId: string;
      readonly tokens: LinkTokenSet;
      /** The invoice joined the debtor's open case (one conversation for their invoices). */
      readonly grouped?: boolean;
      /** The debtor's case with a running agreement, where the invoice is offered as an addition. */
      readonly offerTo?: InvoiceAdditionOffer;
    }
  | { readonly kind: "unknown_business" }
  /** Same business + number, different terms: `fields` names what differs. */
  | { readonly kind: "conflict"; readonly fields: readonly string[] };

export interface PaymentRecorded {
  readonly paymentId: string;
  readonly invoiceId: string;
  readonly caseId: string;
  readonly amountMinor: number;
  readonly reference: string;
  readonly receivedAt: Date;
  /** What remains due after this payment: on the invoice (invoice route) or the case. */
  readonly remainingMinor: number;
  /** Where the payment went, invoice by invoice (absent on a repeat: it was recorded then). */
  readonly allocations?: readonly { readonly invoiceId: string; readonly amountMinor: number }[];
  /** Numbers of the invoices this payment settled. */
  readonly settles?: readonly string[];
  /** The payer named the invoice (case route): the running plan is re-balanced with it. */
  readonly rebalance?: boolean;
  /**
   * Invoices this payment went to that another case of the debtor offers as an addition to its
   * running agreement, with what is left to pay on each now: the offer is made again on that
   * (or withdrawn at 0), so a yes never adds what was paid meanwhile.
   */
  readonly additions?: readonly AwaitingAddition[];
}

export interface AwaitingAddition {
  /** The case whose agreement the invoice is offered to. */
  readonly caseId: string;
  readonly invoiceId: string;
  readonly number: string;
  readonly dueDate: string;
  readonly openMinor: number;
}

export type RecordPaymentOutcome =
  | { readonly kind: "created" | "existing"; readonly payment: PaymentRecorded }
  | { readonly kind: "invoice_not_found" }
  | { readonly kind: "case_not_found" }
  /** The invoice named is not one the case covers. */
  | { readonly kind: "invoice_not_in_case" }
  /** The payment is in another currency than the case's invoices. */
  | { readonly kind: "currency_mismatch"; readonly currency: string }
  /** The reference was already used with another amount. */
  | { readonly kind: "conflict"; readonly existingAmountMinor: number }
  | { readonly kind: "exceeds_due"; readonly dueMinor: number };

export interface InvoiceView {
  readonly id: string;
  readonly businessId: string;
  readonly caseId: string;
  readonly number: string;
  readonly amountMinor: number;
  readonly paidMinor: number;
  readonly currency: string;
  readonly issuedAt: Date;
  readonly dueDate: string;
  readonly status: "open" | "paid";
  readonly debtor: {
    readonly id: string;
    readonly externalRef: string;
    readonly name: string;
    readonly locale: string;
    readonly timezone: string;
    readonly optedOutAt: Date | null;
  };
  readonly payments: readonly {
    readonly id: string;
    readonly amountMinor: number;
    readonly receivedAt: Date;
    readonly reference: string;
  }[];
  readonly tokens: LinkTokenSet | null;
  readonly createdAt: Date;
}

export interface CaseView {
  readonly id: string;
  readonly businessId: string;
  readonly debtorId: string;
  readonly invoiceId: string;
  readonly status: string;
  readonly state: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Audit entries for the case, oldest first. */
  readonly history: readonly {
    readonly at: Date;
    readonly actor: string;
    readonly action: string;
    readonly detail: Readonly<Record<string, unknown>>;
  }[];
  readonly messages: readonly {
    readonly id: string;
    readonly direction: "in" | "out";
    readonly channel: string;
    readonly kind: string;
    readonly text: string | null;
    readonly automated: boolean;
    readonly createdAt: Date;
  }[];
}

export type AgreementStatus = "active" | "completed" | "broken" | "superseded";

/** Newest first; `after` continues strictly after that (createdAt, id) position. */
export interface AgreementQuery {
  readonly businessId?: string;
  /** Only these businesses (an owner's, on the desk); absent means every business. */
  readonly businessIds?: readonly string[];
  readonly status?: AgreementStatus;
  readonly from?: Date;
  readonly to?: Date;
  readonly after?: { readonly createdAt: Date; readonly id: string };
  readonly limit: number;
}

export interface AgreementView {
  readonly id: string;
  readonly caseId: string;
  readonly businessId: string;
  readonly offerKey: string;
  readonly terms: Readonly<Record<string, unknown>>;
  readonly totalMinor: number;
  readonly currency: string;
  readonly renderedText: string;
  readonly channel: string;
  readonly messageIds: readonly string[];
  readonly approvedBy: string | null;
  readonly confirmedAt: Date;
  readonly status: AgreementStatus;
  readonly createdAt: Date;
  readonly installments: readonly {
    readonly seq: number;
    readonly dueDate: string;
    readonly amountMinor: number;
    readonly paidMinor: number;
    readonly status: "pending" | "paid" | "missed";
  }[];
}
