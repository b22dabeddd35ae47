import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropDatabase, migrate } from "../../db/migrate.ts";
import { deleteRedisKeys, dropStaleTestDatabases, withDatabaseName } from "./services.ts";

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

/** A run killed before its teardown leaves its database behind; later runs drop it after this. */
const STALE_AFTER_MS = 6 * 3_600_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  // The creation time in the name lets a later run recognise an abandoned database.
  const suffix = `${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const databaseUrl = withDatabaseName(baseUrl, `relance_test_${suffix}`);
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const bullmqPrefix = `rt${suffix.replace("_", "")}`;
  await dropStaleTestDatabases(baseUrl, STALE_AFTER_MS);
  await migrate(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("bullmqPrefix", bullmqPrefix);
  return async () => {
    await dropDatabase(databaseUrl);
    await deleteRedisKeys(redisUrl, bullmqPrefix);
  };
}
