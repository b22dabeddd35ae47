import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropDatabase, migrate } from "../../db/migrate.ts";
import {
  countRedisKeys,
  deleteRedisKeys,
  dropStaleTestDatabases,
  runDatabases,
  withDatabaseName,
} from "./services.ts";

/**
 * Runs once per `vitest run`. Migrates this run's template database (each integration or e2e
 * file then gets its own copy: test/support/isolation.ts) and picks this run's tag and BullMQ
 * prefix. Afterwards drops the template and the shared database, then checks that the files
 * removed everything they created: a database or a Redis key of this run still there fails the
 * run (after being removed, so the next run starts clean).
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** postgres://…/<any>: the test server; tests name their own databases on it. */
    postgresUrl: string;
    /** The migrated database every test database is copied from. Nobody connects to it. */
    templateDatabase: string;
    /** `<base36 ms>_<hex>`: in every database name and BullMQ prefix of this run. */
    runTag: string;
    /** A database shared by the whole run, created from the template. Files that start a
     *  service use their own (`fileDatabaseUrl()`); kept for helpers that only read. */
    databaseUrl: string;
    redisUrl: string;
    /** BullMQ prefix of this run, `rt<base36 ms><hex>`: each file's prefix starts with it. */
    bullmqPrefix: string;
  }
}

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/relance";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** A run killed before its teardown leaves its databases behind; later runs drop them after this. */
const STALE_AFTER_MS = 6 * 3_600_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  // The creation time in the name lets a later run recognise an abandoned database.
  const runTag = `${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const templateDatabase = `relance_tpl_${runTag}`;
  const templateUrl = withDatabaseName(baseUrl, templateDatabase);
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const bullmqPrefix = `rt${runTag.replace("_", "")}`;
  await dropStaleTestDatabases(baseUrl, STALE_AFTER_MS);
  await migrate(templateUrl);
  const databaseUrl = withDatabaseName(baseUrl, `relance_test_${runTag}`);
  await createFromTemplate(baseUrl, databaseUrl, templateDatabase);
  project.provide("postgresUrl", baseUrl);
  project.provide("templateDatabase", templateDatabase);
  project.provide("runTag", runTag);
  project.provide("databaseUrl", databaseUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("bullmqPrefix", bullmqPrefix);
  return async () => {
    await dropDatabase(databaseUrl);
    await dropDatabase(templateUrl);
    const databases = await runDatabases(baseUrl, runTag);
    const keys = await countRedisKeys(redisUrl, bullmqPrefix);
    for (const name of databases) await dropDatabase(withDatabaseName(baseUrl, name));
    await deleteRedisKeys(redisUrl, bullmqPrefix);
    if (databases.length > 0 || keys > 0) {
      // vitest only logs an error thrown here ("error during close") and still exits 0: the
      // exit code is what makes the run fail.
      process.exitCode = 1;
      throw new Error(
        `test run left ${databases.length} database(s) [${databases.join(", ")}] and ${keys} Redis key(s) under ${bullmqPrefix}: a test file does not remove what it created (removed now)`,
      );
    }
  };
}

async function createFromTemplate(baseUrl: string, url: string, template: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(withDatabaseName(baseUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(
      `create database "${new URL(url).pathname.slice(1)}" template "${template}"`,
    );
  } finally {
    await admin.end({ timeout: 5 });
  }
}
