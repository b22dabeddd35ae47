import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Redis } from "ioredis";
import postgres from "postgres";
import { afterEach, describe, expect, inject, it } from "vitest";
import { withDatabaseName } from "../support/services.ts";

async function demoDatabases(): Promise<string[]> {
  const sql = postgres(withDatabaseName(inject("databaseUrl"), "postgres"), { max: 1 });
  try {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like 'relance\\_demo\\_%'`;
    return rows.map((r) => r.datname);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function demoKeys(): Promise<number> {
  const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
  try {
    // Every demo's keys, over the whole keyspace (one SCAN call sees only part of it).
    let cursor = "0";
    let n = 0;
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", "relance-demo-*", "COUNT", 10_000);
      cursor = next;
      n += keys.length;
    } while (cursor !== "0");
    return n;
  } finally {
    redis.disconnect();
  }
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("npm run demo -- --keep", () => {
  it("drops its database and its Redis keys when stopped with SIGTERM", async () => {
    const databasesBefore = await demoDatabases();
    // Another demo (a developer's, killed with -9) may have left keys: only this one's count.
    const keysBefore = await demoKeys();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "demo", "--keep"], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: inject("databaseUrl"),
        REDIS_URL: inject("redisUrl"),
        PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let stdout = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        if (stdout.includes("Ctrl-C to stop")) resolve();
      });
      child.once("exit", () => reject(new Error(`the demo exited early:\n${stdout}`)));
    });
    const during = (await demoDatabases()).filter((d) => !databasesBefore.includes(d));
    expect(during).toHaveLength(1);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
    expect(await demoDatabases()).not.toContain(during[0]);
    expect(await demoKeys()).toBe(keysBefore);
  }, 180_000);
});
