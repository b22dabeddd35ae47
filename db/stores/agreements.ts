import { and, asc, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import type { AgreementQuery, AgreementView } from "../../src/intake/index.ts";
import type { DbOrTx } from "../client.ts";
import { agreements, installments } from "../schema.ts";

/** Agreements newest first, with their installments; keyset-paginated on (created_at, id). */
export async function listAgreements(db: DbOrTx, query: AgreementQuery): Promise<AgreementView[]> {
  const conditions: SQL[] = [];
  if (query.businessId !== undefined) conditions.push(eq(agreements.businessId, query.businessId));
  if (query.businessIds !== undefined) {
    if (query.businessIds.length === 0) return [];
    conditions.push(inArray(agreements.businessId, [...query.businessIds]));
  }
  if (query.status !== undefined) conditions.push(eq(agreements.status, query.status));
  if (query.from !== undefined) conditions.push(gte(agreements.createdAt, query.from));
  if (query.to !== undefined) conditions.push(lt(agreements.createdAt, query.to));
  if (query.after !== undefined) {
    const position = or(
      lt(agreements.createdAt, query.after.createdAt),
      and(eq(agreements.createdAt, query.after.createdAt), lt(agreements.id, query.after.id)),
    );
    if (position !== undefined) conditions.push(position);
  }
  const rows = await db
    .select()
    .from(agreements)
    .where(and(...conditions))
    .orderBy(desc(agreements.createdAt), desc(agreements.id))
    .limit(query.limit);
  if (rows.length === 0) return [];
  const plan = await db
    .select()
    .from(installments)
    .where(
      inArray(
        installments.agreementId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(installments.agreementId), asc(installments.seq));
  return rows.map((row) =>
    agreementView(
      row,
      plan.filter((i) => i.agreementId === row.id),
    ),
  );
}

/** One agreement row and its installments (in order) as the read model. */
export function agreementView(
  row: typeof agreements.$inferSelect,
  plan: readonly (typeof installments.$inferSelect)[],
): AgreementView {
  return {
    id: row.id,
    caseId: row.caseId,
    businessId: row.businessId,
    offerKey: row.offerKey,
    terms: row.terms,
    totalMinor: row.totalMinor,
    currency: row.currency,
    renderedText: row.renderedText,
    channel: row.channel,
    messageIds: row.messageIds,
    approvedBy: row.approvedBy,
    confirmedAt: row.confirmedAt,
    status: row.status,
    createdAt: row.createdAt,
    installments: plan.map((i) => ({
      seq: i.seq,
      dueDate: i.dueDate,
      amountMinor: i.amountMinor,
      paidMinor: i.paidMinor,
      status: i.status,
    })),
  };
}
