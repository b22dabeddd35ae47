import type { Queue } from "bullmq";
import { reportIfUnavailable } from "../src/outage-tracker.ts";
import type { DependencyHealth, Log } from "../src/runtime/index.ts";

/**
 * The job schedulers that keep time — the reconciler and the timer loader — are Redis keys like
 * any other: if Redis loses its data, nothing runs them again, and pending timers wait in Postgres
 * for a restart that may never come. Each worker process keeps them: it checks every
 * `SCHEDULER_CHECK_EVERY_MS`, and as soon as its Redis connection is ready again after a loss, and
 * puts back whatever is missing (upserting is idempotent, so two workers doing it at once is
 * harmless). The loader's first pass then notices its marker is gone and reloads every pending
 * timer of the window (jobs/timer-loader.ts); the reconciler gives a job to every pending row.
 *
 * `present` is the readiness check of a process that runs workers: one cheap read per scheduler.
 */

/** How often a worker checks its schedulers still exist: the longest /readyz can call a process
 *  ready while they are gone, and about the longest timers wait after Redis loses its data. */
export const SCHEDULER_CHECK_EVERY_MS = 5_000;

export interface KeptScheduler {
  readonly queue: Queue;
  readonly id: string;
  /** The job's name. */
  readonly name: string;
  readonly everyMs: number;
}

export class SchedulerKeeper {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #stopped = false;

  constructor(
    private readonly schedulers: readonly KeptScheduler[],
    private readonly deps: { readonly log: Log; readonly health?: DependencyHealth | undefined },
  ) {}

  /** Upserts every scheduler (at start: their period may have changed with the configuration). */
  async upsertAll(): Promise<void> {
    for (const s of this.schedulers) await this.#upsert(s);
  }

  /** Puts back the schedulers that are missing; resolves with how many it restored. One check at
   *  a time: a second call while one runs waits for it. */
  restoreMissing(): Promise<number> {
    this.#running ??= this.#restore().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** True when every scheduler exists (false when one is gone, or Redis does not answer). */
  async present(): Promise<boolean> {
    try {
      const found = await Promise.all(
        this.schedulers.map((s) => s.queue.getJobScheduler(s.id).then((x) => x !== undefined)),
      );
      return found.every(Boolean);
    } catch {
      return false;
    }
  }

  /** Checks every `everyMs` until `stop`. */
  start(everyMs: number = SCHEDULER_CHECK_EVERY_MS): void {
    this.#timer = setInterval(() => void this.check(), everyMs);
    this.#timer.unref();
  }

  /** One check, its failure reported (never thrown: it runs from a timer or an event). */
  async check(): Promise<void> {
    if (this.#stopped) return;
    try {
      const restored = await this.restoreMissing();
      if (restored > 0) {
        this.deps.log.warn({ restored }, "job schedulers were missing from Redis; put back");
      }
    } catch (err) {
      if (!reportIfUnavailable(this.deps.health, err)) {
        this.deps.log.warn({ err }, "could not check the job schedulers");
      }
    }
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #restore(): Promise<number> {
    let restored = 0;
    for (const s of this.schedulers) {
      if (await s.queue.getJobScheduler(s.id)) continue;
      await this.#upsert(s);
      restored += 1;
    }
    return restored;
  }

  #upsert(s: KeptScheduler): Promise<unknown> {
    return s.queue.upsertJobScheduler(
      s.id,
      { every: s.everyMs },
      { name: s.name, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
