import type { Clock, TimerStore } from "../src/runtime/index.ts";
import { TIMER_WINDOW_MS } from "./catalog.ts";
import type { RelanceQueues } from "./queues.ts";

/**
 * The timer loader: pending timers live in Postgres, and each pass (a BullMQ job scheduler, every
 * `TIMER_LOAD_EVERY_MS`) gives a BullMQ job to those due within the next `TIMER_WINDOW_MS`, in
 * batches claimed with `FOR UPDATE SKIP LOCKED` and marked enqueued in the same transaction. Two
 * loaders at once take disjoint rows; a timer loaded twice anyway (a crash between the jobs and
 * the mark) keeps its one job — ids are deterministic — and firing checks the timer row.
 *
 * Redis losing its data is noticed by a marker key that lives beside the queues: when it is gone,
 * the pass first forgets which timers were loaded, so every pending timer of the window gets its
 * job back in this very pass. The marker is set after that reset and before loading, so a flush
 * at any moment leaves either the marker missing (the next pass reloads) or jobs in the new Redis.
 */
export interface LoadTimersDeps {
  readonly timers: Pick<TimerStore, "claimForLoading" | "forgetLoaded">;
  readonly queues: Pick<RelanceQueues, "addTimerJobs" | "connection" | "prefix">;
  readonly clock: Clock;
}

export interface LoadResult {
  /** Timers given a job by this pass. */
  readonly loaded: number;
  /** Whether the pass found Redis without its marker (first start, or data lost) and reloaded. */
  readonly reloaded: boolean;
}

export async function loadDueTimers(
  deps: LoadTimersDeps,
  { batch = 500, windowMs = TIMER_WINDOW_MS } = {},
): Promise<LoadResult> {
  const { queues } = deps;
  // Beside the queues, under the same prefix, but outside any queue's own key space.
  const marker = `${queues.prefix}:timer-window-marker`;
  const reloaded = (await queues.connection.exists(marker)) === 0;
  if (reloaded) {
    await deps.timers.forgetLoaded();
    await queues.connection.set(marker, "1");
  }
  const before = new Date(deps.clock.now().getTime() + windowMs);
  let loaded = 0;
  for (;;) {
    const rows = await deps.timers.claimForLoading(before, batch, (claimed) =>
      queues.addTimerJobs(claimed),
    );
    loaded += rows.length;
    if (rows.length < batch) break;
  }
  return { loaded, reloaded };
}
