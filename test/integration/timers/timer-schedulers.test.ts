import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LOAD_TIMERS_SCHEDULER_ID,
  RECONCILE_SCHEDULER_ID,
  TIMER_LOAD_EVERY_MS,
} from "../../../jobs/catalog.ts";
import { startTestService, TestClock, type TestService } from "../../support/service.ts";
import { ownDatabase } from "../../support/timers.ts";

/**
 * A worker process with its schedulers on (as in production) registers the reconciler on the
 * maintenance queue and the timer loader on a queue of its own, so a long reconciler run never
 * holds back the loading of timers. Its own database: a scheduled run reads every row.
 */

const clock = new TestClock("2026-11-23T10:00:00Z");
let database: Awaited<ReturnType<typeof ownDatabase>>;
let svc: TestService;

beforeAll(async () => {
  database = await ownDatabase();
  svc = await startTestService({
    clock,
    mode: "worker",
    env: { DATABASE_URL: database.url },
    worker: { reconcileEveryMs: 3_600_000 },
  });
});

afterAll(async () => {
  await svc?.stop();
  await database?.drop();
});

describe("job schedulers", () => {
  it("the reconciler and the timer loader each have their scheduler, on their own queues", async () => {
    const reconciler = await svc.queues.maintenance.getJobScheduler(RECONCILE_SCHEDULER_ID);
    const loader = await svc.queues.timerLoader.getJobScheduler(LOAD_TIMERS_SCHEDULER_ID);
    expect(reconciler?.every).toBe(3_600_000);
    expect(loader?.every).toBe(TIMER_LOAD_EVERY_MS);
    expect(await svc.queues.maintenance.getJobScheduler(LOAD_TIMERS_SCHEDULER_ID)).toBeUndefined();
  });
});
