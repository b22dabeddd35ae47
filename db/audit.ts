import { asc, desc, inArray, sql } from "drizzle-orm";
import {
  type AuditInput,
  auditChainOf,
  auditEntryHash,
  chainEntries,
  GENESIS_HASH,
  type HashedAuditEntry,
} from "../src/runtime/index.ts";
import type { DbOrTx, Tx } from "./client.ts";
import { auditLog, cases } from "./schema.ts";

export { auditChainOf, GENESIS_HASH };

/** Entries written before chains were split (migration 0002) form this one chain, in id order. */
export const LEGACY_CHAIN = "global";

export interface AuditEntry {
  readonly businessId: string;
  readonly caseId?: string | null;
  /** Who did it: "api", "system", "debtor:telegram", "owner:U123"… */
  readonly actor: string;
  /** What happened, snake_case: "business_created", "invoice_created", "payment_recorded"… */
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
  /** Defaults to now. */
  readonly at?: Date;
}

/**
 * Appends one entry to its chain. Must run inside a transaction (`tx`); see `appendAuditEntries`.
 */
export async function appendAudit(
  tx: Tx,
  entry: AuditEntry,
): Promise<{ id: number; hash: string }> {
  const [row] = await appendAuditEntries(tx, [entry]);
  if (row === undefined) throw new Error("audit insert returned no row");
  return row;
}

/**
 * Appends entries, in order, each to its chain, for writers outside a case event (the API's
 * business, invoice and payment records). A case's chain head lives on its row (`audit_head`),
 * which case events compare-and-set: here the row is locked, read, and moved on in the same
 * transaction. A business's chain is appended under an advisory lock of its own. Locks are taken
 * in a fixed order, so two transactions never deadlock, and held until the transaction ends.
 */
export async function appendAuditEntries(
  tx: Tx,
  entries: readonly AuditEntry[],
): Promise<{ id: number; hash: string }[]> {
  if (entries.length === 0) return [];
  const now = new Date();
  const caseIds = [...new Set(entries.flatMap((e) => (e.caseId ? [e.caseId] : [])))].sort();
  const businessChains = [
    ...new Set(entries.filter((e) => !e.caseId).map((e) => auditChainOf(e))),
  ].sort();
  const heads = new Map<string, string | null>();
  if (caseIds.length > 0) {
    const rows = await tx
      .select({ id: cases.id, head: cases.auditHead })
      .from(cases)
      .where(inArray(cases.id, caseIds))
      .orderBy(asc(cases.id))
      .for("update");
    for (const row of rows) heads.set(`case:${row.id}`, row.head);
  }
  if (businessChains.length > 0) {
    // Sent together (one round trip), run one after the other: the select's snapshot is taken
    // once the locks are held, so it sees the head committed by whoever held them before.
    const [, last] = await Promise.all([
      tx.execute(sql`
        select pg_advisory_xact_lock(hashtextextended(c, 0))
        from (select unnest(${sql.param(businessChains)}::text[]) as c order by 1) as locked`),
      tx
        .selectDistinctOn([auditLog.chain], { chain: auditLog.chain, hash: auditLog.hash })
        .from(auditLog)
        .where(inArray(auditLog.chain, businessChains))
        .orderBy(auditLog.chain, desc(auditLog.id)),
    ]);
    for (const h of last) heads.set(h.chain, h.hash);
  }
  const values: HashedAuditEntry[] = [];
  for (const entry of entries) {
    const chain = auditChainOf(entry);
    const input: AuditInput = {
      businessId: entry.businessId,
      caseId: entry.caseId ?? null,
      actor: entry.actor,
      action: entry.action,
      detail: entry.detail,
      at: entry.at ?? now,
    };
    const linked = chainEntries(heads.get(chain) ?? null, [input]);
    heads.set(chain, linked.head);
    values.push(...linked.entries);
  }
  const rows = await insertAuditRows(tx, values);
  for (const caseId of caseIds) {
    await tx
      .update(cases)
      .set({ auditHead: heads.get(`case:${caseId}`) ?? null })
      .where(sql`${cases.id} = ${caseId}`);
  }
  return rows;
}

/** A multi-row insert assigns identities in the order of its VALUES, so ids follow the chain. */
export async function insertAuditRows(
  tx: Tx,
  values: readonly HashedAuditEntry[],
): Promise<{ id: number; hash: string }[]> {
  if (values.length === 0) return [];
  const rows = await tx
    .insert(auditLog)
    .values(
      values.map((v) => ({
        chain: v.chain,
        businessId: v.businessId,
        caseId: v.caseId,
        actor: v.actor,
        action: v.action,
        detail: { ...v.detail },
        prevHash: v.prevHash,
        hash: v.hash,
        createdAt: new Date(v.createdAt),
      })),
    )
    .returning({ id: auditLog.id, hash: auditLog.hash });
  if (rows.length !== values.length) throw new Error("audit insert returned too few rows");
  return rows;
}

export type AuditChainVerdict =
  | { readonly ok: true; readonly entries: number }
  | {
      readonly ok: false;
      readonly entries: number;
      /** The first entry whose hash or link does not match. */
      readonly brokenAtId: number;
      readonly reason: "hash_mismatch" | "broken_link";
    };

/**
 * Recomputes every chain (each case's, each business's, and the legacy global one) in id order;
 * reports the first entry, by id, whose hash or link does not match or that sits in a chain it
 * does not belong to.
 */
export async function verifyAuditChain(db: DbOrTx, batchSize = 1_000): Promise<AuditChainVerdict> {
  const last = new Map<string, string>();
  let entries = 0;
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.id} > ${afterId}`)
      .orderBy(asc(auditLog.id))
      .limit(batchSize);
    for (const row of rows) {
      entries += 1;
      const prevHash = last.get(row.chain) ?? GENESIS_HASH;
      // An entry moved to another chain (its column edited) would otherwise start a chain of its own.
      const misplaced = row.chain !== LEGACY_CHAIN && row.chain !== auditChainOf(row);
      if (misplaced || row.prevHash !== prevHash) {
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
      last.set(row.chain, row.hash);
      afterId = row.id;
    }
    if (rows.length < batchSize) return { ok: true, entries };
  }
}
