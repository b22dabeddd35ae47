import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgTimerStore } from "../../../db/runtime/outbox-store.ts";
import { inboundEvents, timers } from "../../../db/schema.ts";
import { jobId } from "../../../jobs/job-ids.ts";
import { loadDueTimers } from "../../../jobs/timer-loader.ts";
import { fireTimer } from "../../../src/runtime/fire-timer.ts";
import { handleEvent } from "../../../src/runtime/handle-event.ts";
import type { NewTimer } from "../../../src/runtime/store.ts";
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
 * A timer's life: written as a row, held by BullMQ as a delayed job with a deterministic id, fired
 * as an event through the runtime (deduplicated by the timer's id). Replaced or cancelled timers do
 * nothing when their job runs anyway; a timer that can never fire is cancelled, not retried forever.
 */

const clock = new TestClock("2026-11-23T10:00:00Z");
let database: Awaited<ReturnType<typeof ownDatabase>>;
let svc: TestService;
let time: TimeMachine;

beforeAll(async () => {
  database = await ownDatabase();
  svc = await startTestService({ clock, mode: "worker", env: { DATABASE_URL: database.url } });
  time = new TimeMachine(svc, clock);
});

afterAll(async () => {
  await svc?.stop();
  await database?.drop();
});

/** A started case (its state initialised) whose own ladder is far away. */
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

/** Writes a timer and (unless told not to) enqueues its job, as the runtime does after commit. */
async function schedule(
  timer: Omit<NewTimer, "payload"> & { payload?: NewTimer["payload"] },
  { enqueue = true } = {},
) {
  const { timers: rows } = await commitTimers(svc.db.db, timer.caseId, {
    set: [{ payload: { offerSetVersion: 999 }, ...timer }],
  });
  const row = rows[0];
  if (!row) throw new Error("no timer written");
  if (enqueue) await svc.queues.enqueueTimers([row]);
  return row;
}

/** A loader pass whose window covers every pending timer (a year). */
function loadAll() {
  return loadDueTimers(
    { timers: new PgTimerStore(svc.db.db), queues: svc.queues, clock },
    { windowMs: 365 * 86_400_000 },
  );
}

async function statusOf(ids: readonly string[]) {
  const rows = await svc.db.db
    .select({ id: timers.id, status: timers.status })
    .from(timers)
    .where(inArray(timers.id, [...ids]));
  return ids.map((id) => rows.find((r) => r.id === id)?.status);
}

async function firedEvents(ids: readonly string[]) {
  const rows = await svc.db.db
    .select({ id: inboundEvents.externalId })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.channel, "timer"), inArray(inboundEvents.externalId, [...ids])));
  return rows.map((r) => r.id);
}

describe("a timer's life", () => {
  it("rescheduling the same key replaces the timer: the old job, if it runs, does nothing", async () => {
    const caseId = await givenCase();
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
    // Both due within the loading window: each gets its job at commit.
    const first = await schedule({ caseId, kind: "offer_expiry", key: "probe", dueAt: at(5) });
    const second = await schedule({ caseId, kind: "offer_expiry", key: "probe", dueAt: at(8) });
    expect(await statusOf([first.id, second.id])).toEqual(["cancelled", "pending"]);

    // The old job still sits delayed in Redis; make it run now, as if its time had come.
    const oldJob = await svc.queues.timers.getJob(jobId("timer", first.id));
    expect(await oldJob?.getState()).toBe("delayed");
    await oldJob?.promote();
    await eventually(
      async () => (await svc.queues.timers.getJob(jobId("timer", first.id))) === undefined,
      {
        what: "the old job to complete",
      },
    );

    await time.advanceTo(at(180));
    expect(await statusOf([first.id, second.id])).toEqual(["cancelled", "fired"]);
    expect(await firedEvents([first.id, second.id])).toEqual([second.id]);
  });

  it("when the runtime replaces a pending timer, the old one's job leaves Redis after commit", async () => {
    const caseId = await givenCase();
    const giveReason = (n: number) =>
      handleEvent(svc.runtime, {
        caseId,
        event: {
          type: "debtor_action",
          action: { type: "give_reason", reason: n === 1 ? "cash_flow" : "forgot" },
        },
        source: { channel: "test", externalId: `reason-${caseId}-${n}` },
        actor: "debtor:telegram",
      });
    const expiryTimers = () =>
      svc.db.db
        .select({ id: timers.id, status: timers.status })
        .from(timers)
        .where(and(eq(timers.caseId, caseId), eq(timers.key, "offer_expiry")))
        .orderBy(timers.createdAt);
    // Each reason opens a new set of offers, whose expiry replaces the previous one's.
    expect(await giveReason(1)).toMatchObject({ outcome: "applied", status: "offering" });
    // Offers expire days ahead, beyond the loading window: a wide pass gives the timer its job.
    await loadAll();
    const [first] = await expiryTimers();
    expect(await svc.queues.timers.getJob(jobId("timer", first?.id ?? ""))).toBeDefined();
    expect(await giveReason(2)).toMatchObject({ outcome: "applied" });
    const [old, current] = await expiryTimers();
    expect([old?.status, current?.status]).toEqual(["cancelled", "pending"]);
    expect(await svc.queues.timers.getJob(jobId("timer", old?.id ?? ""))).toBeUndefined();
    await loadAll();
    expect(await svc.queues.timers.getJob(jobId("timer", current?.id ?? ""))).toBeDefined();
  });

  it("a job delivered three times at once fires its timer once", async () => {
    const caseId = await givenCase();
    // No job of its own: the three deliveries below are the only runs.
    const row = await schedule(
      { caseId, kind: "offer_expiry", key: "probe_race", dueAt: clock.now() },
      { enqueue: false },
    );
    const deps = { ...svc.runtime, timers: new PgTimerStore(svc.db.db) };
    const outcomes = await Promise.all([1, 2, 3].map(() => fireTimer(deps, row.id)));
    // One run handles the event (the core refuses a stale offer expiry); the others find the
    // timer fired or the event already recorded.
    expect(outcomes.filter((o) => o.outcome === "refused")).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.outcome === "duplicate" || o.outcome === "inactive"),
    ).toHaveLength(2);
    expect(await statusOf([row.id])).toEqual(["fired"]);
    expect(await firedEvents([row.id])).toEqual([row.id]);
  });

  it("a timer that can never fire (bad payload) is cancelled, and the reconciler leaves it alone", async () => {
    const caseId = await givenCase();
    const row = await schedule({
      caseId,
      kind: "installment_check",
      key: "probe_bad",
      dueAt: clock.now(),
      payload: { seq: "not a number" },
    });
    await eventually(async () => (await statusOf([row.id]))[0] === "cancelled", {
      what: "the bad timer cancelled",
    });
    expect(await time.reconcile()).toMatchObject({ timers: 0 });
    expect(await firedEvents([row.id])).toEqual([]);
  });

  it("an event that cancels the case's timers removes their jobs from Redis, and they never fire", async () => {
    const caseId = await givenCase();
    // A timer of the runtime's own (the offers' expiry) and one written beside it, both with a
    // job delayed in Redis.
    expect(
      await handleEvent(svc.runtime, {
        caseId,
        event: { type: "debtor_action", action: { type: "give_reason", reason: "cash_flow" } },
        source: { channel: "test", externalId: `cancel-reason-${caseId}` },
        actor: "debtor:telegram",
      }),
    ).toMatchObject({ outcome: "applied", status: "offering" });
    const probe = await schedule({
      caseId,
      kind: "offer_expiry",
      key: "probe_cancel",
      dueAt: new Date(clock.now().getTime() + 3_600_000),
    });
    const pending = await svc.db.db
      .select({ id: timers.id })
      .from(timers)
      .where(and(eq(timers.caseId, caseId), eq(timers.status, "pending")));
    const ids = pending.map((t) => t.id);
    expect(ids).toContain(probe.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    // A loader pass with a window wide enough for all of them: each has a job to drop.
    await loadAll();
    for (const id of ids) {
      expect(await (await svc.queues.timers.getJob(jobId("timer", id)))?.getState()).toBe(
        "delayed",
      );
    }

    // Paid in full: the runtime cancels every timer of the case and, after commit, drops the jobs.
    expect(
      await handleEvent(svc.runtime, {
        caseId,
        event: {
          type: "payment_received",
          amountMinor: 120_000,
          reference: `pay-${caseId}`,
          receivedAt: clock.now().toISOString(),
        },
        source: { channel: "test", externalId: `cancel-pay-${caseId}` },
        actor: "system",
      }),
    ).toMatchObject({ outcome: "applied", status: "paid" });
    expect(await statusOf(ids)).toEqual(ids.map(() => "cancelled"));
    for (const id of ids) {
      expect(await svc.queues.timers.getJob(jobId("timer", id))).toBeUndefined();
    }
    await time.advanceTo(new Date(clock.now().getTime() + 30 * 86_400_000));
    expect(await statusOf(ids)).toEqual(ids.map(() => "cancelled"));
    expect(await firedEvents(ids)).toEqual([]);
  });
});
