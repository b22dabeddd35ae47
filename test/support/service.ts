import { Writable } from "node:stream";
import { and, count, eq, lte } from "drizzle-orm";
import { inject } from "vitest";
import { outbox, timers } from "../../db/schema.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { type RunningService, type ServiceOptions, startService } from "../../src/main.ts";
import type { Clock } from "../../src/runtime/ports.ts";
import { TEST_API_TOKEN } from "./app.ts";
import { fileDatabaseUrl, serviceBullmqPrefix } from "./isolation.ts";

export { TEST_EPOCH, TestClock } from "./clock.ts";

/**
 * The real service — HTTP server, runtime, BullMQ workers — as `src/main.ts` composes it, on this
 * file's database and a fresh BullMQ prefix under the file's (isolation.ts), with its platforms
 * pointed at local fakes.
 */

export const TEST_TELEGRAM_SECRET = "tg-webhook-secret-0123456789";
export const TEST_SLACK_SECRET = "slack-signing-secret-0123456789";
export const TEST_BOT_USERNAME = "relance_test_bot";

export interface TestServiceOptions {
  /** Required: the service never runs on the system clock in a test (see clock.ts). */
  readonly clock: Clock;
  readonly telegramApiRoot?: string;
  readonly telegramToken?: string;
  readonly slackApiUrl?: string;
  readonly slackToken?: string;
  readonly env?: Record<string, string>;
  readonly mode?: ServiceOptions["mode"];
  readonly worker?: ServiceOptions["worker"];
  readonly deliverAfterCommit?: ServiceOptions["deliverAfterCommit"];
  readonly slackClickRetryDelaysMs?: ServiceOptions["slackClickRetryDelaysMs"];
}

export interface TestService extends RunningService {
  readonly config: Config;
  readonly logs: Record<string, unknown>[];
  /** Sends a request to the API with the bearer token. */
  api(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const env: Record<string, string> = {
    NODE_ENV: "test",
    PORT: "0",
    DATABASE_URL: fileDatabaseUrl(),
    REDIS_URL: inject("redisUrl"),
    BULLMQ_PREFIX: serviceBullmqPrefix(),
    API_TOKEN: TEST_API_TOKEN,
    PUBLIC_URL: "http://relance.test",
    LOG_LEVEL: "info",
    ...(options.telegramApiRoot
      ? {
          TELEGRAM_BOT_TOKEN: options.telegramToken ?? "",
          TELEGRAM_BOT_USERNAME: TEST_BOT_USERNAME,
          TELEGRAM_WEBHOOK_SECRET: TEST_TELEGRAM_SECRET,
          TELEGRAM_API_ROOT: options.telegramApiRoot,
        }
      : {}),
    ...(options.slackApiUrl
      ? {
          SLACK_SIGNING_SECRET: TEST_SLACK_SECRET,
          SLACK_BOT_TOKEN: options.slackToken ?? "",
          SLACK_API_URL: options.slackApiUrl,
        }
      : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const service = await startService(config, {
    mode: options.mode ?? "all",
    logger: createLogger({ level: "info", destination }),
    clock: options.clock,
    worker: { reconcileEveryMs: null, ...options.worker },
    ...(options.deliverAfterCommit === undefined
      ? {}
      : { deliverAfterCommit: options.deliverAfterCommit }),
    ...(options.slackClickRetryDelaysMs === undefined
      ? {}
      : { slackClickRetryDelaysMs: options.slackClickRetryDelaysMs }),
  });
  const base = service.url ?? "http://127.0.0.1";
  return {
    ...service,
    config,
    logs,
    api: (method, path, body) =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_API_TOKEN}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/** Waits for asynchronous work (the outbox relay, a timer job) to show its effect. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 10_000, what = "condition" }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  // Elapsed real time (monotonic), never a date: the code under test runs on the test clock.
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Waits until a case has nothing left to do right now: no timer due by the service's clock and no
 * outbox row waiting to go. Starting a case (at invoice creation) may fire a due ladder step at
 * once; a test that then asserts "this request wrote nothing" snapshots after that has settled.
 */
export async function caseAtRest(svc: TestService, caseId: string): Promise<void> {
  await eventually(
    async () => {
      const now = svc.runtime.clock.now();
      const [due] = await svc.db.db
        .select({ n: count() })
        .from(timers)
        .where(
          and(eq(timers.caseId, caseId), eq(timers.status, "pending"), lte(timers.dueAt, now)),
        );
      const [waiting] = await svc.db.db
        .select({ n: count() })
        .from(outbox)
        .where(
          and(eq(outbox.caseId, caseId), eq(outbox.status, "pending"), lte(outbox.notBefore, now)),
        );
      return due?.n === 0 && waiting?.n === 0;
    },
    { what: `case ${caseId} to settle` },
  );
}
