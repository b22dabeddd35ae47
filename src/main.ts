import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Redis } from "ioredis";
import { connectDb, type DbConnection } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { pingDatabase } from "../db/stores/health.ts";
import { createIntakeStore } from "../db/stores/intake-store.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createApp } from "./http/app.ts";
import { createLogger, type Logger } from "./logger.ts";

/**
 * The composition root: the only place that wires db/, jobs/, bot/ and src/ together.
 * `tsx src/main.ts all|web|worker|demo` — `all` runs the web server and the worker in one process.
 */

const MODES = ["all", "web", "worker", "demo"] as const;
type Mode = (typeof MODES)[number];

/** Grace period for in-flight requests and jobs after SIGTERM before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** What every part of the process shares. */
interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: DbConnection;
  readonly redis: Redis;
}

/** A started part of the process; `stop` drains it. */
interface Part {
  readonly name: string;
  stop(): Promise<void>;
}

async function startWeb(rt: Runtime): Promise<Part> {
  const app = createApp({
    intake: createIntakeStore(rt.db.db),
    health: {
      postgres: () => pingDatabase(rt.db.db),
      redis: () => pingRedis(rt.redis),
    },
    links: {
      publicUrl: rt.config.PUBLIC_URL,
      telegramBotUsername: rt.config.TELEGRAM_BOT_USERNAME,
    },
    apiToken: rt.config.API_TOKEN,
    logger: rt.logger,
    now: () => new Date(),
    // Seam: the runtime (a later issue) turns a new payment into a `payment_received` case event.
    onPaymentRecorded: async () => {},
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: rt.config.PORT }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  rt.logger.info({ port }, "web listening");
  return {
    name: "web",
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Stops accepting connections; resolves once in-flight requests have finished.
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      }),
  };
}

/**
 * Seam for the worker (BullMQ outbox relay, timers, reconciler — a later issue wires jobs/ here).
 * For now it checks Redis and reports ready.
 */
async function startWorker(rt: Runtime): Promise<Part> {
  await rt.redis.ping();
  rt.logger.info({ prefix: rt.config.BULLMQ_PREFIX }, "worker ready");
  return { name: "worker", stop: async () => {} };
}

async function pingRedis(redis: Redis, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      redis.ping().then((answer) => answer === "PONG"),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function parseMode(arg: string | undefined): Mode {
  const mode = arg ?? "all";
  if ((MODES as readonly string[]).includes(mode)) return mode as Mode;
  throw new ConfigError(`unknown mode "${mode}": expected one of ${MODES.join(", ")}`, []);
}

async function main(): Promise<void> {
  let mode: Mode;
  let config: Config;
  try {
    mode = parseMode(process.argv[2]);
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`relance: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  process.on("unhandledRejection", (reason) => {
    logger.fatal({ err: reason }, "unhandled rejection");
    process.exit(1);
  });

  if (mode === "demo") {
    // Built by a later issue (fake platforms + seeded business); the seam is here.
    logger.error("demo mode is not available yet");
    process.exit(1);
  }

  if (config.MIGRATE_ON_START) {
    await migrate(config.DATABASE_URL);
    logger.info("migrations applied");
  }
  const db = connectDb(config.DATABASE_URL);
  const redis = new Redis(config.REDIS_URL, {
    // Fail fast instead of queueing commands while Redis is unreachable (readiness reports it).
    maxRetriesPerRequest: 1,
  });
  redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));
  const rt: Runtime = { config, logger, db, redis };

  const parts: Part[] = [];
  if (mode === "all" || mode === "web") parts.push(await startWeb(rt));
  if (mode === "all" || mode === "worker") parts.push(await startWorker(rt));

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "draining");
    const force = setTimeout(() => {
      logger.error("drain timed out; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      // Web first (no new input), then the worker finishes what it holds.
      for (const part of parts) await part.stop();
      await redis.quit();
      await db.close();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "error while draining");
      process.exit(1);
    }
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}

await main();
