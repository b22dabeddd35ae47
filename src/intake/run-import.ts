import type { Readable } from "node:stream";
import type { InvoiceIntakeDeps } from "./create-invoice.ts";
import { formatProblem, importInvoiceRows, validateInvoiceCsv } from "./csv-invoices.ts";
import { uuidSchema } from "./invoice-input.ts";
import type { IntakeStore } from "./ports.ts";

export interface RunImportOptions extends InvoiceIntakeDeps {
  readonly store: Pick<IntakeStore, "createInvoice" | "businessExists">;
  readonly businessId: string;
  readonly source: Readable;
  readonly skipInvalid: boolean;
  /** Results: one line per bad row, then the summary. */
  readonly out: (line: string) => void;
  /** Progress on large files. */
  readonly progress: (line: string) => void;
  /** Rows between two progress lines (default 1000). */
  readonly progressEvery?: number;
}

/** The whole import as the CLI runs it; true when every row was imported or already present. */
export async function runInvoiceImport(options: RunImportOptions): Promise<boolean> {
  const { out, progress } = options;
  const every = options.progressEvery ?? 1_000;
  if (!uuidSchema.safeParse(options.businessId).success) {
    out(`--business: expected an id (uuid), got "${options.businessId}"`);
    return false;
  }
  if (!(await options.store.businessExists(options.businessId))) {
    out(`--business: no business has the id ${options.businessId}`);
    return false;
  }

  const validated = await validateInvoiceCsv(
    options.source,
    options.businessId,
    (n) => {
      if (n % every === 0) progress(`validated ${n} rows…`);
    },
    options.now(),
  );
  if (validated.fileError !== null) {
    out(validated.fileError);
    return false;
  }
  for (const problem of validated.problems) out(formatProblem(problem));
  const total = validated.rows.length + validated.problems.length;
  out(`${total} rows: ${validated.rows.length} valid, ${validated.problems.length} invalid`);
  if (validated.problems.length > 0 && !options.skipInvalid) {
    out("nothing imported: fix the rows above, or pass --skip-invalid to import the valid ones");
    return false;
  }

  const summary = await importInvoiceRows(options, validated.rows, (done, rows) => {
    if (done % every === 0 || done === rows) progress(`imported ${done}/${rows}`);
  });
  for (const conflict of summary.conflicts) out(formatProblem(conflict));
  out(
    `imported: ${summary.created} new, ${summary.alreadyPresent} already present, ` +
      `${summary.conflicts.length} conflicting` +
      (validated.problems.length > 0 ? `, ${validated.problems.length} invalid skipped` : ""),
  );
  return summary.conflicts.length === 0 && (validated.problems.length === 0 || options.skipInvalid);
}
