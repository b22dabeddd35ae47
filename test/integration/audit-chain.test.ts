import { sql, TransactionRollbackError } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { appendAudit, verifyAuditChain } from "../../db/audit.ts";
import { auditLog } from "../../db/schema.ts";
import { testDb } from "../support/db.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";

const { db, close } = testDb();
afterAll(() => close());

describe("audit log hash chain", () => {
  it("verifies after business, invoice and payment entries are appended", async () => {
    const business = await givenBusiness(db);
    await givenInvoice(db, business.id);
    const verdict = await verifyAuditChain(db);
    expect(verdict.ok).toBe(true);
    expect(verdict.entries).toBeGreaterThanOrEqual(2);
  });

  it("detects an entry whose detail was edited behind the application's back", async () => {
    const business = await givenBusiness(db);
    const entry = await db.transaction((tx) =>
      appendAudit(tx, {
        businessId: business.id,
        actor: "api",
        action: "test_entry",
        detail: { amountMinor: 10_000 },
      }),
    );
    // Rolled back at the end: other test files share this database and its chain.
    let verdict: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    await expect(
      db.transaction(async (tx) => {
        // An attacker with superuser rights can bypass the append-only trigger; the chain still
        // gives them away.
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(
          sql`update audit_log set detail = '{"amountMinor": 1}'::jsonb where id = ${entry.id}`,
        );
        verdict = await verifyAuditChain(tx);
        tx.rollback();
      }),
    ).rejects.toBeInstanceOf(TransactionRollbackError);
    expect(verdict).toEqual({
      ok: false,
      entries: expect.any(Number),
      brokenAtId: entry.id,
      reason: "hash_mismatch",
    });
  });

  it("refuses updates and deletes of audit entries", async () => {
    const business = await givenBusiness(db);
    await expect(
      db.execute(sql`update audit_log set actor = 'x' where business_id = ${business.id}`),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(
      db.execute(sql`delete from audit_log where business_id = ${business.id}`),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/cannot be deleted/) } });
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.businessId} = ${business.id}`);
    expect(rows.map((r) => r.action)).toEqual(["business_created"]);
  });
});
