import { type SQL, sql } from "drizzle-orm";
import type { DashboardQuery, DashboardRaw, ViewerScope } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";
import { scopeArray } from "./cases.ts";

/**
 * The dashboard's aggregates, in SQL, at the injected `now` (never the database's clock). Each
 * business's days and weeks are its own time zone's. The pure src/http/admin/dashboard-figures.ts
 * turns these into the figures shown (buckets, median, DSO), so the rules live in tested code.
 */

function within(scope: ViewerScope, column: SQL, businessId: string | undefined): SQL {
  const parts = [sql`${column} = any(${scopeArray(scope)})`];
  if (businessId !== undefined) parts.push(sql`${column} = ${businessId}::uuid`);
  return sql.join(parts, sql` and `);
}

export async function dashboardRaw(
  db: DbOrTx,
  scope: ViewerScope,
  query: DashboardQuery,
): Promise<DashboardRaw> {
  if (scope.businessIds.length === 0) {
    return {
      recoveredByWeek: [],
      overdue: [],
      reasons: [],
      outcomes: [],
      daysToAgreement: [],
      receivables: [],
    };
  }
  const now = sql`${query.now.toISOString()}::timestamptz`;
  const bid = query.businessId;
  const [recovered, overdue, reasons, outcomes, toAgreement, receivables] = await Promise.all([
    db.execute<{ currency: string; week: string; amount_minor: number }>(sql`
      select i.currency,
        date_trunc('week', p.received_at at time zone b.timezone)::date::text as week,
        sum(p.amount_minor)::float8 as amount_minor
      from payments p
        join invoices i on i.id = p.invoice_id
        join businesses b on b.id = i.business_id
      where ${within(scope, sql`i.business_id`, bid)}
        and p.received_at <= ${now}
        and (p.received_at at time zone b.timezone)
          >= date_trunc('week', ${now} at time zone b.timezone)
             - make_interval(weeks => ${query.weeks - 1})
      group by 1, 2
      order by 1, 2`),
    db.execute<{ currency: string; days_overdue: number; due_minor: number }>(sql`
      select i.currency,
        ((${now} at time zone b.timezone)::date - i.due_date)::int as days_overdue,
        sum(i.amount_minor - i.paid_minor)::float8 as due_minor
      from cases c
        join invoices i on i.id = c.invoice_id
        join businesses b on b.id = c.business_id
      where ${within(scope, sql`c.business_id`, bid)}
        and i.status = 'open' and c.status not in ('paid', 'closed')
        and i.amount_minor > i.paid_minor
        and i.due_date < (${now} at time zone b.timezone)::date
      group by 1, 2
      order by 1, 2`),
    db.execute<{ reason: string; cases: number }>(sql`
      select c.state->>'reason' as reason, count(*)::int as cases
      from cases c
      where ${within(scope, sql`c.business_id`, bid)} and c.state->>'reason' is not null
      group by 1
      order by 2 desc, 1`),
    db.execute<{ kind: string; status: string; agreements: number }>(sql`
      select a.terms->>'kind' as kind, a.status, count(*)::int as agreements
      from agreements a
      where ${within(scope, sql`a.business_id`, bid)} and a.confirmed_at <= ${now}
      group by 1, 2
      order by 1, 2`),
    db.execute<{ days: number }>(sql`
      select extract(epoch from (a.first_agreed - m.first_reminder))::float8 / 86400 as days
      from (
        select case_id, min(confirmed_at) as first_agreed
        from agreements
        where ${within(scope, sql`business_id`, bid)} and confirmed_at <= ${now}
        group by case_id
      ) a
      join (
        select case_id, min(created_at) as first_reminder
        from messages
        where direction = 'out' and automated and case_id is not null and created_at <= ${now}
        group by case_id
      ) m on m.case_id = a.case_id
      where a.first_agreed >= m.first_reminder
      order by 1`),
    db.execute<{ currency: string; due_minor: number; invoiced_minor: number }>(sql`
      select i.currency,
        coalesce(sum(i.amount_minor - i.paid_minor)
          filter (where i.status = 'open' and c.status <> 'closed'), 0)::float8 as due_minor,
        coalesce(sum(i.amount_minor)
          filter (where i.issued_at > ${now} - make_interval(days => ${query.dsoDays})), 0)::float8
          as invoiced_minor
      from invoices i
        join cases c on c.invoice_id = i.id
      where ${within(scope, sql`i.business_id`, bid)} and i.issued_at <= ${now}
      group by 1
      order by 1`),
  ]);
  return {
    recoveredByWeek: [...recovered].map((r) => ({
      currency: r.currency,
      week: r.week,
      amountMinor: Number(r.amount_minor),
    })),
    overdue: [...overdue].map((r) => ({
      currency: r.currency,
      daysOverdue: Number(r.days_overdue),
      dueMinor: Number(r.due_minor),
    })),
    reasons: [...reasons].map((r) => ({ reason: r.reason, cases: Number(r.cases) })),
    outcomes: [...outcomes].map((r) => ({
      kind: r.kind,
      status: r.status,
      agreements: Number(r.agreements),
    })),
    daysToAgreement: [...toAgreement].map((r) => Number(r.days)),
    receivables: [...receivables].map((r) => ({
      currency: r.currency,
      dueMinor: Number(r.due_minor),
      invoicedMinor: Number(r.invoiced_minor),
    })),
  };
}
