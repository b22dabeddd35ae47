import type { AgreementQuery, AgreementView, LinkTokenSet } from "../../intake/index.ts";

/**
 * The read side of the owner's desk: cases, one case's whole story, the dashboard's figures and
 * the exports. db/admin-views/ implements it over Postgres. Every read takes the viewer's scope —
 * the businesses they may see — so another business's case is simply not found.
 */

/** The businesses a viewer may see. An empty list sees nothing. */
export interface ViewerScope {
  readonly businessIds: readonly string[];
}

export interface BusinessChoice {
  readonly id: string;
  readonly name: string;
  readonly locale: "fr" | "en";
  readonly timezone: string;
  readonly currency: string;
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

export interface CaseFilter {
  /** Matches the debtor's name or the invoice number, case-insensitively, anywhere. */
  readonly q?: string;
  /** Must be within the scope; otherwise nothing matches. */
  readonly businessId?: string;
  readonly status?: CaseStatus;
}

export interface CaseRow {
  readonly caseId: string;
  readonly businessName: string;
  readonly businessLocale: "fr" | "en";
  readonly debtorName: string;
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidMinor: number;
  readonly dueDate: string;
  readonly status: string;
  /** Whole days since the due date in the business's zone at `now` (negative: not yet due). */
  readonly daysOverdue: number;
  readonly updatedAt: Date;
}

export interface CaseListQuery extends CaseFilter {
  readonly now: Date;
  /** At most this many rows (the export passes none: every matching row). */
  readonly limit?: number;
  readonly offset?: number;
}

export interface CaseMessage {
  readonly direction: "in" | "out";
  readonly channel: string;
  /** "text", "button" (a pressed button: `text` is its label), or the card's kind going out. */
  readonly kind: string;
  readonly text: string | null;
  /** Labels of the buttons an outgoing card offered. */
  readonly buttons: readonly string[];
  readonly automated: boolean;
  readonly at: Date;
}

export interface CaseAuditEntry {
  readonly id: number;
  readonly actor: string;
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export type CaseAuditVerdict =
  | { readonly ok: true; readonly entries: number }
  | {
      readonly ok: false;
      readonly entries: number;
      readonly brokenAtId: number;
      readonly reason: "hash_mismatch" | "broken_link";
    };

/** Where one payment went on one invoice (agreement_allocations), under which agreement. */
export interface InvoiceAllocationView {
  readonly agreementId: string | null;
  readonly amountMinor: number;
  readonly reference: string;
  readonly receivedAt: Date;
}

/** An invoice a case covers (one debtor, one agreement), with its own status and allocations. */
export interface CaseInvoiceView {
  readonly invoiceId: string;
  readonly number: string;
  readonly amountMinor: number;
  readonly paidMinor: number;
  readonly dueDate: string;
  /** `open` or `paid`: each invoice keeps its own, whatever the case's. */
  readonly status: string;
  /** Oldest first. */
  readonly allocations: readonly InvoiceAllocationView[];
}

export interface CaseDetail {
  readonly row: CaseRow;
  readonly businessTimezone: string;
  readonly debtorTimezone: string;
  readonly reason: string | null;
  readonly issuedAt: Date;
  readonly payments: readonly { amountMinor: number; receivedAt: Date; reference: string }[];
  /** Every invoice the case covers, oldest due first (one for most cases). */
  readonly invoices: readonly CaseInvoiceView[];
  /** Oldest first, superseded ones included. */
  readonly agreements: readonly AgreementView[];
  readonly messages: readonly CaseMessage[];
  readonly pendingTimers: readonly { kind: string; dueAt: Date }[];
  /** Audit entries whose actor is an owner (`owner:…`): approvals, declines, counters, checks. */
  readonly ownerDecisions: readonly CaseAuditEntry[];
  readonly audit: readonly CaseAuditEntry[];
  readonly auditVerdict: CaseAuditVerdict;
  /** The case's current links (none revoked), and the debtor's bound chats, newest first. */
  readonly links: {
    readonly tokens: LinkTokenSet | null;
    readonly chats: readonly { readonly channel: string; readonly boundAt: Date }[];
  };
}

/** What the dashboard shows, per currency (amounts never add up across currencies). */
export interface DashboardQuery {
  readonly businessId?: string;
  readonly now: Date;
  /** Weeks of recovered amounts, the current one included. */
  readonly weeks: number;
  /** The DSO's period, in days. */
  readonly dsoDays: number;
}

export interface DashboardRaw {
  /** Monday of each week (the business's zone), amount received that week. */
  readonly recoveredByWeek: readonly { currency: string; week: string; amountMinor: number }[];
  /** Amount still due on overdue open cases, by whole days past due. */
  readonly overdue: readonly { currency: string; daysOverdue: number; dueMinor: number }[];
  readonly reasons: readonly { reason: string; cases: number }[];
  /** Agreements by kind (installments, promise, pay_now) and status. */
  readonly outcomes: readonly { kind: string; status: string; agreements: number }[];
  /** Days from a case's first automated message to its first agreement, one per such case. */
  readonly daysToAgreement: readonly number[];
  /** Per currency: still due today on open invoices, and invoiced over the DSO period. */
  readonly receivables: readonly { currency: string; dueMinor: number; invoicedMinor: number }[];
}

export interface AdminViewsStore {
  businesses(scope: ViewerScope): Promise<readonly BusinessChoice[]>;
  /** Every business id: the scope of the admin login, which sees them all. */
  allBusinessIds(): Promise<readonly string[]>;
  listCases(scope: ViewerScope, query: CaseListQuery): Promise<readonly CaseRow[]>;
  countCases(scope: ViewerScope, query: CaseFilter): Promise<number>;
  /** null when the case does not exist or is outside the scope. */
  caseDetail(scope: ViewerScope, caseId: string, now: Date): Promise<CaseDetail | null>;
  dashboard(scope: ViewerScope, query: DashboardQuery): Promise<DashboardRaw>;
  /** The same rows as GET /api/agreements for the same filter, every page at once, newest first. */
  exportAgreements(
    scope: ViewerScope,
    query: Omit<AgreementQuery, "limit" | "after">,
  ): Promise<readonly AgreementExportRow[]>;
}

export interface AgreementExportRow extends AgreementView {
  readonly businessName: string;
  readonly invoiceNumber: string;
  readonly debtorName: string;
  /** The invoices of the agreement's case, each with its status and allocations. */
  readonly invoices: readonly CaseInvoiceView[];
}
