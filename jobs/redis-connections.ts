import { once } from "node:events";
import { Redis, type RedisOptions } from "ioredis";
import { RelanceErrorCode } from "../src/error-codes.ts";
import { DependencyUnavailableError } from "../src/outage-tracker.ts";
import type { DependencyHealth, Log } from "../src/runtime/index.ts";
import { describeError } from "../src/safe-error.ts";

/**
 * A process's Redis connections, one per way of waiting (BullMQ's "Going to production" guide:
 * queue calls should fail quickly while Redis is away, workers should wait for it):
 *
 * - `probe`: /readyz and the outage tracker's checks. No offline queue: a ping while Redis is away
 *   fails at once instead of waiting for the reconnection.
 * - `producer`: what a request does with Redis after its commit — the enqueue, the send gate — and
 *   every `Queue`. No offline queue, no retry of a command a lost connection took with it, and a
 *   command timeout (Redis reachable but not answering): the commit is already done, its rows are
 *   safe in Postgres and the reconciler gives them their jobs, so the request never waits on Redis.
 * - `workers`: every `Worker` (and the blocking connections BullMQ duplicates from it). Retries
 *   forever, as BullMQ requires (`maxRetriesPerRequest: null`): a worker waits out an outage.
 *
 * Each reports its errors to the outage tracker instead of logging them (one line per outage, and
 * never ioredis's raw "Unhandled error event" dump on stderr), and its `ready` as a sign Redis is
 * back.
 */

/** Longest a producer command may take: far above a healthy enqueue (a few ms), far below a
 *  request's patience. */
export const PRODUCER_COMMAND_TIMEOUT_MS = 2_000;

/** The probe's and the producer's. */
export const FAIL_FAST_REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
};

export const WORKER_REDIS_OPTIONS: RedisOptions = { maxRetriesPerRequest: null };

export interface RedisConnections {
  readonly probe: Redis;
  readonly producer: Redis;
  readonly workers: Redis;
  /** Resolves once the producer can take commands (it queues none while connecting). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface WatchDeps {
  readonly log: Log;
  readonly health?: DependencyHealth | undefined;
}

export function openRedisConnections(url: string, deps: WatchDeps): RedisConnections {
  const probe = new Redis(url, FAIL_FAST_REDIS_OPTIONS);
  const producer = new Redis(url, FAIL_FAST_REDIS_OPTIONS);
  const workers = new Redis(url, WORKER_REDIS_OPTIONS);
  for (const connection of [probe, producer, workers]) watchConnection(connection, deps);
  return {
    probe,
    producer,
    workers,
    async ready(timeoutMs = 10_000) {
      if (producer.status === "ready") return;
      const timeout = AbortSignal.timeout(timeoutMs);
      await once(producer, "ready", { signal: timeout }).catch(() => {
        throw new DependencyUnavailableError("redis");
      });
    },
    async close() {
      await Promise.all(
        [probe, producer, workers].map((c) => c.quit().catch(() => c.disconnect())),
      );
    },
  };
}

/** An ioredis connection's errors go to the outage tracker; its `ready` says Redis may be back. */
export function watchConnection(connection: Redis, deps: WatchDeps): void {
  connection.on("error", (err: unknown) => {
    if (deps.health) deps.health.failed("redis", new DependencyUnavailableError("redis", err));
    else deps.log.warn({ err: new DependencyUnavailableError("redis", err) }, "redis error");
  });
  connection.on("ready", () => deps.health?.answered?.("redis"));
}

/**
 * A BullMQ `Queue`'s, `Worker`'s or `QueueEvents`' errors: BullMQ re-emits there every error of
 * the connections it holds, so a lost Redis is reported to the outage tracker; anything else (a
 * lock that could not be renewed while Redis is up, a bug) is logged as the error it is. Without
 * a listener, a Queue prints each connection error raw on stderr.
 */
export function watchBullmq(
  emitter: { on(event: "error", listener: (err: Error) => void): unknown },
  what: { readonly queue: string; readonly role: "queue" | "worker" | "queue events" },
  deps: WatchDeps,
): void {
  emitter.on("error", (err: Error) => {
    if (isRedisTrouble(err) || deps.health?.isDown("redis")) {
      if (deps.health) {
        deps.health.failed("redis", new DependencyUnavailableError("redis", err));
        return;
      }
    }
    deps.log.error({ err, queue: what.queue }, `${what.role} error`);
  });
}

/** A socket error or one of ioredis's own refusals: from a BullMQ emitter, Redis's doing. */
function isRedisTrouble(err: unknown): boolean {
  const code = describeError(err).code;
  return code === RelanceErrorCode.RedisUnavailable || code === RelanceErrorCode.NetworkUnreachable;
}
