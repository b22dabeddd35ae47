import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { timers } from "../../../db/schema.ts";
import { startCase } from "../../../src/runtime/handle-event.ts";
import { givenBusiness, givenInvoice } from "../../support/fixtures.ts";
import {
  eventually,
  startTestService,
  TestClock,
  type TestService,
} from "../../support/service.ts";
import { deleteRedisKeys } from "../../support/services.ts";
import { TcpProxy } from "../../support/tcp-proxy.ts";
import { ownDatabase } from "../../support/timers.ts";

/**
 * Redis loses its data — the keys of one service's prefix deleted, as a restart without
 * persistence or a FLUSHALL would — while timers are pending in Postgres. The job schedulers
 * (reconciler, timer loader) were Redis keys too: before, nothing put them back until a process
 * restarted (28 pending timers never fired), and /readyz said ready meanwhile.
 *
 * Each service has its own database (a scheduled reconciler reads every row) and its own prefix.
 */

const redisUrl = inject("redisUrl");

/** A started case whose ladder is all ahead (the invoice falls due in January): its first
 *  pending timer, which nothing fires before the clock reaches it. */
async function caseWithPendingTimer(svc: TestService, clock: TestClock) {
  const business = await givenBusiness(svc.db.db, { slack: undefined });
  const invoice = await givenInvoice(
    svc.db.db,
    business.id,
    { issuedAt: "2026-11-15", dueDate: "2027-01-15" },
    clock.now(),
  );
  expect(await startCase(svc.runtime, invoice.caseId)).toBe("started");
  const [first] = await svc.db.db
    .select()
    .from(timers)
    .where(and(eq(timers.caseId, invoice.caseId), eq(timers.status, "pending")))
    .orderBy(asc(timers.dueAt))
    .limit(1);
  if (!first) throw new Error("no pending timer");
  expect(first.dueAt.getTime()).toBeGreaterThan(clock.now().getTime());
  return first;
}

async function statusOf(svc: TestService, timerId: string) {
  const [row] = await svc.db.db.select().from(timers).where(eq(timers.id, timerId));
  return row?.status;
}

describe("Redis restarted without its data", { timeout: 120_000 }, () => {
  const clock = new TestClock("2026-11-23T10:00:00Z");
  let database: Awaited<ReturnType<typeof ownDatabase>>;
  let proxy: TcpProxy;
  let svc: TestService;

  beforeAll(async () => {
    database = await ownDatabase();
    proxy = new TcpProxy(redisUrl);
    await proxy.start();
    svc = await startTestService({
      clock,
      env: { DATABASE_URL: database.url, REDIS_URL: proxy.url(redisUrl) },
      // The schedulers on, as in production; the periodic check out of the way (an hour), so
      // what puts them back here is the connection coming back.
      worker: { reconcileEveryMs: 3_600_000, schedulerCheckEveryMs: 3_600_000 },
    });
  });

  afterAll(async () => {
    proxy?.restore();
    await svc?.stop();
    await proxy?.stop();
    await database?.drop();
  });

  it("/readyz says so, and the reconnection puts the schedulers back: the timer fires", async () => {
    const timer = await caseWithPendingTimer(svc, clock);
    const ready = async () => {
      const res = await fetch(`${svc.url}/readyz`);
      return {
        status: res.status,
        body: (await res.json()) as { checks: Record<string, boolean> },
      };
    };
    expect(await ready()).toMatchObject({ status: 200, body: { checks: { schedulers: true } } });

    // Its data gone: Redis answers PING, but nothing would run the loader or the reconciler.
    await deleteRedisKeys(redisUrl, svc.config.BULLMQ_PREFIX);
    expect(await ready()).toEqual({
      status: 503,
      body: {
        status: "not_ready",
        checks: { postgres: true, migrations: true, redis: true, schedulers: false },
      },
    });

    // The restart: connections drop, come back to an empty Redis; meanwhile the timer fell due.
    proxy.cut();
    await eventually(() => proxy.refused >= 3, { what: "the connections to retry" });
    clock.set(timer.dueAt);
    proxy.restore();

    await eventually(async () => (await ready()).status === 200, {
      what: "/readyz ready again",
      timeoutMs: 30_000,
    });
    await eventually(async () => (await statusOf(svc, timer.id)) === "fired", {
      what: "the pending timer to fire",
      timeoutMs: 30_000,
    });
    expect(
      svc.logs.filter((l) => l.msg === "job schedulers were missing from Redis; put back"),
    ).not.toEqual([]);
  });
});

describe("Redis flushed while it runs", { timeout: 120_000 }, () => {
  const clock = new TestClock("2026-11-23T10:00:00Z");
  let database: Awaited<ReturnType<typeof ownDatabase>>;
  let svc: TestService;

  beforeAll(async () => {
    database = await ownDatabase();
    svc = await startTestService({
      clock,
      mode: "worker",
      env: { DATABASE_URL: database.url },
      worker: { reconcileEveryMs: 3_600_000, schedulerCheckEveryMs: 250 },
    });
  });

  afterAll(async () => {
    await svc?.stop();
    await database?.drop();
  });

  it("the keeper puts the schedulers back on its own, without a restart, and the timer fires", async () => {
    const keeper = svc.workers?.schedulers;
    if (!keeper) throw new Error("no scheduler keeper");
    const timer = await caseWithPendingTimer(svc, clock);
    expect(await keeper.present()).toBe(true);

    // No reconnection here (FLUSHALL): only the keeper's own check can notice.
    await deleteRedisKeys(redisUrl, svc.config.BULLMQ_PREFIX);
    clock.set(timer.dueAt);

    await eventually(() => keeper.present(), { what: "the schedulers back", timeoutMs: 30_000 });
    await eventually(async () => (await statusOf(svc, timer.id)) === "fired", {
      what: "the pending timer to fire",
      timeoutMs: 30_000,
    });
  });
});
