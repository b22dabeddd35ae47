import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgOutboxStore, PgTimerStore } from "../../db/runtime/outbox-store.ts";
import { outbox } from "../../db/schema.ts";
import { DELIVER_JOB_OPTIONS } from "../../jobs/catalog.ts";
import { jobId } from "../../jobs/job-ids.ts";
import { reconcile } from "../../jobs/workers.ts";
import { eventually, TestClock } from "../support/service.ts";
import {
  chatIds,
  givenBoundChat,
  outboxRows,
  startTelegramE2E,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * Bounded retries: when Telegram answers 5xx to every attempt, a message is tried by the fast path
 * after its commit, then by its job `DELIVER_JOB_OPTIONS.attempts` times with backoff, and then
 * the worker marks its outbox row `failed` with the reason — visible to an operator, and no longer
 * pending, so the reconciler stops giving it jobs. No infinite retry.
 *
 * BullMQ's backoff waits in real milliseconds (2 s, 4 s, 8 s…); the test promotes each delayed
 * retry at once instead of waiting for it, as the reconciler does for a due row.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let e2e: TelegramE2E;
const newChat = chatIds();

beforeAll(async () => {
  e2e = await startTelegramE2E({
    clock,
    fake: { now: clock.millis, rateLimits: false },
    worker: { rates: { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
});

afterAll(async () => {
  await e2e?.stop();
});

describe("a delivery that fails on every attempt", () => {
  it("Telegram answers 502 until the job's attempts run out: the row is marked failed with the reason, and nobody tries again", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const before = new Set((await outboxRows(e2e.svc, caseId)).map((r) => r.id));

    // From now on Telegram's API is down behind its proxy (many more answers than attempts).
    const callsBefore = e2e.telegram.calls.length;
    e2e.telegram.failNext("sendMessage", { status: 502, count: 1_000 });
    expect((await e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois")).status).toBe(
      200,
    );
    const [reply] = await eventually(async () => {
      const rows = (await outboxRows(e2e.svc, caseId)).filter(
        (r) => !before.has(r.id) && r.kind === "send_card",
      );
      return rows.length > 0 ? rows : null;
    });
    if (!reply) throw new Error("no reply committed");

    // Each failed attempt waits its backoff delayed in Redis: promote it, until the row is failed.
    const queue = e2e.svc.queues.deliver.telegram;
    const failed = await eventually(
      async () => {
        await queue.promoteJobs();
        const [row] = await e2e.svc.db.db.select().from(outbox).where(eq(outbox.id, reply.id));
        return row?.status === "failed" ? row : null;
      },
      { timeoutMs: 20_000, what: "the reply's row marked failed" },
    );

    expect(failed.lastError).toMatch(/502|Bad Gateway/);
    expect(failed.sentAt).toBeNull();
    const job = await queue.getJob(jobId("send", reply.id));
    expect(await job?.getState()).toBe("failed");
    expect(job?.attemptsMade).toBe(DELIVER_JOB_OPTIONS.attempts);
    const attempts = () =>
      e2e.telegram.calls
        .slice(callsBefore)
        .filter((c) => c.method === "sendMessage" && String(c.params.chat_id) === String(chat));
    // The fast path's try after the commit, then each of the job's attempts: one call each.
    expect(attempts()).toHaveLength(1 + DELIVER_JOB_OPTIONS.attempts);
    expect(attempts().every((c) => c.status === 502)).toBe(true);

    // Nothing comes back to it: the reconciler gives no job to a failed row, and nothing retries.
    const swept = await reconcile({
      outbox: new PgOutboxStore(e2e.svc.db.db),
      timers: new PgTimerStore(e2e.svc.db.db),
      queues: e2e.svc.queues,
      clock: { now: () => new Date(clock.now().getTime() + 3_600_000) },
    });
    expect(swept.outbox).toBe(0);
    await queue.promoteJobs();
    expect(await queue.getJobCounts("waiting", "active", "delayed")).toEqual({
      waiting: 0,
      active: 0,
      delayed: 0,
    });
    expect(attempts()).toHaveLength(1 + DELIVER_JOB_OPTIONS.attempts);
  });
});
