import { type SQL, sql } from "drizzle-orm";
import type { CaseFilter, CaseListQuery, CaseRow, ViewerScope } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";

/**
 * The owner's case list: one row per case with its debtor, invoice and age, within the viewer's
 * scope. Raw SQL, because the age is computed in the business's zone at the injected `now`.
 * Money comes back as float8: sums and amounts stay far below 2^53, where a double is exact.
 */

export type RawCaseRow = {
  case_id: string;
  business_name: string;
  business_locale: "fr" | "en";
  debtor_name: string;
  invoice_number: string;
  currency: string;
  amount_minor: number;
  paid_minor: number;
  due_date: string;
  status: string;
  days_overdue: number;
  updated_at: string | Date;
};

/** `%`, `_` and `\` typed in the search box are matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export function scopeArray(scope: ViewerScope): SQL {
  return sql`${sql.param([...scope.businessIds])}::uuid[]`;
}

function caseConditions(scope: ViewerScope, filter: CaseFilter): SQL {
  const parts: SQL[] = [sql`c.business_id = any(${scopeArray(scope)})`];
  if (filter.businessId !== undefined) parts.push(sql`c.business_id = ${filter.businessId}::uuid`);
  if (filter.status !== undefined) parts.push(sql`c.status = ${filter.status}`);
  const q = filter.q?.trim();
  if (q !== undefined && q !== "") {
    const pattern = likePattern(q);
    parts.push(sql`(d.name ilike ${pattern} or i.number ilike ${pattern})`);
  }
  return sql.join(parts, sql` and `);
}

const FROM = sql`cases c
  join businesses b on b.id = c.business_id
  join invoices i on i.id = c.invoice_id
  join debtors d on d.id = c.debtor_id`;

export function caseRowsSql(scope: ViewerScope, query: CaseListQuery, extraWhere?: SQL): SQL {
  const now = query.now.toISOString();
  const where = extraWhere
    ? sql`${caseConditions(scope, query)} and ${extraWhere}`
    : caseConditions(scope, query);
  const page =
    query.limit === undefined ? sql`` : sql` limit ${query.limit} offset ${query.offset ?? 0}`;
  return sql`
    select c.id as case_id, b.name as business_name, b.locale as business_locale,
      d.name as debtor_name, i.number as invoice_number, i.currency,
      i.amount_minor::float8 as amount_minor, i.paid_minor::float8 as paid_minor,
      i.due_date::text as due_date, c.status,
      ((${now}::timestamptz at time zone b.timezone)::date - i.due_date)::int as days_overdue,
      c.updated_at
    from ${FROM}
    where ${where}
    order by days_overdue desc, i.number, c.id${page}`;
}

export function toCaseRow(r: RawCaseRow): CaseRow {
  return {
    caseId: r.case_id,
    businessName: r.business_name,
    businessLocale: r.business_locale,
    debtorName: r.debtor_name,
    invoiceNumber: r.invoice_number,
    currency: r.currency,
    amountMinor: Number(r.amount_minor),
    paidMinor: Number(r.paid_minor),
    dueDate: r.due_date,
    status: r.status,
    daysOverdue: Number(r.days_overdue),
    updatedAt: new Date(r.updated_at),
  };
}

/** Most overdue first; `limit` absent means every matching case (the CSV export). */
export async function listCases(
  db: DbOrTx,
  scope: ViewerScope,
  query: CaseListQuery,
): Promise<CaseRow[]> {
  if (scope.businessIds.length === 0) return [];
  const rows = await db.execute<RawCaseRow>(caseRowsSql(scope, query));
  return [...rows].map(toCaseRow);
}

export async function countCases(
  db: DbOrTx,
  scope: ViewerScope,
  filter: CaseFilter,
): Promise<number> {
  if (scope.businessIds.length === 0) return 0;
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${FROM} where ${caseConditions(scope, filter)}`,
  );
  return row?.n ?? 0;
}
