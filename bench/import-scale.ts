/**
 * Benchmark: a large CSV import, until every case is started with its ladder scheduled.
 *
 *   nice npx tsx bench/import-scale.ts [--invoices 100000] [--keep-csv]
 *
 * 1. Writes a CSV of N invoices (one debtor each, due 1–60 days from today) and imports it with
 *    the real CLI (`src/import-cli.ts`, a child process), timed.
 * 2. Starts every case as production does: the reconciler's run (`reconcile` with `startCase`,
 *    what the maintenance job scheduler runs every 30 s) starts every unstarted case — its state,
 *    its ladder's timers — timed. Nothing is sent: no worker runs, no platform is configured.
 * 3. Prints Redis memory: `INFO memory` used_memory before and after (the whole Redis, noisy on a
 *    shared server) and the sum of `MEMORY USAGE` over the bench's own keys (exact), with the jobs
 *    in the timers queue. Goals: ≤ 60 s in all, ≤ 50 MB of Redis.
 *
 * Self-cleaning: its own database (`bench_import_<random>`, dropped at the end) and BullMQ prefix
 * (`bench-import-<random>`, keys deleted), even after an error. DATABASE_URL (any database on the
 * server) and REDIS_URL default to the local ones.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { count, eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { dropDatabase, migrate } from "../db/migrate.ts";
import { PgOutboxStore, PgTimerStore } from "../db/runtime/outbox-store.ts";
import { timers } from "../db/schema.ts";
import { reconcile } from "../jobs/workers.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startService } from "../src/main.ts";
import { startCase } from "../src/runtime/handle-event.ts";
import { systemClock } from "../src/runtime/ports.ts";
import { givenBusiness } from "../test/support/fixtures.ts";

const { values } = parseArgs({
  options: { invoices: { type: "string", default: "100000" }, "keep-csv": { type: "boolean" } },
});
const invoices = Number.parseInt(values.invoices ?? "100000", 10);
const tag = randomBytes(4).toString("hex");
const baseUrl = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/relance");
baseUrl.pathname = `/bench_import_${tag}`;
const databaseUrl = baseUrl.toString();
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `bench-import-${tag}`;
const csvPath = join(tmpdir(), `bench-import-${tag}.csv`);

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const seconds = (since: number) => (performance.now() - since) / 1_000;

function usedMemory(info: string): number {
  const match = /^used_memory:(\d+)/m.exec(info);
  return match?.[1] ? Number.parseInt(match[1], 10) : Number.NaN;
}

async function keysUnder(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1_000);
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

function writeCsv(businessRows: number): void {
  const lines = [
    "number,amount,currency,issued_at,due_date,debtor_ref,debtor_name,debtor_locale,debtor_timezone,debtor_telegram",
  ];
  for (let i = 0; i < businessRows; i++) {
    lines.push(
      [
        `F-${i}`,
        String(5_000 + (i % 200) * 1_000),
        "EUR",
        day(-30),
        day(1 + (i % 60)),
        `C-${i}`,
        `Client ${i}`,
        i % 3 === 0 ? "en" : "fr",
        "Europe/Paris",
        String(1_000_000_000 + i),
      ].join(","),
    );
  }
  writeFileSync(csvPath, `${lines.join("\n")}\n`);
}

function runImport(businessId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/import-cli.ts", "--business", businessId, csvPath],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", () => {});
    child.on("error", reject);
    child.on("exit", (code) => {
      process.stdout.write(out.split("\n").slice(-3).join("\n"));
      if (code === 0) resolve();
      else reject(new Error(`import exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  if (!Number.isSafeInteger(invoices) || invoices < 1) {
    throw new Error("usage: npx tsx bench/import-scale.ts [--invoices N]");
  }
  console.log(`import bench: ${invoices} invoices, database ${baseUrl.pathname.slice(1)}`);
  await migrate(databaseUrl);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    API_TOKEN: "bench-api-token-0123456789",
    LOG_LEVEL: "warn",
  });
  const service = await startService(config, {
    mode: "web",
    logger: createLogger({ level: "warn" }),
    clock: systemClock,
  });
  try {
    await service.queues.timers.waitUntilReady();
    const memoryBefore = usedMemory(await redis.info("memory"));
    const business = await givenBusiness(service.db.db, { slack: undefined }, new Date());
    writeCsv(invoices);

    const importStarted = performance.now();
    await runImport(business.id);
    const importSeconds = seconds(importStarted);
    console.log(
      `\nimported in ${importSeconds.toFixed(1)} s (${(invoices / importSeconds).toFixed(0)}/s)`,
    );

    const startStarted = performance.now();
    const run = await reconcile({
      outbox: new PgOutboxStore(service.db.db),
      timers: new PgTimerStore(service.db.db),
      queues: service.queues,
      clock: systemClock,
      startCase: (id) => startCase(service.runtime, id),
    });
    const startSeconds = seconds(startStarted);
    const [pending] = await service.db.db
      .select({ n: count() })
      .from(timers)
      .where(eq(timers.status, "pending"));
    console.log(
      `started ${run.started} cases in ${startSeconds.toFixed(1)} s (${(run.started / startSeconds).toFixed(0)}/s); ${pending?.n ?? 0} pending timers in Postgres`,
    );

    const memoryAfter = usedMemory(await redis.info("memory"));
    const keys = await keysUnder(redis);
    const ours = await memoryUsage(redis, keys);
    const jobs = await service.queues.timers.getJobCounts("delayed", "wait");
    console.log(
      `total ${(importSeconds + startSeconds).toFixed(1)} s (goal ≤ 60 s)\n` +
        `Redis: used_memory ${mb(memoryBefore)} → ${mb(memoryAfter)} (Δ ${mb(memoryAfter - memoryBefore)}, whole server); ` +
        `the bench's ${keys.length} keys ${mb(ours)} (goal ≤ 50 MB); timer jobs delayed ${jobs.delayed}, waiting ${jobs.wait}`,
    );
  } finally {
    await service.stop();
    const keys = await keysUnder(redis);
    for (let i = 0; i < keys.length; i += 1_000) await redis.unlink(...keys.slice(i, i + 1_000));
    redis.disconnect();
    await dropDatabase(databaseUrl);
    if (!values["keep-csv"]) rmSync(csvPath, { force: true });
  }
}

await main();
