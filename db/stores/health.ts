import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client.ts";

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
