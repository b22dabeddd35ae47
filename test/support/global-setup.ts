import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropDatabase, migrate } from "../../db/migrate.ts";
import { deleteRedisKeys, withDatabaseName } from "./services.ts";

/**
 * Runs once per `vitest run`: creates this run's own Postgres database from the committed
 * migrations and picks this run's BullMQ prefix; afterwards drops the database and deletes every
 * Redis key under the prefix. Tests read both with `inject(...)` (see test/support/env.ts).
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** postgres://…/relance_test_<random>, migrated. */
    databaseUrl: string;
    redisUrl: string;
    /** BullMQ prefix of this run, `rt<random>`: queues never collide with another run's. */
    bullmqPrefix: string;
  }
}

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/relance";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const suffix = randomBytes(6).toString("hex");
  const databaseUrl = withDatabaseName(
    process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    `relance_test_${suffix}`,
  );
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const bullmqPrefix = `rt${suffix}`;
  await migrate(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("bullmqPrefix", bullmqPrefix);
  return async () => {
    await dropDatabase(databaseUrl);
    await deleteRedisKeys(redisUrl, bullmqPrefix);
  };
}
