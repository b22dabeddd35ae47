import { Writable } from "node:stream";
import type { Hono } from "hono";
import { Redis } from "ioredis";
import { inject } from "vitest";
import type { Db } from "../../db/client.ts";
import { pingDatabase } from "../../db/stores/health.ts";
import { createIntakeStore } from "../../db/stores/intake-store.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppDeps } from "../../src/http/deps.ts";
import type { PaymentRecorded } from "../../src/intake/ports.ts";
import { createLogger } from "../../src/logger.ts";
import { TestClock } from "./clock.ts";
import { testDb } from "./db.ts";
import { TEST_LINKS } from "./fixtures.ts";

export const TEST_API_TOKEN = "test-api-token-0123456789";

export interface TestApp {
  readonly app: Hono;
  readonly db: Db;
  /** The app's "now" (`TEST_EPOCH` unless moved): fixtures take `clock.now()`. */
  readonly clock: TestClock;
  /** Every log line the app wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Payments passed to the `onPaymentRecorded` seam. */
  readonly recordedPayments: PaymentRecorded[];
  /** Sends a request with the bearer token and, when `body` is given, a JSON body. */
  api(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The real HTTP app on this run's database and Redis; close it in afterAll. */
export function buildTestApp(overrides: Partial<AppDeps> = {}): TestApp {
  const connection = testDb();
  const redis = new Redis(inject("redisUrl"), { lazyConnect: true, maxRetriesPerRequest: 1 });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const recordedPayments: PaymentRecorded[] = [];
  const clock = new TestClock();
  const app = createApp({
    intake: createIntakeStore(connection.db),
    health: {
      postgres: () => pingDatabase(connection.db),
      redis: async () => (await redis.ping()) === "PONG",
    },
    links: TEST_LINKS,
    apiToken: TEST_API_TOKEN,
    logger: createLogger({ level: "info", destination }),
    now: () => clock.now(),
    onPaymentRecorded: async (payment) => {
      recordedPayments.push(payment);
    },
    ...overrides,
  });
  return {
    app,
    db: connection.db,
    clock,
    logs,
    recordedPayments,
    api: (method, path, body) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: {
            authorization: `Bearer ${TEST_API_TOKEN}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    close: async () => {
      redis.disconnect();
      await connection.close();
    },
  };
}
