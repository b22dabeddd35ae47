import { eq, sql } from "drizzle-orm";
import { appendAudit } from "../../db/audit.ts";
import type { Db } from "../../db/client.ts";
import { agreements, cases, installments, messages, payments, timers } from "../../db/schema.ts";
import { givenBusiness, givenInvoice } from "./fixtures.ts";

/**
 * Rows for the owner's desk read pages, written as the runtime leaves them: an invoice through
 * the real intake path, then its payments, agreement, messages, timers and audit entries. Dates
 * are given, never read from a clock.
 */

export interface DeskInvoice {
  readonly number?: string;
  readonly debtor?: string;
  readonly amount: number;
  readonly issuedAt: string;
  readonly dueDate: string;
}

export async function givenDeskInvoice(db: Db, businessId: string, at: Date, spec: DeskInvoice) {
  const created = await givenInvoice(
    db,
    businessId,
    {
      ...(spec.number === undefined ? {} : { number: spec.number }),
      amount: spec.amount,
      issuedAt: spec.issuedAt,
      dueDate: spec.dueDate,
      ...(spec.debtor === undefined ? {} : { debtor: { name: spec.debtor } }),
    },
    at,
  );
  const [row] = await db
    .select({ debtorId: cases.debtorId })
    .from(cases)
    .where(eq(cases.id, created.caseId));
  if (row === undefined) throw new Error("case not created");
  return { ...created, debtorId: row.debtorId };
}

export async function givenPayment(
  db: Db,
  invoiceId: string,
  amountMinor: number,
  receivedAt: string,
  reference: string,
) {
  await db.insert(payments).values({
    invoiceId,
    amountMinor,
    receivedAt: new Date(receivedAt),
    reference,
  });
  await db.execute(sql`
    update invoices set paid_minor = paid_minor + ${amountMinor},
      status = case when paid_minor + ${amountMinor} >= amount_minor then 'paid' else 'open' end
    where id = ${invoiceId}::uuid`);
}

export async function givenCaseState(
  db: Db,
  caseId: string,
  status: string,
  reason: string | null = null,
) {
  await db
    .update(cases)
    .set({ status, state: reason === null ? {} : { reason } })
    .where(eq(cases.id, caseId));
}

export interface DeskAgreement {
  readonly kind: "installments" | "promise" | "pay_now";
  readonly status: "active" | "completed" | "broken" | "superseded";
  readonly confirmedAt: string;
  readonly totalMinor: number;
  /** Installments with their state (installments kind only). */
  readonly plan?: readonly {
    dueDate: string;
    amountMinor: number;
    status: "pending" | "paid" | "missed";
  }[];
  readonly approvedBy?: string | null;
  readonly renderedText?: string;
  readonly channel?: string;
}

export async function givenAgreement(
  db: Db,
  businessId: string,
  caseId: string,
  spec: DeskAgreement,
): Promise<string> {
  const terms =
    spec.kind === "installments"
      ? {
          kind: "installments",
          frequency: "monthly",
          installments: (spec.plan ?? []).map((p) => ({
            dueDate: p.dueDate,
            amountMinor: p.amountMinor,
          })),
        }
      : spec.kind === "promise"
        ? { kind: "promise", date: spec.confirmedAt.slice(0, 10), amountMinor: spec.totalMinor }
        : { kind: "pay_now", amountMinor: spec.totalMinor };
  const at = new Date(spec.confirmedAt);
  const [row] = await db
    .insert(agreements)
    .values({
      caseId,
      businessId,
      offerKey: "o1_1",
      terms,
      totalMinor: spec.totalMinor,
      currency: "EUR",
      renderedText: spec.renderedText ?? "Vous confirmez : 3 × 300,00 €.",
      channel: spec.channel ?? "telegram",
      messageIds: ["tg:1", "tg:2"],
      approvedBy: spec.approvedBy ?? null,
      confirmedAt: at,
      status: spec.status,
      createdAt: at,
    })
    .returning({ id: agreements.id });
  if (row === undefined) throw new Error("agreement not inserted");
  if (spec.plan !== undefined && spec.plan.length > 0) {
    await db.insert(installments).values(
      spec.plan.map((p, i) => ({
        agreementId: row.id,
        seq: i + 1,
        dueDate: p.dueDate,
        amountMinor: p.amountMinor,
        paidMinor: p.status === "paid" ? p.amountMinor : 0,
        status: p.status,
      })),
    );
  }
  return row.id;
}

export interface DeskMessage {
  readonly direction: "in" | "out";
  readonly kind: string;
  readonly text: string;
  readonly at: string;
  readonly channel?: string;
  readonly automated?: boolean;
  readonly buttons?: readonly string[];
}

export async function givenMessages(
  db: Db,
  caseId: string,
  debtorId: string,
  list: readonly DeskMessage[],
) {
  await db.insert(messages).values(
    list.map((m) => ({
      caseId,
      debtorId,
      direction: m.direction,
      channel: m.channel ?? "telegram",
      chatId: "42",
      kind: m.kind,
      text: m.text,
      card:
        m.buttons === undefined
          ? null
          : {
              text: m.text,
              buttons: m.buttons.map((label, i) => ({ label, token: `tok${i}` })),
            },
      automated: m.automated ?? false,
      createdAt: new Date(m.at),
    })),
  );
}

export async function givenTimer(db: Db, caseId: string, kind: string, dueAt: string) {
  await db.insert(timers).values({ caseId, kind, key: `${kind}_1`, dueAt: new Date(dueAt) });
}

export async function givenOwnerDecision(
  db: Db,
  businessId: string,
  caseId: string,
  action: string,
  at: string,
) {
  await db.transaction((tx) =>
    appendAudit(tx, {
      businessId,
      caseId,
      actor: "owner:U0123",
      action,
      detail: {},
      at: new Date(at),
    }),
  );
}

/**
 * A business whose dashboard answers are known (`now` = Monday 23 November 2026, 10:00 UTC,
 * Europe/Paris): see test/integration/admin-views.test.ts for the figures it must give.
 */
export async function givenDashboardBusiness(db: Db, now: Date, name = "Atelier Chiffres") {
  const business = await givenBusiness(db, { name, locale: "fr" }, now);
  const inv = (spec: DeskInvoice) => givenDeskInvoice(db, business.id, now, spec);
  // 10 days late, 200 € of 1,000 € paid last week; a plan running; asked why: cash flow.
  const i1 = await inv({ amount: 100_000, issuedAt: "2026-10-14", dueDate: "2026-11-13" });
  // 20 days late; a promise broken; cash flow.
  const i2 = await inv({ amount: 50_000, issuedAt: "2026-10-04", dueDate: "2026-11-03" });
  // 45 days late; a plan broken; forgot.
  const i3 = await inv({ amount: 30_000, issuedAt: "2026-09-09", dueDate: "2026-10-09" });
  // 90 days late, 100 € paid in July (outside the 12 weeks), issued outside the DSO's 90 days.
  const i4 = await inv({ amount: 70_000, issuedAt: "2026-07-26", dueDate: "2026-08-25" });
  // Not due yet, paid in full this week after a promise kept.
  const i5 = await inv({ amount: 80_000, issuedAt: "2026-10-31", dueDate: "2026-11-30" });
  await givenPayment(db, i1.invoiceId, 20_000, "2026-11-20T09:00:00Z", "VIR-1");
  await givenPayment(db, i4.invoiceId, 10_000, "2026-07-30T09:00:00Z", "VIR-4");
  await givenPayment(db, i5.invoiceId, 80_000, "2026-11-23T08:00:00Z", "VIR-5");
  await givenCaseState(db, i1.caseId, "agreed", "cash_flow");
  await givenCaseState(db, i2.caseId, "offering", "cash_flow");
  await givenCaseState(db, i3.caseId, "offering", "forgot");
  await givenCaseState(db, i5.caseId, "paid");
  await givenAgreement(db, business.id, i1.caseId, {
    kind: "installments",
    status: "active",
    confirmedAt: "2026-11-14T10:00:00Z",
    totalMinor: 80_000,
    plan: [
      { dueDate: "2026-11-20", amountMinor: 20_000, status: "paid" },
      { dueDate: "2026-12-20", amountMinor: 60_000, status: "pending" },
    ],
  });
  await givenAgreement(db, business.id, i2.caseId, {
    kind: "promise",
    status: "broken",
    confirmedAt: "2026-10-26T22:00:00Z",
    totalMinor: 50_000,
  });
  await givenAgreement(db, business.id, i3.caseId, {
    kind: "installments",
    status: "broken",
    confirmedAt: "2026-10-13T10:00:00Z",
    totalMinor: 30_000,
    plan: [
      { dueDate: "2026-10-20", amountMinor: 15_000, status: "missed" },
      { dueDate: "2026-11-20", amountMinor: 15_000, status: "pending" },
    ],
  });
  await givenAgreement(db, business.id, i5.caseId, {
    kind: "promise",
    status: "completed",
    confirmedAt: "2026-11-16T10:00:00Z",
    totalMinor: 80_000,
  });
  // First automated reminders: 4, 6.5 and 1 days before each case's agreement; i5 had none.
  const reminder = (at: string): DeskMessage => ({
    direction: "out",
    kind: "reminder-ask-reason",
    text: "Bonjour, nous n'avons pas encore reçu votre paiement.",
    at,
    automated: true,
  });
  await givenMessages(db, i1.caseId, i1.debtorId, [
    reminder("2026-11-10T10:00:00Z"),
    reminder("2026-11-12T10:00:00Z"),
  ]);
  await givenMessages(db, i2.caseId, i2.debtorId, [reminder("2026-10-20T10:00:00Z")]);
  await givenMessages(db, i3.caseId, i3.debtorId, [reminder("2026-10-12T10:00:00Z")]);
  await givenMessages(db, i5.caseId, i5.debtorId, [
    { direction: "in", kind: "text", text: "Je paie lundi", at: "2026-11-15T10:00:00Z" },
  ]);
  return { business, invoices: { i1, i2, i3, i4, i5 } };
}

/** A case with its whole story: a plan paid / missed / due, a pressed button, timers, decisions. */
export async function givenCaseStory(db: Db, businessId: string, now: Date, debtor: string) {
  const invoice = await givenDeskInvoice(db, businessId, now, {
    debtor,
    amount: 90_000,
    issuedAt: "2026-09-24",
    dueDate: "2026-10-24",
  });
  await givenPayment(db, invoice.invoiceId, 30_000, "2026-11-02T09:15:00Z", "VIR-2026-118");
  await givenCaseState(db, invoice.caseId, "agreed", "cash_flow");
  await givenAgreement(db, businessId, invoice.caseId, {
    kind: "installments",
    status: "active",
    confirmedAt: "2026-10-30T14:05:00Z",
    totalMinor: 90_000,
    approvedBy: "U0123",
    renderedText: "Vous confirmez :\n3 × 300,00 € par mois.\nTotal : 900,00 €",
    plan: [
      { dueDate: "2026-11-02", amountMinor: 30_000, status: "paid" },
      { dueDate: "2026-11-16", amountMinor: 30_000, status: "missed" },
      { dueDate: "2026-12-16", amountMinor: 30_000, status: "pending" },
    ],
  });
  await givenMessages(db, invoice.caseId, invoice.debtorId, [
    {
      direction: "out",
      kind: "reminder-ask-reason",
      text: "Bonjour, nous n'avons pas encore reçu le paiement de la facture.",
      at: "2026-10-27T09:00:00Z",
      automated: true,
      buttons: ["J'ai oublié", "Trésorerie difficile", "Déjà réglé", "Autre chose"],
    },
    { direction: "in", kind: "button", text: "Trésorerie difficile", at: "2026-10-27T09:12:00Z" },
    {
      direction: "in",
      kind: "text",
      text: "je peux payer 300 € par mois",
      at: "2026-10-27T09:13:00Z",
      channel: "webchat",
    },
    {
      direction: "out",
      kind: "confirm-terms",
      text: "Vous confirmez : 3 × 300,00 € par mois ?",
      at: "2026-10-30T14:00:00Z",
      channel: "webchat",
      buttons: ["Je confirme", "Non, autre solution"],
    },
    {
      direction: "in",
      kind: "button",
      text: "Je confirme",
      at: "2026-10-30T14:05:00Z",
      channel: "webchat",
    },
  ]);
  await givenTimer(db, invoice.caseId, "installment_reminder", "2026-12-13T09:00:00Z");
  await givenOwnerDecision(db, businessId, invoice.caseId, "plan_approved", "2026-10-30T13:00:00Z");
  return invoice;
}

export { givenBusiness };
