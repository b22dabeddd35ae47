import { and, count, eq, like } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../db/audit.ts";
import { PgCaseStore } from "../../db/runtime/case-store.ts";
import { PgMessageStatusStore } from "../../db/runtime/message-status-store.ts";
import { cases, debtorChannels, inboundEvents, outbox, timers } from "../../db/schema.ts";
import { Telemetry } from "../../src/http/telemetry.ts";
import {
  ConflictRetriesExhausted,
  MAX_CONFLICT_ATTEMPTS,
} from "../../src/runtime/conflict-retry.ts";
import { handleDeliveryStatus } from "../../src/runtime/delivery-status.ts";
import {
  type EventInput,
  handleEvent,
  type RuntimeDeps,
  startCase,
} from "../../src/runtime/handle-event.ts";
import type { JobPort, Log } from "../../src/runtime/ports.ts";
import { CaseConflict, type CaseStore } from "../../src/runtime/store.ts";
import { describeError } from "../../src/safe-error.ts";
import { TestClock } from "../support/clock.ts";
import { type DbConnection, testDb } from "../support/db.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { fileDatabaseUrl } from "../support/isolation.ts";
import { eventually } from "../support/service.ts";
import { SteppedCaseStore } from "../support/stepped-case-store.ts";

/**
 * Two writers of one case at each commit point, interleaved on purpose: an event is held after it
 * loaded and decided (SteppedCaseStore), the other writer goes in, then the event is let go. Each
 * conflict kind the store reports — a unique key taken meanwhile (23505), a deadlock (40P01), a
 * version moved under the compare-and-set — makes the event run again, once, from a fresh load;
 * the retry is counted; and when every attempt loses, the event fails with one clear error and
 * nothing of it is written.
 */

const clock = new TestClock();
let conn: DbConnection;
/** A second connection, for the writer that gets in the way (its own transaction). */
let other: postgres.Sql;

beforeAll(() => {
  conn = testDb();
  other = postgres(fileDatabaseUrl(), { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await other?.end({ timeout: 5 });
  await conn?.close();
});

/** What the commits handed to the queues, for the assertions (nothing runs them). */
class RecordingJobs implements JobPort {
  readonly deliveries: string[] = [];
  readonly timers: string[] = [];
  async enqueueDeliveries(rows: readonly { id: string }[]): Promise<void> {
    this.deliveries.push(...rows.map((r) => r.id));
  }
  async enqueueTimers(rows: readonly { id: string }[]): Promise<void> {
    this.timers.push(...rows.map((r) => r.id));
  }
  async dropTimers(): Promise<void> {}
}

const quietLog: Log = { info() {}, warn() {}, error() {} };

/** A runtime on `store`, with its own counters and queues. */
function runtimeOn(store: CaseStore) {
  const telemetry = new Telemetry();
  const jobs = new RecordingJobs();
  const deps: RuntimeDeps = { store, clock, jobs, log: quietLog, metrics: telemetry };
  return { deps, jobs, telemetry };
}

/** `relance_conflicts_retried_total`, as GET /metrics shows it. */
async function conflictsRetried(telemetry: Telemetry): Promise<number> {
  const text = await telemetry.exposition(undefined);
  const match = text.match(/^relance_conflicts_retried_total (\d+)$/m);
  if (!match) throw new Error("relance_conflicts_retried_total is not exposed");
  return Number(match[1]);
}

/** A case of its own, not started yet (its invoice fell due 23 days ago). */
async function givenCase(): Promise<string> {
  const business = await givenBusiness(conn.db);
  const invoice = await givenInvoice(conn.db, business.id);
  return invoice.caseId;
}

/** A case started by the plain store, and its version then. */
async function givenStartedCase(): Promise<{ caseId: string; version: number }> {
  const caseId = await givenCase();
  expect(await startCase(runtimeOn(new PgCaseStore(conn.db)).deps, caseId)).toBe("started");
  return { caseId, version: await versionOf(caseId) };
}

async function versionOf(caseId: string): Promise<number> {
  const [row] = await conn.db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new Error(`no case ${caseId}`);
  return row.version;
}

async function paidOf(caseId: string): Promise<number> {
  const [row] = await conn.db.select().from(cases).where(eq(cases.id, caseId));
  return (row?.state as { paidMinor?: number } | null)?.paidMinor ?? -1;
}

function payment(caseId: string, amountMinor: number, reference: string): EventInput {
  return {
    caseId,
    event: {
      type: "payment_received",
      amountMinor,
      reference,
      receivedAt: clock.now().toISOString(),
    },
    source: { channel: "payment", externalId: `${caseId}/${reference}` },
    actor: "api",
  };
}

/** How many times an input was recorded as handled (its dedupe key). */
async function handledCount(input: EventInput): Promise<number> {
  if (!input.source) throw new Error("no source");
  const [row] = await conn.db
    .select({ n: count() })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.channel, input.source.channel),
        eq(inboundEvents.externalId, input.source.externalId),
      ),
    );
  return row?.n ?? 0;
}

/** The reasons of the conflicts the store threw, in order (23505, 40P01, version…). */
function conflictReasons(store: SteppedCaseStore): string[] {
  return store.failures.map((e) => (e instanceof CaseConflict ? e.reason : `not a conflict: ${e}`));
}

/** Waits until a backend of this file's database is blocked by `pid` (a lock it holds). */
async function blockedBy(pid: number): Promise<void> {
  await eventually(
    async () => {
      const [row] = await other<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`;
      return (row?.n ?? 0) > 0;
    },
    { what: `a backend waiting on backend ${pid}` },
  );
}

/** Waits until some backend of this file's database waits on a lock. */
async function someoneWaitsOnALock(): Promise<void> {
  await eventually(
    async () => {
      const [row] = await other<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`;
      return (row?.n ?? 0) > 0;
    },
    { what: "a backend waiting on a lock" },
  );
}

describe("a unique key taken by a concurrent writer", () => {
  it("a timer key taken while the event held its plan: the event runs again once, and its own timer replaces the other", async () => {
    const caseId = await givenCase();
    const store = new SteppedCaseStore(new PgCaseStore(conn.db), { mode: "locked" });
    const { deps, jobs, telemetry } = runtimeOn(store);

    const pause = store.pauseNextWrite();
    const starting = startCase(deps, caseId);
    const at = await pause.reached;
    const planned = at.plan?.timersSet ?? [];
    expect(planned.length).toBeGreaterThan(0);
    const [taken] = planned;
    if (!taken) throw new Error("no timer planned");

    // Another writer (one that does not take the case's lock) inserts a pending timer with the same
    // (case, key), and has not committed when the event writes: the event's insert waits on it,
    // then hits timers_case_key_pending_uq when it commits.
    const blocker = await other.reserve();
    try {
      await blocker`begin`;
      const [ins] = await blocker<{ id: string }[]>`
        insert into timers (case_id, kind, key, due_at)
        values (${caseId}, ${taken.kind}, ${taken.key}, ${taken.dueAt}) returning id`;
      const [me] = await blocker<{ pid: number }[]>`select pg_backend_pid() as pid`;
      pause.release();
      await blockedBy(me?.pid ?? -1);
      await blocker`commit`;

      expect(await starting).toBe("started");
      expect(conflictReasons(store)).toEqual(["23505"]);
      expect(store.attempts.map((a) => a.attempt)).toEqual([1, 2]);
      expect(await conflictsRetried(telemetry)).toBe(1);

      // The retry read the other writer's timer and replaced it: one pending timer per key, the
      // event's own, and the other writer's cancelled.
      const rows = await conn.db.select().from(timers).where(eq(timers.caseId, caseId));
      const pending = rows.filter((t) => t.status === "pending");
      expect(pending.map((t) => t.key).sort()).toEqual(planned.map((t) => t.key).sort());
      expect(rows.find((t) => t.id === ins?.id)?.status).toBe("cancelled");
      // Only what was committed went to the queues: the second attempt's timers, once.
      expect(jobs.timers.sort()).toEqual(pending.map((t) => t.id).sort());
      expect(await versionOf(caseId)).toBe(1);
      expect(await verifyAuditChain(conn.db)).toMatchObject({ ok: true });
    } finally {
      await blocker`rollback`.catch(() => undefined);
      blocker.release();
    }
  });

  it("a deadlock with that writer (it wants the case row the event holds): the event is the one chosen to fail, and runs again once", async () => {
    const caseId = await givenCase();
    const store = new SteppedCaseStore(new PgCaseStore(conn.db), { mode: "locked" });
    const { deps, telemetry } = runtimeOn(store);

    const pause = store.pauseNextWrite();
    const starting = startCase(deps, caseId);
    const at = await pause.reached;
    const [taken] = at.plan?.timersSet ?? [];
    if (!taken) throw new Error("no timer planned");

    const blocker = await other.reserve();
    try {
      // The other writer checks for deadlocks only after a minute: the event, which waits first
      // (after Postgres's default second), is the one that finds the cycle and fails with 40P01.
      await blocker`begin`;
      await blocker`set local deadlock_timeout = '60s'`;
      await blocker`
        insert into timers (case_id, kind, key, due_at)
        values (${caseId}, ${taken.kind}, ${taken.key}, ${taken.dueAt})`;
      const [me] = await blocker<{ pid: number }[]>`select pg_backend_pid() as pid`;
      pause.release();
      await blockedBy(me?.pid ?? -1);
      // Now it wants the case row, which the event holds while it waits on the timer key.
      await blocker`select id from cases where id = ${caseId} for update`;
      await blocker`commit`;

      expect(await starting).toBe("started");
      expect(conflictReasons(store)).toEqual(["40P01"]);
      expect(store.attempts.map((a) => a.attempt)).toEqual([1, 2]);
      expect(await conflictsRetried(telemetry)).toBe(1);
      const pending = await conn.db
        .select()
        .from(timers)
        .where(and(eq(timers.caseId, caseId), eq(timers.status, "pending")));
      expect(pending.filter((t) => t.key === taken.key)).toHaveLength(1);
      expect(await versionOf(caseId)).toBe(1);
    } finally {
      await blocker`rollback`.catch(() => undefined);
      blocker.release();
    }
  });
});

describe("the case row lock", () => {
  it("a second event of the case waits for the first at the lock, then reads what it wrote: no conflict, no retry", async () => {
    const { caseId, version } = await givenStartedCase();
    const store = new SteppedCaseStore(new PgCaseStore(conn.db), { mode: "locked" });
    const { deps, telemetry } = runtimeOn(store);

    const pause = store.pauseNextWrite();
    const first = handleEvent(deps, payment(caseId, 10_000, "FIRST"));
    await pause.reached;
    const second = handleEvent(deps, payment(caseId, 20_000, "SECOND"));
    // The second event cannot load the case while the first holds it.
    await someoneWaitsOnALock();
    expect(store.attempts).toHaveLength(1);
    pause.release();

    expect(await first).toMatchObject({ outcome: "applied", version: version + 1 });
    expect(await second).toMatchObject({ outcome: "applied", version: version + 2 });
    expect(store.failures).toEqual([]);
    expect(store.attempts.map((a) => a.loaded.version)).toEqual([version, version + 1]);
    expect(await conflictsRetried(telemetry)).toBe(0);
    expect(await paidOf(caseId)).toBe(30_000);
  });
});

describe("the compare-and-set on the case's version", () => {
  it("another event committed between the load and the write: the version check refuses the write, the event runs again on the new state", async () => {
    const { caseId, version } = await givenStartedCase();
    const store = new SteppedCaseStore(new PgCaseStore(conn.db), { mode: "optimistic" });
    const { deps, telemetry } = runtimeOn(store);
    const plain = runtimeOn(new PgCaseStore(conn.db));

    const pause = store.pauseNextWrite();
    const late = payment(caseId, 10_000, "LATE");
    const running = handleEvent(deps, late);
    const at = await pause.reached;
    expect(at.loaded.version).toBe(version);

    // Meanwhile another event of the case commits (the lock is not held between load and write).
    const early = payment(caseId, 20_000, "EARLY");
    expect(await handleEvent(plain.deps, early)).toMatchObject({
      outcome: "applied",
      version: version + 1,
    });
    pause.release();

    expect(await running).toMatchObject({ outcome: "applied", version: version + 2 });
    expect(conflictReasons(store)).toEqual(["version"]);
    expect(store.attempts.map((a) => [a.attempt, a.loaded.version])).toEqual([
      [1, version],
      [2, version + 1],
    ]);
    expect(await conflictsRetried(telemetry)).toBe(1);
    // Both payments count, each once: the refused write left nothing behind.
    expect(await paidOf(caseId)).toBe(30_000);
    expect(await versionOf(caseId)).toBe(version + 2);
    expect(await handledCount(late)).toBe(1);
    expect(await handledCount(early)).toBe(1);
    expect(await verifyAuditChain(conn.db)).toMatchObject({ ok: true });
  });

  it("every attempt loses: after five, one clear error, and nothing of the event is written", async () => {
    const { caseId, version } = await givenStartedCase();
    const plain = runtimeOn(new PgCaseStore(conn.db));
    let n = 0;
    const store = new SteppedCaseStore(new PgCaseStore(conn.db), {
      mode: "optimistic",
      // At each commit point, another event of the case gets in first.
      beforeWrite: async () => {
        n += 1;
        const other = await handleEvent(plain.deps, payment(caseId, 1_000, `OTHER-${n}`));
        expect(other.outcome).toBe("applied");
      },
    });
    const { deps, jobs, telemetry } = runtimeOn(store);

    const unlucky = payment(caseId, 50_000, "UNLUCKY");
    const error = await handleEvent(deps, unlucky).then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConflictRetriesExhausted);
    expect(describeError(error)).toMatchObject({
      type: "ConflictRetriesExhausted",
      code: "relance_case_conflict_retries_exhausted",
      message: expect.stringContaining(`gave up after ${MAX_CONFLICT_ATTEMPTS} attempts`),
    });
    expect(store.attempts).toHaveLength(MAX_CONFLICT_ATTEMPTS);
    expect(conflictReasons(store)).toEqual(Array(MAX_CONFLICT_ATTEMPTS).fill("version"));
    // Four reruns after the first attempt; the fifth loss is the error, not a rerun.
    expect(await conflictsRetried(telemetry)).toBe(MAX_CONFLICT_ATTEMPTS - 1);

    // Nothing half-written: not the payment, not its dedupe key, not a message, not a job.
    expect(await paidOf(caseId)).toBe(MAX_CONFLICT_ATTEMPTS * 1_000);
    expect(await versionOf(caseId)).toBe(version + MAX_CONFLICT_ATTEMPTS);
    expect(await handledCount(unlucky)).toBe(0);
    const [rows] = await conn.db
      .select({ n: count() })
      .from(outbox)
      .where(like(outbox.idempotencyKey, `%${unlucky.source?.externalId}%`));
    expect(rows?.n).toBe(0);
    expect(jobs.deliveries).toEqual([]);
    expect(await verifyAuditChain(conn.db)).toMatchObject({ ok: true });

    // The same input delivered again later, with nobody in the way, applies once.
    const again = await handleEvent(runtimeOn(new PgCaseStore(conn.db)).deps, unlucky);
    expect(again).toMatchObject({ outcome: "applied" });
    expect(await paidOf(caseId)).toBe(MAX_CONFLICT_ATTEMPTS * 1_000 + 50_000);
  });
});

describe("a delivery receipt racing an event of its case", () => {
  it("a failed WhatsApp notice rerouted while a payment commits: the reroute runs again once and goes out once", async () => {
    const { caseId } = await givenStartedCase();
    const [row] = await conn.db.select().from(cases).where(eq(cases.id, caseId));
    if (!row) throw new Error("no case");
    // The debtor has a Telegram chat too; a reminder went to their WhatsApp and failed there.
    await conn.db
      .insert(debtorChannels)
      .values({ debtorId: row.debtorId, channel: "telegram", address: "5550001" });
    const wamid = `wamid.${caseId}`;
    await conn.db.insert(outbox).values({
      caseId,
      businessId: row.businessId,
      kind: "send_card",
      channel: "whatsapp",
      payload: {
        op: "send_card",
        channel: "whatsapp",
        address: "33600000001",
        messageKind: "ladder_reminder",
        automated: true,
        card: { text: "Votre facture reste à régler.", buttons: [] },
      },
      idempotencyKey: `test/${wamid}`,
      status: "sent",
      externalId: wamid,
    });

    const store = new SteppedCaseStore(new PgCaseStore(conn.db), { mode: "optimistic" });
    const { deps, telemetry } = runtimeOn(store);
    const plain = runtimeOn(new PgCaseStore(conn.db));
    const pause = store.pauseNextWrite();
    const receipt = handleDeliveryStatus(
      { ...deps, statuses: new PgMessageStatusStore(conn.db) },
      {
        channel: "whatsapp",
        externalId: wamid,
        status: "failed",
        at: clock.now(),
        error: { code: 131026, title: "Message undeliverable" },
      },
    );
    await pause.reached;
    expect(await handleEvent(plain.deps, payment(caseId, 5_000, "MEANWHILE"))).toMatchObject({
      outcome: "applied",
    });
    pause.release();

    expect(await receipt).toBe("rerouted");
    expect(conflictReasons(store)).toEqual(["version"]);
    expect(await conflictsRetried(telemetry)).toBe(1);
    // The reminder, once, on Telegram (the payment's own thanks went there too).
    const rerouted = await conn.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, caseId), eq(outbox.channel, "telegram")));
    const again = rerouted.map((r) => r.payload as { address?: string; messageKind?: string });
    expect(again.filter((p) => p.messageKind === "ladder_reminder")).toEqual([
      expect.objectContaining({ address: "5550001" }),
    ]);
    expect(await paidOf(caseId)).toBe(5_000);
    expect(await verifyAuditChain(conn.db)).toMatchObject({ ok: true });
  });
});
