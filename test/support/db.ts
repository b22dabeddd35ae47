import { inject } from "vitest";
import { connectDb, type Db, type DbConnection } from "../../db/client.ts";

/**
 * A connection to this run's database (created by global-setup). Test files run in parallel on
 * the same database, so tests never truncate: each creates its own business (fixtures.ts) and
 * asserts on rows scoped to it.
 */
export function testDb(): DbConnection {
  return connectDb(inject("databaseUrl"), { maxConnections: 5 });
}

export type { Db, DbConnection };
