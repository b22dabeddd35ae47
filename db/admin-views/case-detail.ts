import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type {
  CaseAuditEntry,
  CaseAuditVerdict,
  CaseDetail,
  CaseMessage,
  ViewerScope,
} from "../../src/runtime/index.ts";
import { auditEntryHash, GENESIS_HASH } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";
import {
  agreements,
  auditLog,
  businesses,
  cases,
  debtorChannels,
  debtors,
  installments,
  invoices,
  messages,
  payments,
  timers,
} from "../schema.ts";
import { agreementView } from "../stores/agreements.ts";
import { linkTokensOfCase } from "../stores/invoices.ts";
import { caseInvoicesOf } from "./case-invoices.ts";
import { caseRowsSql, type RawCaseRow, toCaseRow } from "./cases.ts";

type AuditRow = typeof auditLog.$inferSelect;

/**
 * Recomputes one case's chain (`case:<id>`), oldest first: the verdict names the first entry
 * whose link or hash does not match. The whole log's check is db/audit.ts `verifyAuditChain`;
 * this is the same rule on the rows of one chain.
 */
export function verifyCaseChain(rows: readonly AuditRow[]): CaseAuditVerdict {
  let prevHash = GENESIS_HASH;
  let entries = 0;
  for (const row of rows) {
    entries += 1;
    if (row.prevHash !== prevHash) {
      return { ok: false, entries, brokenAtId: row.id, reason: "broken_link" };
    }
    const expected = auditEntryHash(prevHash, {
      businessId: row.businessId,
      caseId: row.caseId,
      actor: row.actor,
      action: row.action,
      detail: row.detail,
      createdAt: row.createdAt.toISOString(),
    });
    if (expected !== row.hash) {
      return { ok: false, entries, brokenAtId: row.id, reason: "hash_mismatch" };
    }
    prevHash = row.hash;
  }
  return { ok: true, entries };
}

function buttonLabels(card: Record<string, unknown> | null): string[] {
  if (card === null) return [];
  const labels: string[] = [];
  const buttons = card.buttons;
  if (Array.isArray(buttons)) {
    for (const b of buttons) {
      if (typeof b === "object" && b !== null && typeof b.label === "string") labels.push(b.label);
    }
  }
  const list = card.list;
  if (typeof list === "object" && list !== null && "items" in list && Array.isArray(list.items)) {
    for (const item of list.items) {
      if (typeof item === "object" && item !== null && typeof item.label === "string") {
        labels.push(item.label);
      }
    }
  }
  return labels;
}

function auditEntry(row: AuditRow): CaseAuditEntry {
  return {
    id: row.id,
    actor: row.actor,
    action: row.action,
    detail: row.detail,
    at: row.createdAt,
  };
}

/** One case's whole story, or null when it does not exist or lies outside the scope. */
export async function caseDetail(
  db: DbOrTx,
  scope: ViewerScope,
  caseId: string,
  now: Date,
): Promise<CaseDetail | null> {
  if (scope.businessIds.length === 0) return null;
  const [raw] = await db.execute<RawCaseRow>(
    caseRowsSql(scope, { now, limit: 1 }, sql`c.id = ${caseId}::uuid`),
  );
  if (raw === undefined) return null;
  const row = toCaseRow(raw);
  const [head] = await db
    .select({
      debtorId: cases.debtorId,
      invoiceId: cases.invoiceId,
      state: cases.state,
      issuedAt: invoices.issuedAt,
      businessTimezone: businesses.timezone,
      debtorTimezone: debtors.timezone,
    })
    .from(cases)
    .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
    .innerJoin(businesses, eq(businesses.id, cases.businessId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(eq(cases.id, caseId));
  if (head === undefined) return null;
  const covered = (await caseInvoicesOf(db, [caseId])).get(caseId) ?? [];
  const invoiceIds = covered.length > 0 ? covered.map((i) => i.invoiceId) : [head.invoiceId];
  const [paid, agreed, said, pending, chain, tokens, chats] = await Promise.all([
    // Every payment on the case's invoices (a grouped case's payments name one of them).
    db
      .select()
      .from(payments)
      .where(inArray(payments.invoiceId, invoiceIds))
      .orderBy(asc(payments.receivedAt)),
    db
      .select()
      .from(agreements)
      .where(eq(agreements.caseId, caseId))
      .orderBy(asc(agreements.createdAt), asc(agreements.id)),
    db
      .select()
      .from(messages)
      .where(eq(messages.caseId, caseId))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
    db
      .select({ kind: timers.kind, dueAt: timers.dueAt })
      .from(timers)
      .where(and(eq(timers.caseId, caseId), eq(timers.status, "pending")))
      .orderBy(asc(timers.dueAt)),
    db
      .select()
      .from(auditLog)
      .where(eq(auditLog.chain, `case:${caseId}`))
      .orderBy(asc(auditLog.id)),
    linkTokensOfCase(db, caseId),
    db
      .select({ channel: debtorChannels.channel, boundAt: debtorChannels.boundAt })
      .from(debtorChannels)
      .where(eq(debtorChannels.debtorId, head.debtorId))
      .orderBy(desc(debtorChannels.boundAt)),
  ]);
  const plans =
    agreed.length === 0
      ? []
      : await db
          .select()
          .from(installments)
          .where(
            inArray(
              installments.agreementId,
              agreed.map((a) => a.id),
            ),
          )
          .orderBy(asc(installments.agreementId), asc(installments.seq));
  const reason = typeof head.state.reason === "string" ? head.state.reason : null;
  const conversation: CaseMessage[] = said.map((m) => ({
    direction: m.direction,
    channel: m.channel,
    kind: m.kind,
    text: m.text,
    buttons: m.direction === "out" ? buttonLabels(m.card) : [],
    automated: m.automated,
    at: m.createdAt,
  }));
  const audit = chain.map(auditEntry);
  return {
    row,
    businessTimezone: head.businessTimezone,
    debtorTimezone: head.debtorTimezone,
    reason,
    issuedAt: head.issuedAt,
    payments: paid.map((p) => ({
      amountMinor: p.amountMinor,
      receivedAt: p.receivedAt,
      reference: p.reference,
    })),
    invoices: covered,
    agreements: agreed.map((a) =>
      agreementView(
        a,
        plans.filter((i) => i.agreementId === a.id),
      ),
    ),
    messages: conversation,
    pendingTimers: pending,
    ownerDecisions: audit.filter((e) => e.actor.startsWith("owner:")),
    audit,
    auditVerdict: verifyCaseChain(chain),
    links: { tokens, chats },
  };
}
