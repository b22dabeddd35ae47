import type { CaseFacts, CaseState } from "../core/index.ts";
import type { Policy } from "../core/policy.ts";
import type { Channel, Locale, PlanTerms, TimerKind } from "../core/types.ts";
import type { OutboundOp } from "./outbound.ts";

/**
 * The runtime's view of Postgres. `db/` implements it with drizzle; the runtime only sees these
 * shapes, so it can be read (and reasoned about) without knowing SQL.
 */

export interface ChannelBinding {
  readonly channel: Channel;
  readonly address: string;
  readonly boundAt: Date;
  /** When the debtor last wrote or pressed something in this chat; null if never. */
  readonly lastSeenAt: Date | null;
}

/** Everything `handle` needs about one case, loaded in the event's transaction. */
export interface LoadedCase {
  readonly caseId: string;
  readonly businessId: string;
  readonly debtorId: string;
  readonly invoiceId: string;
  readonly version: number;
  /** null until the first event initialises it from the invoice. */
  readonly state: CaseState | null;
  readonly facts: CaseFacts;
  readonly policy: Policy;
  readonly business: {
    readonly name: string;
    readonly locale: Locale;
    readonly timezone: string;
    readonly slackChannelId: string | null;
    readonly paymentInstructions: { iban?: string; payUrl?: string; text?: string } | null;
  };
  readonly debtor: { readonly name: string; readonly locale: Locale; readonly timezone: string };
  readonly bindings: readonly ChannelBinding[];
}

export interface NewOutboxRow {
  readonly idempotencyKey: string;
  readonly caseId: string | null;
  readonly businessId: string;
  readonly op: OutboundOp;
  readonly notBefore: Date;
}

export interface NewTimer {
  readonly caseId: string;
  readonly kind: TimerKind;
  readonly key: string;
  readonly dueAt: Date;
  readonly payload: Readonly<Record<string, string | number>>;
}

export interface NewAgreement {
  readonly caseId: string;
  readonly businessId: string;
  readonly offerKey: string;
  readonly terms: PlanTerms;
  readonly totalMinor: number;
  readonly currency: string;
  readonly renderedText: string;
  readonly channel: string;
  readonly messageIds: readonly string[];
  readonly approvedBy: string | null;
  readonly confirmedAt: Date;
}

export interface AuditEntry {
  readonly businessId: string;
  readonly caseId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface NewButtonToken {
  readonly token: string;
  readonly caseId: string;
  readonly debtorId: string;
  readonly action: unknown;
  readonly caseVersion: number;
}

export interface InboundMessage {
  readonly caseId: string | null;
  readonly debtorId: string;
  readonly channel: Channel;
  readonly chatId: string;
  readonly externalId: string;
  readonly kind: string;
  readonly text: string | null;
  /** The runtime clock's now, like outbound messages: one timeline, one clock (tests move it). */
  readonly at: Date;
}

/** One Postgres transaction. */
export interface CaseTransaction {
  /** false when (channel, externalId) was seen before: the event is a redelivery. */
  recordInbound(channel: string, externalId: string, caseId: string | null): Promise<boolean>;
  loadCase(caseId: string): Promise<LoadedCase | null>;
  /** Compare-and-set on `version`: false when another transaction moved the case first. */
  saveCase(caseId: string, expectedVersion: number, state: CaseState): Promise<boolean>;
  insertOutbox(rows: readonly NewOutboxRow[]): Promise<{ id: string; channel: string }[]>;
  /** Cancels the case's automated messages not sent yet (held for the send window or the cap):
   *  the event changing the case makes them wrong. Returns how many. */
  voidHeldAutomated(caseId: string): Promise<number>;
  insertOffers(
    caseId: string,
    offerSetVersion: number,
    offers: readonly { key: string; terms: PlanTerms; withinPolicy: boolean }[],
    expiresAt: Date,
  ): Promise<void>;
  insertAgreement(agreement: NewAgreement): Promise<string>;
  /** Replaces a pending timer with the same (case, key); `replaced` lists the ids it cancelled
   *  (their jobs are removed after commit). */
  scheduleTimer(
    timer: NewTimer,
  ): Promise<{ id: string; dueAt: Date; replaced?: readonly string[] }>;
  /** Cancels pending timers of these kinds (all when omitted), narrowed to `keys` when given;
   *  returns their ids. */
  cancelTimers(
    caseId: string,
    kinds?: readonly TimerKind[],
    keys?: readonly string[],
  ): Promise<string[]>;
  markTimerFired(timerId: string, at: Date): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  insertButtonTokens(tokens: readonly NewButtonToken[]): Promise<void>;
  recordInboundMessage(message: InboundMessage): Promise<void>;
  /** Where the owner's approval request `requestId` was posted (Slack channel and message ts). */
  ownerRequestMessage(
    caseId: string,
    requestId: string,
  ): Promise<{ slackChannel: string; messageTs: string } | null>;
  /** The text of the last confirm_terms card for this case: the evidence of what was agreed. */
  lastConfirmationShown(caseId: string): Promise<{ text: string; externalIds: string[] } | null>;
}

/**
 * Thrown by a store when a concurrent transaction got in the way (a moved version, a unique key
 * taken meanwhile, a serialization failure): the event is retried from the start, a bounded number
 * of times.
 */
export class CaseConflict extends Error {
  override readonly name = "CaseConflict";
  constructor(readonly reason: string) {
    super(`concurrent write (${reason})`);
  }
}

export interface CaseStore {
  transaction<T>(fn: (tx: CaseTransaction) => Promise<T>): Promise<T>;
}
