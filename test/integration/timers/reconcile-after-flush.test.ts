import { and, count, eq, inArray, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditLog, inboundEvents, timers } from "../../../db/schema.ts";
import { QUEUES } from "../../../jobs/catalog.ts";
import { handleEvent } from "../../../src/runtime/handle-event.ts";
import { commitTimers } from "../../support/case-plans.ts";
import { givenBusiness, givenInvoice } from "../../support/fixtures.ts";
import {
  eventually,
  startTestService,
  TestClock,
  type TestService,
} from "../../support/service.ts";
import { ownDatabase, TimeMachine } from "../../support/timers.ts";

/**
 * Redis loses every timer job (a flush of this service's timers queue — only under this test's own
 * BullMQ prefix: Redis is shared) while 1,000 timers are pending. Postgres is the truth: after the
 * clock passes their due time, one reconciler run gives each its job back and each fires exactly
 * once — not once per missed tick, and not again when the reconciler runs again.
 */

const CASES = 100;
const TIMERS_PER_CASE = 10;
const TOTAL = CASES * TIMERS_PER_CASE;

const clock = new TestClock("2026-11-23T10:00:00Z");
let database: Awaited<ReturnType<typeof ownDatabase>>;
let svc: TestService;
let redis: Redis;

beforeAll(async () => {
  database = await ownDatabase();
  svc = await startTestService({
    clock,
    mode: "worker",
    env: { DATABASE_URL: database.url },
    worker: { concurrency: 16 },
  });
  redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await svc?.stop();
  await database?.drop();
});

/** Deletes every key of this service's timers queue, as a Redis flush would. */
async function flushTimersQueue(): Promise<number> {
  const pattern = `${svc.config.BULLMQ_PREFIX}:${QUEUES.timers}:*`;
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1_000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}

describe("timers survive a Redis flush", () => {
  it("1,000 pending timers all fire exactly once after the reconciler runs", {
    // A thousand jobs through real BullMQ workers: a minute alone, more on a shared machine.
    timeout: 300_000,
  }, async () => {
    const db = svc.db.db;
    const business = await givenBusiness(db);
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      // Due far ahead: the cases' own ladders stay out of the way.
      const invoice = await givenInvoice(db, business.id, { dueDate: "2027-06-30" });
      caseIds.push(invoice.caseId);
      // The case's first event initialises its state (a refused one changes nothing else).
      await handleEvent(svc.runtime, {
        caseId: invoice.caseId,
        event: { type: "human_release", by: "test" },
        source: null,
        actor: "system",
      });
    }

    // 1,000 timers, due over the next hour, written and enqueued as the runtime does. Each fires a
    // stale offer expiry: refused by the core, so firing leaves exactly one audit entry and one
    // inbound event, and never moves the case (no version races between them).
    const rows: { id: string; dueAt: Date }[] = [];
    for (const [c, caseId] of caseIds.entries()) {
      const written = await commitTimers(db, caseId, {
        set: Array.from({ length: TIMERS_PER_CASE }, (_, k) => ({
          caseId,
          kind: "offer_expiry" as const,
          key: `probe_${k}`,
          dueAt: new Date(clock.now().getTime() + 60_000 + (c * TIMERS_PER_CASE + k) * 3_000),
          payload: { offerSetVersion: 999 },
        })),
      });
      rows.push(...written.timers);
    }
    await svc.queues.enqueueTimers(rows);
    // Only what is due within the loading window waits in Redis (60 s + 3 s apart: the first 180);
    // the rest, and the cases' own ladders, wait in Postgres for the loader.
    expect(await svc.queues.timers.getDelayedCount()).toBe(180);

    // Redis loses them all.
    expect(await flushTimersQueue()).toBeGreaterThan(0);
    expect(await svc.queues.timers.getJobCounts("delayed", "wait", "active")).toEqual({
      delayed: 0,
      wait: 0,
      active: 0,
    });

    // Everything was down for a day; on recovery one reconciler run (in pages of 300) re-adds
    // every due timer's job.
    clock.advance(24 * 3_600_000);
    const time = new TimeMachine(svc, clock, 60_000);
    expect(await time.reconcile(300)).toMatchObject({ timers: TOTAL });
    const ids = rows.map((r) => r.id);
    await eventually(
      async () => {
        const [left] = await db
          .select({ n: count() })
          .from(timers)
          .where(and(inArray(timers.id, ids), eq(timers.status, "pending")));
        return left?.n === 0;
      },
      { timeoutMs: 240_000, what: "every timer fired" },
    );
    // The reconciler runs again (as it would every 30 s): nothing fires twice.
    await time.settle();
    await time.reconcile();
    await time.settle();

    const fired = await db
      .select({ status: timers.status, firedAt: timers.firedAt })
      .from(timers)
      .where(inArray(timers.id, ids));
    expect(fired).toHaveLength(TOTAL);
    expect(fired.every((t) => t.status === "fired")).toBe(true);
    expect(fired.every((t) => t.firedAt?.getTime() === clock.now().getTime())).toBe(true);
    const events = await db
      .select({ externalId: inboundEvents.externalId, n: count() })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, "timer"), inArray(inboundEvents.externalId, ids)))
      .groupBy(inboundEvents.externalId);
    expect(events).toHaveLength(TOTAL);
    expect(events.every((e) => e.n === 1)).toBe(true);
    const [refusals] = await db
      .select({ n: count() })
      .from(auditLog)
      .where(
        and(
          inArray(auditLog.caseId, caseIds),
          eq(auditLog.action, "event_refused"),
          sql`${auditLog.detail}->>'event' = 'offer_expired'`,
        ),
      );
    expect(refusals?.n).toBe(TOTAL);
  });
});
