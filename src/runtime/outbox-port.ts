import type { Policy } from "../core/index.ts";
import type { OutboundOp } from "./outbound.ts";

/** What the outbox relay and the reconciler need from Postgres. Implemented in db/. */

export interface OutboxRecord {
  readonly id: string;
  readonly status: "pending" | "sent" | "failed" | "cancelled";
  readonly caseId: string | null;
  readonly businessId: string | null;
  /** Commit order; messages to one chat are sent in this order. */
  readonly seq: number;
  /** Raw payload: the relay re-validates it with `outboundOpSchema`. */
  readonly payload: unknown;
  readonly attempts: number;
}

/** What the send-time guards need to know about the debtor behind a message. */
export interface GuardContext {
  readonly debtorId: string;
  readonly debtorTimezone: string;
  readonly businessTimezone: string;
  readonly optedOut: boolean;
  /** The case is paid or closed: no automated message is wanted any more. */
  readonly caseClosed: boolean;
  readonly policy: Policy;
}

export interface OutboxStore {
  /**
   * Takes the row for sending, for `leaseMs` (database clock): null when it is no longer pending,
   * or another sender holds it. Claiming before sending is what keeps two jobs of one row (a
   * retry, the reconciler) from both sending it.
   */
  claim(id: string, leaseMs: number): Promise<OutboxRecord | null>;
  /** Gives the row back unsent (a transient failure): the next try may claim it at once. */
  release(id: string): Promise<void>;
  guardContext(caseId: string): Promise<GuardContext | null>;
  /** When automated messages were sent to this debtor since `since`, across channels, oldest
   *  first (the frequency cap is a rolling window). */
  automatedSentSince(debtorId: string, since: Date): Promise<Date[]>;
  /** Marks the row sent and records the outbound message, in one transaction. */
  markSent(
    row: OutboxRecord,
    op: OutboundOp,
    result: { externalId: string | null; at: Date; debtorId: string | null },
  ): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  /** The row is no longer wanted (opt-out, case closed): it will never be sent. */
  cancel(id: string, why: string): Promise<void>;
  /** Whether a message committed before this one, to the same chat, is due and not sent yet. */
  earlierDueToSameChat(
    row: OutboxRecord,
    channel: string,
    address: string,
    now: Date,
  ): Promise<boolean>;
  /** Counts an attempt and records when the row may go next (quiet hours, cap, throttling). */
  postpone(id: string, until: Date, why: string): Promise<void>;
  /** Pending rows created before `createdBefore` and due before `dueBefore`, held by no sender:
   *  their job may have been lost (the reconciler re-enqueues them). Ordered by (notBefore, id); `after` continues a
   *  previous page. */
  pendingOlderThan(
    createdBefore: Date,
    dueBefore: Date,
    limit: number,
    after?: { readonly notBefore: Date; readonly id: string },
  ): Promise<{ id: string; channel: string; kind: string; notBefore: Date }[]>;
}

export interface TimerRecord {
  readonly id: string;
  readonly caseId: string;
  readonly kind: string;
  readonly status: "pending" | "fired" | "cancelled";
  readonly dueAt: Date;
  readonly payload: Readonly<Record<string, string | number>>;
}

export interface TimerStore {
  load(id: string): Promise<TimerRecord | null>;
  /** Pending timers due before `before`, ordered by (dueAt, id); `after` continues a previous
   *  page (the rows stay pending until their job fires, so an offset-free cursor is needed). */
  pendingDueBefore(
    before: Date,
    limit: number,
    after?: { readonly dueAt: Date; readonly id: string },
  ): Promise<{ id: string; dueAt: Date }[]>;
  /**
   * Claims up to `limit` pending timers due before `before` that have no job yet (skipping rows
   * another loader holds), hands them to `load` (which adds their jobs), and marks them enqueued
   * — all in one transaction, so two loaders never load one timer, and a `load` that throws
   * leaves them unmarked for the next pass. Returns the rows loaded, soonest first.
   */
  claimForLoading(
    before: Date,
    limit: number,
    load: (rows: readonly { id: string; dueAt: Date }[]) => Promise<void>,
  ): Promise<{ id: string; dueAt: Date }[]>;
  /** Forgets which pending timers were given a job (Redis lost its data): the next loader pass
   *  loads them again. Returns how many were marked. */
  forgetLoaded(): Promise<number>;
  /** Cancels a pending timer that can never fire (unknown kind, bad payload): without it, the
   *  reconciler would give it a job again on every run. */
  cancel(id: string): Promise<void>;
  /** Cases whose state was never created (invoice imported, or a crash right after intake). */
  unstartedCases(limit: number): Promise<string[]>;
}
