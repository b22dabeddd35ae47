import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  type Allocation,
  allocatePayment,
  balanceOf,
  type InvoiceBalance,
  oldestFirst,
} from "../../src/core/index.ts";
import type {
  AwaitingAddition,
  CasePaymentInput,
  PaymentInput,
  PaymentRecorded,
  RecordPaymentOutcome,
} from "../../src/intake/index.ts";
import { appendAudit } from "../audit.ts";
import type { Db, Tx } from "../client.ts";
import {
  agreementAllocations,
  agreements,
  caseInvoices,
  cases,
  invoices,
  payments,
} from "../schema.ts";

/**
 * Records a payment against an invoice (`POST /api/invoices/:id/payments`), idempotent by
 * (invoice, reference): the same reference and amount again is `existing`; another amount is a
 * `conflict`; more than what is still due on the invoice is refused. It all goes to that invoice.
 *
 * Seam: turning a new payment into a case event (`payment_received`) belongs to the runtime; the
 * caller does it when `kind === "created"` (and on a repeat).
 */
export async function recordPayment(
  db: Db,
  invoiceId: string,
  payment: PaymentInput,
  now: Date,
): Promise<RecordPaymentOutcome> {
  return db.transaction(async (tx): Promise<RecordPaymentOutcome> => {
    const [owner] = await tx
      .select({ caseId: caseInvoices.caseId })
      .from(caseInvoices)
      .where(and(eq(caseInvoices.invoiceId, invoiceId), isNull(caseInvoices.releasedAt)));
    if (owner === undefined) return { kind: "invoice_not_found" };
    const locked = await lockCaseInvoices(tx, owner.caseId);
    const invoice = locked.invoices.find((i) => i.invoiceId === invoiceId);
    if (invoice === undefined) return { kind: "invoice_not_found" };

    const [previous] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.invoiceId, invoiceId), eq(payments.reference, payment.reference)));
    if (previous !== undefined) {
      return repeated(previous, payment.amount, locked, invoice.invoiceId, false);
    }
    const dueMinor = balanceOf(invoice);
    if (payment.amount > dueMinor) return { kind: "exceeds_due", dueMinor };
    return insertPayment(tx, locked, {
      allocations: [{ invoiceId, amountMinor: payment.amount }],
      amount: payment.amount,
      reference: payment.reference,
      receivedAt: payment.receivedAt,
      rebalance: false,
      now,
      remainingOf: (after) => balanceOf(after.find((i) => i.invoiceId === invoiceId) ?? invoice),
    });
  });
}

/**
 * Records a payment for a case (`POST /api/cases/:id/payments`), which may cover several
 * invoices: it goes to the invoice the payer named, if any, then oldest first
 * (src/core/allocate.ts), never beyond what is due in all. Idempotent by reference within the
 * case. A payment naming its invoice is one made outside the running plan: the runtime
 * re-balances the plan with it (`rebalance`).
 */
export async function recordCasePayment(
  db: Db,
  caseId: string,
  payment: CasePaymentInput,
  now: Date,
): Promise<RecordPaymentOutcome> {
  return db.transaction(async (tx): Promise<RecordPaymentOutcome> => {
    const locked = await lockCaseInvoices(tx, caseId);
    if (locked.businessId === null) return { kind: "case_not_found" };
    if (
      payment.invoiceId !== undefined &&
      !locked.invoices.some((i) => i.invoiceId === payment.invoiceId)
    ) {
      return { kind: "invoice_not_in_case" };
    }
    if (locked.currency !== null && payment.currency !== locked.currency) {
      return { kind: "currency_mismatch", currency: locked.currency };
    }
    const ids = locked.invoices.map((i) => i.invoiceId);
    const [previous] =
      ids.length === 0
        ? []
        : await tx
            .select()
            .from(payments)
            .where(
              and(inArray(payments.invoiceId, ids), eq(payments.reference, payment.reference)),
            );
    const rebalance = payment.invoiceId !== undefined;
    if (previous !== undefined) {
      return repeated(previous, payment.amountMinor, locked, null, rebalance);
    }
    const dueMinor = locked.invoices.reduce((s, i) => s + balanceOf(i), 0);
    if (payment.amountMinor > dueMinor) return { kind: "exceeds_due", dueMinor };
    const { allocations } = allocatePayment(
      locked.invoices,
      payment.amountMinor,
      payment.invoiceId,
    );
    return insertPayment(tx, locked, {
      allocations,
      amount: payment.amountMinor,
      reference: payment.reference,
      receivedAt: payment.receivedAt,
      rebalance,
      now,
      remainingOf: (after) => after.reduce((s, i) => s + balanceOf(i), 0),
    });
  });
}

interface LockedCase {
  readonly caseId: string;
  readonly businessId: string | null;
  readonly agreementId: string | null;
  /** The invoices' currency (a case's invoices share one). */
  readonly currency: string | null;
  /** The case's invoices, oldest first, locked until the transaction ends. */
  readonly invoices: readonly InvoiceBalance[];
}

/** The case's invoices, locked (in id order: two payments never deadlock), and its agreement. */
async function lockCaseInvoices(tx: Tx, caseId: string): Promise<LockedCase> {
  const [kase] = await tx
    .select({ businessId: cases.businessId })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (kase === undefined)
    return { caseId, businessId: null, agreementId: null, currency: null, invoices: [] };
  const rows = await tx
    .select({
      invoiceId: invoices.id,
      number: invoices.number,
      dueDate: invoices.dueDate,
      issuedAt: invoices.issuedAt,
      amountMinor: invoices.amountMinor,
      paidMinor: invoices.paidMinor,
      currency: invoices.currency,
    })
    .from(invoices)
    .innerJoin(caseInvoices, eq(caseInvoices.invoiceId, invoices.id))
    .where(and(eq(caseInvoices.caseId, caseId), isNull(caseInvoices.releasedAt)))
    .orderBy(asc(invoices.id))
    .for("update", { of: invoices });
  const [agreement] = await tx
    .select({ id: agreements.id })
    .from(agreements)
    .where(and(eq(agreements.caseId, caseId), eq(agreements.status, "active")))
    .orderBy(desc(agreements.createdAt))
    .limit(1);
  return {
    caseId,
    businessId: kase.businessId,
    agreementId: agreement?.id ?? null,
    currency: rows[0]?.currency ?? null,
    invoices: rows
      .map(({ currency: _, ...r }) => ({ ...r, issuedAt: r.issuedAt.toISOString().slice(0, 10) }))
      .sort(oldestFirst),
  };
}

async function insertPayment(
  tx: Tx,
  locked: LockedCase,
  p: {
    readonly allocations: readonly Allocation[];
    readonly amount: number;
    readonly reference: string;
    readonly receivedAt: Date;
    readonly rebalance: boolean;
    readonly now: Date;
    readonly remainingOf: (after: readonly InvoiceBalance[]) => number;
  },
): Promise<RecordPaymentOutcome> {
  const first = p.allocations[0];
  if (first === undefined) throw new Error("a payment with nothing to allocate");
  const [inserted] = await tx
    .insert(payments)
    .values({
      invoiceId: first.invoiceId,
      amountMinor: p.amount,
      receivedAt: p.receivedAt,
      reference: p.reference,
      createdAt: p.now,
    })
    .returning({ id: payments.id });
  if (inserted === undefined) throw new Error("payment insert returned no row");
  await tx.insert(agreementAllocations).values(
    p.allocations.map((a) => ({
      caseId: locked.caseId,
      paymentId: inserted.id,
      invoiceId: a.invoiceId,
      agreementId: locked.agreementId,
      amountMinor: a.amountMinor,
      createdAt: p.now,
    })),
  );
  const after = locked.invoices.map((i) => {
    const add = p.allocations.find((a) => a.invoiceId === i.invoiceId)?.amountMinor ?? 0;
    return { ...i, paidMinor: i.paidMinor + add };
  });
  for (const a of p.allocations) {
    const invoice = after.find((i) => i.invoiceId === a.invoiceId);
    if (invoice === undefined) continue;
    await tx
      .update(invoices)
      .set({
        paidMinor: invoice.paidMinor,
        status: invoice.paidMinor >= invoice.amountMinor ? "paid" : "open",
        updatedAt: sql`greatest(${invoices.updatedAt}, ${p.now.toISOString()}::timestamptz)`,
      })
      .where(eq(invoices.id, a.invoiceId));
  }
  const settles = after
    .filter((i) => p.allocations.some((a) => a.invoiceId === i.invoiceId) && balanceOf(i) === 0)
    .map((i) => i.number);
  const additions = await additionsAwaiting(
    tx,
    after.filter((i) => p.allocations.some((a) => a.invoiceId === i.invoiceId)),
    locked.caseId,
  );
  await appendAudit(tx, {
    businessId: locked.businessId ?? "",
    caseId: locked.caseId,
    actor: "api",
    action: "payment_recorded",
    detail: {
      invoiceId: first.invoiceId,
      paymentId: inserted.id,
      amountMinor: p.amount,
      reference: p.reference,
      receivedAt: p.receivedAt.toISOString(),
      ...(locked.invoices.length > 1 || p.rebalance
        ? {
            allocations: p.allocations.map((a) => ({
              invoiceId: a.invoiceId,
              number: after.find((i) => i.invoiceId === a.invoiceId)?.number ?? null,
              amountMinor: a.amountMinor,
            })),
            settles,
            ...(p.rebalance ? { rebalance: true } : {}),
          }
        : {}),
    },
    at: p.now,
  });
  return {
    kind: "created",
    payment: {
      paymentId: inserted.id,
      invoiceId: first.invoiceId,
      caseId: locked.caseId,
      amountMinor: p.amount,
      reference: p.reference,
      receivedAt: p.receivedAt,
      remainingMinor: p.remainingOf(after),
      allocations: p.allocations,
      settles,
      rebalance: p.rebalance,
      ...(additions.length > 0 ? { additions } : {}),
    },
  };
}

/** The agreed cases of the debtor that offer one of these invoices as an addition, with what is
 *  left to pay on it now (see `PaymentRecorded.additions`). */
async function additionsAwaiting(
  tx: Tx,
  paid: readonly InvoiceBalance[],
  payingCaseId: string,
): Promise<AwaitingAddition[]> {
  if (paid.length === 0) return [];
  const offered = sql<string>`${cases.state}->'addition'->>'invoiceId'`;
  const rows = await tx
    .select({ caseId: cases.id, invoiceId: offered })
    .from(cases)
    .where(
      and(
        eq(cases.status, "agreed"),
        inArray(
          offered,
          paid.map((i) => i.invoiceId),
        ),
      ),
    );
  return rows.flatMap((row) => {
    const invoice = paid.find((i) => i.invoiceId === row.invoiceId);
    if (invoice === undefined || row.caseId === payingCaseId) return [];
    return [
      {
        caseId: row.caseId,
        invoiceId: invoice.invoiceId,
        number: invoice.number,
        dueDate: invoice.dueDate,
        openMinor: balanceOf(invoice),
      },
    ];
  });
}

/** The same reference again: the same payment (same amount), or a conflict. */
async function repeated(
  previous: typeof payments.$inferSelect,
  amount: number,
  locked: LockedCase,
  invoiceId: string | null,
  rebalance: boolean,
): Promise<RecordPaymentOutcome> {
  if (previous.amountMinor !== amount) {
    return { kind: "conflict", existingAmountMinor: previous.amountMinor };
  }
  const scope =
    invoiceId === null ? locked.invoices : locked.invoices.filter((i) => i.invoiceId === invoiceId);
  const payment: PaymentRecorded = {
    paymentId: previous.id,
    invoiceId: previous.invoiceId,
    caseId: locked.caseId,
    amountMinor: previous.amountMinor,
    reference: previous.reference,
    receivedAt: previous.receivedAt,
    remainingMinor: scope.reduce((s, i) => s + balanceOf(i), 0),
    rebalance,
  };
  return { kind: "existing", payment };
}
