import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { CaseInvoiceView } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";
import { agreementAllocations, caseInvoices, invoices, payments } from "../schema.ts";

/**
 * The invoices each case covers (case_invoices, not released), oldest due first, each with its
 * own status and where each payment went on it (agreement_allocations, oldest first): what the
 * desk's case page and the agreements export show invoice by invoice.
 */
export async function caseInvoicesOf(
  db: DbOrTx,
  caseIds: readonly string[],
): Promise<Map<string, CaseInvoiceView[]>> {
  const out = new Map<string, CaseInvoiceView[]>();
  if (caseIds.length === 0) return out;
  const ids = [...new Set(caseIds)];
  const [covered, allocated] = await Promise.all([
    db
      .select({
        caseId: caseInvoices.caseId,
        invoiceId: invoices.id,
        number: invoices.number,
        amountMinor: invoices.amountMinor,
        paidMinor: invoices.paidMinor,
        dueDate: invoices.dueDate,
        status: invoices.status,
      })
      .from(caseInvoices)
      .innerJoin(invoices, eq(invoices.id, caseInvoices.invoiceId))
      .where(and(inArray(caseInvoices.caseId, ids), isNull(caseInvoices.releasedAt)))
      .orderBy(asc(invoices.dueDate), asc(invoices.issuedAt), asc(invoices.number)),
    db
      .select({
        caseId: agreementAllocations.caseId,
        invoiceId: agreementAllocations.invoiceId,
        agreementId: agreementAllocations.agreementId,
        amountMinor: agreementAllocations.amountMinor,
        reference: payments.reference,
        receivedAt: payments.receivedAt,
      })
      .from(agreementAllocations)
      .innerJoin(payments, eq(payments.id, agreementAllocations.paymentId))
      .where(inArray(agreementAllocations.caseId, ids))
      .orderBy(asc(payments.receivedAt), asc(agreementAllocations.createdAt)),
  ]);
  for (const row of covered) {
    const list = out.get(row.caseId) ?? [];
    list.push({
      invoiceId: row.invoiceId,
      number: row.number,
      amountMinor: row.amountMinor,
      paidMinor: row.paidMinor,
      dueDate: row.dueDate,
      status: row.status,
      allocations: allocated
        .filter((a) => a.caseId === row.caseId && a.invoiceId === row.invoiceId)
        .map((a) => ({
          agreementId: a.agreementId,
          amountMinor: a.amountMinor,
          reference: a.reference,
          receivedAt: a.receivedAt,
        })),
    });
    out.set(row.caseId, list);
  }
  return out;
}
