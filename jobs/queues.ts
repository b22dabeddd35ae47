import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { DependencyUnavailableError } from "../src/outage-tracker.ts";
import type { Clock, DependencyHealth, JobPort, Log } from "../src/runtime/index.ts";
import {
  DELIVER_JOB_OPTIONS,
  DELIVER_QUEUE_BY_CHANNEL,
  type DeliveryChannel,
  deliveryLane,
  QUEUES,
  TIMER_JOB_OPTIONS,
  TIMER_WINDOW_MS,
} from "./catalog.ts";
import { jobId } from "./job-ids.ts";
import { watchBullmq } from "./redis-connections.ts";

export interface QueuesOptions {
  /** While Redis is known down, the enqueue after a commit fails at once (its rows wait in
   *  Postgres for the reconciler) instead of trying. */
  readonly health?: DependencyHealth;
  /** Where each queue's errors go (src/main.ts passes it; a queue without a listener prints
   *  connection errors raw on stderr). */
  readonly log?: Log;
}

/**
 * The producer side of every queue, and the runtime's `JobPort`: it enqueues jobs for rows that
 * were committed. Delays are computed with the injected clock (so a test's manual clock and the
 * service's real one agree on "due"), and every job id is deterministic, so enqueueing twice is a
 * no-op.
 *
 * Its connection should fail fast (jobs/redis-connections.ts, `producer`): a request enqueues
 * after its commit, and must not wait for Redis to come back.
 */
export class RelanceQueues implements JobPort {
  readonly deliver: Record<DeliveryChannel, Queue>;
  readonly timers: Queue;
  readonly maintenance: Queue;
  readonly timerLoader: Queue;

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
    private readonly clock: Clock,
    private readonly options: QueuesOptions = {},
  ) {
    const { log, health } = options;
    const make = (name: string) => {
      const queue = new Queue(name, { connection, prefix });
      if (log) watchBullmq(queue, { queue: name, role: "queue" }, { log, health });
      return queue;
    };
    this.deliver = {
      telegram: make(DELIVER_QUEUE_BY_CHANNEL.telegram),
      "telegram-instant": make(DELIVER_QUEUE_BY_CHANNEL["telegram-instant"]),
      whatsapp: make(DELIVER_QUEUE_BY_CHANNEL.whatsapp),
      webchat: make(DELIVER_QUEUE_BY_CHANNEL.webchat),
      slack: make(DELIVER_QUEUE_BY_CHANNEL.slack),
      email: make(DELIVER_QUEUE_BY_CHANNEL.email),
    };
    this.timers = make(QUEUES.timers);
    this.maintenance = make(QUEUES.maintenance);
    this.timerLoader = make(QUEUES.timerLoader);
  }

  async enqueueDeliveries(
    rows: readonly { id: string; channel: string; kind?: string; notBefore: Date }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    this.#redisUp();
    const byChannel = new Map<DeliveryChannel, (typeof rows)[number][]>();
    for (const row of rows) {
      const lane = deliveryLane(row.channel, row.kind);
      if (lane === null) continue;
      const list = byChannel.get(lane) ?? [];
      list.push(row);
      byChannel.set(lane, list);
    }
    await Promise.all(
      [...byChannel].map(([channel, list]) =>
        this.deliver[channel].addBulk(
          list.map((row) => ({
            name: "deliver",
            data: { outboxId: row.id },
            opts: {
              ...DELIVER_JOB_OPTIONS,
              jobId: jobId("send", row.id),
              delay: this.delayUntil(row.notBefore),
            },
          })),
        ),
      ),
    );
  }

  /**
   * After a commit: gives a job now to each timer due within the loading window — the loader may
   * not pass again before it is due — and leaves the others in Postgres, where the loader
   * (`jobs/timer-loader.ts`) finds them once their window comes. So Redis holds what is due
   * soon, not a job for every step of every open case's ladder.
   */
  async enqueueTimers(rows: readonly { id: string; dueAt: Date }[]): Promise<void> {
    const end = this.clock.now().getTime() + TIMER_WINDOW_MS;
    const due = rows.filter((row) => row.dueAt.getTime() < end);
    if (due.length > 0) this.#redisUp();
    await this.addTimerJobs(due);
  }

  /** Adds a delayed job per timer, whatever its due time (the loader and the reconciler). */
  async addTimerJobs(rows: readonly { id: string; dueAt: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.timers.addBulk(
      rows.map((row) => ({
        name: "fire",
        data: { timerId: row.id },
        opts: {
          ...TIMER_JOB_OPTIONS,
          jobId: jobId("timer", row.id),
          delay: this.delayUntil(row.dueAt),
        },
      })),
    );
  }

  /** Removes the jobs of cancelled timers. A job that is running or already gone is left alone:
   *  the timer row is the truth, and a fired job for a cancelled timer does nothing. */
  async dropTimers(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.#redisUp();
    await Promise.all(ids.map((id) => this.timers.remove(jobId("timer", id)).catch(() => 0)));
  }

  /** Makes sure a row has its job: a missing one is added; one that sits delayed although its row
   *  is due by the injected clock (`delay` 0) is promoted; a failed one is retried. Used by the
   *  reconciler, for rows it read as still pending. */
  async ensureJob(
    queue: Queue,
    id: string,
    name: string,
    data: object,
    opts: { delay: number },
  ): Promise<void> {
    const job = await queue.getJob(id);
    if (!job) {
      await queue.add(name, data, { ...opts, jobId: id });
      return;
    }
    const state = await job.getState();
    // A job that ran out of attempts while its row is still pending (Postgres was down, say) gets
    // another go: the row, not the job, says whether the work is done.
    if (state === "failed") {
      await job.retry("failed").catch(() => undefined);
      return;
    }
    if (opts.delay === 0 && state === "delayed") await job.promote().catch(() => undefined);
  }

  /** Throws at once while Redis is known down: the caller's rows wait in Postgres, where the
   *  reconciler finds them once it is back (a pending outbox row or a timer due within the
   *  window, whether or not it ever had a job: see `reconcile` in jobs/workers.ts). */
  #redisUp(): void {
    if (this.options.health?.isDown("redis")) throw new DependencyUnavailableError("redis");
  }

  delayUntil(at: Date): number {
    return Math.max(0, at.getTime() - this.clock.now().getTime());
  }

  /** Job counts per queue and state, for GET /metrics. */
  async jobCounts(): Promise<{ queue: string; state: string; count: number }[]> {
    const queues = [
      ...Object.values(this.deliver),
      this.timers,
      this.maintenance,
      this.timerLoader,
    ];
    const counts = await Promise.all(
      queues.map(async (q) => ({
        queue: q.name,
        counts: await q.getJobCounts("waiting", "active", "delayed", "failed"),
      })),
    );
    return counts.flatMap(({ queue, counts: c }) =>
      Object.entries(c).map(([state, count]) => ({ queue, state, count })),
    );
  }

  async close(): Promise<void> {
    await Promise.all([
      ...Object.values(this.deliver).map((q) => q.close()),
      this.timers.close(),
      this.maintenance.close(),
      this.timerLoader.close(),
    ]);
  }
}

export function isDeliveryChannel(channel: string): channel is DeliveryChannel {
  return Object.hasOwn(DELIVER_QUEUE_BY_CHANNEL, channel);
}
