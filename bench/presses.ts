/**
 * Button presses per second through the Telegram webhook, end to end.
 *
 *   npx tsx bench/presses.ts [--debtors N] [--seconds S] [--cases K] [--concurrency C]
 *                            [--log-level info|warn|…] [--profile]
 *
 * --debtors: debtors pressing at the same time; --cases: cases prepared (one chat each, walked
 * through by whichever simulated debtor is free); --concurrency: the BullMQ workers' concurrency.
 *
 * This process runs ONE service (`startService`, mode "all": HTTP server + BullMQ workers) on its
 * own fresh database and BullMQ prefix; a child process (bench/presses-driver.ts) runs the fake Bot
 * API and N simulated debtors, so that generating load does not steal the service's event loop.
 * Each debtor presses, waits for the webhook to answer and for the card that answers the press to
 * reach the fake, then presses again (a closed loop). Everything stays on loopback and stops by
 * itself; the database is dropped and the Redis keys deleted at the end.
 *
 * Printed: presses/s, webhook latency p50/p99, press → reply p99, where the CPU went (service,
 * driver, Postgres, Redis), what Postgres sessions waited on, and with --profile the service's
 * hottest code.
 *
 * Figures, 2-core box shared with other work (load average 4–9 during these runs, so throughput and
 * latency swing by 2×; the per-press counts are stable). Workload: each case is three presses —
 * the reason, the 3-installment offer, the confirmation (agreement, installments, timers).
 *
 *   --debtors 50 --seconds 10, worker concurrency 32 (first runs)
 *     start (one global audit lock)   33 presses/s  webhook p50 784 / p99 1516 ms  reply p99 2445 ms
 *     per-case audit chains           33 presses/s  webhook p50 653 / p99 1501 ms  reply p99 2661 ms
 *   --debtors 30 --seconds 8, worker concurrency 8, two interleaved rounds each
 *     start                  11–20 presses/s  webhook p50 594–1210 ms  41 statements, 71 pg writes
 *                            per press; 6.2 Postgres sessions waiting on the audit lock on average
 *     per-case chains         9–36 presses/s  webhook p50 230–893 ms   40 statements; no lock waits
 *     + audit batched        18–21 presses/s  webhook p50 437–479 ms   38 statements, 67 pg writes
 *     + lock/head pipelined  16–18 presses/s  webhook p50 443–455 ms   37 statements, 64 pg writes
 *   with one debtor (no queueing): webhook p50 28 ms, press → reply p50 39 ms.
 *   --debtors 50 --seconds 10 on a quiet box (nothing else running), integration done:
 *     cases started at invoice creation   38 presses/s  webhook p50 199 / p99 799 ms  21.2 ms CPU
 *     + Telegram instant lane (acks, edits)  48 presses/s  webhook p50 244 / p99 542 ms  16.8 ms CPU
 *
 * What limits it: the service's own CPU, about 16–25 ms per press (one Node process, so at most
 * ~40–60 presses/s), most of it in round trips: a press costs 4 transactions (the event + three
 * deliveries: callback answer, cleared keyboard, new card), ~37 statements and ~64 writes to
 * Postgres, 11 to the Bot API (a new connection per call), 7 to Redis (~10 BullMQ scripts). The
 * CPU profile's top self entry is the socket write itself (writeBuffer, ~20 % of busy time on
 * this VM), then drizzle's query building (~13 %). Logging is ~40 µs per press (one line), the
 * webhook's addBulk ~0.6 ms CPU. 500 presses/s with p99 ≤ 50 ms is out of reach of this shape on
 * two cores shared with Postgres and Redis; see bench/README.md for what would move it.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import postgres from "postgres";
import { dropDatabase, migrate } from "../db/migrate.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startService } from "../src/main.ts";
import type { Clock } from "../src/runtime/ports.ts";
import { givenBusiness } from "../test/support/fixtures.ts";
import { deleteRedisKeys, withDatabaseName } from "../test/support/services.ts";
import type { DriverReport, FromDriver, ToDriver } from "./presses-protocol.ts";

const SECRET = "bench-webhook-secret-0123456789";
const API_TOKEN = "bench-api-token-0123456789abcdef";
/** Monday 23 November 2026, 11:00 in Paris: inside every default send window, whenever run. */
const SERVICE_EPOCH = Date.parse("2026-11-23T10:00:00Z");
const CASES_PER_BUSINESS = 50;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const debtorCount = Math.floor(arg("debtors", 50));
const seconds = arg("seconds", 10);
const concurrency = Math.floor(arg("concurrency", 8));
const logLevelAt = process.argv.indexOf("--log-level");
const logLevel = logLevelAt >= 0 ? (process.argv[logLevelAt + 1] ?? "info") : "info";
const profile = process.argv.includes("--profile");
/** Enough cases for 600 presses/s over the whole run (a case takes three presses). */
const caseCount = Math.floor(arg("cases", Math.ceil((seconds * 600) / 3) + debtorCount));

const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/relance";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const suffix = `${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
const dbName = `relance_bench_${suffix}`;
const databaseUrl = withDatabaseName(baseUrl, dbName);
const prefix = `rb${suffix.replace("_", "")}`;

// ── The driver (child process) ─────────────────────────────────────────────────────────────────

const driver = fork(fileURLToPath(new URL("./presses-driver.ts", import.meta.url)), [], {
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const inbox: FromDriver[] = [];
let wake: (() => void) | null = null;
driver.on("message", (m) => {
  const message = m as FromDriver;
  if (message.type === "log") console.log(`  driver: ${message.text}`);
  else inbox.push(message);
  wake?.();
});
async function fromDriver<T extends FromDriver["type"]>(
  type: T,
): Promise<Extract<FromDriver, { type: T }>> {
  for (;;) {
    const i = inbox.findIndex((m) => m.type === type || m.type === "failed");
    const found = inbox[i];
    if (found) {
      inbox.splice(i, 1);
      if (found.type === "failed") throw new Error(`driver failed: ${found.error}`);
      return found as Extract<FromDriver, { type: T }>;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
const toDriver = (message: ToDriver) => driver.send(message);

// ── Measurements besides the driver's ──────────────────────────────────────────────────────────

/** CPU ticks (user + system) of every process on the box, by role. */
function cpuTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const role =
      Number(pid) === process.pid
        ? "service (node)"
        : Number(pid) === driver.pid
          ? "driver + fake Telegram (node)"
          : comm.startsWith("postgres")
            ? "postgres"
            : comm.startsWith("redis")
              ? "redis"
              : `other (${comm})`;
    out.set(role, (out.get(role) ?? 0) + ticks);
  }
  return out;
}

/** Samples what the bench database's sessions are doing (active, waiting on a lock…). */
function samplePgActivity(sql: postgres.Sql, everyMs: number) {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sql<{ what: string; n: number }[]>`
        select coalesce(wait_event_type || ':' || wait_event, 'on cpu') as what, count(*)::int as n
        from pg_stat_activity
        where datname = ${dbName} and state = 'active' and pid <> pg_backend_pid()
        group by 1`;
      samples += 1;
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, counts };
    },
  };
}

async function pgCounters(sql: postgres.Sql) {
  const [db] = await sql<{ commits: number; rollbacks: number }[]>`
    select xact_commit::int as commits, xact_rollback::int as rollbacks
    from pg_stat_database where datname = ${dbName}`;
  const tables = await sql<{ name: string; ins: number; upd: number }[]>`
    select relname as name, n_tup_ins::int as ins, n_tup_upd::int as upd from pg_stat_user_tables`;
  return { commits: db?.commits ?? 0, rollbacks: db?.rollbacks ?? 0, tables };
}

/**
 * Counts this process's socket writes by peer port (5432 Postgres, 6379 Redis, …): each write is
 * at least one round trip's worth of kernel work, and on this box they are what the CPU profile
 * shows most. Measurement only: the original write still runs.
 */
const socketWrites = new Map<string, number>();
let countWrites = false;
const originalWrite = Socket.prototype.write;
Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
  if (countWrites) {
    const port = this.remotePort;
    const peer =
      port === 5432 ? "postgres" : port === 6379 ? "redis" : port === undefined ? "?" : "http out";
    const key = this.remotePort === undefined || peer !== "http out" ? peer : "http out";
    socketWrites.set(key, (socketWrites.get(key) ?? 0) + 1);
    if (peer === "postgres" && args[0] instanceof Uint8Array) countStatements(Buffer.from(args[0]));
  }
  return (originalWrite as (...a: unknown[]) => boolean).apply(this, args);
} as typeof Socket.prototype.write;

/** Statements executed by the service, by SQL text, read from the wire (Parse and Bind). */
const statementNames = new Map<string, string>();
const statements = new Map<string, number>();
function countStatements(buf: Buffer): void {
  let at = 0;
  while (at + 5 <= buf.length) {
    const type = String.fromCharCode(buf[at] ?? 0);
    const length = buf.readInt32BE(at + 1);
    const body = buf.subarray(at + 5, at + 1 + length);
    const cstring = (from: number) => {
      const end = body.indexOf(0, from);
      return { text: body.toString("utf8", from, end), next: end + 1 };
    };
    if (type === "P") {
      const name = cstring(0);
      const query = cstring(name.next).text;
      statementNames.set(name.text, query);
      if (name.text === "") statements.set(query, (statements.get(query) ?? 0) + 1);
    } else if (type === "B") {
      const statement = cstring(cstring(0).next).text;
      if (statement !== "") {
        const query = statementNames.get(statement) ?? statement;
        statements.set(query, (statements.get(query) ?? 0) + 1);
      }
    } else if (type === "Q") {
      const query = cstring(0).text;
      statements.set(query, (statements.get(query) ?? 0) + 1);
    }
    at += 1 + length;
  }
}

/** Redis commands served so far, by command (INFO commandstats). */
async function redisCommands(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info("commandstats");
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    out.set(m[1] ?? "", Number(m[2]));
  return out;
}

function diffCounts(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d > 0) out.set(k, d);
  }
  return out;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time of the service's process by area, and its hottest functions. */
function summariseProfile(nodes: readonly ProfileNode[]): string[] {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const area = (url: string, fn: string): string => {
    if (url === "") return fn.startsWith("(") ? fn : "(native)";
    const path = url.startsWith("file://") ? fileURLToPath(url) : url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (pkg?.[1]) return pkg[1];
    if (path.startsWith("node:")) return "node internals";
    if (path.startsWith(root)) return `${path.slice(root.length).split("/")[0] ?? ""}/`;
    return path;
  };
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + hits);
    const where = n.callFrame.url.replace(/^.*node_modules\//, "").replace(`file://${root}`, "");
    const fn = `${n.callFrame.functionName || "(anonymous)"} ${where}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + hits);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  return [
    "service CPU profile, self time by area:",
    ...top(byArea, 14).map(([k, v]) => `  ${pct(v)}  ${k}`),
    "hottest functions (self):",
    ...top(byFn, 15).map(([k, v]) => `  ${pct(v)}  ${k}`),
  ];
}

// ── The run ────────────────────────────────────────────────────────────────────────────────────

const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  console.log(
    `presses bench: ${debtorCount} debtors, ${seconds} s, worker concurrency ${concurrency}, log level ${logLevel}, db ${dbName}`,
  );
  await migrate(databaseUrl);
  const ready = await fromDriver("ready");

  let logLines = 0;
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const byte of chunk) if (byte === 10) logLines += 1;
      done();
    },
  });
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    API_TOKEN,
    PUBLIC_URL: "http://relance.bench",
    LOG_LEVEL: logLevel,
    TELEGRAM_BOT_TOKEN: ready.telegramToken,
    TELEGRAM_BOT_USERNAME: "relance_test_bot",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: ready.telegramUrl,
  });
  const offset = SERVICE_EPOCH - Date.now();
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const service = await startService(config, {
    mode: "all",
    logger: createLogger({ level: logLevel, destination: logSink }),
    clock,
    worker: {
      reconcileEveryMs: 3_600_000,
      concurrency,
      rates: {
        telegram: { perSecond: 100_000, perChatIntervalMs: 0 },
        "telegram-instant": { perSecond: 100_000, perChatIntervalMs: 0 },
      },
    },
  });
  const monitor = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const redisProbe = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    // Invoices through the API, as a business would create them; each has a deep-link token and
    // its own debtor and chat (a debtor's frequency cap would hold back a second reminder).
    const createdAt = performance.now();
    const businesses: string[] = [];
    for (let b = 0; b < Math.ceil(caseCount / CASES_PER_BUSINESS); b++) {
      businesses.push((await givenBusiness(service.db.db, { slack: undefined })).id);
    }
    const debtors: { chat: number; token: string }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < caseCount; i = next++) {
          const res = await fetch(`${service.url}/api/invoices`, {
            method: "POST",
            headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
            body: JSON.stringify({
              businessId: businesses[Math.floor(i / CASES_PER_BUSINESS)],
              number: `F-${i}-${randomBytes(3).toString("hex")}`,
              amount: 90_000,
              currency: "EUR",
              issuedAt: "2026-10-19",
              dueDate: "2026-11-18",
              debtor: {
                externalRef: `C-${i}-${randomBytes(3).toString("hex")}`,
                name: "Camille Martin",
                locale: "fr",
                timezone: "Europe/Paris",
              },
            }),
          });
          if (res.status !== 201) throw new Error(`invoice: ${res.status} ${await res.text()}`);
          const body = (await res.json()) as { links: { telegram: string } };
          const token = new URL(body.links.telegram).searchParams.get("start");
          if (!token) throw new Error("no deep-link token");
          debtors.push({ chat: 7_000_000 + i, token });
        }
      }),
    );
    console.log(
      `  ${caseCount} invoices created in ${Math.round(performance.now() - createdAt)} ms`,
    );

    toDriver({
      type: "run",
      webhookUrl: `${service.url}/webhooks/telegram`,
      secret: SECRET,
      seconds,
      debtors,
      concurrent: debtorCount,
    });
    await fromDriver("measuring");
    const cpuBefore = cpuTicks();
    const serviceCpuBefore = process.cpuUsage();
    const redisBefore = await redisCommands(redisProbe);
    const pgBefore = await pgCounters(monitor);
    const logsBefore = logLines;
    const session = profile ? new Session() : null;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
    }
    const activity = samplePgActivity(monitor, 20);
    countWrites = true;
    await fromDriver("measured");
    countWrites = false;
    const waits = await activity.stop();
    const cpuAfter = cpuTicks();
    const serviceCpu = process.cpuUsage(serviceCpuBefore);
    const redisAfter = await redisCommands(redisProbe);
    const pgAfter = await pgCounters(monitor);
    const logs = logLines - logsBefore;
    const cpuProfile = session
      ? ((await session.post("Profiler.stop")) as { profile: { nodes: ProfileNode[] } }).profile
      : null;
    session?.disconnect();
    if (cpuProfile) {
      const file = `/tmp/presses-${suffix}.cpuprofile`;
      writeFileSync(file, JSON.stringify(cpuProfile));
      console.log(`  service CPU profile written to ${file}`);
    }
    const { report } = await fromDriver("report");
    print(report, {
      cpuBefore,
      cpuAfter,
      pgBefore,
      pgAfter,
      waits,
      logs,
      cpuProfile,
      redis: diffCounts(redisBefore, redisAfter),
      serviceCpuMs: (serviceCpu.user + serviceCpu.system) / 1000,
    });
  } finally {
    toDriver({ type: "stop" });
    await monitor.end({ timeout: 5 });
    redisProbe.disconnect();
    await service.stop();
    await dropDatabase(databaseUrl);
    await deleteRedisKeys(redisUrl, prefix);
  }
}

function print(
  r: DriverReport,
  m: {
    cpuBefore: Map<string, number>;
    cpuAfter: Map<string, number>;
    pgBefore: Awaited<ReturnType<typeof pgCounters>>;
    pgAfter: Awaited<ReturnType<typeof pgCounters>>;
    waits: { samples: number; counts: Map<string, number> };
    logs: number;
    redis: Map<string, number>;
    serviceCpuMs: number;
    cpuProfile: { nodes: ProfileNode[] } | null;
  },
): void {
  const seconds = r.elapsedMs / 1000;
  const perPress = (n: number) => (r.presses > 0 ? (n / r.presses).toFixed(2) : "-");
  const lines = [
    "",
    `presses/s          ${(r.presses / seconds).toFixed(0)}  (${r.presses} presses in ${seconds.toFixed(1)} s)`,
    `webhook latency    p50 ${ms(r.webhook.p50)}  p99 ${ms(r.webhook.p99)}  max ${ms(r.webhook.max)}`,
    `press → reply      p50 ${ms(r.reply.p50)}  p99 ${ms(r.reply.p99)}  max ${ms(r.reply.max)}`,
    `cases walked       ${r.casesDone} of ${caseCount}${r.casesDone >= caseCount ? " (ran out of cases: raise --cases)" : ""}`,
    `anomalies          ${r.refusals} refused, ${r.missingReplies} without reply, ${r.non200} non-200${r.errors.length ? `, ${r.errors.join("; ")}` : ""}`,
    `Bot API calls      ${Object.entries(r.calls)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "",
    `service CPU/press  ${perPress(m.serviceCpuMs)} ms (user + system, whole process)`,
    "",
    "CPU during the measured window (100 % = one core):",
  ];
  for (const [role, after] of [...m.cpuAfter].sort((a, b) => b[1] - a[1])) {
    const used = (after - (m.cpuBefore.get(role) ?? 0)) / 100 / seconds;
    if (used > 0.005) lines.push(`  ${(used * 100).toFixed(0).padStart(4)} %  ${role}`);
  }
  lines.push(
    "",
    `Postgres: ${perPress(m.pgAfter.commits - m.pgBefore.commits)} commits/press, ${m.pgAfter.rollbacks - m.pgBefore.rollbacks} rollbacks; rows written per press:`,
  );
  const before = new Map(m.pgBefore.tables.map((t) => [t.name, t]));
  const written = m.pgAfter.tables
    .map((t) => ({
      name: t.name,
      n: t.ins + t.upd - (before.get(t.name)?.ins ?? 0) - (before.get(t.name)?.upd ?? 0),
    }))
    .filter((t) => t.n > 0)
    .sort((a, b) => b.n - a.n);
  lines.push(`  ${written.map((t) => `${t.name} ${perPress(t.n)}`).join(", ")}`);
  lines.push(`Postgres active sessions, mean over ${m.waits.samples} samples:`);
  for (const [what, n] of [...m.waits.counts].sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${(n / Math.max(1, m.waits.samples)).toFixed(2).padStart(6)}  ${what}`);
  }
  const redisTotal = [...m.redis.values()].reduce((a, b) => a + b, 0);
  lines.push(
    `Redis commands per press: ${perPress(redisTotal)} (${[...m.redis]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${perPress(v)}`)
      .join(", ")})`,
  );
  lines.push(
    `service socket writes per press: ${[...socketWrites]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${perPress(v)}`)
      .join(", ")}`,
  );
  lines.push(`service log lines per press: ${perPress(m.logs)}`);
  const statementTotal = [...statements.values()].reduce((a, b) => a + b, 0);
  lines.push(`Postgres statements per press: ${perPress(statementTotal)}, most frequent:`);
  for (const [query, n] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    lines.push(`  ${perPress(n).padStart(6)}  ${query.replace(/\s+/g, " ").slice(0, 110)}`);
  }
  if (m.cpuProfile) lines.push("", ...summariseProfile(m.cpuProfile.nodes));
  console.log(lines.join("\n"));
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  driver.kill();
}
