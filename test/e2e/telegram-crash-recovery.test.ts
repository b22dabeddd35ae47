import { inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { PgOutboxStore, PgTimerStore } from "../../db/runtime/outbox-store.ts";
import { outbox, timers } from "../../db/schema.ts";
import { RECONCILE_OUTBOX_GRACE_MS, reconcile } from "../../jobs/workers.ts";
import { SEND_LEASE_MS } from "../../src/runtime/deliver-outbox.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import type { Clock, JobPort } from "../../src/runtime/ports.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { eventually, startTestService, TestClock, type TestService } from "../support/service.ts";
import {
  caseFootprint,
  chatIds,
  givenBoundChat,
  givenInvoiceViaApi,
  outboxRows,
  registerWebhook,
  settled,
  successfulCalls,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * A process that dies after its transaction committed but before the jobs were enqueued: the rows
 * are in Postgres, Redis never heard of them. When a worker starts again, the reconciler finds
 * every such row and each effect is delivered exactly once — also when the reconciler runs twice,
 * concurrently, or finds some jobs still there.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
const telegram = new FakeTelegram({ now: clock.millis, rateLimits: false });
const newChat = chatIds();
const rates = { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } };
let prefix: string;
const running: TestService[] = [];

/**
 * A web process that dies right after each commit: what it committed is never delivered by it,
 * neither right away (as a live process does after its commit) nor through the jobs it queued.
 */
async function startWeb(): Promise<TestService> {
  const web = await startTestService({
    clock,
    mode: "web",
    deliverAfterCommit: false,
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    env: { BULLMQ_PREFIX: prefix },
  });
  running.push(web);
  await registerWebhook(telegram, web.url ?? "");
  return web;
}

async function startWorker(): Promise<TestService> {
  const worker = await startTestService({
    clock,
    mode: "worker",
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    env: { BULLMQ_PREFIX: prefix },
    worker: { rates },
  });
  running.push(worker);
  return worker;
}

async function stop(svc: TestService) {
  await svc.stop();
  running.splice(running.indexOf(svc), 1);
}

beforeAll(async () => {
  await telegram.start();
  // Every service of this file is one deployment: the same BullMQ prefix, restarted.
  const probe = await startTestService({ clock, mode: "web" });
  prefix = probe.config.BULLMQ_PREFIX;
  await probe.stop();
});

// A test that fails midway leaves no process behind to claim the next test's rows.
afterEach(async () => {
  for (const svc of [...running]) await stop(svc);
});

afterAll(async () => {
  await telegram.stop();
});

/**
 * The reconciler's view of this test's cases only: the database is shared with test files running
 * in parallel, whose rows belong to their own services.
 */
class CaseScopedOutbox extends PgOutboxStore {
  constructor(
    private readonly scope: Db,
    private readonly caseIds: readonly string[],
  ) {
    super(scope);
  }
  override async pendingOlderThan(...args: Parameters<PgOutboxStore["pendingOlderThan"]>) {
    const rows = await super.pendingOlderThan(...args);
    const mine = await this.scope
      .select({ id: outbox.id })
      .from(outbox)
      .where(inArray(outbox.caseId, [...this.caseIds]));
    const ids = new Set(mine.map((r) => r.id));
    return rows.filter((r) => ids.has(r.id));
  }
}

class CaseScopedTimers extends PgTimerStore {
  constructor(
    private readonly scope: Db,
    private readonly caseIds: readonly string[],
  ) {
    super(scope);
  }
  override async pendingDueBefore(...args: Parameters<PgTimerStore["pendingDueBefore"]>) {
    const rows = await super.pendingDueBefore(...args);
    const mine = await this.scope
      .select({ id: timers.id })
      .from(timers)
      .where(inArray(timers.caseId, [...this.caseIds]));
    const ids = new Set(mine.map((r) => r.id));
    return rows.filter((r) => ids.has(r.id));
  }
}

/**
 * The reconciler of a restarted worker, a little later: it leaves alone rows younger than its
 * grace period (their job may still be on its way), measured against their creation time, which
 * Postgres stamps in real time.
 */
function reconcileAfterRestart(worker: TestService, caseIds: readonly string[]) {
  const later: Clock = { now: () => new Date(Date.now() + RECONCILE_OUTBOX_GRACE_MS + 1_000) };
  return reconcile(
    {
      outbox: new CaseScopedOutbox(worker.db.db, caseIds),
      timers: new CaseScopedTimers(worker.db.db, caseIds),
      queues: worker.queues,
      clock: later,
    },
    100_000,
  );
}

/** What Redis lost: the jobs the dead process enqueued (or never got to enqueue). */
async function dropQueuedJobs(svc: TestService) {
  await svc.queues.deliver.telegram.obliterate({ force: true });
  await svc.queues.deliver["telegram-instant"].obliterate({ force: true });
  await svc.queues.timers.obliterate({ force: true });
}

/** Every send_card row of these cases reached its chat exactly once, and nothing else did. */
async function expectEachSentOnce(
  svc: TestService,
  cases: readonly { caseId: string; chat: number }[],
) {
  for (const { caseId, chat } of cases) {
    const rows = await settled(svc, caseId);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    const cards = rows.filter((r) => r.kind === "send_card");
    const sent = successfulCalls(telegram, "sendMessage", chat);
    expect(sent).toHaveLength(cards.length);
    // Each card's text went out in exactly one message (Telegram's rendering may add a line).
    for (const row of cards) {
      const text = (row.payload as { card: { text: string } }).card.text;
      expect(sent.filter((c) => String(c.params.text).startsWith(text))).toHaveLength(1);
    }
  }
}

describe("a crash between commit and enqueue", () => {
  it("the web process dies after committing: the restarted worker's reconciler delivers each effect once", async () => {
    const web = await startWeb();
    const first = await givenInvoiceViaApi(web);
    const second = await givenInvoiceViaApi(web);
    const chats = [newChat(), newChat()];

    // Both debtors open their link; one also writes. Each webhook answers 200 once committed.
    expect((await telegram.userStarts(chats[0] ?? 0, first.token)).status).toBe(200);
    expect((await telegram.userStarts(chats[1] ?? 0, second.token)).status).toBe(200);
    expect(
      (await telegram.userSendsText(chats[0] ?? 0, "je peux payer 50 € par mois")).status,
    ).toBe(200);
    const committed = [
      ...(await outboxRows(web, first.caseId)),
      ...(await outboxRows(web, second.caseId)),
    ];
    expect(committed).toHaveLength(3);
    expect(committed.every((r) => r.status === "pending")).toBe(true);

    // The process dies; its jobs are gone with it. Nothing was sent.
    await dropQueuedJobs(web);
    await stop(web);
    expect(successfulCalls(telegram, "sendMessage")).toHaveLength(0);

    // A worker starts again and its reconciler runs — twice at once, as two replicas would.
    const worker = await startWorker();
    const caseIds = [first.caseId, second.caseId];
    const passes = await Promise.all([
      reconcileAfterRestart(worker, caseIds),
      reconcileAfterRestart(worker, caseIds),
    ]);
    // The pass whose read ran first found all three; the other may run after the worker already
    // claimed or sent some of what the first re-added, and leaves those to it.
    expect(Math.max(...passes.map((p) => p.outbox))).toBe(3);
    expect(passes.every((p) => p.outbox <= 3)).toBe(true);

    await expectEachSentOnce(worker, [
      { caseId: first.caseId, chat: chats[0] ?? 0 },
      { caseId: second.caseId, chat: chats[1] ?? 0 },
    ]);
    // A later pass finds nothing left to do, and sends nothing again.
    expect((await reconcileAfterRestart(worker, caseIds)).outbox).toBe(0);
    await expectEachSentOnce(worker, [
      { caseId: first.caseId, chat: chats[0] ?? 0 },
      { caseId: second.caseId, chat: chats[1] ?? 0 },
    ]);
    expect((await caseFootprint(worker, first.caseId)).status).toBe("offering");
    await stop(worker);
  });

  it("the worker dies after committing an event: the reconciler delivers it once, beside jobs that survived", async () => {
    const web = await startWeb();
    const worker = await startWorker();
    const e2e = { telegram, svc: web, stop: async () => undefined } satisfies TelegramE2E;
    const bound = await givenBoundChat(e2e, newChat());
    const sendsBefore = successfulCalls(telegram, "sendMessage", bound.chat).length;

    // An event handled inside the worker (a payment, as the relay of the API would hand it on)
    // commits, then the process dies before its jobs reach Redis.
    const lost: JobPort = {
      enqueueDeliveries: () => Promise.reject(new Error("killed before enqueue")),
      enqueueTimers: () => Promise.reject(new Error("killed before enqueue")),
      dropTimers: () => Promise.reject(new Error("killed before enqueue")),
    };
    const result = await handleEvent(
      { ...worker.runtime, jobs: lost },
      {
        caseId: bound.caseId,
        event: {
          type: "payment_received",
          amountMinor: 30_000,
          reference: "VIR-CRASH-1",
          receivedAt: clock.now().toISOString(),
        },
        source: { channel: "payment", externalId: `crash-${bound.caseId}` },
        actor: "api",
      },
    );
    expect(result.outcome).toBe("applied");
    const pending = (await outboxRows(worker, bound.caseId)).filter((r) => r.status === "pending");
    expect(pending.length).toBeGreaterThan(0);

    // Meanwhile the debtor writes: that event's job is enqueued normally and survives.
    await telegram.userSendsText(bound.chat, "bonjour");

    await stop(worker);
    const restarted = await startWorker();
    const pass = await reconcileAfterRestart(restarted, [bound.caseId]);
    expect(pass.outbox).toBeGreaterThanOrEqual(pending.length);

    await eventually(
      async () =>
        (await outboxRows(restarted, bound.caseId)).every((r) => r.status === "sent") || null,
      { what: "every row of the case sent" },
    );
    await expectEachSentOnce(restarted, [{ caseId: bound.caseId, chat: bound.chat }]);
    expect(successfulCalls(telegram, "sendMessage", bound.chat).length - sendsBefore).toBe(
      pending.length + 1,
    );
    await stop(restarted);
    await stop(web);
  });
  it("the process dies while sending (rows claimed, never sent): once the lease lapses, each is sent once", async () => {
    const web = await startWeb();
    const invoice = await givenInvoiceViaApi(web);
    const chat = newChat();
    expect((await telegram.userStarts(chat, invoice.token)).status).toBe(200);
    const committed = await outboxRows(web, invoice.caseId);
    expect(committed.length).toBeGreaterThan(0);

    // The sender claimed every row, then died before the platform heard of any.
    const dying = new PgOutboxStore(web.db.db);
    for (const row of committed) expect(await dying.claim(row.id, SEND_LEASE_MS)).not.toBeNull();
    await dropQueuedJobs(web);
    await stop(web);

    // While the lease runs, the reconciler leaves the rows to their holder: nothing is sent.
    const worker = await startWorker();
    expect((await reconcileAfterRestart(worker, [invoice.caseId])).outbox).toBe(0);
    expect(successfulCalls(telegram, "sendMessage", chat)).toHaveLength(0);
    expect((await outboxRows(worker, invoice.caseId)).every((r) => r.status === "pending")).toBe(
      true,
    );

    // The lease lapses (on the database's clock, so it is moved there); the next pass sends.
    await worker.db.db
      .update(outbox)
      .set({ claimedUntil: sql`now() - interval '1 second'` })
      .where(inArray(outbox.caseId, [invoice.caseId]));
    expect((await reconcileAfterRestart(worker, [invoice.caseId])).outbox).toBe(committed.length);
    await expectEachSentOnce(worker, [{ caseId: invoice.caseId, chat }]);
    await stop(worker);
  });
});
