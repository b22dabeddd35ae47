import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";

/**
 * The audit log's hash chain, computed where entries are planned: each entry's hash covers the
 * previous entry's hash in the same chain and the entry's own fields, so editing or removing any
 * entry breaks every later link (`verifyAuditChain` in db/audit.ts recomputes them).
 */

/** The `prev_hash` of the very first entry of a chain. */
export const GENESIS_HASH = "0".repeat(64);

/** One chain per case (`case:<id>`), one per business for entries without a case. */
export function auditChainOf(entry: {
  readonly businessId: string;
  readonly caseId?: string | null;
}): string {
  return entry.caseId ? `case:${entry.caseId}` : `business:${entry.businessId}`;
}

export interface HashedFields {
  readonly businessId: string;
  readonly caseId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly detail: unknown;
  /** ISO instant, millisecond precision, so the stored timestamp reads back exactly as hashed. */
  readonly createdAt: string;
}

export function auditEntryHash(prevHash: string, fields: HashedFields): string {
  return createHash("sha256").update(prevHash).update(canonicalJson(fields)).digest("hex");
}

/** An audit entry with its place in its chain, ready to insert. */
export interface HashedAuditEntry extends HashedFields {
  readonly chain: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

/** What happened, before it is linked into its chain. */
export interface AuditInput {
  readonly businessId: string;
  readonly caseId: string | null;
  /** Who did it: "api", "system", "debtor:telegram", "owner:U123"… */
  readonly actor: string;
  /** snake_case: "business_created", "payment_recorded", "event_refused"… */
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/** Links `entries` (all of one chain) after `head`; returns them and the chain's new head. */
export function chainEntries(
  head: string | null,
  entries: readonly AuditInput[],
): { readonly entries: HashedAuditEntry[]; readonly head: string | null } {
  let prevHash = head ?? GENESIS_HASH;
  const out: HashedAuditEntry[] = [];
  for (const entry of entries) {
    const fields: HashedFields = {
      businessId: entry.businessId,
      caseId: entry.caseId ?? null,
      actor: entry.actor,
      action: entry.action,
      detail: entry.detail,
      createdAt: new Date(entry.at.getTime()).toISOString(),
    };
    const hash = auditEntryHash(prevHash, fields);
    out.push({ ...fields, detail: entry.detail, chain: auditChainOf(fields), prevHash, hash });
    prevHash = hash;
  }
  return { entries: out, head: out.length > 0 ? prevHash : head };
}
