import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { connectDb } from "../../db/client.ts";
import { dropDatabase, ensureDatabase } from "../../db/migrate.ts";
import { databaseMigrated, pingDatabase } from "../../db/stores/health.ts";
import { buildTestApp } from "../support/app.ts";
import { withDatabaseName } from "../support/services.ts";

const t = buildTestApp();
afterAll(() => t.close());

describe("health endpoints", () => {
  it("GET /healthz answers while the process is up, without a token", async () => {
    const response = await t.app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz is 200 when Postgres and Redis answer", async () => {
    const response = await t.app.request("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      checks: { postgres: true, redis: true },
    });
  });

  it("GET /readyz is 503 naming Redis when Redis does not answer", async () => {
    // Port 1 on localhost: nothing listens, the connection is refused at once.
    const deadRedis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    deadRedis.on("error", () => {});
    const unready = buildTestApp({
      health: {
        postgres: () => pingDatabase(t.db),
        redis: async () => (await deadRedis.ping()) === "PONG",
      },
    });
    try {
      const response = await unready.app.request("/readyz");
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "not_ready",
        checks: { postgres: true, redis: false },
      });
    } finally {
      deadRedis.disconnect();
      await unready.close();
    }
  });

  it("GET /readyz is 503 naming the migrations when Postgres answers but is not migrated", async () => {
    const url = withDatabaseName(
      inject("databaseUrl"),
      `relance_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`,
    );
    await ensureDatabase(url);
    const empty = connectDb(url, { maxConnections: 1 });
    const unready = buildTestApp({
      health: {
        postgres: () => pingDatabase(empty.db),
        migrations: () => databaseMigrated(empty.db),
        redis: async () => true,
      },
    });
    try {
      const response = await unready.app.request("/readyz");
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "not_ready",
        checks: { postgres: true, migrations: false, redis: true },
      });
      const migrated = buildTestApp({
        health: {
          postgres: () => pingDatabase(t.db),
          migrations: () => databaseMigrated(t.db),
          redis: async () => true,
        },
      });
      const ok = await migrated.app.request("/readyz");
      expect(await ok.json()).toEqual({
        status: "ready",
        checks: { postgres: true, migrations: true, redis: true },
      });
      await migrated.close();
    } finally {
      await unready.close();
      await empty.close();
      await dropDatabase(url);
    }
  });
});
