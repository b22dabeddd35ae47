import { stringify } from "csv-stringify/sync";
import type { AgreementExportRow, CaseRow } from "../../runtime/index.ts";

/**
 * The CSV exports: RFC 4180 (comma, CRLF, fields with a comma, quote or line break quoted,
 * quotes doubled — csv-stringify does it), UTF-8 with a byte-order mark so spreadsheets read
 * the accents right, one header row of stable column names. Amounts are decimals in major units
 * with a dot ("1234.56") beside their currency; instants ISO 8601 UTC; days YYYY-MM-DD.
 */

export const BOM = "\uFEFF";

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return first) gets
 * a leading apostrophe (OWASP "CSV injection"). Numbers we wrote ourselves ("-12", "3.50") are
 * left alone: they are values, and a plain number runs nothing.
 */
export function neutraliseFormula(cell: string): string {
  if (/^-?\d+(\.\d+)?$/.test(cell)) return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const fractionDigits = new Map<string, number>();

/** 123456 EUR → "1234.56"; JPY has no minor unit. Exact: no float arithmetic. */
export function majorDecimal(minor: number, currency: string): string {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    fractionDigits.set(currency, digits);
  }
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, "0");
  const units = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return minor < 0 ? `-${units}` : units;
}

function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const body = stringify(
    rows.map((r) => r.map(neutraliseFormula)),
    { header: true, columns: [...header], record_delimiter: "windows", quoted_match: /^\s|\s$/ },
  );
  // With no row, csv-stringify writes nothing: the header row is still the file's first line.
  return BOM + (rows.length === 0 ? `${header.join(",")}\r\n` : body);
}

export const CASE_COLUMNS = [
  "case_id",
  "business",
  "debtor",
  "invoice",
  "status",
  "currency",
  "amount",
  "paid",
  "still_due",
  "due_date",
  "days_overdue",
  "updated_at",
] as const;

export function casesCsv(rows: readonly CaseRow[]): string {
  return toCsv(
    CASE_COLUMNS,
    rows.map((r) => [
      r.caseId,
      r.businessName,
      r.debtorName,
      r.invoiceNumber,
      r.status,
      r.currency,
      majorDecimal(r.amountMinor, r.currency),
      majorDecimal(r.paidMinor, r.currency),
      majorDecimal(r.amountMinor - r.paidMinor, r.currency),
      r.dueDate,
      String(r.daysOverdue),
      r.updatedAt.toISOString(),
    ]),
  );
}

export const AGREEMENT_COLUMNS = [
  "agreement_id",
  "case_id",
  "business",
  "debtor",
  "invoice",
  "kind",
  "status",
  "currency",
  "total",
  "installments",
  "installments_paid",
  "installments_missed",
  "channel",
  "approved_by_owner",
  "confirmed_at",
  "created_at",
  "confirmed_text",
  "invoices",
  "allocations",
] as const;

export function agreementsCsv(rows: readonly AgreementExportRow[]): string {
  return toCsv(
    AGREEMENT_COLUMNS,
    rows.map((a) => [
      a.id,
      a.caseId,
      a.businessName,
      a.debtorName,
      a.invoiceNumber,
      typeof a.terms.kind === "string" ? a.terms.kind : "",
      a.status,
      a.currency,
      majorDecimal(a.totalMinor, a.currency),
      String(a.installments.length),
      String(a.installments.filter((i) => i.status === "paid").length),
      String(a.installments.filter((i) => i.status === "missed").length),
      a.channel,
      a.approvedBy === null ? "no" : "yes",
      a.confirmedAt.toISOString(),
      a.createdAt.toISOString(),
      a.renderedText,
      // Each invoice of the case: number, its own status, paid of amount ("F-1 paid 350.00/350.00").
      a.invoices
        .map(
          (i) =>
            `${i.number} ${i.status} ${majorDecimal(i.paidMinor, a.currency)}/${majorDecimal(i.amountMinor, a.currency)}`,
        )
        .join("; "),
      // Where each payment made under this agreement went ("F-1 350.00 INST-1 2026-11-26").
      a.invoices
        .flatMap((i) =>
          i.allocations
            .filter((x) => x.agreementId === a.id)
            .map((x) => ({ number: i.number, ...x })),
        )
        .sort((x, y) => x.receivedAt.getTime() - y.receivedAt.getTime())
        .map(
          (x) =>
            `${x.number} ${majorDecimal(x.amountMinor, a.currency)} ${x.reference} ${x.receivedAt.toISOString().slice(0, 10)}`,
        )
        .join("; "),
    ]),
  );
}
