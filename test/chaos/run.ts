/**
 * The chaos test: `npm run test:chaos` (not part of `npm test`).
 *
 * Runs the real service — `src/main.ts web` and `src/main.ts worker` as child processes — on a
 * private Postgres cluster and a private Redis started for the run (so restarting them never
 * disturbs the shared ones), with the fake Telegram Bot API in this process. N debtors (300 by
 * default) negotiate at once, through Telegram webhooks and the web chat, retrying like real
 * clients, while the web and worker processes are killed with SIGKILL, Redis is restarted once
 * empty and once with its data, and Postgres is restarted once. Then, once everything is quiet,
 * it checks what must hold (test/chaos/checks.ts), prints the figures and exits 1 on any
 * violation.
 *
 * Environment: CHAOS_SEED (the fault schedule and the debtors' pauses; printed), CHAOS_N
 * (negotiations, 300), CHAOS_KILLS (SIGKILLs per role, 3), CHAOS_FAULT_SECONDS (the window the
 * faults fall in), CHAOS_KEEP=1 (keep the temporary directory with every process's log).
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { DateTime } from "luxon";
import postgres from "postgres";
import { connectDb } from "../../db/client.ts";
import { nextAllowedInstant } from "../../src/core/quiet-hours.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { runChecks } from "./checks.ts";
import {
  createInvoice,
  type Negotiation,
  negotiate,
  newClientStats,
  Semaphore,
} from "./debtors.ts";
import { type FaultRecord, planFaults, runFaults } from "./faults.ts";
import { ServiceProcesses } from "./processes.ts";
import { Rng } from "./rng.ts";
import { freePort, PrivatePostgres, PrivateRedis } from "./services.ts";
import { wallDate, wallNow } from "./wall-clock.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const API_TOKEN = "chaos-api-token-0123456789abcdef";
const WEBHOOK_SECRET = "chaos-webhook-secret-0123456789";
const BOT_USERNAME = "relance_chaos_bot";
const PREFIX = "chaos";
const CASES_PER_BUSINESS = 50;
/** Every day allowed, 08:00–20:00 (the default window): whether a debtor may get an automated
 *  message now depends only on their zone. */
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];
const SEND_WINDOW = { from: "08:00", to: "20:00" };

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
}

const seed = envNumber("CHAOS_SEED", randomInt(1, 2 ** 31));
const N = Math.floor(envNumber("CHAOS_N", 300));
const KILLS = Math.floor(envNumber("CHAOS_KILLS", 3));
const FAULT_WINDOW_MS =
  envNumber("CHAOS_FAULT_SECONDS", Math.max(30, Math.min(150, N * 0.5))) * 1000;
const WEBCHAT_SHARE = 0.25;
const CLOSED_ZONE_SHARE = 0.2;
const SECOND_INVOICE_SHARE = 0.3;
const WALK_DEADLINE_MS = envNumber("CHAOS_WALK_SECONDS", 900) * 1000;
const QUIET_DEADLINE_MS = envNumber("CHAOS_QUIET_SECONDS", 300) * 1000;
const STALL_MS = 90_000;

const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => process.stdout.write(`[chaos ${elapsed()}] ${line}\n`);

// ── Clean-up, whatever happens ─────────────────────────────────────────────────────────────────

const cleanups: (() => void)[] = [];
let cleaned = false;
function cleanUp(): void {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch (error) {
      process.stderr.write(`chaos clean-up: ${String(error)}\n`);
    }
  }
}
process.on("exit", cleanUp);
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));

// ── Time zones: some debtors inside their send window for the whole run, some outside ─────────

const CANDIDATE_ZONES = [
  "Pacific/Honolulu",
  "America/Anchorage",
  "America/Los_Angeles",
  "America/Denver",
  "America/Chicago",
  "America/New_York",
  "America/Sao_Paulo",
  "Atlantic/South_Georgia",
  "Atlantic/Azores",
  "Europe/London",
  "Europe/Paris",
  "Europe/Helsinki",
  "Europe/Moscow",
  "Asia/Dubai",
  "Asia/Karachi",
  "Asia/Dhaka",
  "Asia/Bangkok",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Australia/Brisbane",
  "Pacific/Noumea",
  "Pacific/Auckland",
  "Pacific/Tongatapu",
  "Pacific/Kiritimati",
];

/** Zones whose window stays open (closed) for the next `hours` hours, from now. */
function pickZones(hours: number): { open: string[]; closed: string[] } {
  const now = wallDate();
  const later = new Date(now.getTime() + hours * 3_600_000);
  const open: string[] = [];
  const closed: string[] = [];
  for (const zone of CANDIDATE_ZONES) {
    const window = { timezone: zone, sendWindow: SEND_WINDOW, allowedWeekdays: ALL_WEEK };
    const allowedNow = nextAllowedInstant(now, window).getTime() === now.getTime();
    const allowedLater = nextAllowedInstant(later, window).getTime() === later.getTime();
    const opensAt = nextAllowedInstant(now, window).getTime();
    if (allowedNow && allowedLater) open.push(zone);
    else if (!allowedNow && opensAt >= later.getTime()) closed.push(zone);
  }
  if (open.length === 0 || closed.length === 0) {
    throw new Error(`no zone to use now: open ${open.join(",")} closed ${closed.join(",")}`);
  }
  return { open: open.slice(0, 3), closed: closed.slice(0, 3) };
}

/**
 * Cases whose next ladder step comes due in the middle of the run, when that can be arranged: a
 * step goes out at 09:00 in the debtor's zone, so if the next whole UTC hour falls within the
 * fault window, a debtor in the zone where it is then 09:00, with an invoice due that day, has
 * its "due today" timer waiting as a delayed job in Redis while Redis loses its data (issue 14:
 * such timers were never fired). Null when the next hour is too near or too far.
 */
function timersDueDuringTheRun(
  windowMs: number,
): { zone: string; dueDate: string; dueAt: number } | null {
  const now = wallNow();
  const dueAt = Math.ceil(now / 3_600_000) * 3_600_000;
  if (dueAt - now < 60_000 || dueAt - now > windowMs) return null;
  let offset = 9 - new Date(dueAt).getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT zones count the other way round: Etc/GMT-3 is three hours ahead of UTC.
  const zone = offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
  const dueDate = DateTime.fromMillis(dueAt, { zone }).toISODate() ?? "";
  return { zone, dueDate, dueAt };
}

function isoDay(ms: number): string {
  return DateTime.fromMillis(ms, { zone: "UTC" }).toISODate() ?? "";
}

// ── The run ────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const rng = new Rng(seed);
  const faultRng = rng.fork();
  const debtorRng = rng.fork();
  log(
    `seed ${seed} (CHAOS_SEED=${seed} replays the schedule), ${N} negotiations, ${KILLS} SIGKILLs per role, faults within ${FAULT_WINDOW_MS / 1000} s`,
  );

  const root = mkdtempSync(path.join(tmpdir(), "relance-chaos-"));
  mkdirSync(path.join(root, "logs"));
  if (process.env.CHAOS_KEEP === "1") log(`keeping ${root}`);
  else cleanups.push(() => rmSync(root, { recursive: true, force: true }));

  // Private Postgres and Redis.
  const pg = new PrivatePostgres(root, await freePort(55432));
  cleanups.push(() => pg.killNow());
  await pg.init();
  const redis = new PrivateRedis(root, await freePort(56379));
  cleanups.push(() => redis.killNow());
  await redis.start();
  log(`private Postgres on ${pg.port}, Redis on ${redis.port} (${root})`);
  const migrated = spawnSync("npm", ["run", "-s", "db:migrate"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: pg.url },
    encoding: "utf8",
  });
  if (migrated.status !== 0) throw new Error(`db:migrate failed: ${migrated.stderr}`);

  // The fake Telegram, and the service's processes pointed at it.
  // Telegram gives up on a webhook call after about a minute, then delivers the update again.
  const telegram = new FakeTelegram({ webhookTimeoutMs: 60_000, botUsername: BOT_USERNAME });
  await telegram.start();
  cleanups.push(() => void telegram.stop());
  const webPort = await freePort(53080);
  const webUrl = `http://127.0.0.1:${webPort}`;
  const processes = new ServiceProcesses({
    repoRoot: REPO_ROOT,
    logDir: path.join(root, "logs"),
    webUrl,
    restartDelayMs: 1_000,
    env: {
      NODE_ENV: "production",
      PORT: String(webPort),
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      PUBLIC_URL: webUrl,
      API_TOKEN,
      LOG_LEVEL: "info",
      BULLMQ_PREFIX: PREFIX,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_BOT_USERNAME: BOT_USERNAME,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: telegram.url,
    },
  });
  cleanups.push(() => processes.killNow());
  const t0 = performance.now();
  await processes.start();
  log(`web and worker up in ${Math.round(performance.now() - t0)} ms`);
  const hook = await fetch(
    `${telegram.url}/bot${telegram.token}/setWebhook?url=${encodeURIComponent(
      `${webUrl}/webhooks/telegram`,
    )}&secret_token=${WEBHOOK_SECRET}`,
  );
  if (hook.status !== 200) throw new Error(`setWebhook: ${hook.status}`);

  // Businesses (before any fault: creating one is not idempotent).
  const businessIds: string[] = [];
  for (let b = 0; b < Math.ceil(N / CASES_PER_BUSINESS); b++) {
    const res = await fetch(`${webUrl}/api/businesses`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: `Atelier Chaos ${b + 1}`,
        locale: "fr",
        timezone: "Europe/Paris",
        currency: "EUR",
        policy: { allowedWeekdays: ALL_WEEK, sendWindow: SEND_WINDOW },
        paymentInstructions: { iban: "FR76 3000 6000 0112 3456 7890 189" },
      }),
    });
    if (res.status !== 201) throw new Error(`business: ${res.status} ${await res.text()}`);
    businessIds.push(((await res.json()) as { id: string }).id);
  }

  // Cases with a timer due in the middle of the run (no chat: the step only writes its audit).
  const timed = timersDueDuringTheRun(FAULT_WINDOW_MS + N * 1_000);
  const timedCases: string[] = [];
  if (timed) {
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${webUrl}/api/invoices`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          businessId: businessIds[0],
          number: `T-${seed.toString(36)}-${i}`,
          amount: 50_000,
          currency: "EUR",
          issuedAt: isoDay(wallNow() - 30 * 86_400_000),
          dueDate: timed.dueDate,
          debtor: {
            externalRef: `T-${seed.toString(36)}-${i}`,
            name: `Débiteur T${i}`,
            locale: "fr",
            timezone: timed.zone,
          },
        }),
      });
      if (res.status !== 201) throw new Error(`invoice: ${res.status} ${await res.text()}`);
      timedCases.push(((await res.json()) as { caseId: string }).caseId);
    }
    log(
      `10 cases with their "due today" step at ${new Date(timed.dueAt).toISOString()} (09:00 in ${timed.zone})`,
    );
  } else {
    log(
      "no ladder step can be made due within the fault window now (the next whole hour is too far)",
    );
  }

  // The negotiations.
  const zones = pickZones(3);
  log(
    `debtors' zones: inside their window ${zones.open.join(", ")}; in quiet hours ${zones.closed.join(", ")}`,
  );
  const now = wallNow();
  const dueDate = isoDay(now - 5 * 86_400_000);
  const issuedAt = isoDay(now - 35 * 86_400_000);
  const runTag = seed.toString(36);
  const negotiations: Negotiation[] = Array.from({ length: N }, (_, i) => {
    const zoneClosed = debtorRng.chance(CLOSED_ZONE_SHARE);
    return {
      index: i,
      channel: debtorRng.chance(WEBCHAT_SHARE) ? "webchat" : "telegram",
      zone: debtorRng.pick(zoneClosed ? zones.closed : zones.open),
      zoneClosed,
      businessId: businessIds[Math.floor(i / CASES_PER_BUSINESS)] ?? "",
      externalRef: `CH-${runTag}-${i}`,
      number: `F-${runTag}-${i}`,
      chat: 700_000_000 + i,
      secondInvoice: debtorRng.chance(SECOND_INVOICE_SHARE),
      confirmAcknowledged: false,
      sawWrittenConfirmation: false,
      presses: 0,
      redeliveries: 0,
      retaps: 0,
      trace: [],
    };
  });

  const plan = planFaults(faultRng, {
    kills: KILLS,
    windowMs: FAULT_WINDOW_MS,
    minGapMs: Math.min(8_000, FAULT_WINDOW_MS / (2 * KILLS + 4)),
  });
  log(`faults planned: ${plan.map((f) => `${f.kind}@${(f.atMs / 1000).toFixed(0)}s`).join(", ")}`);

  const probe = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  probe.on("error", () => undefined);
  await probe.connect();
  cleanups.push(() => probe.disconnect());

  // The invoices, before the debtors answer (as a business posts them days before), a few at a
  // time: this machine's service creates about one a second under load.
  const setupStartedAt = performance.now();
  const setupWorld = {
    webUrl,
    apiToken: API_TOKEN,
    issuedAt,
    dueDate,
    deadline: setupStartedAt + 1_800_000,
    stats: newClientStats(),
  };
  let nextInvoice = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let n = negotiations[nextInvoice++]; n !== undefined; n = negotiations[nextInvoice++]) {
        n.invoice = await createInvoice(setupWorld, debtorRng.fork(), n, n.number, 90_000);
        n.caseId = n.invoice.caseId;
      }
    }),
  );
  const setupMs = performance.now() - setupStartedAt;
  log(`${N} invoices created in ${(setupMs / 1000).toFixed(0)} s`);

  const stats = newClientStats();
  const loadStartedAt = performance.now();
  const world = {
    webhookSlots: new Semaphore(40),
    telegram,
    webUrl,
    apiToken: API_TOKEN,
    issuedAt,
    dueDate,
    deadline: loadStartedAt + WALK_DEADLINE_MS,
    stallMs: STALL_MS,
    stats,
  };
  const rampMs = Math.min(30_000, N * 100);
  const progress = setInterval(() => {
    const done = negotiations.filter((n) => n.finishedAt !== undefined).length;
    const confirmed = negotiations.filter((n) => n.confirmAcknowledged).length;
    log(
      `load: ${done}/${N} finished, ${confirmed} confirmed, ${telegram.calls.length} Bot API calls`,
    );
  }, 15_000);
  const walks = Promise.all(
    negotiations.map(async (n, i) => {
      const pause = (i * rampMs) / N;
      await new Promise((r) => setTimeout(r, pause));
      await negotiate(world, debtorRng.fork(), n);
    }),
  );
  const faults: FaultRecord[] = await runFaults(
    plan,
    { processes, postgres: pg, redis, probe, log },
    loadStartedAt,
  );
  log(`faults done after ${((performance.now() - loadStartedAt) / 1000).toFixed(0)} s`);
  await walks;
  clearInterval(progress);
  const loadMs = performance.now() - loadStartedAt;
  log(`every negotiation ended after ${(loadMs / 1000).toFixed(0)} s`);

  // Quiet: nothing due left in the outbox or the timers (what is held for later stays).
  await Promise.all([processes.waitReady("web"), processes.waitReady("worker")]);
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  cleanups.push(() => void sql.end({ timeout: 1 }));
  const quietStartedAt = performance.now();
  let quietFor = 0;
  for (;;) {
    const [row] = await sql<{ rows: number; timers: number }[]>`
      select (select count(*) from outbox where status = 'pending' and not_before <= now())::int as rows,
             (select count(*) from timers where status = 'pending' and due_at <= now())::int as timers`;
    if (row?.rows === 0 && row.timers === 0) quietFor += 1;
    else quietFor = 0;
    if (quietFor >= 3) break;
    if (performance.now() - quietStartedAt > QUIET_DEADLINE_MS) {
      log(
        `not quiet after ${QUIET_DEADLINE_MS / 1000} s: ${row?.rows} rows and ${row?.timers} timers due`,
      );
      break;
    }
    if (Math.round((performance.now() - quietStartedAt) / 1000) % 15 < 2) {
      log(`waiting for quiet: ${row?.rows} outbox rows and ${row?.timers} timers due`);
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const quietMs = performance.now() - quietStartedAt;
  log(`quiet after ${(quietMs / 1000).toFixed(0)} s`);

  const db = connectDb(pg.url, { maxConnections: 1 });
  // What can keep a message the platform took from being marked sent: the process dying.
  const kills = processes.events
    .filter((e) => e.kind === "killed" || e.kind === "exited")
    .map((e) => ({
      at: e.at,
      what: e.kind === "killed" ? `SIGKILL ${e.role}` : `${e.role} exited on its own`,
    }));
  const timedFigures = await timersFigures(sql, timedCases, timed?.dueAt ?? null);
  const report = await runChecks({
    sql,
    db: db.db,
    redis: probe,
    prefix: PREFIX,
    calls: telegram.calls,
    negotiations,
    faults,
    kills,
  });
  await db.close();

  // ── Figures ──
  const finished = negotiations.filter((n) => n.sawWrittenConfirmation);
  const failed = negotiations.filter((n) => n.error !== undefined);
  const unfinished = negotiations.filter((n) => !n.sawWrittenConfirmation);
  for (const n of unfinished) {
    report.violations.push({
      check: "negotiations",
      detail: `negotiation ${n.index} (${n.channel}, case ${n.caseId ?? "-"}) did not reach its written confirmation: ${n.error ?? "?"}; steps ${n.trace.join(" → ")}`,
    });
  }
  const exits = processes.events.filter((e) => e.kind === "exited");
  const logs = logLevels(processes.logFiles());
  const byChannel = (c: string) => negotiations.filter((n) => n.channel === c).length;
  const figures: [string, string | number][] = [
    ["seed", seed],
    [
      "negotiations (Telegram / web chat)",
      `${N} (${byChannel("telegram")} / ${byChannel("webchat")})`,
    ],
    ["debtors in quiet hours during the run", negotiations.filter((n) => n.zoneClosed).length],
    [
      "second invoices (automated reminder due at once)",
      negotiations.filter((n) => n.secondCaseId).length,
    ],
    ["negotiations that reached the written confirmation", finished.length],
    ["negotiations that gave up", failed.length],
    ["invoices created before the load (4 at a time)", `${(setupMs / 1000).toFixed(0)} s`],
    ["load duration (all negotiations ended)", `${(loadMs / 1000).toFixed(0)} s`],
    ["time to quiet after the load", `${(quietMs / 1000).toFixed(0)} s`],
    ["button presses", sum(negotiations.map((n) => n.presses))],
    ["same update / post sent again (no 2xx)", sum(negotiations.map((n) => n.redeliveries))],
    ["presses made again after 90 s without an answer", sum(negotiations.map((n) => n.retaps))],
    ["press → next card, Telegram (p50 / p99 / max)", spread(stats.answerMs.telegram)],
    ["press → next card, web chat (p50 / p99 / max)", spread(stats.answerMs.webchat)],
    ["webhook deliveries", stats.webhookDeliveries],
    ["web chat posts / polls", `${stats.webchatPosts} / ${stats.webchatPolls}`],
    ...Object.entries(stats.failures).map(([route, byStatus]): [string, string] => [
      `failed calls: ${route}`,
      Object.entries(byStatus)
        .map(([s, n]) => `${s === "0" ? "no answer" : s}×${n}`)
        .join(", "),
    ]),
    ...faults.map((f): [string, string] => [`fault ${f.kind}`, f.detail]),
    ["processes that exited on their own (restarted)", exits.length],
    ...exits.slice(0, 8).map((e): [string, string] => [`  ${e.role} exited`, e.detail ?? ""]),
    ...[...logs].map(([k, v]): [string, number] => [`log lines ${k}`, v]),
    ...report.figures,
    ...timedFigures,
  ];
  printTable(figures);
  const violations = report.violations;
  if (violations.length > 0) {
    const byCheck = new Map<string, string[]>();
    for (const v of violations) byCheck.set(v.check, [...(byCheck.get(v.check) ?? []), v.detail]);
    process.stdout.write(`\nVIOLATIONS (${violations.length}):\n`);
    for (const [check, details] of byCheck) {
      process.stdout.write(`  ${check}: ${details.length}\n`);
      for (const d of details.slice(0, 12)) process.stdout.write(`    - ${d}\n`);
      if (details.length > 12) process.stdout.write(`    … and ${details.length - 12} more\n`);
    }
  } else {
    process.stdout.write("\nno violation\n");
  }

  await processes.stop();
  await telegram.stop();
  await sql.end({ timeout: 2 });
  probe.disconnect();
  log(`done in ${elapsed().trim()} (seed ${seed})`);
  return violations.length > 0 ? 1 : 0;
}

/** How the timers due in the middle of the run fared (see `timersDueDuringTheRun`). */
async function timersFigures(
  sql: postgres.Sql,
  caseIds: readonly string[],
  dueAt: number | null,
): Promise<[string, string | number][]> {
  if (dueAt === null || caseIds.length === 0) {
    return [["ladder steps due during the run", "none this run (next whole hour too far)"]];
  }
  const rows = await sql<{ status: string; dueAt: Date; firedAt: Date | null }[]>`
    select status, due_at as "dueAt", fired_at as "firedAt" from timers
    where case_id in ${sql(caseIds)} and due_at = ${new Date(dueAt)}`;
  const fired = rows.filter((r) => r.status === "fired" && r.firedAt);
  const late = fired.map((r) => ((r.firedAt?.getTime() ?? 0) - r.dueAt.getTime()) / 1000);
  return [
    [
      `ladder steps due during the run (${new Date(dueAt).toISOString().slice(11, 16)} UTC)`,
      `${fired.length} of ${rows.length} fired, ${late.length ? `${Math.min(...late).toFixed(1)}–${Math.max(...late).toFixed(1)} s late` : "-"}`,
    ],
  ];
}

function spread(ms: readonly number[]): string {
  if (ms.length === 0) return "-";
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  return `${s(at(0.5))} / ${s(at(0.99))} / ${s(sorted.at(-1) ?? 0)} (${ms.length} presses)`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Log lines of every process by role and pino level. */
function logLevels(files: readonly { role: string; file: string }[]): Map<string, number> {
  const names: Record<number, string> = {
    10: "trace",
    20: "debug",
    30: "info",
    40: "warn",
    50: "error",
    60: "fatal",
  };
  const out = new Map<string, number>();
  for (const { role, file } of files) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const level = /^\{"level":"?(\w+)"?/.exec(line)?.[1];
      const key = `${role} ${level ? (names[Number(level)] ?? level) : "not JSON (stderr)"}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

function printTable(rows: readonly [string, string | number][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${"─".repeat(width + 30)}\n`);
  for (const [k, v] of rows) {
    const value = typeof v === "number" ? v.toLocaleString("en-US") : v;
    process.stdout.write(`${k.padEnd(width)}  ${value}\n`);
  }
  process.stdout.write(`${"─".repeat(width + 30)}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos run failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(2);
  },
);
