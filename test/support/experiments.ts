import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { PgCaseStore } from "../../db/runtime/case-store.ts";
import { PgOutboxStore } from "../../db/runtime/outbox-store.ts";
import type { LadderStepKind } from "../../src/core/types.ts";
import { outboundOpSchema } from "../../src/runtime/outbound.ts";
import { planEvent } from "../../src/runtime/plan-event.ts";

/**
 * Many cases at once for the wording-experiment tests: rows written in bulk as intake leaves them
 * (a debtor, an invoice, a case, a bound Telegram chat), then a ladder card for each through the
 * runtime's real path — the case loaded with its experiments, `planEvent` choosing and recording
 * the variant, the plan committed — and "delivered" through the outbox store's own `markSent`
 * (the platform call is the only thing left out). Ids are given, so the split is the same on
 * every run.
 */

/** The i-th simulated case's id: fixed, so which variant each case gets never changes. */
export function simulatedCaseId(i: number): string {
  return `5e1f0c2a-9d3b-4c7e-8a6f-${i.toString(16).padStart(12, "0")}`;
}

export async function givenSimulatedCases(
  db: Db,
  businessId: string,
  count: number,
  options: {
    amountMinor: number;
    dueDate: string;
    issuedAt: string;
    locale: "fr" | "en";
    /** The first case's index (ids are global: each business takes its own range). */
    firstIndex?: number;
  },
): Promise<string[]> {
  const first = options.firstIndex ?? 0;
  const ids = Array.from({ length: count }, (_, i) => simulatedCaseId(first + i));
  await db.execute(sql`
    with n as (
      select g, ${sql.param(ids)}::uuid[] as ids, ${first} + g - 1 as k
      from generate_series(1, ${count}) g
    ),
    d as (
      insert into debtors (business_id, external_ref, name, locale, timezone)
      select ${businessId}::uuid, 'SIM-' || k, 'Client ' || k, ${options.locale}, 'Europe/Paris'
      from n
      returning id, external_ref
    ),
    i as (
      insert into invoices (business_id, debtor_id, number, amount_minor, currency, issued_at,
        due_date)
      select ${businessId}::uuid, d.id, d.external_ref, ${options.amountMinor}, 'EUR',
        ${options.issuedAt}::timestamptz, ${options.dueDate}::date
      from d
      returning id, debtor_id, number
    ),
    ch as (
      insert into debtor_channels (debtor_id, channel, address)
      select i.debtor_id, 'telegram', (900000000 + substr(i.number, 5)::int)::text from i
    )
    insert into cases (id, business_id, debtor_id, invoice_id, status)
    select n.ids[n.g], ${businessId}::uuid, i.debtor_id, i.id, 'reminded'
    from i join n on n.k = substr(i.number, 5)::int`);
  return ids;
}

/** Each simulated event's own key (the test clock may not move between two of them). */
let eventSeq = 0;

/**
 * One automated ladder card for the case, as the timer's event would send it: through
 * `PgCaseStore.withCase` and `planEvent`, committed with its outbox rows and any new assignment.
 * Returns the outbox ids written.
 */
export async function sendLadderCard(
  db: Db,
  caseId: string,
  step: Exclude<LadderStepKind, "personal_contact">,
  now: Date,
  dueDate: string,
  amountDueMinor: number,
): Promise<string[]> {
  eventSeq += 1;
  const eventKey = `sim-${caseId}-${step}-${eventSeq}`;
  const done = await new PgCaseStore(db).withCase(caseId, null, async (loaded) => ({
    result: null,
    plan: planEvent(
      loaded,
      [
        {
          type: "send_debtor",
          automated: true,
          message: { kind: "ladder_reminder", step, amountDueMinor, dueDate },
        },
      ],
      {
        version: loaded.version + 1,
        state: null,
        eventKey,
        now,
        replyTo: null,
        actor: "system",
        extraOps: [],
        inbound: null,
        inboundMessage: null,
        timerId: null,
      },
    ),
  }));
  const committed = done?.committed;
  if (committed?.outcome !== "committed") throw new Error("not committed");
  return committed.outbox.map((o) => o.id);
}

/** What the relay does once the platform said "sent": the outbox store's own bookkeeping. */
export async function markDelivered(db: Db, outboxIds: readonly string[], at: Date) {
  const store = new PgOutboxStore(db);
  for (const id of outboxIds) {
    const row = await store.claim(id, 30_000);
    if (!row) throw new Error(`outbox ${id} not claimable`);
    const op = outboundOpSchema.parse(row.payload);
    const context = row.caseId ? await store.guardContext(row.caseId) : null;
    await store.markSent(row, op, {
      externalId: `sim-${id}`,
      at,
      debtorId: context?.debtorId ?? null,
    });
  }
}

/** Runs `work` over `items`, `width` at a time (the pool has ten connections). */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    results.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  }
  return results;
}
