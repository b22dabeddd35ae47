import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client.ts";
import { pendingMigrations } from "../migrate.ts";

/** True when Postgres answers `select 1` within `timeoutMs`. */
export async function pingDatabase(db: DbOrTx, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.execute(sql`select 1`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** True when every migration this code ships is applied (false too when Postgres fails). */
export async function databaseMigrated(db: DbOrTx, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const check = pendingMigrations(
    async (text) => (await db.execute(sql.raw(text))) as unknown as { last: string | null }[],
  ).then((pending) => pending.length === 0);
  try {
    return await Promise.race([check, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
