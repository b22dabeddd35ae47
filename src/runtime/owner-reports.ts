import type { IsoDate, Locale } from "../core/index.ts";

/**
 * What `/relance` shows the owner: read-only views over Postgres. Implemented in db/owner-reports.ts;
 * the Slack adapter renders them (bot/slack/relance-command.ts).
 */

/** Days late, by bucket: 1–15 ("0-15"), 16–30, 31–60, more than 60 ("60+"). */
export const OVERDUE_BUCKETS = ["0-15", "16-30", "31-60", "60+"] as const;
export type OverdueBucket = (typeof OVERDUE_BUCKETS)[number];

/** The bucket of an invoice `daysLate` days past its due date; null when it is not overdue. */
export function overdueBucket(daysLate: number): OverdueBucket | null {
  if (daysLate <= 0) return null;
  if (daysLate <= 15) return "0-15";
  if (daysLate <= 30) return "16-30";
  if (daysLate <= 60) return "31-60";
  return "60+";
}

export interface BusinessForOwner {
  readonly businessId: string;
  readonly name: string;
  readonly locale: Locale;
  readonly timezone: string;
  readonly approverIds: readonly string[];
}

export interface OverdueByCurrency {
  readonly currency: string;
  readonly count: number;
  /** What is still owed on these invoices (amount minus payments), minor units. */
  readonly totalMinor: number;
  readonly buckets: readonly {
    readonly bucket: OverdueBucket;
    readonly count: number;
    readonly totalMinor: number;
  }[];
}

export interface WaitingApproval {
  readonly caseId: string;
  readonly invoiceNumber: string;
  readonly debtorName: string;
  /** The approval's subject (plan, discount, formal_reminder…) or `payment_check`. */
  readonly subject: string;
}

export interface OwnerOverview {
  /** One entry per currency with overdue invoices (usually just the business's). */
  readonly overdue: readonly OverdueByCurrency[];
  /** Cases neither paid nor closed. */
  readonly openCases: number;
  readonly waiting: readonly WaitingApproval[];
}

export interface CaseHistoryEntry {
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
}

export interface CaseReport {
  readonly caseId: string;
  readonly invoiceNumber: string;
  readonly debtorName: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly paidMinor: number;
  readonly dueDate: IsoDate;
  readonly status: string;
  /** Most recent last; at most `historyLimit` entries. */
  readonly history: readonly CaseHistoryEntry[];
}

export interface OwnerReports {
  /** The business whose owner channel this is. */
  businessForChannel(slackChannelId: string): Promise<BusinessForOwner | null>;
  /** `today` is the business's calendar day: an invoice is overdue the day after its due date. */
  overview(businessId: string, today: IsoDate): Promise<OwnerOverview>;
  caseByInvoice(
    businessId: string,
    invoiceNumber: string,
    historyLimit: number,
  ): Promise<CaseReport | null>;
}
