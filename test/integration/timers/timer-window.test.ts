import { and, count, eq, inArray, isNull, lt } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PgOutboxStore, PgTimerStore } from "../../../db/runtime/outbox-store.ts";
import { inboundEvents, timers } from "../../../db/schema.ts";
import { QUEUES, TIMER_LOAD_EVERY_MS, TIMER_WINDOW_MS } from "../../../jobs/catalog.ts";
import { jobId } from "../../../jobs/job-ids.ts";
import { loadDueTimers } from "../../../jobs/timer-loader.ts";
import { reconcile } from "../../../jobs/workers.ts";
import { handleEvent, startCase } from "../../../src/runtime/handle-event.ts";
import { commitTimers } from "../../support/case-plans.ts";
import { givenBusiness, givenInvoice } from "../../support/fixtures.ts";
import {
  eventually,
  startTestService,
  TestClock,
  type TestService,
} from "../../support/service.ts";
import { ownDatabase } from "../../support/timers.ts";

/**
 * Redis holds only what is due soon. Pending timers live in Postgres; a commit gives a job at once
 * to a timer due within the loading window, and the loader (`jobs/timer-loader.ts`) gives one to
 * the rest when their window comes, claiming rows with `FOR UPDATE SKIP LOCKED`. The clock is a
 * `TestClock`; a loader pass is called directly, as the job scheduler would call it.
 */

const clock = new TestClock("2026-11-23T10:00:00Z");
let database: Awaited<ReturnType<typeof ownDatabase>>;
let svc: TestService;
let redis: Redis;

beforeAll(async () => {
  database = await ownDatabase();
  svc = await startTestService({ clock, mode: "worker", env: { DATABASE_URL: database.url } });
  redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await svc?.stop();
  await database?.drop();
});

function loader(store = new PgTimerStore(svc.db.db), batch = 500) {
  return loadDueTimers({ timers: store, queues: svc.queues, clock }, { batch });
}

/** A started case whose own ladder is far away (its invoice is due in 2027). */
async function givenCase(): Promise<string> {
  const business = await givenBusiness(svc.db.db);
  const invoice = await givenInvoice(svc.db.db, business.id, { dueDate: "2027-06-30" });
  await handleEvent(svc.runtime, {
    caseId: invoice.caseId,
    event: { type: "human_release", by: "test" },
    source: null,
    actor: "system",
  });
  return invoice.caseId;
}

/** Commits probe timers (stale offer expiries: firing one is refused by the core and changes
 *  nothing but the timer and one inbound event) and enqueues them as the runtime does. */
async function schedule(caseId: string, dueAts: readonly Date[], keyPrefix: string) {
  const { timers: rows } = await commitTimers(svc.db.db, caseId, {
    set: dueAts.map((dueAt, k) => ({
      caseId,
      kind: "offer_expiry" as const,
      key: `${keyPrefix}_${k}`,
      dueAt,
      payload: { offerSetVersion: 999 },
    })),
  });
  await svc.queues.enqueueTimers(rows);
  return rows;
}

const minutes = (n: number) => new Date(clock.now().getTime() + n * 60_000);
const hasJob = async (timerId: string) =>
  (await svc.queues.timers.getJob(jobId("timer", timerId))) !== undefined;

async function keysUnderPrefix(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(
      cursor,
      "MATCH",
      `${svc.config.BULLMQ_PREFIX}:*`,
      "COUNT",
      1_000,
    );
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  return keys;
}

describe("timers wait in Postgres until their window", () => {
  it("an open case's ladder puts nothing in Redis", async () => {
    await givenCase();
    const [pending] = await svc.db.db
      .select({ n: count() })
      .from(timers)
      .where(eq(timers.status, "pending"));
    expect(pending?.n).toBeGreaterThanOrEqual(5);
    expect(await svc.queues.timers.getJobCounts("delayed", "wait")).toEqual({
      delayed: 0,
      wait: 0,
    });
  });

  it("a timer far ahead is not in Redis; the pass that reaches its window loads it; it fires once", async () => {
    const caseId = await givenCase();
    const dueAt = new Date(clock.now().getTime() + 3 * 86_400_000);
    const [timer] = await schedule(caseId, [dueAt], "far");
    if (!timer) throw new Error("no timer written");
    expect(await hasJob(timer.id)).toBe(false);
    expect(await loader()).toMatchObject({ loaded: 0 });
    expect(await hasJob(timer.id)).toBe(false);

    // One loader period before its window opens: still not loaded.
    clock.set(new Date(dueAt.getTime() - TIMER_WINDOW_MS - TIMER_LOAD_EVERY_MS));
    expect(await loader()).toMatchObject({ loaded: 0 });
    // The next pass, one period later, finds it inside the window.
    clock.advance(TIMER_LOAD_EVERY_MS + 1);
    expect(await loader()).toMatchObject({ loaded: 1 });
    const job = await svc.queues.timers.getJob(jobId("timer", timer.id));
    expect(await job?.getState()).toBe("delayed");
    // Loaded once: later passes leave it alone.
    expect(await loader()).toMatchObject({ loaded: 0 });

    // Its time comes (BullMQ's delay is in real milliseconds: the job is promoted as the passing
    // of those minutes would) and it fires once.
    clock.set(dueAt);
    await job?.promote();
    await eventually(
      async () => {
        const [row] = await svc.db.db
          .select({ status: timers.status })
          .from(timers)
          .where(eq(timers.id, timer.id));
        return row?.status === "fired";
      },
      { what: "the timer fired" },
    );
    expect(await loader()).toMatchObject({ loaded: 0 });
    const events = await svc.db.db
      .select({ n: count() })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, "timer"), eq(inboundEvents.externalId, timer.id)));
    expect(events[0]?.n).toBe(1);
  });

  it("a timer set for sooner than the window's end gets its job at commit, with no loader pass", async () => {
    // From here on jobs only wait in Redis: nothing fires while the counts are read, however slow
    // the machine (BullMQ's delays are real milliseconds).
    await svc.workers?.workers.find((w) => w.name === QUEUES.timers)?.pause(true);
    const caseId = await givenCase();
    const [soon, edge, beyond] = await schedule(
      caseId,
      [minutes(2), minutes(9.5), minutes(10.5)],
      "soon",
    );
    if (!soon || !edge || !beyond) throw new Error("timers not written");
    expect(await hasJob(soon.id)).toBe(true);
    expect(await hasJob(edge.id)).toBe(true);
    // Beyond the window: the next pass (at most one period later) is still 9.5 minutes early.
    expect(await hasJob(beyond.id)).toBe(false);
    clock.advance(TIMER_LOAD_EVERY_MS);
    await loader();
    expect(await hasJob(beyond.id)).toBe(true);
    const job = await svc.queues.timers.getJob(jobId("timer", beyond.id));
    expect(job?.delay).toBeGreaterThanOrEqual(9 * 60_000);
  });

  it("two loaders racing load each timer once", async () => {
    await loader(); // the marker exists: neither pass below starts with a reload
    const cases = await Promise.all(Array.from({ length: 4 }, () => givenCase()));
    const written: string[] = [];
    for (const [c, caseId] of cases.entries()) {
      const { timers: rows } = await commitTimers(svc.db.db, caseId, {
        set: Array.from({ length: 250 }, (_, k) => ({
          caseId,
          kind: "offer_expiry" as const,
          key: `race_${k}`,
          dueAt: minutes(1 + (c * 250 + k) * 0.008),
          payload: { offerSetVersion: 999 },
        })),
      });
      written.push(...rows.map((r) => r.id));
    }
    const before = await svc.queues.timers.getDelayedCount();

    // Two stores, so the two passes run on their own connections, in small batches that interleave.
    const [a, b] = await Promise.all([
      loader(new PgTimerStore(svc.db.db), 50),
      loader(new PgTimerStore(svc.db.db), 50),
    ]);
    expect((a?.loaded ?? 0) + (b?.loaded ?? 0)).toBe(written.length);
    expect(await svc.queues.timers.getDelayedCount()).toBe(before + written.length);
    const [unmarked] = await svc.db.db
      .select({ n: count() })
      .from(timers)
      .where(and(inArray(timers.id, written), isNull(timers.enqueuedAt)));
    expect(unmarked?.n).toBe(0);
  });

  it("after Redis loses every key, one loader pass gives every pending timer of the window its job back", async () => {
    const caseId = await givenCase();
    const inWindow = await schedule(
      caseId,
      Array.from({ length: 300 }, (_, k) => minutes(1 + k * 0.02)),
      "flush_in",
    );
    const later = await schedule(
      caseId,
      Array.from({ length: 200 }, (_, k) => minutes(60 + k)),
      "flush_later",
    );
    await loader();
    for (const t of inWindow.slice(0, 5)) expect(await hasJob(t.id)).toBe(true);

    // FLUSHDB, limited to this file's own prefix (Redis is shared with other test runs).
    const keys = await keysUnderPrefix();
    expect(keys.length).toBeGreaterThan(0);
    await redis.unlink(...keys);
    expect(await svc.queues.timers.getDelayedCount()).toBe(0);

    const pass = await loader();
    expect(pass.reloaded).toBe(true);
    const due = await svc.db.db
      .select({ id: timers.id })
      .from(timers)
      .where(
        and(eq(timers.status, "pending"), lt(timers.dueAt, minutes(TIMER_WINDOW_MS / 60_000))),
      );
    expect(due.length).toBeGreaterThanOrEqual(inWindow.length);
    expect(pass.loaded).toBe(due.length);
    expect(await svc.queues.timers.getDelayedCount()).toBe(due.length);
    for (const t of inWindow) expect(await hasJob(t.id)).toBe(true);
    for (const t of later) expect(await hasJob(t.id)).toBe(false);
    // The marker is back: the next pass is an ordinary one.
    expect(await loader()).toEqual({ loaded: 0, reloaded: false });
  });
});

describe("an import's cases", () => {
  it("are all started by one reconciler run, page after page, their ladders left in Postgres", async () => {
    const business = await givenBusiness(svc.db.db);
    const caseIds: string[] = [];
    for (let i = 0; i < 25; i++) {
      caseIds.push((await givenInvoice(svc.db.db, business.id, { dueDate: "2027-03-31" })).caseId);
    }
    const delayedBefore = await svc.queues.timers.getDelayedCount();
    const store = new PgTimerStore(svc.db.db);
    const run = await reconcile(
      {
        outbox: new PgOutboxStore(svc.db.db),
        timers: store,
        queues: svc.queues,
        clock,
        startCase: (id) => startCase(svc.runtime, id),
      },
      10,
    );
    expect(run.started).toBe(25);
    expect(await store.unstartedCases(100)).toEqual([]);
    const [ladders] = await svc.db.db
      .select({ n: count() })
      .from(timers)
      .where(and(inArray(timers.caseId, caseIds), eq(timers.status, "pending")));
    expect(ladders?.n).toBeGreaterThanOrEqual(25 * 5);
    expect(await svc.queues.timers.getDelayedCount()).toBe(delayedBefore);
  });
});
