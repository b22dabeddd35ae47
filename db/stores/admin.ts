import { and, asc, countDistinct, desc, eq, inArray } from "drizzle-orm";
import type { AgreementView } from "../../src/intake/ports.ts";
import type {
  AdminAgreement,
  AdminAuditReport,
  AdminStore,
  AdminUnreachable,
} from "../../src/runtime/ports/admin.ts";
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
    async listUnreachable(limit): Promise<AdminUnreachable[]> {
      const rows = await db
        .select({
          at: auditLog.createdAt,
          caseId: cases.id,
          detail: auditLog.detail,
          businessName: businesses.name,
          invoiceNumber: invoices.number,
          debtorName: debtors.name,
        })
        .from(auditLog)
        .innerJoin(cases, eq(cases.id, auditLog.caseId))
        .innerJoin(businesses, eq(businesses.id, cases.businessId))
        .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
        .innerJoin(debtors, eq(debtors.id, cases.debtorId))
        .where(and(eq(auditLog.action, "debtor_unreachable")))
        .orderBy(desc(auditLog.id))
        .limit(limit);
      return rows.map(({ detail, ...row }) => ({
        ...row,
        message: typeof detail.message === "string" ? detail.message : "?",
        reason: typeof detail.reason === "string" ? detail.reason : "?",
      }));
    },
    async verifyAudit(): Promise<AdminAuditReport> {
      const [counted] = await db.select({ chains: countDistinct(auditLog.chain) }).from(auditLog);
      const verdict = await verifyAuditChain(db);
      return { ...verdict, chains: counted?.chains ?? 0 };
    },
  };
}

async function withNames(db: DbOrTx, views: readonly AgreementView[]): Promise<AdminAgreement[]> {
  if (views.length === 0) return [];
  const names = await db
    .select({
      caseId: cases.id,
      businessName: businesses.name,
      businessLocale: businesses.locale,
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
      invoiceNumber: n?.invoiceNumber ?? "",
      debtorName: n?.debtorName ?? "",
    };
  });
}
