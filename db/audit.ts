import { createHash } from "node:crypto";
import { asc, desc, sql } from "drizzle-orm";
import { canonicalJson } from "./canonical-json.ts";
import type { DbOrTx, Tx } from "./client.ts";
import { auditLog } from "./schema.ts";

/** The `prev_hash` of the very first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** Serialises appends to the chain; released when the appending transaction ends. */
const AUDIT_CHAIN_LOCK_KEY = 7_246_151_004;

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
 * Appends one entry to the hash chain. Must run inside a transaction (`tx`): the advisory lock
 * makes "read the last hash, insert the next" atomic across processes, and is held until commit.
 */
export async function appendAudit(
  tx: Tx,
  entry: AuditEntry,
): Promise<{ id: number; hash: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const [last] = await tx
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  const [row] = await tx
    .insert(auditLog)
    .values({
      businessId: fields.businessId,
      caseId: fields.caseId,
      actor: fields.actor,
      action: fields.action,
      detail: { ...entry.detail },
      prevHash,
      hash,
      createdAt,
    })
    .returning({ id: auditLog.id });
  if (row === undefined) throw new Error("audit insert returned no row");
  return { id: row.id, hash };
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

/** Recomputes the whole chain in id order; reports the first entry that does not match. */
export async function verifyAuditChain(db: DbOrTx, batchSize = 1_000): Promise<AuditChainVerdict> {
  let prevHash = GENESIS_HASH;
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
      if (row.prevHash !== prevHash) {
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
      prevHash = row.hash;
      afterId = row.id;
    }
    if (rows.length < batchSize) return { ok: true, entries };
  }
}
