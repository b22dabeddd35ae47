import { and, desc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type {
  CaseFacts,
  CaseState,
  Channel,
  InvoiceBalance,
  Locale,
} from "../../src/core/index.ts";
import { oldestFirst, policySchema } from "../../src/core/index.ts";
import type { CaseExperiment } from "../../src/runtime/index.ts";
import {
  CaseConflict,
  type CaseStore,
  type CommitPlan,
  type CommitResult,
  type EventOutcome,
  type InboundKey,
  type LoadedCase,
} from "../../src/runtime/index.ts";
import { insertAuditRows } from "../audit.ts";
import type { Db, Tx } from "../client.ts";
import {
  agreements,
  businesses,
  buttonTokens,
  caseInvoices,
  cases,
  caseVariants,
  debtorChannels,
  debtors,
  experiments,
  inboundEvents,
  installments,
  invoices,
  linkTokens,
  messages,
  offers,
  outbox,
  ownerNotices,
  timers,
} from "../schema.ts";

/**
 * The runtime's `CaseStore` on Postgres: a case is loaded in one statement, and an event's whole
 * `CommitPlan` is written in one transaction whose statements are sent together (pipelined), the
 * compare-and-set on the case row first: a concurrent event of the same case waits on that row,
 * then finds the version moved and is retried by the runtime — it never reaches a timer's or an
 * agreement's unique key half-way.
 */
export class PgCaseStore implements CaseStore {
  constructor(private readonly db: Db) {}

  async withCase<T>(
    caseId: string,
    inbound: InboundKey | null,
    decide: (loaded: LoadedCase) => Promise<EventOutcome<T>>,
  ): Promise<{ result: T; committed: CommitResult | null } | null> {
    let decided: { result: T } | null = null;
    try {
      return await this.db.transaction(async (tx) => {
        const loaded = await loadCase(tx, caseId, inbound);
        if (!loaded) return null;
        const { result, plan } = await decide(loaded);
        decided = { result };
        return { result, committed: plan ? await writePlan(tx, plan) : null };
      });
    } catch (err) {
      // Rolled back: the same input was committed by a concurrent delivery of it.
      if (err instanceof Redelivered && decided) {
        return { result: (decided as { result: T }).result, committed: { outcome: "duplicate" } };
      }
      throw asConflict(err);
    }
  }

  async commit(plan: CommitPlan): Promise<CommitResult> {
    try {
      return await this.db.transaction((tx) => writePlan(tx, plan));
    } catch (err) {
      if (err instanceof Redelivered) return { outcome: "duplicate" };
      throw asConflict(err);
    }
  }

  async ownerRequestMessage(
    caseId: string,
    requestId: string,
  ): Promise<{ slackChannel: string; messageTs: string } | null> {
    const [row] = await this.db
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
}

/**
 * The case and everything an event needs about it, in one statement, its row locked until the
 * transaction ends: a concurrent event of the same case waits here, then reads what this one wrote.
 */
async function loadCase(
  tx: Tx,
  caseId: string,
  inbound: InboundKey | null,
): Promise<LoadedCase | null> {
  const seen = inbound
    ? sql<boolean>`exists (select 1 from ${inboundEvents} ie
          where ie.channel = ${inbound.channel} and ie.external_id = ${inbound.externalId})`
    : sql<boolean>`false`;
  // Two statements sent together: the lock, then the read. The read starts once the lock is held,
  // so its snapshot sees whatever the event that held the case before committed (one
  // SELECT … FOR UPDATE would read the other tables — the dedupe key, the chats — as they were
  // before it waited). FOR NO KEY UPDATE: rows that reference the case (messages, outbox) can
  // still be written meanwhile, their foreign-key checks do not wait for the event.
  const [, [row]] = await Promise.all([
    tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).for("no key update"),
    tx
      .select({
        c: cases,
        i: invoices,
        b: businesses,
        d: debtors,
        seen,
        bindings: sql<BindingRow[]>`(select coalesce(json_agg(json_build_object(
            'channel', dc.channel, 'address', dc.address, 'boundAt', dc.bound_at,
            'lastSeenAt', (select max(m.created_at) from ${messages} m
              where m.debtor_id = dc.debtor_id and m.channel = dc.channel
                and m.chat_id = dc.address and m.direction = 'in'))), '[]'::json)
          from ${debtorChannels} dc where dc.debtor_id = ${cases.debtorId})`,
        // The link an e-mail carries: the newest one a reissue left valid.
        webchatToken: sql<string | null>`(select lt.token from ${linkTokens} lt
          where lt.case_id = ${cases.id} and lt.channel = 'webchat' and lt.revoked_at is null
          order by lt.created_at desc, lt.token limit 1)`,
        agreement: sql<AgreementRow | null>`(select json_build_object('id', a.id, 'schedule',
            (select coalesce(json_agg(json_build_object('seq', s.seq, 'amountMinor', s.amount_minor,
               'paidMinor', s.paid_minor, 'status', s.status) order by s.seq), '[]'::json)
             from ${installments} s where s.agreement_id = a.id))
          from ${agreements} a where a.case_id = ${cases.id} and a.status = 'active'
          order by a.created_at desc limit 1)`,
        // Every invoice the case covers (one debtor, one conversation), for a grouped case.
        invoices: sql<InvoiceRow[]>`(select coalesce(json_agg(json_build_object(
            'invoiceId', ci_i.id, 'number', ci_i.number, 'dueDate', ci_i.due_date,
            'issuedAt', to_char(ci_i.issued_at at time zone 'UTC', 'YYYY-MM-DD'),
            'amountMinor', ci_i.amount_minor, 'paidMinor', ci_i.paid_minor)), '[]'::json)
          from ${caseInvoices} ci join ${invoices} ci_i on ci_i.id = ci.invoice_id
          where ci.case_id = ${cases.id} and ci.released_at is null)`,
        // The experiments that decide what the business's cases say: running, or ended with a
        // winner (a business runs a handful: the list stays short).
        experiments: sql<ExperimentRow[]>`(select coalesce(json_agg(json_build_object(
            'id', e.id, 'messageId', e.message_id, 'variants', e.variants, 'status', e.status,
            'winner', e.winner, 'endedAt', e.ended_at, 'assigned', cv.variant)
            order by e.started_at, e.id), '[]'::json)
          from ${experiments} e
            left join ${caseVariants} cv on cv.experiment_id = e.id and cv.case_id = ${cases.id}
          where e.business_id = ${cases.businessId}
            and (e.status = 'running' or e.winner is not null))`,
      })
      .from(cases)
      .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
      .innerJoin(businesses, eq(businesses.id, cases.businessId))
      .innerJoin(debtors, eq(debtors.id, cases.debtorId))
      .where(eq(cases.id, caseId)),
  ]);
  if (!row) return null;
  const { c, i, b, d } = row;
  const bindings = parseJson<BindingRow[]>(row.bindings);
  const agreement = parseJson<AgreementRow | null>(row.agreement);
  const state = c.state && typeof c.state === "object" && "status" in c.state ? c.state : null;
  return {
    caseId: c.id,
    businessId: c.businessId,
    debtorId: c.debtorId,
    invoiceId: c.invoiceId,
    version: c.version,
    state: state as CaseState | null,
    facts: {
      ...invoiceFacts(
        {
          number: i.number,
          amountMinor: i.amountMinor,
          currency: i.currency,
          dueDate: i.dueDate,
          issuedAt: i.issuedAt.toISOString().slice(0, 10),
        },
        parseJson<InvoiceRow[]>(row.invoices),
      ),
      debtor: { timezone: d.timezone, locale: d.locale, reachable: bindings.length > 0 },
      business: { timezone: b.timezone },
    },
    policy: policySchema.parse(b.policy),
    business: {
      name: b.name,
      locale: b.locale,
      timezone: b.timezone,
      slackChannelId: b.slackChannelId,
      senderName: b.senderName,
      senderRole: b.senderRole,
      legalIdentity: b.legalIdentity,
      paymentInstructions: {
        ...(b.paymentInstructions.iban ? { iban: b.paymentInstructions.iban } : {}),
        ...(b.paymentInstructions.bic ? { bic: b.paymentInstructions.bic } : {}),
        ...(b.paymentInstructions.text ? { text: b.paymentInstructions.text } : {}),
        ...(b.paymentInstructions.payUrl ? { payUrl: b.paymentInstructions.payUrl } : {}),
      },
    },
    debtor: {
      name: d.name,
      locale: d.locale as Locale,
      timezone: d.timezone,
      email: d.contacts.email ?? null,
    },
    webchatToken: row.webchatToken ?? null,
    bindings: bindings.map((x) => ({
      channel: x.channel as Channel,
      address: x.address,
      boundAt: new Date(x.boundAt),
      lastSeenAt: x.lastSeenAt === null ? null : new Date(x.lastSeenAt),
    })),
    auditHead: c.auditHead,
    activeAgreement: agreement,
    seenInbound: row.seen === true,
    experiments: parseJson<ExperimentRow[]>(row.experiments).map(
      (e): CaseExperiment => ({
        ...e,
        endedAt: e.endedAt === null ? null : new Date(e.endedAt).toISOString(),
      }),
    ),
  };
}

type ExperimentRow = Omit<CaseExperiment, "endedAt"> & { endedAt: string | null };

type InvoiceRow = InvoiceBalance;

/**
 * A case of one invoice is about that invoice. A case of several is about all of them: the core
 * sees their sum, the earliest due and issue dates, and the list (oldest first) for what it says
 * invoice by invoice; the case's own invoice keeps its number for the payment reference.
 */
function invoiceFacts(
  own: CaseFacts["invoice"],
  rows: readonly InvoiceRow[],
): Pick<CaseFacts, "invoice" | "invoices"> {
  if (rows.length < 2) return { invoice: own };
  const list = [...rows]
    .map((r) => ({ ...r, amountMinor: Number(r.amountMinor), paidMinor: Number(r.paidMinor) }))
    .sort(oldestFirst);
  return {
    invoice: {
      ...own,
      amountMinor: list.reduce((s, r) => s + r.amountMinor, 0),
      // Oldest first is by due date first: the first invoice's is the earliest.
      dueDate: list[0]?.dueDate ?? own.dueDate,
      issuedAt: list.map((r) => r.issuedAt).sort()[0] ?? own.issuedAt,
    },
    invoices: list,
  };
}

interface BindingRow {
  channel: string;
  address: string;
  boundAt: string;
  lastSeenAt: string | null;
}

interface AgreementRow {
  id: string;
  schedule: { seq: number; amountMinor: number; paidMinor: number; status: string }[];
}

/** json columns read through `sql` arrive parsed or as text, depending on the driver's parsers. */
function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** The inbound was handled meanwhile (a concurrent redelivery committed first): roll back. */
class Redelivered extends Error {}

/** A unique key, a serialization failure or a deadlock caused by a concurrent transaction is a
 *  conflict like a moved version: the runtime runs the event again. */
function asConflict(err: unknown): unknown {
  return isConcurrencyError(err) ? new CaseConflict(concurrencyCode(err)) : err;
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

/**
 * The plan's statements, sent together and run in this order on the transaction's connection:
 * the case row's compare-and-set first (it holds the row until commit), the dedupe key next, then
 * the rows. One round trip for all of them, one more for an agreement (rare), then COMMIT.
 */
async function writePlan(tx: Tx, plan: CommitPlan): Promise<CommitResult> {
  const w = plan.caseWrite;
  const none = Promise.resolve([] as never[]);
  const cancelWhere = w ? timersToCancel(w.caseId, plan) : null;

  const [cas, inbound, , , , , cancelled, setTimers, written] = await Promise.all([
    w
      ? tx
          .update(cases)
          .set({
            ...(w.state
              ? { state: w.state as unknown as Record<string, unknown>, status: w.state.status }
              : {}),
            version: w.version,
            auditHead: w.auditHead,
            ...(w.closedAt ? { closedAt: w.closedAt } : {}),
            updatedAt: sql`now()`,
          })
          .where(
            and(
              eq(cases.id, w.caseId),
              eq(cases.version, w.expect.version),
              w.expect.auditHead === null
                ? isNull(cases.auditHead)
                : eq(cases.auditHead, w.expect.auditHead),
            ),
          )
          .returning({ id: cases.id })
      : none,
    plan.inbound
      ? tx
          .insert(inboundEvents)
          .values({
            channel: plan.inbound.channel,
            externalId: plan.inbound.externalId,
            caseId: plan.inbound.caseId,
          })
          .onConflictDoNothing()
          .returning({ id: inboundEvents.id })
      : none,
    plan.inboundMessage
      ? tx.insert(messages).values({
          caseId: plan.inboundMessage.caseId,
          debtorId: plan.inboundMessage.debtorId,
          direction: "in",
          channel: plan.inboundMessage.channel,
          chatId: plan.inboundMessage.chatId,
          externalId: plan.inboundMessage.externalId,
          kind: plan.inboundMessage.kind,
          text: plan.inboundMessage.text,
          createdAt: plan.inboundMessage.at,
        })
      : none,
    plan.timerFired
      ? tx
          .update(timers)
          .set({ status: "fired", firedAt: plan.timerFired.at })
          .where(and(eq(timers.id, plan.timerFired.id), eq(timers.status, "pending")))
      : none,
    w?.optOut
      ? tx
          .update(debtors)
          .set({ optedOutAt: sql`coalesce(${debtors.optedOutAt}, now())` })
          .where(eq(debtors.id, w.debtorId))
      : none,
    w?.voidHeldAutomated
      ? tx
          .update(outbox)
          .set({
            status: "cancelled",
            lastError: "cancelled: the case moved on before it was sent",
          })
          .where(
            and(
              eq(outbox.caseId, w.caseId),
              eq(outbox.status, "pending"),
              eq(outbox.kind, "send_card"),
              sql`(${outbox.payload}->>'automated')::boolean`,
            ),
          )
      : none,
    cancelWhere
      ? tx
          .update(timers)
          .set({ status: "cancelled" })
          .where(cancelWhere)
          .returning({ id: timers.id })
      : none,
    plan.timersSet.length > 0
      ? tx
          .insert(timers)
          .values(
            plan.timersSet.map((t) => ({
              caseId: t.caseId,
              kind: t.kind,
              key: t.key,
              dueAt: t.dueAt,
              payload: { ...t.payload },
            })),
          )
          .returning({ id: timers.id, dueAt: timers.dueAt })
      : none,
    plan.outbox.length > 0
      ? tx
          .insert(outbox)
          .values(
            plan.outbox.map((r) => ({
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
          .returning({
            id: outbox.id,
            channel: outbox.channel,
            kind: outbox.kind,
            notBefore: outbox.notBefore,
          })
      : none,
    plan.buttonTokens.length > 0
      ? tx.insert(buttonTokens).values(
          plan.buttonTokens.map((t) => ({
            token: t.token,
            caseId: t.caseId,
            debtorId: t.debtorId,
            action: t.action as Record<string, unknown>,
            caseVersion: t.caseVersion,
            chatChannel: t.chat.channel,
            chatAddress: t.chat.address,
          })),
        )
      : none,
    plan.buttonTokenCopies && plan.buttonTokenCopies.length > 0
      ? copyButtonTokens(tx, plan.buttonTokenCopies)
      : none,
    plan.linksResent
      ? tx
          .update(linkTokens)
          .set({
            // The link's own lifetime (LINK_TTL_DAYS when it was issued), counted from now.
            expiresAt: sql`greatest(${linkTokens.expiresAt}, ${plan.linksResent.at.toISOString()}::timestamptz + (${linkTokens.expiresAt} - ${linkTokens.createdAt}))`,
          })
          .where(
            and(
              inArray(linkTokens.token, [...plan.linksResent.tokens]),
              isNull(linkTokens.usedAt),
              isNull(linkTokens.revokedAt),
            ),
          )
      : none,
    plan.offers && plan.offers.offers.length > 0
      ? tx
          .insert(offers)
          .values(
            plan.offers.offers.map((o) => ({
              caseId: plan.offers?.caseId ?? "",
              offerSetVersion: plan.offers?.offerSetVersion ?? 0,
              offerKey: o.key,
              terms: o.terms as unknown as Record<string, unknown>,
              withinPolicy: o.withinPolicy,
              expiresAt: plan.offers?.expiresAt ?? new Date(0),
            })),
          )
          .onConflictDoNothing()
      : none,
    ...agreementUpdateStatements(tx, plan),
    plan.caseVariants.length > 0
      ? tx
          .insert(caseVariants)
          .values(
            plan.caseVariants.map((v) => ({
              caseId: v.caseId,
              experimentId: v.experimentId,
              variant: v.variant,
              assignedAt: v.at,
            })),
          )
          .onConflictDoNothing()
      : none,
    insertAuditRows(tx, plan.audit),
    ...ownerNoticeStatements(tx, plan),
  ]);

  if (w && cas.length === 0) throw new CaseConflict("version");
  if (plan.inbound && inbound.length === 0) throw new Redelivered();
  if (plan.agreement) await insertAgreement(tx, plan);
  if (w && plan.joinInvoice) await joinInvoice(tx, w.caseId, plan.joinInvoice);
  return {
    outcome: "committed",
    outbox: written,
    timers: setTimers,
    cancelledTimers: cancelled.map((r) => r.id),
  };
}

/** New tokens for a card sent again to another chat: copies of the old ones, for that chat. */
function copyButtonTokens(tx: Tx, copies: CommitPlan["buttonTokenCopies"] & {}): Promise<unknown> {
  const rows = copies.map((c) => ({
    from: c.from,
    token: c.token,
    channel: c.chat.channel,
    address: c.chat.address,
  }));
  return tx.execute(sql`
    insert into ${buttonTokens}
      (token, case_id, debtor_id, action, case_version, chat_channel, chat_address)
    select c.token, b.case_id, b.debtor_id, b.action, b.case_version, c.channel, c.address
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as c("from" text, token text, channel text, address text)
    join ${buttonTokens} b on b.token = c."from"`);
}

/**
 * The owner notices the plan records (the desk lists them, Slack or not), and the decision it
 * applied, marked on the undecided notice that asked for it.
 */
function ownerNoticeStatements(tx: Tx, plan: CommitPlan): Promise<unknown>[] {
  const statements: Promise<unknown>[] = [];
  const d = plan.ownerDecision;
  // Before the inserts: a decision marks what was asked earlier, never a notice of this event.
  if (d) {
    statements.push(
      tx
        .update(ownerNotices)
        .set({ decidedBy: d.by, decidedAt: d.at, decision: d.decision })
        .where(
          and(
            eq(ownerNotices.caseId, d.caseId),
            isNull(ownerNotices.decidedAt),
            d.requestId === null
              ? eq(ownerNotices.kind, "already_paid_claim")
              : eq(ownerNotices.requestId, d.requestId),
          ),
        ),
    );
  }
  if (plan.ownerNotices.length > 0) {
    statements.push(
      tx
        .insert(ownerNotices)
        .values(
          plan.ownerNotices.map((n) => ({
            businessId: n.businessId,
            caseId: n.caseId,
            kind: n.kind,
            requestId: n.requestId,
            message: n.message as unknown as Record<string, unknown>,
            slack: n.slack,
            idempotencyKey: n.idempotencyKey,
            createdAt: n.at,
          })),
        )
        .onConflictDoNothing({ target: ownerNotices.idempotencyKey }),
    );
  }
  return statements;
}

/** Pending timers the plan cancels, and those its new timers replace (same key). */
function timersToCancel(caseId: string, plan: CommitPlan): SQL | undefined {
  const clauses: SQL[] = [];
  for (const c of plan.timersCancel) {
    if (c.kinds?.length === 0 || c.keys?.length === 0) continue;
    const parts: SQL[] = [];
    if (c.kinds) parts.push(inArray(timers.kind, [...c.kinds]));
    if (c.keys) parts.push(inArray(timers.key, [...c.keys]));
    clauses.push(parts.length > 0 ? (and(...parts) ?? sql`true`) : sql`true`);
  }
  const replaced = plan.timersSet.map((t) => t.key);
  if (replaced.length > 0) clauses.push(inArray(timers.key, replaced));
  if (clauses.length === 0) return undefined;
  return and(eq(timers.caseId, caseId), eq(timers.status, "pending"), or(...clauses));
}

/** The active agreement's installments and status, as the plan says (from the core's standing). */
function agreementUpdateStatements(tx: Tx, plan: CommitPlan): Promise<unknown>[] {
  const u = plan.agreementUpdate;
  if (!u) return [];
  const statements: Promise<unknown>[] = u.installments.map((p) =>
    tx
      .update(installments)
      .set({ paidMinor: p.paidMinor, status: p.status })
      .where(and(eq(installments.agreementId, u.agreementId), eq(installments.seq, p.seq))),
  );
  if (u.status !== "active") {
    statements.push(
      tx.update(agreements).set({ status: u.status }).where(eq(agreements.id, u.agreementId)),
    );
  }
  return statements;
}

/**
 * A new invoice joins the case (the debtor said yes to adding it to the running agreement): its
 * row in its own case is released and a row for this case added, so from this commit on it is
 * reminded, allocated and shown here. Its own case is closed by the event that follows.
 */
async function joinInvoice(
  tx: Tx,
  caseId: string,
  join: NonNullable<CommitPlan["joinInvoice"]>,
): Promise<void> {
  await tx
    .update(caseInvoices)
    .set({ releasedAt: join.at })
    .where(
      and(
        eq(caseInvoices.invoiceId, join.invoiceId),
        eq(caseInvoices.caseId, join.fromCaseId),
        isNull(caseInvoices.releasedAt),
      ),
    );
  await tx
    .insert(caseInvoices)
    .values({ caseId, invoiceId: join.invoiceId, addedAt: join.at })
    .onConflictDoUpdate({
      target: [caseInvoices.caseId, caseInvoices.invoiceId],
      set: { releasedAt: null, addedAt: join.at },
    });
}

/**
 * A new agreement replaces whatever the case agreed before (a renegotiated plan). Its evidence is
 * the case's last confirm_terms card — or invoice_addition card, the plan with a new invoice
 * added, which the debtor's yes confirms — as committed (its outbox row) and, once delivered, the
 * platform's message id: read here, in the same transaction, never passed around.
 */
async function insertAgreement(tx: Tx, plan: CommitPlan): Promise<void> {
  const a = plan.agreement;
  if (!a) return;
  // The case's last confirm_terms card (commit order), as a scalar subquery per column.
  const lastConfirm = (column: SQL) => sql`(select ${column} from ${outbox} o
    where o.case_id = ${a.caseId}
      and o.payload->>'messageKind' in ('confirm_terms', 'invoice_addition')
    order by o.seq desc limit 1)`;
  const [, [row]] = await Promise.all([
    tx
      .update(agreements)
      .set({ status: "superseded" })
      .where(and(eq(agreements.caseId, a.caseId), eq(agreements.status, "active"))),
    tx
      .insert(agreements)
      .values({
        caseId: a.caseId,
        businessId: a.businessId,
        offerKey: a.offerKey,
        terms: a.terms as unknown as Record<string, unknown>,
        totalMinor: a.totalMinor,
        currency: a.currency,
        renderedText:
          a.rebalancedText ?? sql`coalesce(${lastConfirm(sql`o.payload->'card'->>'text'`)}, '')`,
        channel: a.channel,
        messageIds:
          a.rebalancedText !== undefined
            ? []
            : sql`coalesce(${lastConfirm(
                sql`case when o.external_id is null then '[]'::jsonb
            else jsonb_build_array(o.external_id) end`,
              )}, '[]'::jsonb)`,
        approvedBy: a.approvedBy,
        confirmedAt: a.confirmedAt,
      })
      .returning({ id: agreements.id }),
  ]);
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
    await tx.insert(installments).values(
      schedule.map((s) => {
        const paid = a.paidInstallments?.find((p) => p.seq === s.seq)?.paidMinor ?? 0;
        return {
          ...s,
          agreementId: row.id,
          paidMinor: paid,
          status: paid >= s.amountMinor ? ("paid" as const) : ("pending" as const),
        };
      }),
    );
  }
}
