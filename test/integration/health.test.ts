import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { pingDatabase } from "../../db/stores/health.ts";
import { buildTestApp } from "../support/app.ts";

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
});
