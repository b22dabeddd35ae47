import type { Effect } from "../core/index.ts";
import { reportIfUnavailable } from "../outage-tracker.ts";
import { retokenizeCard } from "./button-tokens.ts";
import { withConflictRetries } from "./conflict-retry.ts";
import type { RuntimeDeps } from "./handle-event.ts";
import { type OutboundOp, outboundOpSchema } from "./outbound.ts";
import { routeDebtorMessage } from "./pick-channel.ts";
import { planEvent } from "./plan-event.ts";
import type { ChannelBinding } from "./store.ts";

/**
 * A platform's delivery receipt for a message we sent (WhatsApp statuses: sent, delivered, read,
 * failed), parsed by the channel adapter.
 */
export interface DeliveryStatus {
  readonly channel: "whatsapp";
  /** The platform's id of our message (wamid). */
  readonly externalId: string;
  readonly status: "sent" | "delivered" | "read" | "failed";
  readonly at: Date;
  readonly error?: { readonly code: number; readonly title: string };
}

/** The outbox row a message was sent from, found by the platform's id. */
export interface SentRecord {
  readonly caseId: string | null;
  readonly payload: unknown;
}

/** Implemented in db/ (db/runtime/message-status-store.ts). */
export interface MessageStatusStore {
  /**
   * Records the status on the outbound message row with this platform id — never backwards
   * (sent < delivered < read; failed is final) — and returns the outbox row it was sent from, or
   * null when we sent no such message.
   */
  recordStatus(status: DeliveryStatus): Promise<SentRecord | null>;
}

export interface DeliveryStatusDeps extends RuntimeDeps {
  readonly statuses: MessageStatusStore;
}

/** Error 131047: more than 24 hours since the debtor last wrote; only a template may go. */
export const REENGAGEMENT_ERROR = 131047;

export type StatusOutcome =
  | "recorded"
  | "unknown_message"
  | "rerouted"
  | "unreachable"
  | "duplicate";

/**
 * Records a receipt; a `failed` automated notice is not lost: it goes again by the WhatsApp
 * template when the window had closed (131047), or else on the next channel the routing rule
 * allows — written through the case's commit path, deduplicated by the receipt, so a redelivered
 * `failed` status reroutes once. When no channel is left, the case's audit says so.
 */
export async function handleDeliveryStatus(
  deps: DeliveryStatusDeps,
  status: DeliveryStatus,
): Promise<StatusOutcome> {
  const sent = await deps.statuses.recordStatus(status);
  if (sent === null) return "unknown_message";
  if (status.status !== "failed" || sent.caseId === null) return "recorded";
  const parsed = outboundOpSchema.safeParse(sent.payload);
  if (!parsed.success || parsed.data.op !== "send_card" || !parsed.data.automated) {
    return "recorded";
  }
  const failedOp = parsed.data;
  const caseId = sent.caseId;
  const inbound = { channel: status.channel, externalId: `status:${status.externalId}:failed` };
  const done = await withConflictRetries(deps.metrics, () =>
    deps.store.withCase<StatusOutcome>(caseId, inbound, async (loaded) => {
      if (loaded.seenInbound) return { result: "duplicate", plan: null };
      const now = deps.clock.now();
      const email =
        deps.notices?.email === true && loaded.webchatToken !== null
          ? { address: loaded.debtor.email, webchatToken: loaded.webchatToken }
          : null;
      const rerouted = rerouteFailed(
        failedOp,
        status.error?.code ?? null,
        loaded.bindings,
        now,
        email,
      );
      // Buttons are honoured only in the chat they were sent to: another chat gets copies.
      const moved =
        rerouted !== null &&
        rerouted.channel !== "email" &&
        (rerouted.channel !== failedOp.channel || rerouted.address !== failedOp.address)
          ? retokenizeCard(rerouted.card, {
              channel: rerouted.channel,
              address: rerouted.address,
            })
          : null;
      const next = rerouted && moved ? { ...rerouted, card: moved.outbound } : rerouted;
      const effects: Effect[] = [
        {
          type: "audit",
          action: next ? "delivery_rerouted" : "debtor_unreachable",
          detail: {
            message: failedOp.messageKind,
            failedChannel: failedOp.channel,
            errorCode: status.error?.code ?? null,
            ...(next ? { channel: next.channel, viaTemplate: next.viaTemplate === true } : {}),
          },
        },
        // Nothing left that can notify the debtor: the owner hears of it.
        ...(next
          ? []
          : [
              {
                type: "notify_owner" as const,
                message: { kind: "debtor_unreachable" as const, about: failedOp.messageKind },
              },
            ]),
      ];
      const plan = planEvent(loaded, effects, {
        version: loaded.version,
        state: null,
        eventKey: `${inbound.channel}/${inbound.externalId}`,
        now,
        replyTo: null,
        actor: "system",
        extraOps: next ? [next] : [],
        inbound,
        inboundMessage: null,
        timerId: null,
      });
      return {
        result: next ? "rerouted" : "unreachable",
        plan: moved ? { ...plan, buttonTokenCopies: moved.copies } : plan,
      };
    }),
  );
  if (!done) return "recorded";
  if (done.committed?.outcome === "duplicate") return "duplicate";
  if (done.committed?.outcome === "committed" && done.committed.outbox.length > 0) {
    await deps.jobs.enqueueDeliveries(done.committed.outbox).catch((err: unknown) => {
      if (!reportIfUnavailable(deps.health, err)) {
        deps.log.warn({ err }, "enqueue after commit failed; the reconciler will catch up");
      }
    });
  }
  return done.result;
}

/**
 * Where a failed notice goes next (pure): the WhatsApp template when the window had closed and the
 * notice has one, else the routing rule without the channel that failed; null when none is left.
 */
export function rerouteFailed(
  op: Extract<OutboundOp, { op: "send_card" }>,
  errorCode: number | null,
  bindings: readonly ChannelBinding[],
  now: Date,
  email: { readonly address: string | null; readonly webchatToken: string } | null = null,
): Extract<OutboundOp, { op: "send_card" }> | null {
  if (
    op.channel === "whatsapp" &&
    errorCode === REENGAGEMENT_ERROR &&
    op.viaTemplate !== true &&
    op.summary !== undefined
  ) {
    return { ...op, viaTemplate: true };
  }
  const route = routeDebtorMessage({
    bindings,
    replyTo: null,
    now,
    notice: op.summary !== undefined,
    email: email?.address ?? null,
    exclude: [op.channel],
  });
  const target = route.notified ? route.targets[0] : undefined;
  if (target === undefined) return null;
  const { viaTemplate: _dropped, webchatToken: _token, ...rest } = op;
  return {
    ...rest,
    channel: target.channel,
    address: target.address,
    ...(target.viaTemplate ? { viaTemplate: true } : {}),
    ...(target.channel === "email" && email ? { webchatToken: email.webchatToken } : {}),
  };
}
