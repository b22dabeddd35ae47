import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type {
  CreateInvoiceOutcome,
  InvoiceView,
  LinkTokenSet,
  NewInvoiceRecord,
} from "../../src/intake/index.ts";
import { appendAudit } from "../audit.ts";
import type { Db, DbOrTx } from "../client.ts";
import {
  businesses,
  caseInvoices,
  cases,
  debtors,
  invoices,
  linkTokens,
  payments,
} from "../schema.ts";

/** Where a new invoice of the debtor joins their open case: nothing has been offered yet. */
const JOINABLE_STATUSES = ["scheduled", "reminded", "awaiting_reason"] as const;

/** The invoice's case: the open one that covers it (case_invoices). */
const coversInvoice = and(eq(caseInvoices.caseId, cases.id), isNull(caseInvoices.releasedAt));

/** Thrown inside the transaction to roll it back, caught outside to report the conflict. */
class InvoiceConflict extends Error {
  constructor(readonly fields: readonly string[]) {
    super("invoice conflict");
  }
}

/**
 * Creates debtor (reused by business + external ref), invoice, case (status "scheduled", state `{}`,
 * version 0), one Telegram and one web-chat link token and, when a WhatsApp number is given, the
 * WhatsApp binding — all in one transaction, audited. Idempotent by (business, number): a repeat
 * with the same terms returns the stored ids and tokens; different terms roll back as a conflict.
 * Safe under concurrency: the unique constraints make racing identical posts converge on one row.
 */
export async function createInvoiceWithCase(
  db: Db,
  record: NewInvoiceRecord,
): Promise<CreateInvoiceOutcome> {
  const { invoice, now } = record;
  try {
    return await db.transaction(async (tx): Promise<CreateInvoiceOutcome> => {
      const [business] = await tx
        .select({ id: businesses.id })
        .from(businesses)
        .where(eq(businesses.id, invoice.businessId));
      if (business === undefined) return { kind: "unknown_business" };

      const [debtor] = await tx
        .insert(debtors)
        .values({
          businessId: invoice.businessId,
          externalRef: invoice.debtor.externalRef,
          name: invoice.debtor.name,
          locale: invoice.debtor.locale,
          timezone: invoice.debtor.timezone,
          contacts: {
            telegram: invoice.debtor.telegram ?? null,
            whatsapp: invoice.debtor.whatsapp ?? null,
            email: invoice.debtor.email ?? null,
          },
          createdAt: now,
          updatedAt: now,
        })
        // A no-op update so that RETURNING yields the existing debtor's id.
        .onConflictDoUpdate({
          target: [debtors.businessId, debtors.externalRef],
          set: { updatedAt: sql`${debtors.updatedAt}` },
        })
        .returning({ id: debtors.id });
      if (debtor === undefined) throw new Error("debtor upsert returned no row");

      const [created] = await tx
        .insert(invoices)
        .values({
          businessId: invoice.businessId,
          debtorId: debtor.id,
          number: invoice.number,
          amountMinor: invoice.amount,
          currency: invoice.currency,
          issuedAt: invoice.issuedAt.at,
          dueDate: invoice.dueDate,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [invoices.businessId, invoices.number] })
        .returning({ id: invoices.id });

      if (created === undefined) {
        const existing = await findExisting(tx, invoice.businessId, invoice.number);
        if (existing === null) throw new Error("conflicting invoice vanished");
        const differs: string[] = [];
        if (existing.amountMinor !== invoice.amount) differs.push("amount");
        if (existing.currency !== invoice.currency) differs.push("currency");
        if (existing.dueDate !== invoice.dueDate) differs.push("dueDate");
        if (existing.debtorId !== debtor.id) differs.push("debtor.externalRef");
        if (differs.length > 0) throw new InvoiceConflict(differs);
        return {
          kind: "existing",
          invoiceId: existing.invoiceId,
          caseId: existing.caseId,
          debtorId: existing.debtorId,
          tokens: existing.tokens,
        };
      }

      // One debtor, one conversation: an open case of the same debtor that is still at the
      // start of its negotiation (nothing offered yet) takes the invoice in. A case further on
      // (offers shown, a plan agreed, a dispute…) is never changed under the debtor's feet: the
      // invoice runs its own case.
      const [open] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(
          and(
            eq(cases.debtorId, debtor.id),
            eq(cases.businessId, invoice.businessId),
            inArray(cases.status, [...JOINABLE_STATUSES]),
            sql`exists (select 1 from ${invoices} pi
              where pi.id = ${cases.invoiceId} and pi.currency = ${invoice.currency})`,
          ),
        )
        .orderBy(asc(cases.createdAt), asc(cases.id))
        .limit(1)
        .for("no key update", { of: cases });
      if (open !== undefined) {
        const tokens = await linkTokensOfCase(tx, open.id);
        if (tokens !== null) {
          await tx
            .insert(caseInvoices)
            .values({ caseId: open.id, invoiceId: created.id, addedAt: now });
          await appendAudit(tx, {
            businessId: invoice.businessId,
            caseId: open.id,
            actor: "api",
            action: "invoice_added",
            detail: {
              invoiceId: created.id,
              number: invoice.number,
              amountMinor: invoice.amount,
              currency: invoice.currency,
              dueDate: invoice.dueDate,
            },
            at: now,
          });
          return {
            kind: "created",
            invoiceId: created.id,
            caseId: open.id,
            debtorId: debtor.id,
            tokens,
            grouped: true,
          };
        }
      }

      const [kase] = await tx
        .insert(cases)
        .values({
          businessId: invoice.businessId,
          debtorId: debtor.id,
          invoiceId: created.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: cases.id });
      if (kase === undefined) throw new Error("case insert returned no row");
      await tx
        .insert(caseInvoices)
        .values({ caseId: kase.id, invoiceId: created.id, addedAt: now });

      await tx.insert(linkTokens).values([
        {
          token: record.tokens.telegram,
          caseId: kase.id,
          debtorId: debtor.id,
          channel: "telegram",
          expiresAt: record.tokensExpireAt,
          createdAt: now,
        },
        {
          token: record.tokens.webchat,
          caseId: kase.id,
          debtorId: debtor.id,
          channel: "webchat",
          expiresAt: record.tokensExpireAt,
          createdAt: now,
        },
        ...(record.tokens.whatsapp === undefined
          ? []
          : [
              {
                token: record.tokens.whatsapp,
                caseId: kase.id,
                debtorId: debtor.id,
                channel: "whatsapp" as const,
                expiresAt: record.tokensExpireAt,
                createdAt: now,
              },
            ]),
      ]);
      // A WhatsApp number given here is a contact, not a chat: it is bound when the debtor writes
      // from it (bindByContact), so nothing counts them reachable before they did.
      await appendAudit(tx, {
        businessId: invoice.businessId,
        caseId: kase.id,
        actor: "api",
        action: "invoice_created",
        detail: {
          invoiceId: created.id,
          number: invoice.number,
          amountMinor: invoice.amount,
          currency: invoice.currency,
          dueDate: invoice.dueDate,
        },
        at: now,
      });
      // A case of the same debtor with a running agreement is not changed under their feet
      // either: the invoice runs its own case, and is offered there as an addition (the caller
      // sends that case an `invoice_arrived` event).
      const [agreed] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(
          and(
            eq(cases.debtorId, debtor.id),
            eq(cases.businessId, invoice.businessId),
            eq(cases.status, "agreed"),
            sql`exists (select 1 from ${invoices} pi
              where pi.id = ${cases.invoiceId} and pi.currency = ${invoice.currency})`,
          ),
        )
        .orderBy(asc(cases.createdAt), asc(cases.id))
        .limit(1);
      return {
        kind: "created",
        invoiceId: created.id,
        caseId: kase.id,
        debtorId: debtor.id,
        tokens: record.tokens,
        ...(agreed === undefined
          ? {}
          : {
              offerTo: {
                caseId: agreed.id,
                invoiceId: created.id,
                number: invoice.number,
                amountMinor: invoice.amount,
                dueDate: invoice.dueDate,
              },
            }),
      };
    });
  } catch (error) {
    if (error instanceof InvoiceConflict) return { kind: "conflict", fields: error.fields };
    throw error;
  }
}

async function findExisting(tx: DbOrTx, businessId: string, number: string) {
  const [row] = await tx
    .select({
      invoiceId: invoices.id,
      debtorId: invoices.debtorId,
      amountMinor: invoices.amountMinor,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      caseId: cases.id,
    })
    .from(invoices)
    .innerJoin(caseInvoices, eq(caseInvoices.invoiceId, invoices.id))
    .innerJoin(cases, coversInvoice)
    .where(and(eq(invoices.businessId, businessId), eq(invoices.number, number)));
  if (row === undefined) return null;
  const tokens = await linkTokensOfCase(tx, row.caseId);
  if (tokens === null) throw new Error(`case ${row.caseId} has no link tokens`);
  return { ...row, tokens };
}

/** The case's current links: the newest of each channel that no reissue revoked. */
export async function linkTokensOfCase(db: DbOrTx, caseId: string): Promise<LinkTokenSet | null> {
  const rows = await db
    .select({ token: linkTokens.token, channel: linkTokens.channel })
    .from(linkTokens)
    .where(and(eq(linkTokens.caseId, caseId), isNull(linkTokens.revokedAt)))
    .orderBy(desc(linkTokens.createdAt), asc(linkTokens.token));
  const telegram = rows.find((r) => r.channel === "telegram")?.token;
  const webchat = rows.find((r) => r.channel === "webchat")?.token;
  const whatsapp = rows.find((r) => r.channel === "whatsapp")?.token;
  if (telegram === undefined || webchat === undefined) return null;
  return { telegram, webchat, ...(whatsapp === undefined ? {} : { whatsapp }) };
}

export async function getInvoiceView(db: DbOrTx, id: string): Promise<InvoiceView | null> {
  const [row] = await db
    .select({ invoice: invoices, debtor: debtors, caseId: cases.id })
    .from(invoices)
    .innerJoin(debtors, eq(debtors.id, invoices.debtorId))
    .innerJoin(caseInvoices, eq(caseInvoices.invoiceId, invoices.id))
    .innerJoin(cases, coversInvoice)
    .where(eq(invoices.id, id));
  if (row === undefined) return null;
  const paid = await db
    .select({
      id: payments.id,
      amountMinor: payments.amountMinor,
      receivedAt: payments.receivedAt,
      reference: payments.reference,
    })
    .from(payments)
    .where(eq(payments.invoiceId, id))
    .orderBy(asc(payments.receivedAt), asc(payments.createdAt));
  const { invoice, debtor } = row;
  return {
    id: invoice.id,
    businessId: invoice.businessId,
    caseId: row.caseId,
    number: invoice.number,
    amountMinor: invoice.amountMinor,
    paidMinor: invoice.paidMinor,
    currency: invoice.currency,
    issuedAt: invoice.issuedAt,
    dueDate: invoice.dueDate,
    status: invoice.status,
    debtor: {
      id: debtor.id,
      externalRef: debtor.externalRef,
      name: debtor.name,
      locale: debtor.locale,
      timezone: debtor.timezone,
      optedOutAt: debtor.optedOutAt,
    },
    payments: paid,
    tokens: await linkTokensOfCase(db, row.caseId),
    createdAt: invoice.createdAt,
  };
}
