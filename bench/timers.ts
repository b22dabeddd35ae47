/**
 * Benchmark: scheduling timers in BullMQ.
 *
 *   npx tsx bench/timers.ts [count=100000] [batch=1000]
 *
 * Adds `count` delayed timer jobs through `RelanceQueues.addTimerJobs` — what the timer loader does
 * for the timers of its window (a commit's `enqueueTimers` keeps timers due beyond the window in
 * Postgres only, so it would add none of these) — in batches of `batch`, all due tomorrow, and
 * prints the seconds taken and the Redis memory per pending timer. Measures Redis only (the timer
 * rows in Postgres are not written). Memory is given two ways: the sum of `MEMORY USAGE` over the
 * keys under the bench's own prefix (exact for this data, unaffected by other clients), and the
 * `INFO memory` used_memory delta (noisier on a shared Redis). Goals: ≤ 20 s and ≤ 1 KB per timer.
 *
 * Self-cleaning: it uses its own prefix (`bench-timers-<random>`) and deletes its keys at the end,
 * even after an error. It never flushes the database (Redis may be shared). REDIS_URL defaults to
 * redis://127.0.0.1:6379.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RelanceQueues } from "../jobs/queues.ts";
import { systemClock } from "../src/runtime/ports.ts";

const count = Number.parseInt(process.argv[2] ?? "100000", 10);
const batch = Number.parseInt(process.argv[3] ?? "1000", 10);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `bench-timers-${randomBytes(4).toString("hex")}`;

function usedMemory(info: string): number {
  const match = /^used_memory:(\d+)/m.exec(info);
  return match?.[1] ? Number.parseInt(match[1], 10) : Number.NaN;
}

async function keysUnder(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1_000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  return keys;
}

async function memoryUsage(redis: Redis, keys: readonly string[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < keys.length; i += 500) {
    const pipeline = redis.pipeline();
    for (const key of keys.slice(i, i + 500)) pipeline.memory("USAGE", key, "SAMPLES", 0);
    for (const [err, bytes] of (await pipeline.exec()) ?? []) {
      if (!err && typeof bytes === "number") total += bytes;
    }
  }
  return total;
}

async function main(): Promise<void> {
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(batch) || batch < 1) {
    throw new Error("usage: npx tsx bench/timers.ts [count] [batch]");
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = new RelanceQueues(redis, prefix, systemClock);
  try {
    await queues.timers.waitUntilReady();
    // The queue's own bookkeeping keys exist before the first job: not counted per timer.
    const baseKeys = await memoryUsage(redis, await keysUnder(redis, `${prefix}:*`));
    const before = usedMemory(await redis.info("memory"));
    const dueAt = Date.now() + 24 * 3_600_000;

    const started = process.hrtime.bigint();
    for (let done = 0; done < count; done += batch) {
      const size = Math.min(batch, count - done);
      await queues.addTimerJobs(
        Array.from({ length: size }, (_, i) => ({
          id: randomUUID(),
          dueAt: new Date(dueAt + done + i),
        })),
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    const after = usedMemory(await redis.info("memory"));
    const delayed = await queues.timers.getDelayedCount();
    const keyBytes = (await memoryUsage(redis, await keysUnder(redis, `${prefix}:*`))) - baseKeys;
    const report = {
      timers: count,
      delayedInRedis: delayed,
      seconds: Number(seconds.toFixed(2)),
      timersPerSecond: Math.round(count / seconds),
      bytesPerTimerMemoryUsage: Math.round(keyBytes / count),
      bytesPerTimerInfoDelta: Math.round((after - before) / count),
      goals: { seconds: 20, bytesPerTimer: 1024 },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (delayed !== count) throw new Error(`expected ${count} delayed jobs, found ${delayed}`);
  } finally {
    await queues.close();
    const keys = await keysUnder(redis, `${prefix}:*`);
    for (let i = 0; i < keys.length; i += 1_000) await redis.unlink(...keys.slice(i, i + 1_000));
    await redis.quit();
  }
}

await main();
