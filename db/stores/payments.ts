import { and, eq, sql } from "drizzle-orm";
import type { PaymentInput, RecordPaymentOutcome } from "../../src/intake/index.ts";
import { appendAudit } from "../audit.ts";
import type { Db } from "../client.ts";
import { cases, invoices, payments } from "../schema.ts";

/**
 * Records a payment against an invoice, idempotent by (invoice, reference): the same reference
 * and amount again is `existing`; another amount is a `conflict`; more than what is still due is
 * refused. The invoice's `paid_minor` and `status` move in the same transaction, under a row lock
 * that serialises payments of one invoice.
 *
 * Seam: turning a new payment into a case event (`payment_received`) belongs to the runtime; the
 * caller does it when `kind === "created"`.
 */
export async function recordPayment(
  db: Db,
  invoiceId: string,
  payment: PaymentInput,
  now: Date,
): Promise<RecordPaymentOutcome> {
  return db.transaction(async (tx): Promise<RecordPaymentOutcome> => {
    const [invoice] = await tx
      .select({
        id: invoices.id,
        businessId: invoices.businessId,
        amountMinor: invoices.amountMinor,
        paidMinor: invoices.paidMinor,
        caseId: cases.id,
      })
      .from(invoices)
      .innerJoin(cases, eq(cases.invoiceId, invoices.id))
      .where(eq(invoices.id, invoiceId))
      .for("update", { of: invoices });
    if (invoice === undefined) return { kind: "invoice_not_found" };

    const [previous] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.invoiceId, invoiceId), eq(payments.reference, payment.reference)));
    if (previous !== undefined) {
      if (previous.amountMinor !== payment.amount) {
        return { kind: "conflict", existingAmountMinor: previous.amountMinor };
      }
      return {
        kind: "existing",
        payment: {
          paymentId: previous.id,
          invoiceId,
          caseId: invoice.caseId,
          amountMinor: previous.amountMinor,
          reference: previous.reference,
          receivedAt: previous.receivedAt,
          remainingMinor: invoice.amountMinor - invoice.paidMinor,
        },
      };
    }

    const dueMinor = invoice.amountMinor - invoice.paidMinor;
    if (payment.amount > dueMinor) return { kind: "exceeds_due", dueMinor };

    const [inserted] = await tx
      .insert(payments)
      .values({
        invoiceId,
        amountMinor: payment.amount,
        receivedAt: payment.receivedAt,
        reference: payment.reference,
        createdAt: now,
      })
      .returning({ id: payments.id });
    if (inserted === undefined) throw new Error("payment insert returned no row");
    const paidMinor = invoice.paidMinor + payment.amount;
    await tx
      .update(invoices)
      .set({
        paidMinor,
        status: paidMinor === invoice.amountMinor ? "paid" : "open",
        updatedAt: sql`greatest(${invoices.updatedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(invoices.id, invoiceId));
    await appendAudit(tx, {
      businessId: invoice.businessId,
      caseId: invoice.caseId,
      actor: "api",
      action: "payment_recorded",
      detail: {
        invoiceId,
        paymentId: inserted.id,
        amountMinor: payment.amount,
        reference: payment.reference,
        receivedAt: payment.receivedAt.toISOString(),
      },
      at: now,
    });
    return {
      kind: "created",
      payment: {
        paymentId: inserted.id,
        invoiceId,
        caseId: invoice.caseId,
        amountMinor: payment.amount,
        reference: payment.reference,
        receivedAt: payment.receivedAt,
        remainingMinor: invoice.amountMinor - paidMinor,
      },
    };
  });
}
