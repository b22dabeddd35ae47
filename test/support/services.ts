import { Redis } from "ioredis";
import postgres from "postgres";
import { dropDatabase } from "../../db/migrate.ts";

/** Helpers for the real Postgres and Redis the tests run against. */

export function withDatabaseName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Test databases are named `relance_test_<base36 ms>_<hex>` (or `relance_mig_…`). */
const TEST_DATABASE = /^relance_(?:test|mig)_([0-9a-z]+)_[0-9a-f]+$/;

/** Drops test databases whose run started more than `olderThanMs` ago (killed runs). */
export async function dropStaleTestDatabases(
  databaseUrl: string,
  olderThanMs: number,
): Promise<string[]> {
  const admin = postgres(withDatabaseName(databaseUrl, "postgres"), { max: 1, onnotice: () => {} });
  let names: string[];
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'relance\_test\_%' or datname like 'relance\_mig\_%'`;
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
