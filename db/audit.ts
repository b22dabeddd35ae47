import { createHash } from "node:crypto";
import { asc, desc, inArray, sql } from "drizzle-orm";
import { canonicalJson } from "./canonical-json.ts";
import type { DbOrTx, Tx } from "./client.ts";
import { auditLog } from "./schema.ts";

/** The `prev_hash` of the very first entry. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The chain an entry belongs to: its case's, or its business's for entries without a case. Each
 * chain is appended to under its own lock, so events for different cases never wait on each other.
 */
export function auditChainOf(entry: { businessId: string; caseId?: string | null }): string {
  return entry.caseId ? `case:${entry.caseId}` : `business:${entry.businessId}`;
}

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

interface HashedFields {
  readonly businessId: string;
  readonly caseId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly detail: unknown;
  readonly createdAt: string;
}

function entryHash(prevHash: string, fields: HashedFields): string {
  return createHash("sha256").update(prevHash).update(canonicalJson(fields)).digest("hex");
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
 * Appends entries, in order, each to its chain, in two round trips whatever their number: lock the
 * chains and read their last hashes (pipelined), then insert every row. The advisory locks (one per chain, taken
 * in a fixed order so two transactions never deadlock) make "read the last hash, insert the next"
 * atomic across processes and are held until the transaction ends — so call this late in it.
 */
export async function appendAuditEntries(
  tx: Tx,
  entries: readonly AuditEntry[],
): Promise<{ id: number; hash: string }[]> {
  if (entries.length === 0) return [];
  const chains = [...new Set(entries.map(auditChainOf))].sort();
  // Sent together (one round trip), run one after the other: the select's snapshot is taken once
  // the locks are held, so it sees the head committed by whoever held them before.
  const [, heads] = await Promise.all([
    tx.execute(sql`
      select pg_advisory_xact_lock(hashtextextended(c, 0))
      from (select unnest(${sql.param(chains)}::text[]) as c order by 1) as locked`),
    tx
      .selectDistinctOn([auditLog.chain], { chain: auditLog.chain, hash: auditLog.hash })
      .from(auditLog)
      .where(inArray(auditLog.chain, chains))
      .orderBy(auditLog.chain, desc(auditLog.id)),
  ]);
  const last = new Map(heads.map((h) => [h.chain, h.hash]));
  const values = entries.map((entry) => {
    const chain = auditChainOf(entry);
    const prevHash = last.get(chain) ?? GENESIS_HASH;
    // Millisecond precision so that the stored timestamp reads back exactly as hashed.
    const createdAt = new Date((entry.at ?? new Date()).getTime());
    const fields: HashedFields = {
      businessId: entry.businessId,
      caseId: entry.caseId ?? null,
      actor: entry.actor,
      action: entry.action,
      detail: entry.detail,
      createdAt: createdAt.toISOString(),
    };
    const hash = entryHash(prevHash, fields);
    last.set(chain, hash);
    return {
      chain,
      businessId: fields.businessId,
      caseId: fields.caseId,
      actor: fields.actor,
      action: fields.action,
      detail: { ...entry.detail },
      prevHash,
      hash,
      createdAt,
    };
  });
  // A multi-row insert assigns identities in the order of its VALUES, so ids follow the chain.
  const rows = await tx
    .insert(auditLog)
    .values(values)
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
      const expected = entryHash(prevHash, {
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
