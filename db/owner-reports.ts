import { and, desc, eq, inArray, lt, notInArray, or, sql } from "drizzle-orm";
import type { IsoDate } from "../src/core/index.ts";
import { daysBetween } from "../src/core/index.ts";
import {
  type CaseReport,
  OVERDUE_BUCKETS,
  type OverdueByCurrency,
  type OwnerOverview,
  type OwnerReports,
  overdueBucket,
  type WaitingApproval,
} from "../src/runtime/index.ts";
import type { Db } from "./client.ts";
import { auditLog, businesses, cases, debtors, invoices } from "./schema.ts";

/** Statuses in which the owner has something to answer (besides a pending formal step). */
const WAITING_STATUSES = ["awaiting_owner", "awaiting_payment_check", "disputed"];
const FINISHED_STATUSES = ["paid", "closed"];

/** Read-only views for `/relance` (src/runtime/owner-reports.ts). */
export function createOwnerReports(db: Db): OwnerReports {
  return {
    async businessForChannel(slackChannelId) {
      const [row] = await db
        .select({
          businessId: businesses.id,
          name: businesses.name,
          locale: businesses.locale,
          timezone: businesses.timezone,
          approverIds: businesses.approverIds,
        })
        .from(businesses)
        .where(eq(businesses.slackChannelId, slackChannelId))
        .limit(1);
      return row ?? null;
    },

    async overview(businessId, today): Promise<OwnerOverview> {
      const [overdueRows, openRows, waitingRows] = await Promise.all([
        // Grouped by day, bucketed here: a handful of rows per business, and the bucket rules
        // stay in one place (overdueBucket).
        db
          .select({
            currency: invoices.currency,
            dueDate: invoices.dueDate,
            count: sql<number>`count(*)::int`,
            owedMinor: sql<string>`sum(${invoices.amountMinor} - ${invoices.paidMinor})`,
          })
          .from(invoices)
          .where(
            and(
              eq(invoices.businessId, businessId),
              eq(invoices.status, "open"),
              lt(invoices.dueDate, today),
            ),
          )
          .groupBy(invoices.currency, invoices.dueDate),
        db
          .select({ count: sql<number>`count(*)::int` })
          .from(cases)
          .where(
            and(eq(cases.businessId, businessId), notInArray(cases.status, FINISHED_STATUSES)),
          ),
        db
          .select({
            caseId: cases.id,
            status: cases.status,
            state: cases.state,
            invoiceNumber: invoices.number,
            debtorName: debtors.name,
          })
          .from(cases)
          .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
          .innerJoin(debtors, eq(debtors.id, cases.debtorId))
          .where(
            and(
              eq(cases.businessId, businessId),
              or(
                inArray(cases.status, WAITING_STATUSES),
                sql`jsonb_typeof(${cases.state} -> 'ladderApproval') = 'object'`,
              ),
            ),
          )
          .orderBy(cases.updatedAt),
      ]);
      return {
        overdue: bucketize(overdueRows, today),
        openCases: openRows[0]?.count ?? 0,
        waiting: waitingRows.map(
          (r): WaitingApproval => ({
            caseId: r.caseId,
            invoiceNumber: r.invoiceNumber,
            debtorName: r.debtorName,
            subject: waitingSubject(r.status, r.state),
          }),
        ),
      };
    },

    async caseByInvoice(businessId, invoiceNumber, historyLimit): Promise<CaseReport | null> {
      const [row] = await db
        .select({
          caseId: cases.id,
          status: cases.status,
          invoiceNumber: invoices.number,
          debtorName: debtors.name,
          currency: invoices.currency,
          amountMinor: invoices.amountMinor,
          paidMinor: invoices.paidMinor,
          dueDate: invoices.dueDate,
        })
        .from(invoices)
        .innerJoin(cases, eq(cases.invoiceId, invoices.id))
        .innerJoin(debtors, eq(debtors.id, invoices.debtorId))
        .where(and(eq(invoices.businessId, businessId), eq(invoices.number, invoiceNumber)))
        .limit(1);
      if (!row) return null;
      const history = await db
        .select({ at: auditLog.createdAt, actor: auditLog.actor, action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.caseId, row.caseId))
        .orderBy(desc(auditLog.id))
        .limit(historyLimit);
      return { ...row, history: history.reverse() };
    },
  };
}

function bucketize(
  rows: readonly { currency: string; dueDate: string; count: number; owedMinor: string }[],
  today: IsoDate,
): OverdueByCurrency[] {
  const byCurrency = new Map<string, Map<string, { count: number; totalMinor: number }>>();
  for (const row of rows) {
    const bucket = overdueBucket(daysBetween(row.dueDate, today));
    if (bucket === null) continue;
    const buckets = byCurrency.get(row.currency) ?? new Map();
    const current = buckets.get(bucket) ?? { count: 0, totalMinor: 0 };
    buckets.set(bucket, {
      count: current.count + row.count,
      totalMinor: current.totalMinor + Number(row.owedMinor),
    });
    byCurrency.set(row.currency, buckets);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, buckets]) => {
      const list = OVERDUE_BUCKETS.map((bucket) => ({
        bucket,
        ...(buckets.get(bucket) ?? { count: 0, totalMinor: 0 }),
      }));
      return {
        currency,
        count: list.reduce((n, b) => n + b.count, 0),
        totalMinor: list.reduce((n, b) => n + b.totalMinor, 0),
        buckets: list,
      };
    });
}

function waitingSubject(status: string, state: Record<string, unknown>): string {
  if (status === "awaiting_payment_check") return "payment_check";
  if (status === "disputed") return "dispute";
  const approval = (status === "awaiting_owner" ? state.approval : state.ladderApproval) as
    | { subject?: unknown }
    | null
    | undefined;
  return typeof approval?.subject === "string" ? approval.subject : status;
}
