import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema.ts";

/** A connected database handle. Store functions take a `Db` (or a transaction, see `DbOrTx`). */
export type Db = PostgresJsDatabase<typeof schema>;
/** The handle passed to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbConnection {
  readonly db: Db;
  /** Closes the pool, letting running queries finish (at most `timeoutSeconds`). */
  close(timeoutSeconds?: number): Promise<void>;
}

export interface ConnectOptions {
  /** Pool size (postgres.js `max`). */
  readonly maxConnections?: number;
}

export const CONNECT_TIMEOUT_SECONDS = 5;
const MAX_BACKOFF_SECONDS = 1;

export function connectDb(databaseUrl: string, options: ConnectOptions = {}): DbConnection {
  const sql = postgres(databaseUrl, {
    max: options.maxConnections ?? 10,
    // Seconds to open a connection (postgres.js waits 30 by default): with Postgres unreachable
    // but not refusing (a network partition), a request fails within this, not half a minute.
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    // Seconds before a connection slot tries again after a failed connection. postgres.js's own
    // grows with every failure of the pool, up to 10–20 s (3^n / 100 s), so after a short outage
    // queries — and the outage tracker's probe — waited up to 20 s for Postgres that was back.
    // Capped at 1 s: while Postgres is known down, requests answer 503 without a query, so what
    // knocks is the tracker's probe and the workers' retries.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, MAX_BACKOFF_SECONDS),
    // Notices (e.g. "relation already exists, skipping") are noise in logs and tests.
    onnotice: () => {},
  });
  const db = drizzle(sql, { schema });
  return {
    db,
    close: (timeoutSeconds = 5) => sql.end({ timeout: timeoutSeconds }),
  };
}
