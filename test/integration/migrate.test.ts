import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropDatabase, ensureDatabase, migrate } from "../../db/migrate.ts";
import { fileDatabaseUrl, serverUrl, testDatabaseName } from "../support/isolation.ts";
import { dropStaleTestDatabases } from "../support/services.ts";

const run = promisify(execFile);

/** Every migration committed in db/migrations (drizzle-kit's journal lists them). */
const COMMITTED_MIGRATIONS = (
  JSON.parse(
    readFileSync(new URL("../../db/migrations/meta/_journal.json", import.meta.url), "utf8"),
  ) as { entries: unknown[] }
).entries.length;

describe("db:migrate", () => {
  const created: string[] = [];
  const freshUrl = () => {
    const url = serverUrl(testDatabaseName("mig"));
    created.push(url);
    return url;
  };
  afterAll(async () => {
    for (const url of created) await dropDatabase(url);
  });

  async function appliedMigrations(url: string): Promise<number> {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      return Number(rows[0]?.n);
    } finally {
      await sql.end();
    }
  }

  it("creates a missing database and applies every migration once, even when run twice at the same time", async () => {
    const url = freshUrl();
    await Promise.all([migrate(url), migrate(url), migrate(url)]);
    expect(await appliedMigrations(url)).toBe(COMMITTED_MIGRATIONS);
    await migrate(url);
    expect(await appliedMigrations(url)).toBe(COMMITTED_MIGRATIONS);
  });

  it("two migrate processes started together both succeed", async () => {
    const url = freshUrl();
    const cli = () =>
      run(process.execPath, ["--import", "tsx", "db/migrate-cli.ts"], {
        env: { ...process.env, DATABASE_URL: url },
        timeout: 30_000,
      });
    const [a, b] = await Promise.all([cli(), cli()]);
    expect(a.stdout).toContain("migrations applied");
    expect(b.stdout).toContain("migrations applied");
    expect(await appliedMigrations(url)).toBe(COMMITTED_MIGRATIONS);
  });

  it("a later test run drops the databases of runs that were killed long ago, and only those", async () => {
    const killedLongAgo = serverUrl(
      `relance_test_${new Date("2026-01-01T00:00:00Z").getTime().toString(36)}_dead`,
    );
    const young = freshUrl();
    await ensureDatabase(killedLongAgo);
    await ensureDatabase(young);
    const dropped = await dropStaleTestDatabases(inject("postgresUrl"), 6 * 3_600_000);
    expect(dropped).toContain(new URL(killedLongAgo).pathname.slice(1));
    expect(dropped).not.toContain(new URL(young).pathname.slice(1));
    expect(dropped).not.toContain(new URL(fileDatabaseUrl()).pathname.slice(1));
    expect(dropped).not.toContain(inject("templateDatabase"));
  });
});
