import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { afterEach, describe, expect, inject, it } from "vitest";
import { dropDatabase, ensureDatabase } from "../../db/migrate.ts";
import { eventually } from "../support/service.ts";
import { withDatabaseName } from "../support/services.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

/** Children still running when a test ends (it failed or timed out) are killed, never left. */
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  children.clear();
});

/** Each test spawns `tsx`, which takes 10-20 s to start on a loaded 2-core machine. */
const SPAWN_TIMEOUT_MS = 120_000;

import { fileBullmqPrefix, fileDatabaseUrl } from "../support/isolation.ts";

/**
 * The real entry point, as `npm start` runs it, on this file's own database and BullMQ prefix:
 * it runs on the system clock with a reconciler whose first pass starts at once, so it must see
 * no other file's cases, timers or queues (see test/support/isolation.ts).
 */
function startMain(mode: string, env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", mode], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: fileDatabaseUrl(),
      REDIS_URL: inject("redisUrl"),
      BULLMQ_PREFIX: `${fileBullmqPrefix()}main`,
      PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const lines: Record<string, unknown>[] = [];
  let stderr = "";
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const line of parts) if (line.trim() !== "") lines.push(JSON.parse(line));
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  /** Resolves with the first log line whose `msg` is `msg`; rejects if the process exits first. */
  const waitFor = (msg: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = lines.find((l) => l.msg === msg);
        if (found === undefined) return false;
        child.stdout?.off("data", onData);
        child.off("exit", onExit);
        resolve(found);
        return true;
      };
      // Runs after the line-splitting listener registered above.
      const onData = () => void check();
      const onExit = () => {
        if (!check()) reject(new Error(`no "${msg}" log line; stderr: ${stderr}`));
      };
      if (check()) return;
      child.stdout?.on("data", onData);
      child.on("exit", onExit);
    });
  const exited = async (c: ChildProcess) =>
    c.exitCode ?? ((await once(c, "exit"))[0] as number | null);
  return { child, lines, waitFor, stderr: () => stderr, exited: () => exited(child) };
}

const API_TOKEN = "process-test-token-0123456789";

describe("src/main.ts", { timeout: SPAWN_TIMEOUT_MS }, () => {
  it("serves web and worker in one process, and drains and exits 0 on SIGTERM", async () => {
    const main = startMain("all", { API_TOKEN });
    const listening = await main.waitFor("web listening");
    await main.waitFor("worker ready");
    const port = listening.port as number;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: { postgres: true, migrations: true, redis: true, schedulers: true },
    });
    main.child.kill("SIGTERM");
    expect(await main.exited()).toBe(0);
    expect(main.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["draining", "stopped"]));
  });

  it("refuses to start with one clear line naming a missing secret", async () => {
    const main = startMain("web", { API_TOKEN: undefined });
    expect(await main.exited()).toBe(1);
    expect(main.stderr().trim().split("\n")).toEqual([
      "relance: invalid configuration: API_TOKEN is required",
    ]);
  });

  it("stops with one line when Postgres cannot be reached, before listening", async () => {
    const main = startMain("all", {
      API_TOKEN,
      DATABASE_URL: "postgres://postgres@127.0.0.1:9/relance",
    });
    expect(await main.exited()).toBe(1);
    const lines = main.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^relance: Postgres at 127\.0\.0\.1:9 cannot be reached/);
    expect(main.lines.map((l) => l.msg)).not.toContain("web listening");
  });

  it("stops with one line when the database is not migrated, naming the command", async () => {
    const url = withDatabaseName(
      inject("databaseUrl"),
      `relance_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`,
    );
    await ensureDatabase(url);
    try {
      const main = startMain("web", { API_TOKEN, DATABASE_URL: url });
      expect(await main.exited()).toBe(1);
      const lines = main.stderr().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^relance: the database .* is not migrated \(\d+ migrations pending\): run npm run db:migrate/,
      );
    } finally {
      await dropDatabase(url);
    }
  });

  it("a Redis outage is one warn line and one info line, and nothing raw on stderr", async () => {
    const redisUrl = inject("redisUrl");
    const proxy = new TcpProxy(redisUrl);
    await proxy.start();
    try {
      const main = startMain("all", { API_TOKEN, REDIS_URL: proxy.url(redisUrl) });
      await main.waitFor("worker ready");
      const mark = main.lines.length;
      const connections = proxy.open;
      proxy.cut();
      // Every connection of the process retries on its own schedule (the workers' blocking
      // connections too): 150 refused attempts is what used to print hundreds of lines.
      await eventually(() => proxy.refused >= 150, {
        what: "150 refused reconnections",
        timeoutMs: 90_000,
      });
      const refused = proxy.refused;
      proxy.restore();
      await main.waitFor("dependency available again");
      // The probe's connection is back; the workers' come back on their own backoff. Stopped
      // before they are, a worker's close waits for its connection within a grace (and says so
      // past it): this test is about the outage, so it stops a process whose connections are back.
      await eventually(() => proxy.open >= connections || null, {
        what: `the process's ${connections} Redis connections back`,
        timeoutMs: 30_000,
      });
      main.child.kill("SIGTERM");
      expect(await main.exited()).toBe(0);

      const during = main.lines.slice(mark);
      const loud = during.filter((l) => l.level === "warn" || l.level === "error");
      console.info(
        `[figures] Redis outage in a real process: ${refused} refused reconnections → ` +
          `${loud.length} warn/error line(s), ${main.stderr().split("\n").filter(Boolean).length} ` +
          "line(s) on stderr",
      );
      expect(loud).toEqual([
        expect.objectContaining({
          msg: "dependency unavailable",
          dependency: "redis",
          code: "relance_redis_unavailable",
        }),
      ]);
      expect(during.filter((l) => l.msg === "dependency available again")).toEqual([
        expect.objectContaining({ level: "info", dependency: "redis" }),
      ]);
      expect(main.stderr()).toBe("");
    } finally {
      await proxy.stop();
    }
  });

  it("stops with one line when Redis cannot be reached", async () => {
    const main = startMain("worker", { API_TOKEN, REDIS_URL: "redis://127.0.0.1:9" });
    expect(await main.exited()).toBe(1);
    const lines = main.stderr().trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^relance: Redis at 127\.0\.0\.1:9 cannot be reached/),
    ]);
    expect(main.lines.map((l) => l.msg)).not.toContain("worker ready");
  });
});
