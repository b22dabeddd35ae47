import { asc, eq, sql, TransactionRollbackError } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { appendAudit, appendAuditEntries, GENESIS_HASH, verifyAuditChain } from "../../db/audit.ts";
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

  it("chains each case's entries on their own, whatever other cases append in between", async () => {
    const business = await givenBusiness(db);
    const a = await givenInvoice(db, business.id);
    const b = await givenInvoice(db, business.id);
    const entry = (caseId: string, action: string) => ({
      businessId: business.id,
      caseId,
      actor: "system",
      action,
      detail: {},
    });
    await db.transaction((tx) =>
      appendAuditEntries(tx, [entry(a.caseId, "a1"), entry(b.caseId, "b1"), entry(a.caseId, "a2")]),
    );
    await db.transaction((tx) => appendAudit(tx, entry(a.caseId, "a3")));

    const chainOf = (caseId: string) =>
      db.select().from(auditLog).where(eq(auditLog.caseId, caseId)).orderBy(asc(auditLog.id));
    const chainA = (await chainOf(a.caseId)).filter((r) => /^a\d$/.test(r.action));
    const chainB = (await chainOf(b.caseId)).filter((r) => r.action === "b1");
    expect(chainA.map((r) => r.action)).toEqual(["a1", "a2", "a3"]);
    expect(chainA.every((r) => r.chain === `case:${a.caseId}`)).toBe(true);
    expect(chainA[1]?.prevHash).toBe(chainA[0]?.hash);
    expect(chainA[2]?.prevHash).toBe(chainA[1]?.hash);
    // b1 was inserted between a1 and a2 but follows b's own previous entry, not a1.
    expect(chainB[0]?.prevHash).not.toBe(chainA[0]?.hash);
    expect(chainB[0]?.chain).toBe(`case:${b.caseId}`);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("starts a business's chain of case-less entries at the genesis hash", async () => {
    const business = await givenBusiness(db);
    const rows = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.chain, `business:${business.id}`))
      .orderBy(asc(auditLog.id));
    expect(rows.map((r) => r.action)).toEqual(["business_created"]);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
  });

  it("lets two cases append at the same time, while a second append to the same case waits", async () => {
    const business = await givenBusiness(db);
    const a = await givenInvoice(db, business.id);
    const b = await givenInvoice(db, business.id);
    const entry = (caseId: string) => ({
      businessId: business.id,
      caseId,
      actor: "system",
      action: "concurrent",
      detail: {},
    });
    let sameCase: unknown;
    await db.transaction(async (holding) => {
      // `holding` keeps case a's chain locked until it commits.
      await appendAudit(holding, entry(a.caseId));
      // Another case's chain is free: this commits while `holding` is still open.
      await db.transaction((tx) => appendAudit(tx, entry(b.caseId)));
      sameCase = await db
        .transaction(async (tx) => {
          await tx.execute(sql`set local lock_timeout = '100ms'`);
          await appendAudit(tx, entry(a.caseId));
        })
        .then(
          () => "appended",
          (error: unknown) => error,
        );
    });
    expect(sameCase).toMatchObject({ cause: { code: "55P03" } });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("detects an entry moved to another chain", async () => {
    const business = await givenBusiness(db);
    const { caseId } = await givenInvoice(db, business.id);
    const entry = await db.transaction((tx) =>
      appendAudit(tx, {
        businessId: business.id,
        caseId,
        actor: "api",
        action: "test_entry",
        detail: {},
      }),
    );
    let verdict: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(
          sql`update audit_log set chain = ${`business:${business.id}`} where id = ${entry.id}`,
        );
        verdict = await verifyAuditChain(tx);
        tx.rollback();
      }),
    ).rejects.toBeInstanceOf(TransactionRollbackError);
    expect(verdict).toMatchObject({ ok: false, brokenAtId: entry.id, reason: "broken_link" });
  });

  it("keeps one unbroken chain when many transactions append to the same case at once", async () => {
    const business = await givenBusiness(db);
    const { caseId } = await givenInvoice(db, business.id);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) =>
          appendAuditEntries(tx, [
            { businessId: business.id, caseId, actor: "system", action: `racer_${i}`, detail: {} },
          ]),
        ),
      ),
    );
    const rows = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.chain, `case:${caseId}`))
      .orderBy(asc(auditLog.id));
    expect(rows.filter((r) => r.action.startsWith("racer_"))).toHaveLength(20);
    // Each entry links to the one before it in the chain: no two racers read the same head.
    expect(rows.slice(1).every((r, i) => r.prevHash === rows[i]?.hash)).toBe(true);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
