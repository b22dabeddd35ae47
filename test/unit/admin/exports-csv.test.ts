import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  BOM,
  CASE_COLUMNS,
  casesCsv,
  majorDecimal,
  neutraliseFormula,
} from "../../../src/http/admin/exports-csv.ts";
import type { CaseRow } from "../../../src/runtime/ports/admin-views.ts";

function row(overrides: Partial<CaseRow>): CaseRow {
  return {
    caseId: "00000000-0000-4000-8000-000000000001",
    businessName: "Atelier",
    businessLocale: "fr",
    debtorName: "Camille",
    invoiceNumber: "F-1",
    currency: "EUR",
    amountMinor: 123_456,
    paidMinor: 0,
    dueDate: "2026-10-31",
    status: "reminded",
    daysOverdue: -3,
    updatedAt: new Date("2026-11-23T10:00:00Z"),
    ...overrides,
  };
}

describe("the CSV exports", () => {
  it("neutralise every cell a spreadsheet would run as a formula, and leave numbers alone", () => {
    for (const cell of ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
    for (const cell of ["-3", "12.50", "Camille", " =x", ""]) {
      expect(neutraliseFormula(cell)).toBe(cell);
    }
  });

  it("write amounts as exact decimals in the currency's major unit", () => {
    expect(majorDecimal(123_456, "EUR")).toBe("1234.56");
    expect(majorDecimal(5, "EUR")).toBe("0.05");
    expect(majorDecimal(-250, "EUR")).toBe("-2.50");
    expect(majorDecimal(1_500, "JPY")).toBe("1500");
    expect(majorDecimal(1_000_000_000_000, "EUR")).toBe("10000000000.00");
  });

  it("round-trip quotes, commas and line breaks (RFC 4180), behind a BOM and CRLF", () => {
    const text = casesCsv([
      row({ debtorName: 'Dupont, "Le Grand"\nSARL', businessName: "=cmd|' /C calc'!A0" }),
    ]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.split("\r\n")[0]).toBe(`${BOM}${CASE_COLUMNS.join(",")}`);
    const [parsed] = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(parsed?.debtor).toBe('Dupont, "Le Grand"\nSARL');
    expect(parsed?.business).toBe("'=cmd|' /C calc'!A0");
    expect(parsed?.amount).toBe("1234.56");
    expect(parsed?.days_overdue).toBe("-3");
  });

  it("still write the header when nothing matches", () => {
    expect(casesCsv([])).toBe(`${BOM}${CASE_COLUMNS.join(",")}\r\n`);
  });
});
