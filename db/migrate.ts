import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const MIGRATIONS_FOLDER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "migrations",
);

/** Arbitrary constant shared by every Relance process: holders of this advisory lock migrate. */
const MIGRATION_LOCK_KEY = 7_246_151_003;

/** SQLSTATEs of a concurrent `CREATE DATABASE` for the same name. */
const DUPLICATE_DATABASE = "42P04";
const UNIQUE_VIOLATION = "23505";

function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  if (name === "") throw new Error("DATABASE_URL names no database");
  return name;
}

function withDatabase(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

function sqlState(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Creates the database named in `databaseUrl` unless it exists; safe to race. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const admin = postgres(withDatabase(databaseUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    if (rows.length > 0) return;
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    const code = sqlState(error);
    // Another process created it between our check and our CREATE.
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Drops the database named in `databaseUrl` (tests), disconnecting its sessions. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const admin = postgres(withDatabase(databaseUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * Brings the database up to date: creates it if missing, then applies the committed migrations
 * while holding a session advisory lock on one dedicated connection, so several processes starting
 * together migrate one after the other (the later ones find nothing to do).
 */
export async function migrate(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  // max: 1 keeps the lock, the migrations and the unlock on the same session.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await drizzleMigrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The migrations this code ships, from drizzle-kit's journal: tag and `when` (drizzle stores
 *  `when` as `created_at` in `drizzle.__drizzle_migrations` once applied). */
export function shippedMigrations(): readonly { readonly tag: string; readonly when: number }[] {
  const journal = JSON.parse(
    readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
  ) as { entries: { tag: string; when: number }[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/** SQLSTATEs meaning drizzle's bookkeeping does not exist yet: nothing was ever migrated. */
const UNDEFINED_TABLE = "42P01";
const UNDEFINED_SCHEMA = "3F000";

/**
 * The shipped migrations this database has not applied, by tag (empty: up to date). Drizzle
 * applies those whose `when` is later than the last one recorded, so that is what is compared.
 */
export async function pendingMigrations(
  query: (text: string) => Promise<readonly { last: string | number | null }[]>,
): Promise<readonly string[]> {
  let last = 0;
  try {
    const [row] = await query("select max(created_at) as last from drizzle.__drizzle_migrations");
    last = row?.last === null || row?.last === undefined ? 0 : Number(row.last);
  } catch (error) {
    const code = sqlState(error);
    if (code !== UNDEFINED_TABLE && code !== UNDEFINED_SCHEMA) throw error;
  }
  return shippedMigrations()
    .filter((m) => m.when > last)
    .map((m) => m.tag);
}
