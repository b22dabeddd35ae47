import { asc, countDistinct, eq, inArray, sql } from "drizzle-orm";
import { policySchema } from "../../src/core/index.ts";
import type { AgreementView } from "../../src/intake/index.ts";
import type { AdminAgreement, AdminAuditReport, AdminStore } from "../../src/runtime/index.ts";
import { verifyAuditChain } from "../audit.ts";
import type { DbOrTx } from "../client.ts";
import {
  agreements,
  auditLog,
  businesses,
  cases,
  debtors,
  installments,
  invoices,
} from "../schema.ts";
import { agreementView, listAgreements } from "./agreements.ts";

/** The admin pages' reads: the agreement log with business, invoice and debtor names joined in. */
export function createAdminStore(db: DbOrTx): AdminStore {
  return {
    async listAgreements(query) {
      return withNames(db, await listAgreements(db, query));
    },
    async getAgreement(id) {
      const [row] = await db.select().from(agreements).where(eq(agreements.id, id));
      if (row === undefined) return null;
      const plan = await db
        .select()
        .from(installments)
        .where(eq(installments.agreementId, id))
        .orderBy(asc(installments.seq));
      const view = agreementView(row, plan);
      const [named] = await withNames(db, [view]);
      return named ?? null;
    },
    async listBusinesses() {
      return db
        .select({
          id: businesses.id,
          name: businesses.name,
          locale: businesses.locale,
          timezone: businesses.timezone,
        })
        .from(businesses)
        .orderBy(asc(businesses.name), asc(businesses.id));
    },
    async getBusinessSettings(id) {
      if (!UUID.test(id)) return null;
      const [row] = await db.select().from(businesses).where(eq(businesses.id, id));
      if (!row) return null;
      return {
        id: row.id,
        name: row.name,
        locale: row.locale,
        timezone: row.timezone,
        currency: row.currency,
        policy: policySchema.parse(row.policy),
        paymentInstructions: {
          iban: row.paymentInstructions.iban ?? null,
          bic: row.paymentInstructions.bic ?? null,
          payUrl: row.paymentInstructions.payUrl ?? null,
          text: row.paymentInstructions.text ?? null,
        },
        slackChannelId: row.slackChannelId,
        approverIds: row.approverIds,
        senderName: row.senderName,
        senderRole: row.senderRole,
        legalIdentity: {
          name: row.legalIdentity.name ?? null,
          registration: row.legalIdentity.registration ?? null,
          address: row.legalIdentity.address ?? null,
        },
      };
    },
    async updateBusinessSettings(id, settings) {
      await db
        .update(businesses)
        .set({
          paymentInstructions: { ...settings.paymentInstructions },
          slackChannelId: settings.slackChannelId,
          approverIds: [...settings.approverIds],
          senderName: settings.senderName,
          senderRole: settings.senderRole,
          legalIdentity: { ...settings.legalIdentity },
          updatedAt: sql`now()`,
        })
        .where(eq(businesses.id, id));
    },
    async verifyAudit(): Promise<AdminAuditReport> {
      const [counted] = await db.select({ chains: countDistinct(auditLog.chain) }).from(auditLog);
      const verdict = await verifyAuditChain(db);
      return { ...verdict, chains: counted?.chains ?? 0 };
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Agreements with the names an owner reads beside them (business, invoice, debtor), in one query. */
export async function withNames(
  db: DbOrTx,
  views: readonly AgreementView[],
): Promise<AdminAgreement[]> {
  if (views.length === 0) return [];
  const names = await db
    .select({
      caseId: cases.id,
      businessName: businesses.name,
      businessLocale: businesses.locale,
      businessTimezone: businesses.timezone,
      invoiceNumber: invoices.number,
      debtorName: debtors.name,
    })
    .from(cases)
    .innerJoin(businesses, eq(businesses.id, cases.businessId))
    .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(
      inArray(
        cases.id,
        views.map((v) => v.caseId),
      ),
    );
  const byCase = new Map(names.map((n) => [n.caseId, n]));
  return views.map((view) => {
    const n = byCase.get(view.caseId);
    return {
      ...view,
      businessName: n?.businessName ?? "",
      businessLocale: n?.businessLocale ?? "en",
      businessTimezone: n?.businessTimezone ?? "UTC",
      invoiceNumber: n?.invoiceNumber ?? "",
      debtorName: n?.debtorName ?? "",
    };
  });
}
