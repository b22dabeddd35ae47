/**
 * Benchmark: N reminders due at the same moment, sent through the fake Telegram Bot API, which
 * enforces the bot's rate and one message per second per chat on real time.
 *
 *   nice npx tsx bench/outbound-reminders.ts [--reminders 10000] [--rate 30] [--concurrency 8]
 *
 * Setup (not timed): N invoices through the real intake (one debtor each), a Telegram chat bound
 * to each debtor, every case started on a Sunday (nothing due) with its ladder in Postgres. Then the
 * service's clock moves to Monday 09:00 in Paris, when every case's J−7 heads-up is due: one timer
 * loader pass (`loadDueTimers`) gives the N timers their jobs, the workers fire them through the
 * runtime (one event each, one outbox row each) and deliver the rows at `--rate` messages/s
 * (`TELEGRAM_RATE_PER_SECOND`, the fake is given the same limit). Printed: how long firing and
 * sending took, the achieved send rate against the limit, the most sends in any sliding second,
 * the fake's 429s, and whether every chat got its reminder exactly once (none lost, none doubled).
 *
 * Self-cleaning: its own database (`bench_outbound_<random>`, dropped) and BullMQ prefix (keys
 * deleted), even after an error. DATABASE_URL (any database on the server) and REDIS_URL default
 * to the local ones.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { and, count, eq, lte, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { dropDatabase, migrate } from "../db/migrate.ts";
import { PgOutboxStore, PgTimerStore } from "../db/runtime/outbox-store.ts";
import { outbox, timers } from "../db/schema.ts";
import { loadDueTimers } from "../jobs/timer-loader.ts";
import { reconcile } from "../jobs/workers.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startService } from "../src/main.ts";
import { startCase } from "../src/runtime/handle-event.ts";
import type { Clock } from "../src/runtime/ports.ts";
import { FakeTelegram } from "../test/fakes/telegram-bot-api.ts";
import { givenBusiness, givenInvoice } from "../test/support/fixtures.ts";

const { values } = parseArgs({
  options: {
    reminders: { type: "string", default: "10000" },
    rate: { type: "string", default: "30" },
    concurrency: { type: "string", default: "8" },
  },
});
const reminders = Number.parseInt(values.reminders ?? "10000", 10);
const rate = Number.parseFloat(values.rate ?? "30");
const concurrency = Number.parseInt(values.concurrency ?? "8", 10);
const tag = randomBytes(4).toString("hex");
const baseUrl = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/relance");
baseUrl.pathname = `/bench_outbound_${tag}`;
const databaseUrl = baseUrl.toString();
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `bench-outbound-${tag}`;
const FIRST_CHAT = 5_000_000_000;

// Sunday 13 December 2026, 09:00 in Paris: the setup. The invoices fall due on Monday the 21st, so
// every heads-up (J−7, 09:00 local) is due on Monday the 14th at 08:00Z.
const SETUP_AT = Date.parse("2026-12-13T08:00:00Z");
const SEND_AT = Date.parse("2026-12-14T08:00:30Z");
let offset = SETUP_AT - Date.now();
const clock: Clock = { now: () => new Date(Date.now() + offset) };

const secondsSince = (t: number) => (performance.now() - t) / 1_000;

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

/** The most events in any window of `windowMs`. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

async function main(): Promise<void> {
  console.log(
    `outbound bench: ${reminders} reminders, ${rate} msg/s per bot and 1/s per chat on both sides, worker concurrency ${concurrency}`,
  );
  await migrate(databaseUrl);
  const telegram = new FakeTelegram({
    now: Date.now,
    rateLimits: { perChat: { max: 1, windowMs: 1_000 }, global: { max: rate, windowMs: 1_000 } },
  });
  await telegram.start();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    API_TOKEN: "bench-api-token-0123456789",
    LOG_LEVEL: "warn",
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_BOT_USERNAME: "relance_test_bot",
    TELEGRAM_WEBHOOK_SECRET: "bench-webhook-secret-0123",
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_RATE_PER_SECOND: String(rate),
    TELEGRAM_CHAT_INTERVAL_MS: "1000",
  });
  const service = await startService(config, {
    mode: "worker",
    logger: createLogger({ level: "warn" }),
    clock,
    worker: { reconcileEveryMs: null, concurrency },
  });
  const db = service.db.db;
  try {
    // ── Setup ──
    const setupStarted = performance.now();
    const business = await givenBusiness(db, { slack: undefined }, clock.now());
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < reminders; i = next++) {
          await givenInvoice(
            db,
            business.id,
            { issuedAt: "2026-11-20", dueDate: "2026-12-21", number: `F-${i}` },
            clock.now(),
          );
        }
      }),
    );
    await db.execute(sql`
      insert into debtor_channels (debtor_id, channel, address)
      select debtor_id, 'telegram', (${FIRST_CHAT}::bigint + row_number() over (order by id))::text
      from cases`);
    for (let i = 1; i <= reminders; i++) telegram.addChat(FIRST_CHAT + i);
    const started = await reconcile({
      outbox: new PgOutboxStore(db),
      timers: new PgTimerStore(db),
      queues: service.queues,
      clock,
      startCase: (id) => startCase(service.runtime, id),
    });
    console.log(
      `setup: ${reminders} invoices, chats bound, ${started.started} cases started in ${secondsSince(setupStarted).toFixed(0)} s`,
    );

    // ── Monday 09:00 in Paris: every heads-up is due ──
    offset = SEND_AT - Date.now();
    const t0 = performance.now();
    const wall0 = Date.now();
    const loaded = await loadDueTimers({
      timers: new PgTimerStore(db),
      queues: service.queues,
      clock,
    });
    console.log(
      `loader pass: ${loaded.loaded} timers given a job in ${secondsSince(t0).toFixed(1)} s`,
    );
    let firedAt = 0;
    let lastProgress = performance.now();
    let lastSent = -1;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [pendingTimers] = await db
        .select({ n: count() })
        .from(timers)
        .where(and(eq(timers.status, "pending"), lte(timers.dueAt, clock.now())));
      const [sent] = await db
        .select({ n: count() })
        .from(outbox)
        .where(and(eq(outbox.status, "sent"), eq(outbox.channel, "telegram")));
      if (firedAt === 0 && pendingTimers?.n === 0) firedAt = secondsSince(t0);
      const n = sent?.n ?? 0;
      if (n !== lastSent) {
        lastSent = n;
        lastProgress = performance.now();
      }
      if (n >= reminders && firedAt > 0) break;
      if (performance.now() - lastProgress > 60_000) {
        console.log(`no progress for 60 s: ${n} sent`);
        break;
      }
    }
    const elapsed = secondsSince(t0);

    const sends = telegram.calls.filter((c) => c.method === "sendMessage" && c.at >= wall0);
    const ok = sends.filter((c) => c.status === 200);
    const refused = sends.filter((c) => c.status === 429);
    const perChat = new Map<string, number>();
    for (const c of ok)
      perChat.set(String(c.params.chat_id), (perChat.get(String(c.params.chat_id)) ?? 0) + 1);
    const times = ok.map((c) => c.at).sort((a, b) => a - b);
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1_000;
    const byStatus = await db
      .select({ status: outbox.status, n: count() })
      .from(outbox)
      .groupBy(outbox.status);
    console.log(
      [
        `all timers fired after ${firedAt.toFixed(1)} s (${(reminders / firedAt).toFixed(1)} events/s)`,
        `sent ${ok.length} in ${span.toFixed(1)} s from the first to the last: ${(
          (ok.length - 1) / span
        ).toFixed(2)} msg/s against a limit of ${rate} (${(
          (100 * (ok.length - 1)) / span / rate
        ).toFixed(1)} %); ${elapsed.toFixed(1)} s from the clock's move to the last`,
        `busiest sliding second: ${busiestWindow(times, 1_000)} sends; 429s: ${refused.length}`,
        `chats reached: ${perChat.size} of ${reminders}; chats with more than one: ${
          [...perChat.values()].filter((n) => n > 1).length
        }`,
        `outbox rows: ${byStatus.map((r) => `${r.status} ${r.n}`).join(", ")}`,
      ].join("\n"),
    );
  } finally {
    await service.stop();
    await telegram.stop();
    const keys = await keysUnder(redis);
    for (let i = 0; i < keys.length; i += 1_000) await redis.unlink(...keys.slice(i, i + 1_000));
    redis.disconnect();
    await dropDatabase(databaseUrl);
  }
}

await main();
