import { connectDb, type Db, type DbConnection } from "../../db/client.ts";
import { fileDatabaseUrl } from "./isolation.ts";

/**
 * A connection to this test file's own database (see isolation.ts). Tests of one file still share
 * it, so they never truncate: each creates its own business (fixtures.ts) and asserts on rows
 * scoped to it.
 */
export function testDb(): DbConnection {
  return connectDb(fileDatabaseUrl(), { maxConnections: 5 });
}

export type { Db, DbConnection };
