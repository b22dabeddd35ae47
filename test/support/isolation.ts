import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { dropDatabase } from "../../db/migrate.ts";
import { deleteRedisKeys, withDatabaseName } from "./services.ts";

/**
 * What one test file owns: its own Postgres database, copied from the run's migrated template
 * (`CREATE DATABASE … TEMPLATE …` copies files, no migration runs), and its own BullMQ prefix.
 * Nothing another file does — a live reconciler, a worker on another clock — can reach them.
 *
 * The file's database is created before the file's first hook (test/support/file-resources.ts)
 * and dropped, with every Redis key under the file's prefix, after its last one. Everything is
 * named after the run (`runTag`), so global teardown can count what a file forgot to remove.
 * Module state here is per test file: vitest gives each file a fresh module graph.
 */

const fileTag = randomBytes(3).toString("hex");
const created = new Set<string>();

/** `relance_test_<run>…`: the stale-database sweep and the leftover check both know the shape. */
export function testDatabaseName(kind: "test" | "mig" = "test"): string {
  return `relance_${kind}_${inject("runTag")}${randomBytes(4).toString("hex")}`;
}

/** A database URL on the test server (for admin connections and names). */
export function serverUrl(name: string): string {
  return withDatabaseName(inject("postgresUrl"), name);
}

/** Creates a fresh database from the run's migrated template; the file drops it at its end
 *  (or earlier with `dropTestDatabase`). */
export async function createTestDatabase(name = testDatabaseName()): Promise<string> {
  const admin = postgres(serverUrl("postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${inject("templateDatabase")}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = serverUrl(name);
  created.add(url);
  return url;
}

export async function dropTestDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  created.delete(url);
}

let fileDatabase: string | undefined;

/**
 * This file's database. Its name is fixed on first use, so module-level code (a connection pool
 * made at import, which connects lazily) can take the URL; the database itself is created before
 * the file's first hook runs (file-resources.ts).
 */
export function fileDatabaseUrl(): string {
  fileDatabase ??= testDatabaseName();
  return serverUrl(fileDatabase);
}

/** This file's BullMQ prefix: every queue a file's services open lives under it. */
export function fileBullmqPrefix(): string {
  return `${inject("bullmqPrefix")}${fileTag}`;
}

/** A prefix for one service of this file (several services of a file share it on purpose by
 *  passing the same BULLMQ_PREFIX). */
export function serviceBullmqPrefix(): string {
  return `${fileBullmqPrefix()}${randomBytes(2).toString("hex")}`;
}

export async function acquireFileResources(): Promise<void> {
  fileDatabase ??= testDatabaseName();
  await createTestDatabase(fileDatabase);
}

/** Drops every database this file created and deletes every Redis key under its prefix. */
export async function releaseFileResources(): Promise<void> {
  for (const url of [...created]) await dropTestDatabase(url);
  await deleteRedisKeys(inject("redisUrl"), fileBullmqPrefix());
}
