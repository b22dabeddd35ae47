import { setTimeout as sleep } from "node:timers/promises";
import { asksForPayment } from "../core/index.ts";
import { type ChannelDelivery, DeliveryError, type DeliveryResult } from "./delivery.ts";
import { type OutboundOp, outboundOpSchema } from "./outbound.ts";
import type { OutboxRecord, OutboxStore } from "./outbox-port.ts";
import type { Clock, Log, MetricsPort } from "./ports.ts";
import { checkSendGuard } from "./send-guard.ts";

/**
 * Delivers one outbox row. Returns what the queue should do next; the BullMQ specifics (moving a
 * job back to delayed, unrecoverable errors) live in jobs/, so this stays testable on its own.
 */
export type DeliverOutcome =
  | { readonly kind: "sent"; readonly externalId: string | null }
  /** Already sent, failed or cancelled: a redelivered job does nothing. */
  | { readonly kind: "skipped" }
  /** Quiet hours, the frequency cap or a platform's throttle: try again at `until`. */
  | { readonly kind: "postponed"; readonly until: Date; readonly why: string }
  /** Worth retrying with backoff (network trouble, 5xx). */
  | { readonly kind: "retry"; readonly error: string }
  /** Never retry: the row is marked failed. */
  | { readonly kind: "failed"; readonly error: string };

export interface DeliverDeps {
  readonly outbox: OutboxStore;
  readonly delivery: ChannelDelivery;
  readonly clock: Clock;
  readonly log: Log;
  /** The send rates (the bot's and the chat's): milliseconds to wait before this op may go (0: go now). */
  readonly pace?: (op: OutboundOp) => Promise<number>;
  /** Counts each attempt's result and time, and the platform's 429s (GET /metrics). */
  readonly metrics?: MetricsPort;
  /** How the mark-as-sent retry waits and measures; real timers unless a test gives its own. */
  readonly markRetry?: MarkRetryTiming;
}

/** The waiting of the mark-as-sent retry, injectable so a test never waits on wall time. */
export interface MarkRetryTiming {
  sleep(ms: number): Promise<void>;
  /** A monotonic reading in milliseconds (`performance.now()`): the budget is elapsed time. */
  monotonicMs(): number;
}

const realTiming: MarkRetryTiming = {
  sleep: (ms) => sleep(ms),
  monotonicMs: () => performance.now(),
};

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** How long a sender holds a row: far above one platform call (every client has a timeout). */
export const SEND_LEASE_MS = 60_000;
/**
 * How long a sender keeps trying to record a send the platform accepted: half the lease, so the
 * last try ends well before the claim lapses and another sender may take the row again.
 */
export const MARK_SENT_BUDGET_MS = SEND_LEASE_MS / 2;
/** The first wait between two tries of the mark; each next one is twice as long. */
export const MARK_SENT_FIRST_DELAY_MS = 200;

/**
 * The waits between tries of the mark: doubling from `firstMs`, the last cut so that together
 * they fill `budgetMs` exactly (200, 400, … 12,800, then 4,600 ms: 8 waits, 9 tries in 30 s).
 */
export function markSentDelays(
  budgetMs: number = MARK_SENT_BUDGET_MS,
  firstMs: number = MARK_SENT_FIRST_DELAY_MS,
): number[] {
  const delays: number[] = [];
  let total = 0;
  for (let next = firstMs; total < budgetMs; next *= 2) {
    const wait = Math.min(next, budgetMs - total);
    delays.push(wait);
    total += wait;
  }
  return delays;
}
/** How soon to look again when an earlier message to the same chat has not left yet. */
export const ORDERING_RETRY_MS = 150;

export async function deliverOutboxRow(
  deps: DeliverDeps,
  outboxId: string,
): Promise<DeliverOutcome> {
  const started = performance.now();
  const { outcome, channel } = await deliverOnce(deps, outboxId);
  if (deps.metrics && channel !== null) {
    deps.metrics.deliveryDone(channel, outcome.kind, (performance.now() - started) / 1000);
    if (outcome.kind === "postponed" && outcome.why === "rate_limited") {
      deps.metrics.platformRateLimited(channel);
    }
  }
  return outcome;
}

async function deliverOnce(
  deps: DeliverDeps,
  outboxId: string,
): Promise<{ outcome: DeliverOutcome; channel: string | null }> {
  const row = await deps.outbox.claim(outboxId, SEND_LEASE_MS);
  // Sent, failed, cancelled, or being sent by someone else right now: nothing to do here.
  if (!row) return { outcome: { kind: "skipped" }, channel: null };
  try {
    return { outcome: await sendClaimed(deps, row), channel: channelOf(row.payload) };
  } catch (err) {
    // Anything unexpected before the platform took the message: give the row back, so the job's
    // retry can claim it at once instead of waiting for the lease to end.
    await deps.outbox.release(row.id).catch(() => undefined);
    throw err;
  }
}

/** The claimed row: checks, ordering, pacing, then one platform call and its record. */
async function sendClaimed(deps: DeliverDeps, row: OutboxRecord): Promise<DeliverOutcome> {
  const parsed = outboundOpSchema.safeParse(row.payload);
  if (!parsed.success) {
    const error = `invalid outbox payload: ${parsed.error.issues[0]?.message ?? "unknown"}`;
    await deps.outbox.markFailed(row.id, error);
    return { kind: "failed", error };
  }
  const op = parsed.data;
  const now = deps.clock.now();

  let debtorId: string | null = null;
  if (op.op === "send_card" && row.caseId) {
    const ctx = await deps.outbox.guardContext(row.caseId);
    debtorId = ctx?.debtorId ?? null;
    if (ctx && op.automated) {
      const recent = await deps.outbox.automatedSentSince(
        ctx.debtorId,
        new Date(now.getTime() - WEEK_MS),
      );
      const verdict = checkSendGuard(ctx, now, recent, {
        asksForPayment: asksForPayment(op.messageKind),
      });
      if (!verdict.ok) {
        if (verdict.cancel) {
          await deps.outbox.cancel(row.id, verdict.why);
          return { kind: "skipped" };
        }
        await deps.outbox.postpone(row.id, verdict.until, verdict.why);
        return { kind: "postponed", until: verdict.until, why: verdict.why };
      }
    }
  }

  // Cards committed together (a welcome, then the question still open) must reach the chat in
  // that order, though workers deliver in parallel: wait for any earlier one that is due.
  if (
    op.op === "send_card" &&
    (await deps.outbox.earlierDueToSameChat(row, op.channel, op.address, now))
  ) {
    await deps.outbox.release(row.id);
    return {
      kind: "postponed",
      until: new Date(now.getTime() + ORDERING_RETRY_MS),
      why: "earlier_message_first",
    };
  }

  const wait = deps.pace ? await deps.pace(op) : 0;
  if (wait > 0) {
    await deps.outbox.release(row.id);
    return { kind: "postponed", until: new Date(now.getTime() + wait), why: "send_rate" };
  }

  let result: DeliveryResult;
  try {
    result = await deps.delivery.deliver(op);
  } catch (err) {
    if (!(err instanceof DeliveryError)) {
      await deps.outbox.release(row.id);
      return { kind: "retry", error: err instanceof Error ? err.message : String(err) };
    }
    switch (err.failure.kind) {
      case "rate_limited": {
        const until = new Date(now.getTime() + err.failure.retryAfterMs);
        await deps.outbox.postpone(row.id, until, "rate_limited");
        return { kind: "postponed", until, why: "rate_limited" };
      }
      case "transient":
        await deps.outbox.release(row.id);
        return { kind: "retry", error: err.message };
      case "permanent":
        deps.log.warn({ outboxId: row.id, code: err.platformCode }, "delivery failed for good");
        await deps.outbox.markFailed(row.id, err.message);
        return { kind: "failed", error: err.message };
    }
  }
  // The platform has it: from here on, a failure must never lead to sending it again. Recording
  // is retried with a backoff over half the lease (Postgres restarting takes seconds); should it
  // still fail, the row stays claimed (never re-sent) until its lease ends — the window README's
  // "Guarantees" describes.
  return markSentWithin(deps, row, op, { externalId: result.externalId, at: now, debtorId });
}

async function markSentWithin(
  deps: DeliverDeps,
  row: OutboxRecord,
  op: OutboundOp,
  result: { externalId: string | null; at: Date; debtorId: string | null },
): Promise<DeliverOutcome> {
  const timing = deps.markRetry ?? realTiming;
  const started = timing.monotonicMs();
  const delays = markSentDelays();
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.outbox.markSent(row, op, result);
      if (attempt > 0)
        deps.log.warn({ outboxId: row.id, attempts: attempt + 1 }, "sent, recorded late");
      return { kind: "sent", externalId: result.externalId };
    } catch (err) {
      // Elapsed time, not the sum of the waits: a try that hangs (a connection being made) counts.
      const left = MARK_SENT_BUDGET_MS - (timing.monotonicMs() - started);
      const wait = Math.min(delays[attempt] ?? 0, left);
      if (wait <= 0) {
        deps.log.error(
          { outboxId: row.id, attempts: attempt + 1, err },
          "sent, but could not record it; the row is sent again once its lease lapses",
        );
        return { kind: "sent", externalId: result.externalId };
      }
      await timing.sleep(wait);
    }
  }
}

/** The channel a payload names, for counting; an unreadable payload counts as "unknown". */
function channelOf(payload: unknown): string {
  const channel = (payload as { channel?: unknown } | null)?.channel;
  return typeof channel === "string" ? channel : "unknown";
}
