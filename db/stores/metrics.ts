import { sql } from "drizzle-orm";
import type { MetricSample } from "../../src/runtime/index.ts";
import type { Db } from "../client.ts";

/** Aggregate gauges for GET /metrics, read in one round trip each. */
export async function databaseMetrics(db: Db, now: Date): Promise<MetricSample[]> {
  const overdueBefore = new Date(now.getTime() - 5 * 60_000);
  const [cases, outbox, timers, agreements] = await Promise.all([
    db.execute<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from cases group by status`,
    ),
    db.execute<{ status: string; channel: string; n: number }>(
      sql`select status, channel, count(*)::int as n from outbox group by status, channel`,
    ),
    db.execute<{ pending: number; overdue: number }>(
      sql`select count(*)::int as pending,
                 count(*) filter (where due_at < ${overdueBefore.toISOString()})::int as overdue
          from timers where status = 'pending'`,
    ),
    db.execute<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from agreements group by status`,
    ),
  ]);
  const out: MetricSample[] = [];
  for (const r of cases) {
    out.push({
      name: "relance_cases",
      help: "Cases by status.",
      labels: { status: r.status },
      value: r.n,
    });
  }
  for (const r of outbox) {
    out.push({
      name: "relance_outbox_rows",
      help: "Outbox rows by status and channel.",
      labels: { status: r.status, channel: r.channel },
      value: r.n,
    });
  }
  const t = timers[0];
  out.push({
    name: "relance_timers_pending",
    help: "Follow-ups waiting for their time.",
    labels: {},
    value: t?.pending ?? 0,
  });
  out.push({
    name: "relance_timers_overdue",
    help: "Pending follow-ups more than 5 minutes past due: no worker, or a lost job.",
    labels: {},
    value: t?.overdue ?? 0,
  });
  for (const r of agreements) {
    out.push({
      name: "relance_agreements",
      help: "Agreements by status.",
      labels: { status: r.status },
      value: r.n,
    });
  }
  return out;
}
