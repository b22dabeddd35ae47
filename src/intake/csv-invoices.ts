import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { createInvoice, type InvoiceIntakeDeps, parseInvoiceInput } from "./create-invoice.ts";
import type { FieldErrors } from "./fields.ts";
import type { InvoiceInput } from "./invoice-input.ts";

/**
 * CSV import of invoices (`npm run import`). Every row is validated first with the same schema as
 * POST /api/invoices; nothing is imported while any row is bad (unless `skipInvalid`); rows are
 * then created through the same `createInvoice`, so a re-run finds them already present.
 */

/** The header row; `debtor_*` columns map to `debtor.*` of the API body. */
export const CSV_COLUMNS = [
  "number",
  "amount",
  "currency",
  "issued_at",
  "due_date",
  "debtor_ref",
  "debtor_name",
  "debtor_locale",
  "debtor_timezone",
  "debtor_telegram",
  "debtor_whatsapp",
  "debtor_email",
] as const;
const REQUIRED_COLUMNS = CSV_COLUMNS.filter(
  (c) => !["debtor_telegram", "debtor_whatsapp", "debtor_email"].includes(c),
);

export interface CsvRowProblem {
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  readonly fields: FieldErrors;
}

export interface ValidatedCsv {
  readonly rows: readonly { readonly line: number; readonly invoice: InvoiceInput }[];
  readonly problems: readonly CsvRowProblem[];
  /** Problems with the file itself (missing columns, broken quoting); nothing can be imported. */
  readonly fileError: string | null;
}

/** "12000" → 12000, "12.5" → 12.5 (refused later as a fraction); anything else stays text. */
function amountCell(value: string): unknown {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

const optional = (value: string | undefined) =>
  value === undefined || value === "" ? undefined : value;

function rowToBody(businessId: string, row: Record<string, string>): Record<string, unknown> {
  return {
    businessId,
    number: row.number,
    amount: amountCell(row.amount ?? ""),
    currency: row.currency,
    issuedAt: row.issued_at,
    dueDate: row.due_date,
    debtor: {
      externalRef: row.debtor_ref,
      name: row.debtor_name,
      locale: row.debtor_locale,
      timezone: row.debtor_timezone,
      telegram: optional(row.debtor_telegram),
      whatsapp: optional(row.debtor_whatsapp),
      email: optional(row.debtor_email),
    },
  };
}

/** Reads and validates the whole file; `onRow` reports progress (rows read so far); `now` judges
 *  issue dates in the future. */
export async function validateInvoiceCsv(
  source: Readable,
  businessId: string,
  onRow: (rowsRead: number) => void,
  now: Date,
): Promise<ValidatedCsv> {
  const rows: { line: number; invoice: InvoiceInput }[] = [];
  const problems: CsvRowProblem[] = [];
  const firstLineOfNumber = new Map<string, number>();
  const parser = source.pipe(
    parse({ columns: true, info: true, bom: true, trim: true, skip_empty_lines: true }),
  );
  let checkedHeader = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!checkedHeader) {
        const missing = REQUIRED_COLUMNS.filter((c) => !(c in record));
        if (missing.length > 0) {
          return { rows: [], problems: [], fileError: `missing column(s): ${missing.join(", ")}` };
        }
        checkedHeader = true;
      }
      const line = info.lines;
      const parsed = parseInvoiceInput(rowToBody(businessId, record), now);
      if (!parsed.ok) {
        problems.push({ line, fields: parsed.fields });
      } else {
        const earlier = firstLineOfNumber.get(parsed.invoice.number);
        if (earlier !== undefined) {
          problems.push({ line, fields: { number: `duplicate of line ${earlier}` } });
        } else {
          firstLineOfNumber.set(parsed.invoice.number, line);
          rows.push({ line, invoice: parsed.invoice });
        }
      }
      onRow(rows.length + problems.length);
    }
  } catch (error) {
    return {
      rows: [],
      problems: [],
      fileError: `unreadable CSV: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!checkedHeader) return { rows: [], problems: [], fileError: "the file has no rows" };
  return { rows, problems, fileError: null };
}

export interface ImportSummary {
  readonly created: number;
  readonly alreadyPresent: number;
  /** Rows whose number exists with other terms (nothing changed for them). */
  readonly conflicts: readonly CsvRowProblem[];
}

/** How many rows are created at once: enough to overlap round trips, few enough to stay polite. */
const IMPORT_CONCURRENCY = 4;

/** Creates the validated rows (idempotently); `onProgress` gets (done, total). */
export async function importInvoiceRows(
  deps: InvoiceIntakeDeps,
  rows: ValidatedCsv["rows"],
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportSummary> {
  let created = 0;
  let alreadyPresent = 0;
  const conflicts: CsvRowProblem[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const row = rows[next];
      next += 1;
      if (row === undefined) return;
      const result = await createInvoice(deps, row.invoice);
      switch (result.kind) {
        case "created":
          created += 1;
          break;
        case "existing":
          alreadyPresent += 1;
          break;
        case "conflict":
          conflicts.push({
            line: row.line,
            fields: Object.fromEntries(
              result.fields.map((f) => [f, "differs from the stored invoice"]),
            ),
          });
          break;
        case "unknown_business":
          throw new Error("the business disappeared during the import");
      }
      done += 1;
      onProgress(done, rows.length);
    }
  };
  await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, worker));
  conflicts.sort((a, b) => a.line - b.line);
  return { created, alreadyPresent, conflicts };
}

/** `line 7: amount: must be greater than zero; dueDate: this day does not exist` */
export function formatProblem(problem: CsvRowProblem): string {
  const reasons = Object.entries(problem.fields).map(([field, message]) => `${field}: ${message}`);
  return `line ${problem.line}: ${reasons.join("; ")}`;
}
