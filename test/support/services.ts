import { Redis } from "ioredis";
import postgres from "postgres";
import { dropDatabase } from "../../db/migrate.ts";

/** Helpers for the real Postgres and Redis the tests run against. */

export function withDatabaseName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Deletes every key that starts with `prefix` — BullMQ names keys `<prefix>:<queue>:…`, and the
 * suite's prefixes extend the run's (`<run><file><service>`), so the run's or a file's prefix
 * covers all of its services' keys.
 */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  return scanKeys(redisUrl, prefix, (redis, keys) => redis.unlink(...keys));
}

/** How many keys start with `prefix`. */
export async function countRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  return scanKeys(redisUrl, prefix, async (_redis, keys) => keys.length);
}

async function scanKeys(
  redisUrl: string,
  prefix: string,
  each: (redis: Redis, keys: string[]) => Promise<number>,
): Promise<number> {
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`unsafe Redis prefix ${prefix}`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let total = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1_000);
      cursor = next;
      if (keys.length > 0) total += await each(redis, keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return total;
}

/** The databases of one run still on the server (test, migration and template databases). */
export async function runDatabases(databaseUrl: string, runTag: string): Promise<string[]> {
  const admin = postgres(withDatabaseName(databaseUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database
      where datname ~ ${`^relance_(test|mig|tpl)_${runTag}`} order by datname`;
    return rows.map((r) => r.datname);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Test databases are named `relance_test_<base36 ms>_<hex>` (or `relance_mig_…`, `relance_tpl_…`). */
const TEST_DATABASE = /^relance_(?:test|mig|tpl)_([0-9a-z]+)_[0-9a-f]+$/;

/** Drops test databases whose run started more than `olderThanMs` ago (killed runs). */
export async function dropStaleTestDatabases(
  databaseUrl: string,
  olderThanMs: number,
): Promise<string[]> {
  const admin = postgres(withDatabaseName(databaseUrl, "postgres"), { max: 1, onnotice: () => {} });
  let names: string[];
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname ~ '^relance_(test|mig|tpl)_'`;
    names = rows.map((r) => r.datname);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const stale = names.filter((name) => {
    const born = TEST_DATABASE.exec(name)?.[1];
    return born !== undefined && Date.now() - Number.parseInt(born, 36) > olderThanMs;
  });
  for (const name of stale) await dropDatabase(withDatabaseName(databaseUrl, name));
  return stale;
}
