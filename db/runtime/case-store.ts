import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { CaseState } from "../../src/core/index.ts";
import { agreementStanding } from "../../src/core/installment-progress.ts";
import { policySchema } from "../../src/core/policy.ts";
import type { Channel, Locale, PlanTerms, TimerKind } from "../../src/core/types.ts";
import {
  type AuditEntry,
  CaseConflict,
  type CaseStore,
  type CaseTransaction,
  type InboundMessage,
  type LoadedCase,
  type NewAgreement,
  type NewButtonToken,
  type NewOutboxRow,
  type NewTimer,
} from "../../src/runtime/store.ts";
import { appendAuditEntries } from "../audit.ts";
import type { Db, Tx } from "../client.ts";
import {
  agreements,
  businesses,
  buttonTokens,
  cases,
  debtorChannels,
  debtors,
  inboundEvents,
  installments,
  invoices,
  messages,
  offers,
  outbox,
  timers,
} from "../schema.ts";

/** The runtime's `CaseStore` on Postgres: every method runs inside the event's transaction. */
export class PgCaseStore implements CaseStore {
  constructor(private readonly db: Db) {}

  async transaction<T>(fn: (tx: CaseTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (tx) => {
        const caseTx = new PgCaseTransaction(tx);
        const result = await fn(caseTx);
        await caseTx.flushAudit();
        return result;
      });
    } catch (err) {
      // A unique key, a serialization failure or a deadlock caused by a concurrent transaction is
      // a conflict like a moved version: the runtime retries the whole event.
      if (isConcurrencyError(err)) throw new CaseConflict(concurrencyCode(err));
      throw err;
    }
  }
}

/** SQLSTATEs a concurrent transaction can cause: unique_violation, serialization_failure,
 *  deadlock_detected. */
const CONCURRENCY_CODES = new Set(["23505", "40001", "40P01"]);

function concurrencyCode(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause ?? err;
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}

function isConcurrencyError(err: unknown): boolean {
  return CONCURRENCY_CODES.has(concurrencyCode(err));
}

class PgCaseTransaction implements CaseTransaction {
  /** Audit entries of this event, appended together just before commit (see `flushAudit`). */
  readonly #audit: AuditEntry[] = [];

  constructor(private readonly tx: Tx) {}

  /**
   * Appends the event's audit entries in one batch, last thing before commit: the case's chain
   * lock is then held only for the commit itself, and N entries cost three round trips, not 3N.
   */
  async flushAudit(): Promise<void> {
    const entries = this.#audit.splice(0);
    await appendAuditEntries(this.tx, entries);
  }

  async recordInbound(
    channel: string,
    externalId: string,
    caseId: string | null,
  ): Promise<boolean> {
    // A concurrent duplicate blocks on the unique index until the first commits, then does nothing.
    const rows = await this.tx
      .insert(inboundEvents)
      .values({ channel, externalId, caseId })
      .onConflictDoNothing()
      .returning({ id: inboundEvents.id });
    return rows.length > 0;
  }

  async loadCase(caseId: string): Promise<LoadedCase | null> {
    const [row] = await this.tx
      .select({ c: cases, i: invoices, b: businesses, d: debtors })
      .from(cases)
      .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
      .innerJoin(businesses, eq(businesses.id, cases.businessId))
      .innerJoin(debtors, eq(debtors.id, cases.debtorId))
      .where(eq(cases.id, caseId))
      // Events of one case take turns from here to commit: a concurrent one waits, then reads the
      // version this one wrote, instead of colliding later on a timer or agreement row.
      .for("update", { of: cases });
    if (!row) return null;
    const bindings = await this.tx
      .select({
        channel: debtorChannels.channel,
        address: debtorChannels.address,
        boundAt: debtorChannels.boundAt,
        lastSeenAt: sql<string | null>`(select max(m.created_at) from ${messages} m
          where m.debtor_id = ${debtorChannels.debtorId} and m.channel = ${debtorChannels.channel}
            and m.chat_id = ${debtorChannels.address} and m.direction = 'in')`,
      })
      .from(debtorChannels)
      .where(eq(debtorChannels.debtorId, row.d.id));
    const { c, i, b, d } = row;
    const state = c.state && typeof c.state === "object" && "status" in c.state ? c.state : null;
    return {
      caseId: c.id,
      businessId: c.businessId,
      debtorId: c.debtorId,
      invoiceId: c.invoiceId,
      version: c.version,
      state: state as CaseState | null,
      facts: {
        invoice: {
          number: i.number,
          amountMinor: i.amountMinor,
          currency: i.currency,
          dueDate: i.dueDate,
          issuedAt: i.issuedAt.toISOString().slice(0, 10),
        },
        debtor: { timezone: d.timezone, locale: d.locale, reachable: bindings.length > 0 },
        business: { timezone: b.timezone },
      },
      policy: policySchema.parse(b.policy),
      business: {
        name: b.name,
        locale: b.locale,
        timezone: b.timezone,
        slackChannelId: b.slackChannelId,
        paymentInstructions: {
          ...(b.paymentInstructions.text ? { text: b.paymentInstructions.text } : {}),
          ...(b.paymentInstructions.payUrl ? { payUrl: b.paymentInstructions.payUrl } : {}),
        },
      },
      debtor: { name: d.name, locale: d.locale as Locale, timezone: d.timezone },
      bindings: bindings.map((x) => ({
        channel: x.channel as Channel,
        address: x.address,
        boundAt: x.boundAt,
        lastSeenAt: x.lastSeenAt === null ? null : new Date(x.lastSeenAt),
      })),
    };
  }

  async saveCase(caseId: string, expectedVersion: number, state: CaseState): Promise<boolean> {
    const rows = await this.tx
      .update(cases)
      .set({
        state: state as unknown as Record<string, unknown>,
        status: state.status,
        version: expectedVersion + 1,
        updatedAt: sql`now()`,
      })
      .where(and(eq(cases.id, caseId), eq(cases.version, expectedVersion)))
      .returning({ id: cases.id, debtorId: cases.debtorId });
    const saved = rows[0];
    if (saved) await this.syncAgreement(caseId, state);
    if (saved && state.status === "opted_out") {
      // The opt-out is the debtor's, across channels and cases: send-time guards read it there.
      await this.tx
        .update(debtors)
        .set({ optedOutAt: sql`coalesce(${debtors.optedOutAt}, now())` })
        .where(eq(debtors.id, saved.debtorId));
    }
    return saved !== undefined;
  }

  /**
   * Keeps the case's active agreement and its installments in step with the state just saved:
   * payments are allocated to installments in order, a paid case completes the agreement, and a
   * case the core sent back to negotiating marks it broken. Same transaction as the state.
   */
  private async syncAgreement(caseId: string, state: CaseState): Promise<void> {
    const [active] = await this.tx
      .select({ id: agreements.id })
      .from(agreements)
      .where(and(eq(agreements.caseId, caseId), eq(agreements.status, "active")))
      .orderBy(desc(agreements.createdAt))
      .limit(1);
    if (!active) return;
    const schedule = await this.tx
      .select({
        seq: installments.seq,
        amountMinor: installments.amountMinor,
        paidMinor: installments.paidMinor,
        status: installments.status,
      })
      .from(installments)
      .where(eq(installments.agreementId, active.id));
    const standing = agreementStanding(state, schedule);
    switch (standing.status) {
      case "unchanged":
        return;
      case "active":
        for (const p of standing.progress) {
          const row = schedule.find((s) => s.seq === p.seq);
          if (!row || (row.paidMinor === p.paidMinor && row.status === p.status)) continue;
          await this.tx
            .update(installments)
            .set({ paidMinor: p.paidMinor, status: p.status })
            .where(and(eq(installments.agreementId, active.id), eq(installments.seq, p.seq)));
        }
        return;
      case "completed":
        await this.tx
          .update(installments)
          .set({ paidMinor: sql`${installments.amountMinor}`, status: "paid" })
          .where(eq(installments.agreementId, active.id));
        await this.tx
          .update(agreements)
          .set({ status: "completed" })
          .where(eq(agreements.id, active.id));
        return;
      case "broken":
        // The installments keep what was paid towards them: the record of how far the plan went.
        await this.tx
          .update(agreements)
          .set({ status: "broken" })
          .where(eq(agreements.id, active.id));
        return;
    }
  }

  async insertOutbox(rows: readonly NewOutboxRow[]): Promise<{ id: string; channel: string }[]> {
    if (rows.length === 0) return [];
    return this.tx
      .insert(outbox)
      .values(
        rows.map((r) => ({
          caseId: r.caseId,
          businessId: r.businessId,
          kind: r.op.op,
          channel: r.op.channel,
          payload: r.op as unknown as Record<string, unknown>,
          idempotencyKey: r.idempotencyKey,
          notBefore: r.notBefore,
        })),
      )
      .onConflictDoNothing({ target: outbox.idempotencyKey })
      .returning({ id: outbox.id, channel: outbox.channel, kind: outbox.kind });
  }

  async voidHeldAutomated(caseId: string): Promise<number> {
    const rows = await this.tx
      .update(outbox)
      .set({ status: "cancelled", lastError: "cancelled: the case moved on before it was sent" })
      .where(
        and(
          eq(outbox.caseId, caseId),
          eq(outbox.status, "pending"),
          eq(outbox.kind, "send_card"),
          sql`(${outbox.payload}->>'automated')::boolean`,
        ),
      )
      .returning({ id: outbox.id });
    return rows.length;
  }

  async insertOffers(
    caseId: string,
    offerSetVersion: number,
    list: readonly { key: string; terms: PlanTerms; withinPolicy: boolean }[],
    expiresAt: Date,
  ): Promise<void> {
    if (list.length === 0) return;
    await this.tx
      .insert(offers)
      .values(
        list.map((o) => ({
          caseId,
          offerSetVersion,
          offerKey: o.key,
          terms: o.terms as unknown as Record<string, unknown>,
          withinPolicy: o.withinPolicy,
          expiresAt,
        })),
      )
      .onConflictDoNothing();
  }

  async insertAgreement(a: NewAgreement): Promise<string> {
    // A new agreement replaces whatever the case agreed before (a renegotiated plan).
    await this.tx
      .update(agreements)
      .set({ status: "superseded" })
      .where(and(eq(agreements.caseId, a.caseId), eq(agreements.status, "active")));
    const [row] = await this.tx
      .insert(agreements)
      .values({
        caseId: a.caseId,
        businessId: a.businessId,
        offerKey: a.offerKey,
        terms: a.terms as unknown as Record<string, unknown>,
        totalMinor: a.totalMinor,
        currency: a.currency,
        renderedText: a.renderedText,
        channel: a.channel,
        messageIds: [...a.messageIds],
        approvedBy: a.approvedBy,
        confirmedAt: a.confirmedAt,
      })
      .returning({ id: agreements.id });
    if (!row) throw new Error("agreement insert returned no row");
    const schedule =
      a.terms.kind === "installments"
        ? a.terms.installments.map((x) => ({
            seq: x.seq,
            dueDate: x.dueDate,
            amountMinor: x.amountMinor,
          }))
        : a.terms.kind === "promise"
          ? [{ seq: 1, dueDate: a.terms.date, amountMinor: a.terms.amountMinor }]
          : [];
    if (schedule.length > 0) {
      await this.tx
        .insert(installments)
        .values(schedule.map((s) => ({ ...s, agreementId: row.id })));
    }
    return row.id;
  }

  async scheduleTimer(timer: NewTimer): Promise<{ id: string; dueAt: Date; replaced: string[] }> {
    const replaced = await this.tx
      .update(timers)
      .set({ status: "cancelled" })
      .where(
        and(
          eq(timers.caseId, timer.caseId),
          eq(timers.key, timer.key),
          eq(timers.status, "pending"),
        ),
      )
      .returning({ id: timers.id });
    const [row] = await this.tx
      .insert(timers)
      .values({
        caseId: timer.caseId,
        kind: timer.kind,
        key: timer.key,
        dueAt: timer.dueAt,
        payload: { ...timer.payload },
      })
      .returning({ id: timers.id, dueAt: timers.dueAt });
    if (!row) throw new Error("timer insert returned no row");
    return { ...row, replaced: replaced.map((r) => r.id) };
  }

  async cancelTimers(
    caseId: string,
    kinds?: readonly TimerKind[],
    keys?: readonly string[],
  ): Promise<string[]> {
    const where = [eq(timers.caseId, caseId), eq(timers.status, "pending")];
    if (kinds) {
      if (kinds.length === 0) return [];
      where.push(inArray(timers.kind, [...kinds]));
    }
    if (keys) {
      if (keys.length === 0) return [];
      where.push(inArray(timers.key, [...keys]));
    }
    const rows = await this.tx
      .update(timers)
      .set({ status: "cancelled" })
      .where(and(...where))
      .returning({ id: timers.id });
    return rows.map((r) => r.id);
  }

  async markTimerFired(timerId: string, at: Date): Promise<void> {
    await this.tx
      .update(timers)
      .set({ status: "fired", firedAt: at })
      .where(and(eq(timers.id, timerId), eq(timers.status, "pending")));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.#audit.push(entry);
  }

  async insertButtonTokens(tokens: readonly NewButtonToken[]): Promise<void> {
    if (tokens.length === 0) return;
    await this.tx.insert(buttonTokens).values(
      tokens.map((t) => ({
        token: t.token,
        caseId: t.caseId,
        debtorId: t.debtorId,
        action: t.action as Record<string, unknown>,
        caseVersion: t.caseVersion,
      })),
    );
  }

  async recordInboundMessage(m: InboundMessage): Promise<void> {
    await this.tx.insert(messages).values({
      caseId: m.caseId,
      debtorId: m.debtorId,
      direction: "in",
      channel: m.channel,
      chatId: m.chatId,
      externalId: m.externalId,
      kind: m.kind,
      text: m.text,
      createdAt: m.at,
    });
  }

  async ownerRequestMessage(
    caseId: string,
    requestId: string,
  ): Promise<{ slackChannel: string; messageTs: string } | null> {
    const [row] = await this.tx
      .select({ payload: outbox.payload, externalId: outbox.externalId })
      .from(outbox)
      .where(
        and(
          eq(outbox.caseId, caseId),
          eq(outbox.kind, "owner_message"),
          eq(outbox.status, "sent"),
          sql`${outbox.payload}->>'requestId' = ${requestId}`,
        ),
      )
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    const slackChannel = (row?.payload as { slackChannel?: unknown } | undefined)?.slackChannel;
    if (!row?.externalId || typeof slackChannel !== "string") return null;
    return { slackChannel, messageTs: row.externalId };
  }

  async lastConfirmationShown(
    caseId: string,
  ): Promise<{ text: string; externalIds: string[] } | null> {
    // The confirm_terms card as rendered and committed (its outbox row), and — once delivered —
    // the platform's message id.
    const [row] = await this.tx
      .select({ payload: outbox.payload, externalId: outbox.externalId })
      .from(outbox)
      .where(
        and(eq(outbox.caseId, caseId), sql`${outbox.payload}->>'messageKind' = 'confirm_terms'`),
      )
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    if (!row) return null;
    const card = (row.payload as { card?: { text?: unknown } }).card;
    const text = typeof card?.text === "string" ? card.text : "";
    return { text, externalIds: row.externalId ? [row.externalId] : [] };
  }
}
