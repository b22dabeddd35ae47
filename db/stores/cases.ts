import { asc, eq } from "drizzle-orm";
import type { CaseView } from "../../src/intake/index.ts";
import type { DbOrTx } from "../client.ts";
import { auditLog, cases, messages } from "../schema.ts";

/** A case with its audit history and its messages, oldest first. */
export async function getCaseView(db: DbOrTx, id: string): Promise<CaseView | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  if (row === undefined) return null;
  const history = await db
    .select({
      at: auditLog.createdAt,
      actor: auditLog.actor,
      action: auditLog.action,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .where(eq(auditLog.caseId, id))
    .orderBy(asc(auditLog.id));
  const conversation = await db
    .select({
      id: messages.id,
      direction: messages.direction,
      channel: messages.channel,
      kind: messages.kind,
      text: messages.text,
      automated: messages.automated,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(eq(messages.caseId, id))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return {
    id: row.id,
    businessId: row.businessId,
    debtorId: row.debtorId,
    invoiceId: row.invoiceId,
    status: row.status,
    state: row.state,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    history,
    messages: conversation,
  };
}
