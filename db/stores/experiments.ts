import { and, desc, eq, sql } from "drizzle-orm";
import type {
  ExperimentRecord,
  ExperimentStatsRaw,
  ExperimentStore,
  ExperimentVariantRaw,
  SampleRaw,
} from "../../src/runtime/index.ts";
import { scopeArray } from "../admin-views/cases.ts";
import { appendAudit } from "../audit.ts";
import type { Db } from "../client.ts";
import { experiments } from "../schema.ts";

/**
 * The owner's wording experiments over Postgres (src/runtime/ports/experiments.ts). Starting,
 * reweighing and ending one are each a transaction with its entry in the business's audit chain.
 * The figures are aggregated in SQL at the injected `now`: a case counts from the first message
 * it was sent in its variant (messages.wording), so a card held back by quiet hours and then
 * voided never put a case in the statistics.
 */
export function createExperimentStore(db: Db): ExperimentStore {
  return {
    async list(businessId) {
      const rows = await db
        .select()
        .from(experiments)
        .where(eq(experiments.businessId, businessId))
        .orderBy(sql`${experiments.status} = 'running' desc`, desc(experiments.startedAt));
      return rows.map(record);
    },

    async start(input) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(experiments)
          .values({
            businessId: input.businessId,
            messageId: input.messageId,
            variants: input.variants.map((v) => ({ key: v.key, weight: v.weight })),
            startedAt: input.at,
            startedBy: input.by,
          })
          .onConflictDoNothing()
          .returning({ id: experiments.id });
        if (!row) return { outcome: "already_running" as const };
        await appendAudit(tx, {
          businessId: input.businessId,
          actor: input.by,
          action: "experiment_started",
          detail: { experimentId: row.id, messageId: input.messageId, variants: input.variants },
          at: input.at,
        });
        return { outcome: "started" as const, id: row.id };
      });
    },

    async setWeights(input) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(experiments)
          .set({ variants: input.variants.map((v) => ({ key: v.key, weight: v.weight })) })
          .where(
            and(
              eq(experiments.id, input.experimentId),
              eq(experiments.businessId, input.businessId),
              eq(experiments.status, "running"),
            ),
          )
          .returning({ id: experiments.id });
        if (!row) return false;
        await appendAudit(tx, {
          businessId: input.businessId,
          actor: input.by,
          action: "experiment_weights_changed",
          detail: { experimentId: row.id, variants: input.variants },
          at: input.at,
        });
        return true;
      });
    },

    async end(input) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(experiments)
          .set({ status: "ended", winner: input.winner, endedAt: input.at, endedBy: input.by })
          .where(
            and(
              eq(experiments.id, input.experimentId),
              eq(experiments.businessId, input.businessId),
              eq(experiments.status, "running"),
            ),
          )
          .returning({ id: experiments.id, messageId: experiments.messageId });
        if (!row) return false;
        await appendAudit(tx, {
          businessId: input.businessId,
          actor: input.by,
          action: "experiment_ended",
          detail: { experimentId: row.id, messageId: row.messageId, winner: input.winner },
          at: input.at,
        });
        return true;
      });
    },

    async stats(scope, query) {
      if (scope.businessIds.length === 0) return [];
      const within = sql.join(
        [
          sql`e.business_id = any(${scopeArray(scope)})`,
          ...(query.businessId === undefined
            ? []
            : [sql`e.business_id = ${query.businessId}::uuid`]),
        ],
        sql` and `,
      );
      const now = sql`${query.now.toISOString()}::timestamptz`;
      const [list, figures] = await Promise.all([
        db.execute<ExperimentListRow>(sql`
          select e.*, b.name as business_name
          from experiments e join businesses b on b.id = e.business_id
          where ${within} and e.started_at <= ${now}
          order by b.name, e.business_id, e.status = 'running' desc, e.started_at desc, e.id`),
        db.execute<FigureRow>(sql`
          with shown as (
            select cv.experiment_id, cv.variant, cv.case_id,
              (select min(m.created_at) from messages m
                where m.case_id = cv.case_id and m.direction = 'out' and m.created_at <= ${now}
                  and m.wording @> jsonb_build_array(
                    jsonb_build_object('experimentId', cv.experiment_id::text))) as shown_at
            from case_variants cv join experiments e on e.id = cv.experiment_id
            where ${within}
          ),
          per_case as (
            select s.experiment_id, s.variant, i.currency,
              exists (select 1 from messages r where r.case_id = s.case_id and r.direction = 'in'
                and r.created_at >= s.shown_at and r.created_at <= ${now}) as replied,
              exists (select 1 from agreements a where a.case_id = s.case_id
                and a.confirmed_at >= s.shown_at and a.confirmed_at <= ${now}) as agreed,
              coalesce((select sum(p.amount_minor) from payments p where p.invoice_id = i.id
                and p.received_at >= s.shown_at and p.received_at <= ${now}), 0)::float8
                as recovered,
              case when i.paid_minor >= i.amount_minor then
                (select extract(epoch from max(p.received_at) - s.shown_at) / 86400
                 from payments p where p.invoice_id = i.id and p.received_at <= ${now})
              end as days
            from shown s
              join cases c on c.id = s.case_id
              join invoices i on i.id = c.invoice_id
            where s.shown_at is not null
          )
          select experiment_id, variant, currency,
            count(*)::int as cases,
            (count(*) filter (where replied))::int as replied,
            (count(*) filter (where agreed))::int as agreed,
            sum(recovered)::float8 as recovered_total,
            avg(recovered)::float8 as recovered_mean,
            stddev_samp(recovered)::float8 as recovered_sd,
            (count(days) filter (where days >= 0))::int as paid,
            (avg(days) filter (where days >= 0))::float8 as days_mean,
            (stddev_samp(days) filter (where days >= 0))::float8 as days_sd
          from per_case
          group by grouping sets ((experiment_id, variant, currency), (experiment_id, variant))
          order by experiment_id, variant, currency nulls first`),
      ]);
      const rowsOf = new Map<string, ExperimentVariantRaw[]>();
      for (const r of figures) {
        const rows = rowsOf.get(r.experiment_id) ?? [];
        rows.push({
          variant: r.variant,
          currency: r.currency,
          cases: Number(r.cases),
          replied: Number(r.replied),
          agreed: Number(r.agreed),
          recoveredTotalMinor: Number(r.recovered_total ?? 0),
          recovered: sample(r.cases, r.recovered_mean, r.recovered_sd),
          daysToPayment: sample(r.paid, r.days_mean, r.days_sd),
        });
        rowsOf.set(r.experiment_id, rows);
      }
      return [...list].map(
        (e): ExperimentStatsRaw => ({
          ...record({
            id: e.id,
            businessId: e.business_id,
            messageId: e.message_id,
            variants: typeof e.variants === "string" ? JSON.parse(e.variants) : e.variants,
            status: e.status,
            winner: e.winner,
            startedAt: new Date(e.started_at),
            startedBy: e.started_by,
            endedAt: e.ended_at === null ? null : new Date(e.ended_at),
            endedBy: e.ended_by,
          }),
          businessName: e.business_name,
          rows: rowsOf.get(e.id) ?? [],
        }),
      );
    },
  };
}

function sample(n: number | string, mean: number | null, sd: number | null): SampleRaw {
  return {
    n: Number(n),
    mean: mean === null ? 0 : Number(mean),
    sd: sd === null ? null : Number(sd),
  };
}

function record(row: typeof experiments.$inferSelect): ExperimentRecord {
  return {
    id: row.id,
    businessId: row.businessId,
    messageId: row.messageId,
    variants: row.variants,
    status: row.status,
    winner: row.winner,
    startedAt: row.startedAt,
    startedBy: row.startedBy,
    endedAt: row.endedAt,
    endedBy: row.endedBy,
  };
}

interface ExperimentListRow extends Record<string, unknown> {
  id: string;
  business_id: string;
  business_name: string;
  message_id: string;
  /** jsonb arrives parsed or as text, depending on the driver's parsers. */
  variants: { key: string; weight: number }[] | string;
  status: "running" | "ended";
  winner: string | null;
  started_at: string | Date;
  started_by: string;
  ended_at: string | Date | null;
  ended_by: string | null;
}

interface FigureRow extends Record<string, unknown> {
  experiment_id: string;
  variant: string;
  currency: string | null;
  cases: number;
  replied: number;
  agreed: number;
  recovered_total: number | null;
  recovered_mean: number | null;
  recovered_sd: number | null;
  paid: number;
  days_mean: number | null;
  days_sd: number | null;
}
