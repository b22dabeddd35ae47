import {
  and,
  asc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
} from "drizzle-orm";
import { policySchema } from "../../src/core/index.ts";
import type {
  GuardContext,
  OutboundOp,
  OutboxRecord,
  OutboxStore,
  TimerRecord,
  TimerStore,
} from "../../src/runtime/index.ts";
import type { Db } from "../client.ts";
import { businesses, cases, debtors, messages, outbox, timers } from "../schema.ts";

/** Case statuses after which nothing automated is sent. */
const CLOSED_CASE_STATUSES: readonly string[] = ["paid", "closed"];

export class PgOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  async claim(id: string, leaseMs: number): Promise<OutboxRecord | null> {
    const [row] = await this.db
      .update(outbox)
      .set({ claimedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where(
        and(
          eq(outbox.id, id),
          eq(outbox.status, "pending"),
          or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, sql`now()`)),
        ),
      )
      .returning();
    if (!row) return null;
    return {
      id: row.id,
      status: row.status,
      caseId: row.caseId,
      businessId: row.businessId,
      seq: row.seq,
      payload: row.payload,
      attempts: row.attempts,
    };
  }

  async guardContext(caseId: string): Promise<GuardContext | null> {
    const [row] = await this.db
      .select({ d: debtors, b: businesses, status: cases.status })
      .from(cases)
      .innerJoin(debtors, eq(debtors.id, cases.debtorId))
      .innerJoin(businesses, eq(businesses.id, cases.businessId))
      .where(eq(cases.id, caseId));
    if (!row) return null;
    return {
      debtorId: row.d.id,
      debtorTimezone: row.d.timezone,
      businessTimezone: row.b.timezone,
      optedOut: row.d.optedOutAt !== null,
      caseClosed: CLOSED_CASE_STATUSES.includes(row.status),
      policy: policySchema.parse(row.b.policy),
    };
  }

  async automatedSentSince(debtorId: string, since: Date): Promise<Date[]> {
    const rows = await this.db
      .select({ at: messages.createdAt })
      .from(messages)
      .where(
        and(
          eq(messages.debtorId, debtorId),
          eq(messages.direction, "out"),
          eq(messages.automated, true),
          gte(messages.createdAt, since),
          // A message the platform reported failed never reached the debtor: it is not counted
          // (the same reminder on the next channel is).
          or(isNull(messages.status), ne(messages.status, "failed")),
          // The web chat notifies nobody: a card kept there next to an e-mail is not a second
          // reminder.
          ne(messages.channel, "webchat"),
        ),
      )
      .orderBy(asc(messages.createdAt));
    return rows.map((r) => r.at);
  }

  async markSent(
    row: OutboxRecord,
    op: OutboundOp,
    result: { externalId: string | null; at: Date; debtorId: string | null },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const updated = await tx
        .update(outbox)
        .set({
          status: "sent",
          sentAt: result.at,
          externalId: result.externalId,
          attempts: sql`${outbox.attempts} + 1`,
        })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, "pending")))
        .returning({ id: outbox.id });
      if (updated.length === 0 || op.op !== "send_card" || !result.debtorId) return;
      await tx.insert(messages).values({
        caseId: row.caseId,
        debtorId: result.debtorId,
        direction: "out",
        channel: op.channel,
        chatId: op.address,
        externalId: result.externalId,
        kind: op.messageKind,
        text: op.card.text,
        card: op.card as unknown as Record<string, unknown>,
        automated: op.automated,
        wording: op.wording ?? null,
        // The clock that decided to send, so the 7-day cap and quiet hours agree with it.
        createdAt: result.at,
      });
    });
  }

  async earlierDueToSameChat(
    row: OutboxRecord,
    channel: string,
    address: string,
    now: Date,
  ): Promise<boolean> {
    const [earlier] = await this.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          eq(outbox.channel, channel),
          eq(outbox.kind, "send_card"),
          lt(outbox.seq, row.seq),
          lte(outbox.notBefore, now),
          sql`${outbox.payload}->>'address' = ${address}`,
        ),
      )
      .limit(1);
    return earlier !== undefined;
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({ status: "failed", lastError: error.slice(0, 2_000) })
      .where(and(eq(outbox.id, id), eq(outbox.status, "pending")));
  }

  async release(id: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({ claimedUntil: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, "pending")));
  }

  async cancel(id: string, why: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({ status: "cancelled", lastError: `cancelled: ${why}` })
      .where(and(eq(outbox.id, id), eq(outbox.status, "pending")));
  }

  async postpone(id: string, until: Date, why: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({
        claimedUntil: null,
        notBefore: until,
        lastError: `postponed: ${why}`,
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(and(eq(outbox.id, id), eq(outbox.status, "pending")));
  }

  async pendingOlderThan(
    createdBefore: Date,
    dueBefore: Date,
    limit: number,
    after?: { readonly notBefore: Date; readonly id: string },
  ): Promise<{ id: string; channel: string; kind: string; notBefore: Date }[]> {
    return this.db
      .select({
        id: outbox.id,
        channel: outbox.channel,
        kind: outbox.kind,
        notBefore: outbox.notBefore,
      })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          // `created_at` is the database's wall clock while `createdBefore` comes from the injected
          // clock: either says the row is old enough (re-adding a live job is a no-op anyway). A
          // row already tried (postponed) had its job: it is promoted as soon as it is due.
          or(
            lt(outbox.createdAt, createdBefore),
            sql`${outbox.createdAt} < now() - interval '5 seconds'`,
            gt(outbox.attempts, 0),
          ),
          lt(outbox.notBefore, dueBefore),
          or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, sql`now()`)),
          after
            ? sql`(${outbox.notBefore}, ${outbox.id}) > (${after.notBefore.toISOString()}::timestamptz, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(asc(outbox.notBefore), asc(outbox.id))
      .limit(limit);
  }
}

export class PgTimerStore implements TimerStore {
  constructor(private readonly db: Db) {}

  async unstartedCases(limit: number): Promise<string[]> {
    // A started case has a state with a status; `{}` is what intake writes.
    const rows = await this.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.version, 0), sql`${cases.state} = '{}'::jsonb`))
      .orderBy(asc(cases.createdAt))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  async load(id: string): Promise<TimerRecord | null> {
    const [row] = await this.db.select().from(timers).where(eq(timers.id, id));
    if (!row) return null;
    return {
      id: row.id,
      caseId: row.caseId,
      kind: row.kind,
      status: row.status,
      dueAt: row.dueAt,
      payload: row.payload as Record<string, string | number>,
    };
  }

  async cancel(id: string): Promise<void> {
    await this.db
      .update(timers)
      .set({ status: "cancelled" })
      .where(and(eq(timers.id, id), eq(timers.status, "pending")));
  }

  async claimForLoading(
    before: Date,
    limit: number,
    load: (rows: readonly { id: string; dueAt: Date }[]) => Promise<void>,
  ): Promise<{ id: string; dueAt: Date }[]> {
    return this.db.transaction(async (tx) => {
      // SKIP LOCKED: a second loader running at the same moment takes the next rows instead of
      // waiting for these, and never sees them unmarked once this transaction commits.
      const rows = await tx
        .select({ id: timers.id, dueAt: timers.dueAt })
        .from(timers)
        .where(
          and(eq(timers.status, "pending"), isNull(timers.enqueuedAt), lt(timers.dueAt, before)),
        )
        .orderBy(asc(timers.dueAt), asc(timers.id))
        .limit(limit)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return rows;
      await load(rows);
      await tx
        .update(timers)
        .set({ enqueuedAt: sql`now()` })
        .where(
          inArray(
            timers.id,
            rows.map((r) => r.id),
          ),
        );
      return rows;
    });
  }

  async forgetLoaded(): Promise<number> {
    const rows = await this.db
      .update(timers)
      .set({ enqueuedAt: null })
      .where(and(eq(timers.status, "pending"), isNotNull(timers.enqueuedAt)))
      .returning({ id: timers.id });
    return rows.length;
  }

  async pendingDueBefore(
    before: Date,
    limit: number,
    after?: { readonly dueAt: Date; readonly id: string },
  ): Promise<{ id: string; dueAt: Date }[]> {
    return this.db
      .select({ id: timers.id, dueAt: timers.dueAt })
      .from(timers)
      .where(
        and(
          eq(timers.status, "pending"),
          lt(timers.dueAt, before),
          after
            ? sql`(${timers.dueAt}, ${timers.id}) > (${after.dueAt.toISOString()}::timestamptz, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(asc(timers.dueAt), asc(timers.id))
      .limit(limit);
  }
}
