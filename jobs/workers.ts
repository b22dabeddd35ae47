import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type DeliverDeps, deliverOutboxRow } from "../src/runtime/deliver-outbox.ts";
import { fireTimer } from "../src/runtime/fire-timer.ts";
import { type RuntimeDeps, startCase } from "../src/runtime/handle-event.ts";
import type { OutboxStore, TimerStore } from "../src/runtime/outbox-port.ts";
import { safeErrorLine } from "../src/safe-error.ts";
import {
  DELIVER_JOB_OPTIONS,
  DELIVER_QUEUE_BY_CHANNEL,
  type DeliveryChannel,
  deliverPayload,
  deliveryLane,
  QUEUES,
  RECONCILE_SCHEDULER_ID,
  TIMER_JOB_OPTIONS,
  timerPayload,
} from "./catalog.ts";
import { ChatPacer } from "./chat-pacer.ts";
import { jobId } from "./job-ids.ts";
import type { RelanceQueues } from "./queues.ts";

/**
 * The consumer side: one worker per delivery queue (each with the platform's own rate limit), one
 * for timers, one for maintenance (the reconciler). All processors are thin: they validate the
 * payload, call the runtime, and translate its outcome into BullMQ's vocabulary.
 */

export interface ChannelRate {
  /** Messages per second for the whole bot/app on this platform. */
  readonly perSecond: number;
  /** Minimum milliseconds between two messages to the same chat (0: no per-chat pacing). */
  readonly perChatIntervalMs: number;
}

export const DEFAULT_RATES: Record<DeliveryChannel, ChannelRate> = {
  // Telegram: ~30 messages/s per bot, 1/s per chat (core.telegram.org/bots/faq).
  telegram: { perSecond: 30, perChatIntervalMs: 1_000 },
  // answerCallbackQuery and edits are not messages: only the bot-wide API limit applies to them.
  "telegram-instant": { perSecond: 100, perChatIntervalMs: 0 },
  // WhatsApp Cloud API: 80 messages/s per business phone number by default.
  whatsapp: { perSecond: 80, perChatIntervalMs: 0 },
  webchat: { perSecond: 200, perChatIntervalMs: 0 },
  // Slack chat.postMessage: about 1 message per second per channel.
  slack: { perSecond: 20, perChatIntervalMs: 1_000 },
  // E-mail: what a small SMTP relay accepts without throttling.
  email: { perSecond: 10, perChatIntervalMs: 0 },
};

export interface WorkerDeps extends RuntimeDeps, Omit<DeliverDeps, "clock" | "log"> {
  readonly outbox: OutboxStore;
  readonly timers: TimerStore;
  readonly queues: RelanceQueues;
  readonly connection: Redis;
  readonly rates?: Partial<Record<DeliveryChannel, ChannelRate>>;
  readonly concurrency?: number;
  /** How often the reconciler runs; how far ahead it makes sure timers have jobs. */
  readonly reconcileEveryMs?: number | null;
}

export interface RunningWorkers {
  readonly workers: readonly Worker[];
  /** Stops taking jobs, lets running ones finish, closes connections. */
  close(): Promise<void>;
}

export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  const { connection, queues } = deps;
  const prefix = queues.prefix;
  const pacer = new ChatPacer(connection, `${prefix}:pace`);
  const workers: Worker[] = [];

  for (const channel of Object.keys(DELIVER_QUEUE_BY_CHANNEL) as DeliveryChannel[]) {
    const rate = { ...DEFAULT_RATES[channel], ...deps.rates?.[channel] };
    const worker = new Worker(
      DELIVER_QUEUE_BY_CHANNEL[channel],
      async (job: Job, token?: string) =>
        withSafeErrors(async () => {
          const { outboxId } = deliverPayload.parse(job.data);
          const outcome = await deliverOutboxRow(
            { ...deps, pace: (op) => pacer.reserve(op, rate.perChatIntervalMs) },
            outboxId,
          );
          switch (outcome.kind) {
            case "sent":
            case "skipped":
              return outcome.kind;
            case "postponed":
              await job.moveToDelayed(Date.now() + queues.delayUntil(outcome.until), token);
              throw new DelayedError(outcome.why);
            case "retry":
              throw new Error(outcome.error);
            case "failed":
              throw new UnrecoverableError(outcome.error);
          }
        }),
      {
        connection,
        prefix,
        concurrency: deps.concurrency ?? 8,
        limiter: smoothLimiter(rate.perSecond),
      },
    );
    worker.on("failed", (job, err) => {
      // Out of attempts on a transient error: the row is marked failed so it is visible (and the
      // reconciler stops re-enqueueing it).
      if (job && job.attemptsMade >= (job.opts.attempts ?? DELIVER_JOB_OPTIONS.attempts)) {
        const parsed = deliverPayload.safeParse(job.data);
        if (parsed.success) void deps.outbox.markFailed(parsed.data.outboxId, err.message);
      }
    });
    workers.push(worker);
  }

  workers.push(
    new Worker(
      QUEUES.timers,
      async (job: Job) =>
        withSafeErrors(async () => {
          const { timerId } = timerPayload.parse(job.data);
          const result = await fireTimer(deps, timerId);
          return result.outcome;
        }),
      { connection, prefix, concurrency: deps.concurrency ?? 8 },
    ),
  );

  workers.push(
    new Worker(
      QUEUES.maintenance,
      async () =>
        withSafeErrors(() => reconcile({ ...deps, startCase: (id) => startCase(deps, id) })),
      {
        connection,
        prefix,
        concurrency: 1,
      },
    ),
  );
  // null: no scheduled reconciler (tests sharing one database call `reconcile` themselves, scoped
  // to what they own; a scheduled pass would also deliver other tests' rows).
  if (deps.reconcileEveryMs !== null) {
    await queues.maintenance.upsertJobScheduler(
      RECONCILE_SCHEDULER_ID,
      { every: deps.reconcileEveryMs ?? 30_000 },
      { name: "reconcile", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  for (const w of workers) {
    w.on("error", (err) => deps.log.error({ err, queue: w.name }, "worker error"));
  }

  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/**
 * A failed job's reason is stored in Redis (`failedReason`) and, out of attempts, on the outbox
 * row: it is said by code and a message without data (a database error's message repeats the
 * query's parameters: a debtor's text, a chat address). BullMQ's own control errors pass as they
 * are.
 */
async function withSafeErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
    throw new Error(safeErrorLine(error));
  }
}

/**
 * BullMQ's limiter counts jobs in fixed windows: `{ max: 30, duration: 1000 }` lets 30 go at the
 * end of one window and 30 more at the start of the next, 60 within a second — and Telegram
 * answers 429 to the surplus. One job per 1000/perSecond ms keeps every sliding second under the
 * rate.
 */
export function smoothLimiter(perSecond: number): { max: number; duration: number } {
  return { max: 1, duration: Math.max(1, Math.ceil(1_000 / perSecond)) };
}

/** How far ahead of "now" the reconciler makes sure every pending timer has a job. */
export const RECONCILE_TIMER_HORIZON_MS = 10 * 60_000;
/** An outbox row pending for this long without being sent may have lost its job. */
export const RECONCILE_OUTBOX_GRACE_MS = 5_000;

/**
 * Recreates what Redis lost. Postgres is the truth: every pending outbox row and every pending
 * timer due soon gets its job back (same deterministic id, so a job that still exists is left as
 * it is, and a due one that sits delayed is promoted). Timers that came due while everything was
 * down fire once on recovery: one job per timer, deduplicated by the timer's id. Reads the tables
 * in pages of `batch` rows until every page is done, so a backlog larger than a page is not left
 * for the next run.
 */
export async function reconcile(
  deps: Pick<WorkerDeps, "outbox" | "timers" | "queues" | "clock"> & {
    /** Starts a case left unstarted (see `startCase`); omitted, unstarted cases are left alone. */
    readonly startCase?: (caseId: string) => Promise<string>;
  },
  batch = 1_000,
): Promise<{ outbox: number; timers: number; started: number }> {
  const now = deps.clock.now();
  const { queues } = deps;
  const horizon = new Date(now.getTime() + RECONCILE_TIMER_HORIZON_MS);
  let outboxCount = 0;
  let cursor: { notBefore: Date; id: string } | undefined;
  for (;;) {
    const rows = await deps.outbox.pendingOlderThan(
      new Date(now.getTime() - RECONCILE_OUTBOX_GRACE_MS),
      horizon,
      batch,
      cursor,
    );
    await Promise.all(
      rows.map(async (row) => {
        const lane = deliveryLane(row.channel, row.kind);
        if (lane === null) return;
        await queues.ensureJob(
          queues.deliver[lane],
          jobId("send", row.id),
          "deliver",
          { outboxId: row.id },
          { ...DELIVER_JOB_OPTIONS, delay: queues.delayUntil(row.notBefore) },
        );
      }),
    );
    outboxCount += rows.length;
    const last = rows[rows.length - 1];
    if (rows.length < batch || last === undefined) break;
    cursor = { notBefore: last.notBefore, id: last.id };
  }
  let timerCount = 0;
  let timerCursor: { dueAt: Date; id: string } | undefined;
  for (;;) {
    const timers = await deps.timers.pendingDueBefore(horizon, batch, timerCursor);
    await Promise.all(
      timers.map((timer) =>
        queues.ensureJob(
          queues.timers,
          jobId("timer", timer.id),
          "fire",
          { timerId: timer.id },
          { ...TIMER_JOB_OPTIONS, delay: queues.delayUntil(timer.dueAt) },
        ),
      ),
    );
    timerCount += timers.length;
    const last = timers[timers.length - 1];
    if (timers.length < batch || last === undefined) break;
    timerCursor = { dueAt: last.dueAt, id: last.id };
  }
  let started = 0;
  if (deps.startCase) {
    for (const caseId of await deps.timers.unstartedCases(batch)) {
      if ((await deps.startCase(caseId)) === "started") started += 1;
    }
  }
  return { outbox: outboxCount, timers: timerCount, started };
}
