import { count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { auditLog, cases, debtors, invoices, linkTokens, payments } from "../../db/schema.ts";

export interface BusinessRowCounts {
  readonly debtors: number;
  readonly invoices: number;
  readonly cases: number;
  readonly linkTokens: number;
  readonly payments: number;
  readonly auditEntries: number;
}

/** How many rows hang off one business: "nothing was written" is these staying put. */
export async function rowCounts(db: Db, businessId: string): Promise<BusinessRowCounts> {
  const n = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const caseIds = db.select({ id: cases.id }).from(cases).where(eq(cases.businessId, businessId));
  const invoiceIds = db
    .select({ id: invoices.id })
    .from(invoices)
    .where(eq(invoices.businessId, businessId));
  return {
    debtors: await n(
      db.select({ n: count() }).from(debtors).where(eq(debtors.businessId, businessId)),
    ),
    invoices: await n(
      db.select({ n: count() }).from(invoices).where(eq(invoices.businessId, businessId)),
    ),
    cases: await n(db.select({ n: count() }).from(cases).where(eq(cases.businessId, businessId))),
    linkTokens: await n(
      db.select({ n: count() }).from(linkTokens).where(inArray(linkTokens.caseId, caseIds)),
    ),
    payments: await n(
      db.select({ n: count() }).from(payments).where(inArray(payments.invoiceId, invoiceIds)),
    ),
    auditEntries: await n(
      db.select({ n: count() }).from(auditLog).where(eq(auditLog.businessId, businessId)),
    ),
  };
}

/** Counts of a business that has nothing but itself (and its creation's audit entry). */
export const EMPTY_BUSINESS: BusinessRowCounts = {
  debtors: 0,
  invoices: 0,
  cases: 0,
  linkTokens: 0,
  payments: 0,
  auditEntries: 1,
};
