import postgres from "postgres";
import { pendingMigrations } from "./migrate.ts";

/**
 * The start-up check of Postgres: reachable, the database exists, the credentials work, and every
 * shipped migration is applied. Returns the one line that says what is wrong, or null. The line
 * names host and port, never the URL (it may hold a password).
 */
export async function checkDatabase(
  databaseUrl: string,
  timeoutSeconds = 5,
): Promise<string | null> {
  const url = new URL(databaseUrl);
  const where = `${url.hostname}:${url.port || "5432"}`;
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const sql = postgres(databaseUrl, {
    max: 1,
    connect_timeout: timeoutSeconds,
    onnotice: () => {},
  });
  try {
    await sql`select 1`;
    const pending = await pendingMigrations((text) => sql.unsafe(text));
    if (pending.length > 0) {
      return `the database "${name}" at ${where} is not migrated (${pending.length} migration${pending.length === 1 ? "" : "s"} pending): run npm run db:migrate, or set MIGRATE_ON_START=true`;
    }
    return null;
  } catch (error) {
    return describeFailure(error, where, name);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

function describeFailure(error: unknown, where: string, name: string): string {
  const code =
    typeof error === "object" && error !== null && "code" in error
      ? String((error as { code: unknown }).code)
      : "unknown";
  switch (code) {
    case "3D000":
      return `the database "${name}" does not exist at ${where}: run npm run db:migrate (it creates it)`;
    case "28P01":
    case "28000":
      return `Postgres at ${where} refused the credentials in DATABASE_URL (${code})`;
    case "57P03":
      return `Postgres at ${where} is starting up or shutting down (${code})`;
    default:
      return /^[0-9A-Z]{5}$/.test(code)
        ? `Postgres at ${where} answered with error ${code}`
        : `Postgres at ${where} cannot be reached (${code})`;
  }
}
