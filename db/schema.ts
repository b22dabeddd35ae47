import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The relational schema. Conventions:
 * - ids are uuids from `gen_random_uuid()` (BullMQ job ids are built from them, e.g. `send_<uuid>`);
 * - money is integer minor units in `bigint` columns read as JS numbers (`mode: "number"`): amounts
 *   are capped at 10^12, far inside Number.MAX_SAFE_INTEGER, and a number survives JSON (BigInt
 *   would not);
 * - instants are `timestamptz`; calendar days are `date` read as `YYYY-MM-DD` strings.
 * Hand-written SQL (immutability triggers) lives in a custom migration next to the generated ones.
 */

const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: "number" });

export interface PaymentInstructions {
  /** Free text shown to debtors (bank details, cheque address…). */
  readonly text: string | null;
  /** A card-payment page, when the business has one. */
  readonly payUrl: string | null;
  /** For bank transfers, checked with its checksum at intake (src/intake/payment-instructions.ts);
   *  absent in rows written before it was asked for. */
  readonly iban?: string | null;
  readonly bic?: string | null;
}

/** Who the business is in law: the formal steps are signed with it (src/messages/terms-text.ts). */
export interface LegalIdentity {
  /** The registered name ("Atelier Lune SARL"); the business's name when null. */
  readonly name: string | null;
  /** "SIREN 123 456 789", "Company No. 01234567": as the business writes it. */
  readonly registration: string | null;
  readonly address: string | null;
}

export interface DebtorContacts {
  readonly telegram: string | null;
  readonly whatsapp: string | null;
  readonly email: string | null;
}

export const businesses = pgTable("businesses", {
  id: id(),
  name: text("name").notNull(),
  locale: text("locale").$type<"fr" | "en">().notNull(),
  timezone: text("timezone").notNull(),
  currency: text("currency").notNull(),
  /** A `Policy` (src/core/policy.ts), validated and with every default filled in. */
  policy: jsonb("policy").$type<Record<string, unknown>>().notNull(),
  slackChannelId: text("slack_channel_id"),
  /** Slack user ids allowed to approve what falls outside the policy. */
  approverIds: jsonb("approver_ids").$type<string[]>().notNull().default([]),
  paymentInstructions: jsonb("payment_instructions")
    .$type<PaymentInstructions>()
    .notNull()
    .default({ text: null, payUrl: null }),
  /** Who signs the messages for the business (« Claire » → « Claire, Atelier Lune »); null: the
   *  business's name alone. */
  senderName: text("sender_name"),
  /** Their role (« gérante » → « Claire, gérante — Atelier Lune »); null: none said. */
  senderRole: text("sender_role"),
  legalIdentity: jsonb("legal_identity")
    .$type<LegalIdentity>()
    .notNull()
    .default({ name: null, registration: null, address: null }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const debtors = pgTable(
  "debtors",
  {
    id: id(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    externalRef: text("external_ref").notNull(),
    name: text("name").notNull(),
    locale: text("locale").$type<"fr" | "en">().notNull(),
    timezone: text("timezone").notNull(),
    /** Contact details as given at intake; a chat is usable only once bound (debtor_channels). */
    contacts: jsonb("contacts")
      .$type<DebtorContacts>()
      .notNull()
      .default({ telegram: null, whatsapp: null, email: null }),
    /** Set when the debtor asked the bot to stop: no automated message is sent afterwards. */
    optedOutAt: timestamp("opted_out_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("debtors_business_external_ref_uq").on(t.businessId, t.externalRef)],
);

export const debtorChannels = pgTable(
  "debtor_channels",
  {
    id: id(),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    channel: text("channel").$type<"telegram" | "whatsapp" | "webchat">().notNull(),
    /** Telegram chat id, WhatsApp phone (digits, E.164 without "+"), or web-chat session id. */
    address: text("address").notNull(),
    boundAt: timestamp("bound_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("debtor_channels_channel_address_debtor_uq").on(t.channel, t.address, t.debtorId),
    index("debtor_channels_debtor_idx").on(t.debtorId),
    check("debtor_channels_channel_ck", sql`${t.channel} in ('telegram', 'whatsapp', 'webchat')`),
  ],
);

export const invoices = pgTable(
  "invoices",
  {
    id: id(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    number: text("number").notNull(),
    amountMinor: money("amount_minor").notNull(),
    currency: text("currency").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    paidMinor: money("paid_minor").notNull().default(0),
    status: text("status").$type<"open" | "paid">().notNull().default("open"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("invoices_business_number_uq").on(t.businessId, t.number),
    index("invoices_debtor_idx").on(t.debtorId),
    check("invoices_amount_ck", sql`${t.amountMinor} > 0 and ${t.amountMinor} <= 1000000000000`),
    check("invoices_paid_ck", sql`${t.paidMinor} >= 0 and ${t.paidMinor} <= ${t.amountMinor}`),
    check("invoices_status_ck", sql`${t.status} in ('open', 'paid')`),
    check("invoices_currency_ck", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: id(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    amountMinor: money("amount_minor").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    reference: text("reference").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("payments_invoice_reference_uq").on(t.invoiceId, t.reference),
    check("payments_amount_ck", sql`${t.amountMinor} > 0 and ${t.amountMinor} <= 1000000000000`),
  ],
);

/** One negotiation per invoice. `state` is the core's case state (JSON); `version` guards
 *  compare-and-set updates so that two racing events cannot both win. */
export const cases = pgTable(
  "cases",
  {
    id: id(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    status: text("status").notNull().default("scheduled"),
    /** `{}` at creation: the runtime initialises it lazily from the invoice. */
    state: jsonb("state").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    version: integer("version").notNull().default(0),
    /** The hash of the last entry of this case's audit chain (`case:<id>`), null before the
     *  first: events compare-and-set it with the version, so appends need no lock of their own. */
    auditHead: text("audit_head"),
    /** When the case became paid or closed (its links stop working; a bound web chat stays
     *  readable for a while after). Null while open, and for cases closed before migration 0008. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("cases_invoice_uq").on(t.invoiceId),
    index("cases_debtor_idx").on(t.debtorId),
    index("cases_business_status_idx").on(t.businessId, t.status),
  ],
);

/**
 * The invoices a case covers: one debtor, one business, one conversation. A case starts with its
 * own invoice (`cases.invoice_id`, also listed here); another invoice of the same debtor joins it
 * while the negotiation is open, or when the debtor accepts to add it to a running plan. An
 * invoice belongs to one case at a time (`released_at` marks a row it left).
 */
export const caseInvoices = pgTable(
  "case_invoices",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.invoiceId] }),
    uniqueIndex("case_invoices_invoice_open_uq").on(t.invoiceId).where(sql`released_at is null`),
  ],
);

/**
 * Where each payment went, invoice by invoice (src/core/allocate.ts: the invoice the payer named,
 * then the oldest first), and under which agreement: the per-invoice evidence of the agreement
 * log. Append-only (triggers in the migration): a correction is a new row, never an edit.
 */
export const agreementAllocations = pgTable(
  "agreement_allocations",
  {
    id: id(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    /** The agreement active when the payment arrived; null before any agreement. */
    agreementId: uuid("agreement_id").references(() => agreements.id),
    amountMinor: money("amount_minor").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("agreement_allocations_payment_invoice_uq").on(t.paymentId, t.invoiceId),
    index("agreement_allocations_case_idx").on(t.caseId),
    check("agreement_allocations_amount_ck", sql`${t.amountMinor} > 0`),
  ],
);

export const offers = pgTable(
  "offers",
  {
    id: id(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    offerSetVersion: integer("offer_set_version").notNull(),
    /** The core's offer id, `o<offerSetVersion>_<n>`. */
    offerKey: text("offer_key").notNull(),
    terms: jsonb("terms").$type<Record<string, unknown>>().notNull(),
    withinPolicy: boolean("within_policy").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("offers_case_offer_key_uq").on(t.caseId, t.offerKey)],
);

/** Evidence of what a debtor agreed to. Rows are immutable except for `status` (trigger in the
 *  custom migration) and can never be deleted. */
export const agreements = pgTable(
  "agreements",
  {
    id: id(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    offerKey: text("offer_key").notNull(),
    terms: jsonb("terms").$type<Record<string, unknown>>().notNull(),
    totalMinor: money("total_minor").notNull(),
    currency: text("currency").notNull(),
    /** The exact text the debtor confirmed. */
    renderedText: text("rendered_text").notNull(),
    channel: text("channel").notNull(),
    /** Platform message ids of the card shown and of the confirmation. */
    messageIds: jsonb("message_ids").$type<string[]>().notNull().default([]),
    approvedBy: text("approved_by"),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull(),
    status: text("status")
      .$type<"active" | "completed" | "broken" | "superseded">()
      .notNull()
      .default("active"),
    createdAt: createdAt(),
  },
  (t) => [
    index("agreements_business_created_idx").on(t.businessId, t.createdAt, t.id),
    index("agreements_case_idx").on(t.caseId),
    check(
      "agreements_status_ck",
      sql`${t.status} in ('active', 'completed', 'broken', 'superseded')`,
    ),
    check("agreements_total_ck", sql`${t.totalMinor} > 0 and ${t.totalMinor} <= 1000000000000`),
  ],
);

export const installments = pgTable(
  "installments",
  {
    id: id(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id),
    seq: integer("seq").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    amountMinor: money("amount_minor").notNull(),
    paidMinor: money("paid_minor").notNull().default(0),
    status: text("status").$type<"pending" | "paid" | "missed">().notNull().default("pending"),
  },
  (t) => [
    unique("installments_agreement_seq_uq").on(t.agreementId, t.seq),
    check("installments_status_ck", sql`${t.status} in ('pending', 'paid', 'missed')`),
    check("installments_amount_ck", sql`${t.amountMinor} > 0`),
  ],
);

/** Every inbound and outbound message, with the platform's ids. */
export const messages = pgTable(
  "messages",
  {
    id: id(),
    caseId: uuid("case_id").references(() => cases.id),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    direction: text("direction").$type<"in" | "out">().notNull(),
    channel: text("channel").notNull(),
    chatId: text("chat_id").notNull(),
    externalId: text("external_id"),
    kind: text("kind").notNull(),
    text: text("text"),
    card: jsonb("card").$type<Record<string, unknown>>(),
    /** Automated outbound messages count towards the rolling 7-day frequency cap. */
    automated: boolean("automated").notNull().default(false),
    /** The platform's last delivery receipt (WhatsApp statuses); never moves backwards, and
     *  `failed` is final. A failed automated message does not count towards the cap. */
    status: text("status").$type<"sent" | "delivered" | "read" | "failed">(),
    statusAt: timestamp("status_at", { withTimezone: true }),
    /** The platform's error code and title of a `failed` status. */
    statusError: text("status_error"),
    /** Outbound cards in a running wording experiment: each experiment and the variant said
     *  (src/runtime/wording-experiments.ts); null for the rest. */
    wording:
      jsonb("wording").$type<{ experimentId: string; messageId: string; variant: string }[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("messages_debtor_created_idx").on(t.debtorId, t.createdAt),
    index("messages_case_created_idx").on(t.caseId, t.createdAt),
    index("messages_channel_external_idx").on(t.channel, t.externalId),
    check("messages_direction_ck", sql`${t.direction} in ('in', 'out')`),
    check("messages_status_ck", sql`${t.status} in ('sent', 'delivered', 'read', 'failed')`),
  ],
);

/** At-least-once inputs become exactly-once: an event is processed only if its row inserts. */
export const inboundEvents = pgTable(
  "inbound_events",
  {
    id: id(),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    caseId: uuid("case_id").references(() => cases.id),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("inbound_events_channel_external_id_uq").on(t.channel, t.externalId)],
);

export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    /** Commit order: messages to one chat leave in this order (see deliver-outbox.ts). */
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    caseId: uuid("case_id").references(() => cases.id),
    /** Null for a reply outside any case (a stranger's /start, an unlinked chat). */
    businessId: uuid("business_id").references(() => businesses.id),
    kind: text("kind").notNull(),
    channel: text("channel").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status")
      .$type<"pending" | "sent" | "failed" | "cancelled">()
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    notBefore: timestamp("not_before", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    externalId: text("external_id"),
    lastError: text("last_error"),
    /** A sender holds the row until then (database clock): nobody else sends it meanwhile. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  },
  (t) => [
    unique("outbox_idempotency_key_uq").on(t.idempotencyKey),
    index("outbox_status_not_before_idx").on(t.status, t.notBefore),
    index("outbox_case_idx").on(t.caseId),
    index("outbox_channel_external_idx").on(t.channel, t.externalId),
    check("outbox_status_ck", sql`${t.status} in ('pending', 'sent', 'failed', 'cancelled')`),
  ],
);

export const timers = pgTable(
  "timers",
  {
    id: id(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    kind: text("kind").notNull(),
    /** Deterministic within a case (e.g. `ladder_3`): at most one pending timer per key. */
    key: text("key").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<"pending" | "fired" | "cancelled">().notNull().default("pending"),
    createdAt: createdAt(),
    firedAt: timestamp("fired_at", { withTimezone: true }),
    /** When the timer loader (jobs/timer-loader.ts) gave it a BullMQ job; null while it waits in
     *  Postgres only. Redis holds the timers due within the loading window, not every open case's. */
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("timers_case_key_pending_uq").on(t.caseId, t.key).where(sql`status = 'pending'`),
    index("timers_status_due_at_idx").on(t.status, t.dueAt),
    // What the loader reads each pass: pending timers not yet given a job, soonest first.
    index("timers_unloaded_due_at_idx")
      .on(t.dueAt)
      .where(sql`status = 'pending' and enqueued_at is null`),
    check("timers_status_ck", sql`${t.status} in ('pending', 'fired', 'cancelled')`),
  ],
);

/**
 * Append-only, hash-chained (db/audit.ts): each row's hash covers the previous row's hash in the
 * same chain — one chain per case (`case:<id>`), one per business for entries without a case
 * (`business:<id>`), and `global` for the entries written before chains were split.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    chain: text("chain").notNull(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    caseId: uuid("case_id").references(() => cases.id),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("audit_log_case_idx").on(t.caseId, t.id),
    index("audit_log_chain_idx").on(t.chain, t.id),
  ],
);

/** Deep-link tokens that bind a chat to a debtor once (Telegram `?start=`, web chat URL, WhatsApp
 *  code). Telegram's start parameter allows at most 64 characters of [A-Za-z0-9_-]. A reissue
 *  revokes every token of the debtor (`revoked_at`) and unbinds the chats they bound. */
export const linkTokens = pgTable(
  "link_tokens",
  {
    token: text("token").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    channel: text("channel").$type<"telegram" | "whatsapp" | "webchat">().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedByAddress: text("used_by_address"),
    /** Set by a reissue: the link binds nothing more, and the chat it bound was unbound. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("link_tokens_case_idx").on(t.caseId),
    // A chat that writes while bound to nothing: was it unbound by a reissue? (the kind answer)
    index("link_tokens_used_by_idx")
      .on(t.channel, t.usedByAddress)
      .where(sql`${t.usedByAddress} is not null`),
    check("link_tokens_token_ck", sql`${t.token} ~ '^[A-Za-z0-9_-]{1,64}$'`),
  ],
);

/** Short opaque tokens behind chat buttons (Telegram callback_data ≤ 64 bytes). A press is honoured
 *  only from the chat the card was sent to (`chat_channel`, `chat_address`; null on tokens made
 *  before migration 0008: any chat of the debtor) and only while the case is still at
 *  `case_version` (or the action is still on offer). */
export const buttonTokens = pgTable(
  "button_tokens",
  {
    token: text("token").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    action: jsonb("action").$type<Record<string, unknown>>().notNull(),
    caseVersion: integer("case_version").notNull(),
    /** The chat the card was sent to: `telegram`, `whatsapp`, `webchat` or `email`. */
    chatChannel: text("chat_channel"),
    chatAddress: text("chat_address"),
    createdAt: createdAt(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("button_tokens_case_idx").on(t.caseId)],
);

/**
 * What the owner was told or asked (every `notify_owner` of the core), written in the event's
 * commit whether or not Slack is configured: the owner's desk lists them. A decision taken on a
 * request — in Slack or on the desk — is marked on its row, so either place can say who decided.
 */
export const ownerNotices = pgTable(
  "owner_notices",
  {
    id: id(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    /** The OwnerMessage kind: approval_request, dispute, already_paid_claim, human_requested… */
    kind: text("kind").notNull(),
    /** The approval request or dispute it asks about (`r<n>`); null for the rest. */
    requestId: text("request_id"),
    /** The OwnerMessage as the core said it (words are rendered when shown). */
    message: jsonb("message").$type<Record<string, unknown>>().notNull(),
    /** Also posted to the business's Slack channel. */
    slack: boolean("slack").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** `owner:<Slack user>` or `desk:<e-mail>`; null while undecided. */
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decision: text("decision"),
  },
  (t) => [
    unique("owner_notices_idempotency_key_uq").on(t.idempotencyKey),
    index("owner_notices_business_created_idx").on(t.businessId, t.createdAt),
    index("owner_notices_case_idx").on(t.caseId),
  ],
);

/** People who sign in to the owner's desk. Passwords are scrypt hashes (src/http/admin/password.ts). */
export const users = pgTable(
  "users",
  {
    id: id(),
    /** Lower-cased. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<"admin" | "owner">().notNull(),
    /** The language of pages about several businesses (each business's page uses its own). */
    locale: text("locale").$type<"fr" | "en">().notNull().default("fr"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("users_email_uq").on(t.email),
    check("users_role_ck", sql`${t.role} in ('admin', 'owner')`),
  ],
);

/** Which businesses an owner may see and act for (an admin sees every business). */
export const userBusinesses = pgTable(
  "user_businesses",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
  },
  (t) => [unique("user_businesses_uq").on(t.userId, t.businessId)],
);

/**
 * Desk sessions. Only the SHA-256 of the cookie's token is stored: a read of this table gives
 * nobody a session. `user_id` null is the bootstrap admin (ADMIN_PASSWORD).
 */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    unique("sessions_token_hash_uq").on(t.tokenHash),
    index("sessions_user_idx").on(t.userId),
  ],
);

/**
 * Wording experiments (src/runtime/wording-experiments.ts), started and ended by the owner on the
 * desk: a message of the catalogues and its variants (`<id>--<key>`, "a" the message itself) with
 * the share of new cases each gets. At most one runs per business and message. Once ended, the
 * winner is what every case of the business says.
 */
export const experiments = pgTable(
  "experiments",
  {
    id: id(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    /** The base message id, e.g. "reminder-ask-reason". */
    messageId: text("message_id").notNull(),
    /** `[{ key, weight }]`, in the order the variants are laid out on [0, 1). */
    variants: jsonb("variants").$type<{ key: string; weight: number }[]>().notNull(),
    status: text("status").$type<"running" | "ended">().notNull().default("running"),
    winner: text("winner"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    /** `desk:<e-mail>` (or `admin`), like an owner's decisions. */
    startedBy: text("started_by").notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedBy: text("ended_by"),
  },
  (t) => [
    uniqueIndex("experiments_business_message_running_uq")
      .on(t.businessId, t.messageId)
      .where(sql`status = 'running'`),
    index("experiments_business_started_idx").on(t.businessId, t.startedAt),
    check("experiments_status_ck", sql`${t.status} in ('running', 'ended')`),
    check(
      "experiments_ended_ck",
      sql`(${t.status} = 'running') = (${t.endedAt} is null) and (${t.winner} is null or ${t.status} = 'ended')`,
    ),
  ],
);

/**
 * Which variant of an experiment each case was assigned, recorded in the commit of the first card
 * that said it: the statistics count each case in the variant it got, even after the weights
 * change, and a case keeps its variant for every later card, in any process.
 */
export const caseVariants = pgTable(
  "case_variants",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    experimentId: uuid("experiment_id")
      .notNull()
      .references(() => experiments.id),
    variant: text("variant").notNull(),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.experimentId] }),
    index("case_variants_experiment_idx").on(t.experimentId, t.variant),
  ],
);
