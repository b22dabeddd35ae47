import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { invoices } from "../../db/schema.ts";
import { createIntakeStore } from "../../db/stores/intake-store.ts";
import { runInvoiceImport } from "../../src/intake/run-import.ts";
import { TEST_EPOCH } from "../support/clock.ts";
import { EMPTY_BUSINESS, rowCounts } from "../support/counts.ts";
import { testDb } from "../support/db.ts";
import { givenBusiness, TEST_LINKS } from "../support/fixtures.ts";
import { fileDatabaseUrl } from "../support/isolation.ts";

const { db, close } = testDb();
afterAll(() => close());

const HEADER =
  "number,amount,currency,issued_at,due_date,debtor_ref,debtor_name,debtor_locale,debtor_timezone,debtor_telegram,debtor_whatsapp,debtor_email";

function row(
  n: number,
  overrides: Partial<Record<"amount" | "currency" | "due" | "tz", string>> = {},
) {
  return [
    `F-${n}`,
    overrides.amount ?? String(10_000 + n),
    overrides.currency ?? "EUR",
    "2026-10-01",
    overrides.due ?? "2026-10-31",
    `C-${n % 7}`,
    `"Martin, Camille ${n % 7}"`,
    "fr",
    overrides.tz ?? "Europe/Paris",
    "",
    "",
    "",
  ].join(",");
}

async function runImport(
  businessId: string,
  csv: string,
  skipInvalid = false,
  progressEvery = 1_000,
) {
  const out: string[] = [];
  const progress: string[] = [];
  const ok = await runInvoiceImport({
    store: createIntakeStore(db),
    links: TEST_LINKS,
    now: () => new Date(TEST_EPOCH),
    businessId,
    source: Readable.from([csv]),
    skipInvalid,
    out: (line) => out.push(line),
    progress: (line) => progress.push(line),
    progressEvery,
  });
  return { ok, out, progress };
}

describe("CSV import", () => {
  it("imports every row, and a re-run imports nothing new", async () => {
    const business = await givenBusiness(db);
    const csv = [HEADER, ...Array.from({ length: 30 }, (_, i) => row(i + 1))].join("\n");
    const first = await runImport(business.id, csv);
    expect(first.ok).toBe(true);
    expect(first.out.at(-1)).toBe("imported: 30 new, 0 already present, 0 conflicting");
    const counts = await rowCounts(db, business.id);
    // One debtor, one conversation: a debtor's invoices (same currency) join the case opened by
    // their first one while nothing has been offered yet — 7 debtors, 7 cases for 30 invoices.
    expect({ invoices: counts.invoices, cases: counts.cases, debtors: counts.debtors }).toEqual({
      invoices: 30,
      cases: 7,
      debtors: 7,
    });
    const again = await runImport(business.id, csv);
    expect(again.ok).toBe(true);
    expect(again.out.at(-1)).toBe("imported: 0 new, 30 already present, 0 conflicting");
    expect(await rowCounts(db, business.id)).toEqual(counts);
  });

  it("prints each bad row with its line number and reason, and imports nothing", async () => {
    const business = await givenBusiness(db);
    const csv = [
      HEADER,
      row(1),
      row(2, { amount: "12.50" }),
      row(3),
      row(4, { due: "2026-02-30", currency: "XYZ" }),
      row(5, { tz: "Mars/Base" }),
      row(1),
    ].join("\n");
    const result = await runImport(business.id, csv);
    expect(result.ok).toBe(false);
    expect(result.out).toEqual([
      "line 3: amount: expected an integer number of minor units (no fractions)",
      "line 5: currency: unknown ISO 4217 currency code; dueDate: this day does not exist",
      "line 6: debtor.timezone: unknown IANA time zone",
      "line 7: number: duplicate of line 2",
      "6 rows: 2 valid, 4 invalid",
      "nothing imported: fix the rows above, or pass --skip-invalid to import the valid ones",
    ]);
    expect(await rowCounts(db, business.id)).toEqual(EMPTY_BUSINESS);
  });

  it("with --skip-invalid imports the valid rows and lists the others", async () => {
    const business = await givenBusiness(db);
    const csv = [HEADER, row(1), row(2, { amount: "-5" }), row(3)].join("\n");
    const result = await runImport(business.id, csv, true);
    expect(result.ok).toBe(true);
    expect(result.out[0]).toBe("line 3: amount: must be greater than zero");
    expect(result.out.at(-1)).toBe(
      "imported: 2 new, 0 already present, 0 conflicting, 1 invalid skipped",
    );
    expect((await rowCounts(db, business.id)).invoices).toBe(2);
  });

  it("reports a row whose number exists with another amount as a conflict and leaves it unchanged", async () => {
    const business = await givenBusiness(db);
    await runImport(business.id, [HEADER, row(1)].join("\n"));
    const result = await runImport(
      business.id,
      [HEADER, row(1, { amount: "99" }), row(2)].join("\n"),
    );
    expect(result.ok).toBe(false);
    expect(result.out).toContain("line 2: amount: differs from the stored invoice");
    const stored = await db.select().from(invoices).where(eq(invoices.businessId, business.id));
    expect(stored.map((i) => [i.number, i.amountMinor]).sort()).toEqual([
      ["F-1", 10_001],
      ["F-2", 10_002],
    ]);
  });

  it("refuses a file without the required columns, and an unknown business", async () => {
    const business = await givenBusiness(db);
    const noColumns = await runImport(business.id, "number,amount\nF-1,100\n");
    expect(noColumns.ok).toBe(false);
    expect(noColumns.out[0]).toMatch(/^missing column\(s\): currency, issued_at/);
    const missing = randomUUID();
    const unknown = await runImport(missing, [HEADER, row(1)].join("\n"));
    expect(unknown.out).toEqual([`--business: no business has the id ${missing}`]);
  });

  it("shows progress on a large file", async () => {
    const business = await givenBusiness(db);
    const csv = [HEADER, ...Array.from({ length: 40 }, (_, i) => row(i + 1))].join("\n");
    const result = await runImport(business.id, csv, false, 20);
    expect(result.ok).toBe(true);
    expect(result.progress).toEqual([
      "validated 20 rows…",
      "validated 40 rows…",
      "imported 20/40",
      "imported 40/40",
    ]);
  });

  it("npm run import works end to end and exits 1 on a bad row", async () => {
    const business = await givenBusiness(db);
    const dir = await mkdtemp(path.join(tmpdir(), "relance-import-"));
    const file = path.join(dir, "invoices.csv");
    await writeFile(file, [HEADER, row(1), row(2, { amount: "abc" })].join("\n"));
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: fileDatabaseUrl() };
    const failure = await run(
      process.execPath,
      ["--import", "tsx", "src/import-cli.ts", "--business", business.id, file],
      { env },
    ).catch((error: { code: number; stdout: string }) => error);
    expect("code" in failure ? failure.code : 0).toBe(1);
    expect(failure.stdout).toContain("line 3: amount: expected an integer number of minor units");
    expect((await rowCounts(db, business.id)).invoices).toBe(0);
  });
});
