import { Redis } from "ioredis";
import { checkDatabase } from "../db/index.ts";
import { type Config, ConfigError } from "./config.ts";

/**
 * Start-up checks: Postgres reachable and migrated, Redis reachable. Otherwise the process stops
 * with one line naming what is wrong (a ConfigError: main prints it and exits 1) instead of
 * logging "web listening" and answering 500, or retrying Redis forever.
 */
export async function checkDependencies(
  config: Pick<Config, "DATABASE_URL" | "REDIS_URL">,
): Promise<void> {
  const [database, redis] = await Promise.all([
    checkDatabase(config.DATABASE_URL),
    checkRedis(config.REDIS_URL),
  ]);
  const problems = [database, redis].filter((p): p is string => p !== null);
  if (problems.length === 0) return;
  throw new ConfigError(problems.join("; "), [
    ...(database ? ["DATABASE_URL"] : []),
    ...(redis ? ["REDIS_URL"] : []),
  ]);
}

export async function checkRedis(redisUrl: string, timeoutMs = 3_000): Promise<string | null> {
  const url = new URL(redisUrl);
  const where = `${url.hostname}:${url.port || "6379"}`;
  // One attempt, no retries, no offline queue: this answers "is it there", it does not wait.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket's error (ECONNREFUSED…) says more than the rejected command ("Connection is closed").
  let socketError: string | undefined;
  redis.on("error", (error: { code?: unknown; message: string }) => {
    socketError ??= typeof error.code === "string" ? error.code : error.message;
  });
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = socketError ?? (typeof code === "string" ? code : (error as Error).message);
    return `Redis at ${where} cannot be reached (${why})`;
  } finally {
    redis.disconnect();
  }
}
