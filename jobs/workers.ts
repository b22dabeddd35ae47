import { setTimeout as sleep } from "node:timers/promises";
import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "../src/config.ts";
import { DependencyUnavailableError, reportIfUnavailable } from "../src/outage-tracker.ts";
import type {
  DependencyHealth,
  OutboundOp,
  OutboxStore,
  TimerStore,
} from "../src/runtime/index.ts";
import {
  type DeliverDeps,
  deliverOutboxRow,
  fireTimer,
  type RuntimeDeps,
  startCase,
} from "../src/runtime/index.ts";
import { safeErrorLine } from "../src/safe-error.ts";
import {
  DELIVER_JOB_OPTIONS,
  DELIVER_QUEUE_BY_CHANNEL,
  type DeliveryChannel,
  deliverPayload,
  deliveryLane,
  LOAD_TIMERS_SCHEDULER_ID,
  QUEUES,
  RECONCILE_SCHEDULER_ID,
  TIMER_JOB_OPTIONS,
  TIMER_LOAD_EVERY_MS,
  TIMER_WINDOW_MS,
  timerPayload,
} from "./catalog.ts";
import { jobId } from "./job-ids.ts";
import type { RelanceQueues } from "./queues.ts";
import { watchBullmq } from "./redis-connections.ts";
import { SchedulerKeeper } from "./scheduler-keeper.ts";
import { type ChannelRate, SendRate } from "./send-rate.ts";
import { loadDueTimers } from "./timer-loader.ts";

/**
 * The consumer side: one worker per delivery queue (each with the platform's own rate limit), one
 * for timers, one for maintenance (the reconciler), one for the timer loader. All processors are
 * thin: they validate the payload, call the runtime, and translate its outcome into BullMQ's
 * vocabulary.
 */

export type { ChannelRate } from "./send-rate.ts";

/** The rates used when the configuration says nothing (`ratesFromConfig` reads the environment's). */
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

/** The rates the environment sets (`TELEGRAM_RATE_PER_SECOND`, … in src/config.ts). */
export function ratesFromConfig(
  config: Pick<
    Config,
    | "TELEGRAM_RATE_PER_SECOND"
    | "TELEGRAM_CHAT_INTERVAL_MS"
    | "WHATSAPP_RATE_PER_SECOND"
    | "WHATSAPP_CHAT_INTERVAL_MS"
    | "SLACK_RATE_PER_SECOND"
    | "SLACK_CHANNEL_INTERVAL_MS"
  >,
): Record<DeliveryChannel, ChannelRate> {
  return {
    ...DEFAULT_RATES,
    telegram: {
      perSecond: config.TELEGRAM_RATE_PER_SECOND,
      perChatIntervalMs: config.TELEGRAM_CHAT_INTERVAL_MS,
    },
    whatsapp: {
      perSecond: config.WHATSAPP_RATE_PER_SECOND,
      perChatIntervalMs: config.WHATSAPP_CHAT_INTERVAL_MS,
    },
    slack: {
      perSecond: config.SLACK_RATE_PER_SECOND,
      perChatIntervalMs: config.SLACK_CHANNEL_INTERVAL_MS,
    },
  };
}

export interface WorkerDeps extends RuntimeDeps, Omit<DeliverDeps, "clock" | "log"> {
  readonly outbox: OutboxStore;
  readonly timers: TimerStore;
  readonly queues: RelanceQueues;
  readonly connection: Redis;
  readonly rates?: Partial<Record<DeliveryChannel, ChannelRate>>;
  readonly concurrency?: number;
  /** How often the reconciler runs; how far ahead it makes sure timers have jobs. */
  readonly reconcileEveryMs?: number | null;
  /** How often the job schedulers are checked (and put back if Redis lost them). */
  readonly schedulerCheckEveryMs?: number;
}

export interface RunningWorkers {
  readonly workers: readonly Worker[];
  /** The keeper of the reconciler's and the loader's schedulers; null when they are off. */
  readonly schedulers: SchedulerKeeper | null;
  /** Stops taking jobs, lets running ones finish, closes connections. */
  close(): Promise<void>;
}

/** A lane's rate: the platform's default, or what the configuration says. */
function rateOf(
  lane: DeliveryChannel,
  rates: Partial<Record<DeliveryChannel, ChannelRate>> | undefined,
): ChannelRate {
  return { ...DEFAULT_RATES[lane], ...rates?.[lane] };
}

/**
 * The send rates shared by every sender of this deployment — the workers and the processes that
 * deliver right after their commit — through the same Redis keys (jobs/send-rate.ts): the lane's
 * rate for the whole bot, and the pace of each chat.
 */
export function sendPace(
  connection: Redis,
  prefix: string,
  rates?: Partial<Record<DeliveryChannel, ChannelRate>>,
  health?: DependencyHealth,
): (op: OutboundOp) => Promise<number> {
  const sendRate = new SendRate(connection, `${prefix}:rate`);
  return async (op) => {
    const lane = deliveryLane(op.channel, op.op);
    if (lane === null) return 0;
    if (!GATE_OPTIONAL.has(lane)) {
      if (health?.isDown("redis")) throw new DependencyUnavailableError("redis");
      return sendRate.take(lane, op, rateOf(lane, rates));
    }
    if (health?.isDown("redis")) return 0;
    try {
      return await sendRate.take(lane, op, rateOf(lane, rates));
    } catch (err) {
      if (!reportIfUnavailable(health, err)) throw err;
      return 0;
    }
  };
}

/**
 * Lanes whose "platform" is our own database (the web chat's page reads the `messages` table):
 * their rate protects no one's API, so when the send gate cannot answer (Redis away) they go
 * without it, and a debtor on the web chat keeps getting answers through a Redis outage. Every
 * other lane waits for Redis: without the shared gate, several processes could together go past
 * a platform's limit.
 */
const GATE_OPTIONAL: ReadonlySet<DeliveryChannel> = new Set<DeliveryChannel>(["webchat"]);

export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  const { connection, queues } = deps;
  const prefix = queues.prefix;
  const pace = sendPace(connection, prefix, deps.rates, deps.health);
  const watch = { log: deps.log, health: deps.health };
  const safely = <T>(work: () => Promise<T>) => withSafeErrors(work, deps.health);
  const workers: Worker[] = [];

  for (const channel of Object.keys(DELIVER_QUEUE_BY_CHANNEL) as DeliveryChannel[]) {
    const rate = rateOf(channel, deps.rates);
    const worker = new Worker(
      DELIVER_QUEUE_BY_CHANNEL[channel],
      async (job: Job, token?: string) =>
        safely(async () => {
          const { outboxId } = deliverPayload.parse(job.data);
          const outcome = await deliverOutboxRow({ ...deps, pace }, outboxId);
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
        if (!parsed.success) return;
        // Postgres may be what failed: then the row stays pending and the reconciler retries the
        // job later (never an unhandled rejection, which would end the process).
        deps.outbox.markFailed(parsed.data.outboxId, err.message).catch((error: unknown) => {
          if (!reportIfUnavailable(deps.health, error)) {
            deps.log.error(
              { err: error, outboxId: parsed.data.outboxId },
              "could not mark a row failed",
            );
          }
        });
      }
    });
    workers.push(worker);
  }

  workers.push(
    new Worker(
      QUEUES.timers,
      async (job: Job) =>
        safely(async () => {
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
        safely(async () =>
          reconcile({
            ...deps,
            startCase: (id) =>
              startCase(deps, id).catch((err: unknown) => {
                deps.log.warn({ err, caseId: id }, "could not start the case yet");
                throw err;
              }),
          }),
        ),
      {
        connection,
        prefix,
        concurrency: 1,
      },
    ),
  );
  workers.push(
    new Worker(QUEUES.timerLoader, async () => safely(() => loadDueTimers(deps)), {
      connection,
      prefix,
      concurrency: 1,
    }),
  );
  // null: no scheduled reconciler nor loader (tests sharing one database call `reconcile` and
  // `loadDueTimers` themselves, scoped to what they own; a scheduled pass would also deliver other
  // tests' rows).
  let keeper: SchedulerKeeper | null = null;
  let onReady: (() => void) | null = null;
  if (deps.reconcileEveryMs !== null) {
    keeper = new SchedulerKeeper(
      [
        {
          queue: queues.maintenance,
          id: RECONCILE_SCHEDULER_ID,
          name: "reconcile",
          everyMs: deps.reconcileEveryMs ?? 30_000,
        },
        {
          queue: queues.timerLoader,
          id: LOAD_TIMERS_SCHEDULER_ID,
          name: "load-timers",
          everyMs: TIMER_LOAD_EVERY_MS,
        },
      ],
      watch,
    );
    await keeper.upsertAll();
    keeper.start(deps.schedulerCheckEveryMs);
    // Redis back after a restart may be Redis without its data: check at once, not at the next
    // tick — when the connection the check runs on (the queues') is ready again.
    const kept = keeper;
    onReady = () => void kept.check();
    queues.connection.on("ready", onReady);
  }

  // No QueueEvents are opened anywhere; each Queue is watched where it is made (jobs/queues.ts).
  for (const w of workers) watchBullmq(w, { queue: w.name, role: "worker" }, watch);

  return {
    workers,
    schedulers: keeper,
    async close() {
      keeper?.stop();
      if (onReady) queues.connection.off("ready", onReady);
      const late = await Promise.all(workers.map((w) => closeWithin(w, WORKER_CLOSE_GRACE_MS)));
      const stranded = workers.filter((_w, i) => late[i]).map((w) => w.name);
      if (stranded.length > 0) {
        deps.log.warn(
          { queues: stranded, graceMs: WORKER_CLOSE_GRACE_MS },
          "workers did not close in time; going on without them",
        );
      }
    },
  };
}

/** How long a worker may take to close before the shutdown goes on without it. */
export const WORKER_CLOSE_GRACE_MS = 5_000;

/**
 * BullMQ's `close` waits for the worker's blocking connection to end, and ioredis never ends a
 * connection that is disconnected while it waits to reconnect (redis/ioredis#1247, #1830): a
 * worker closed during a Redis outage, or in the seconds after one while its connection is still
 * in backoff, would hold the shutdown forever. So the close first waits (within the grace) for
 * that connection to be back, and is then bounded: a job still running at the end is a stalled
 * job, which BullMQ hands to another worker (jobs are idempotent), and a stranded connection holds
 * no socket and no timer. Resolves true when the worker did not close in time.
 */
async function closeWithin(worker: Worker, graceMs: number): Promise<boolean> {
  const deadline = performance.now() + graceMs;
  const blocking = await worker.getBackend().blockingConnection?.client.catch(() => undefined);
  while (
    blocking &&
    (blocking.status === "reconnecting" || blocking.status === "connecting") &&
    performance.now() < deadline
  ) {
    await sleep(50);
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<true>((resolve) => {
    timer = setTimeout(() => resolve(true), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([worker.close().then(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A failed job's reason is stored in Redis (`failedReason`) and, out of attempts, on the outbox
 * row: it is said by code and a message without data (a database error's message repeats the
 * query's parameters: a debtor's text, a chat address). BullMQ's own control errors pass as they
 * are.
 */
async function withSafeErrors<T>(work: () => Promise<T>, health?: DependencyHealth): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
    // BullMQ retries the job; the outage, if that is what it is, is said once by the tracker.
    reportIfUnavailable(health, error);
    throw new Error(safeErrorLine(error));
  }
}

/**
 * BullMQ's limiter (global per queue, across processes) is the flow control: it hands jobs to the
 * workers at about the rate they may be sent, so a backlog of 10,000 reminders does not turn into
 * thousands of attempts refused by the send rate. The rate itself is enforced by `SendRate`, just
 * before each send. BullMQ counts jobs in fixed windows: `{ max: 30, duration: 1000 }` lets 30 go
 * at the end of one window and 30 more at the start of the next; one job per 1000/perSecond ms
 * keeps the flow even.
 */
export function smoothLimiter(perSecond: number): { max: number; duration: number } {
  // Rounded down: jobs come a little faster than `SendRate` lets them go (it aims at 98 % of the
  // rate), so the rate is never lost to rounding; the surplus waits a few ms in the worker.
  return { max: 1, duration: Math.max(1, Math.floor(1_000 / perSecond)) };
}

/** How far ahead of "now" the reconciler makes sure every pending timer has a job: the loader's
 *  window, so whatever the loader should have put in Redis is checked. */
export const RECONCILE_TIMER_HORIZON_MS = TIMER_WINDOW_MS;
/** Cases the reconciler starts at once: each is one transaction on its own connection. */
const START_CONCURRENCY = 6;
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
    const start = deps.startCase;
    // An import leaves its cases unstarted: start them all in this run, a page at a time, a few
    // at once (each start is its own transaction). A case that cannot start now (it failed, or a
    // concurrent start won) stays in the page's results; stop when a page starts nothing new.
    for (;;) {
      const page = await deps.timers.unstartedCases(batch);
      let next = 0;
      let startedNow = 0;
      const lane = async () => {
        for (let id = page[next++]; id !== undefined; id = page[next++]) {
          const outcome = await start(id).catch(() => "failed");
          if (outcome === "started") startedNow += 1;
        }
      };
      await Promise.all(Array.from({ length: START_CONCURRENCY }, lane));
      started += startedNow;
      if (page.length < batch || startedNow === 0) break;
    }
  }
  return { outbox: outboxCount, timers: timerCount, started };
}
