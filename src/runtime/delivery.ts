import type { OutboundOp } from "./outbound.ts";

/**
 * The seam between the outbox relay and the platforms. Each channel adapter (bot/*) implements
 * `ChannelDelivery` for the ops it understands and reports failures as a `DeliveryError`, so the
 * relay can tell "wait and retry", "retry later" and "never retry" apart without knowing the SDKs.
 */
export interface DeliveryResult {
  /** The platform's id for what was sent (Telegram message_id, Slack ts, WhatsApp wamid). */
  readonly externalId: string | null;
}

export interface ChannelDelivery {
  deliver(op: OutboundOp): Promise<DeliveryResult>;
}

export type DeliveryFailure =
  /** The platform throttled us: retry after this many milliseconds, without pausing other chats. */
  | { readonly kind: "rate_limited"; readonly retryAfterMs: number }
  /** Network trouble or a 5xx: retry with backoff, a bounded number of times. */
  | { readonly kind: "transient" }
  /** The platform refused for good (chat not found, bot blocked, invalid payload): never retry. */
  | { readonly kind: "permanent" };

export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    /** The platform's own code, kept for logs and alerts (e.g. Telegram error_code, Slack error). */
    readonly platformCode?: string | number,
  ) {
    super(message);
  }
}

/** Routes each op to the adapter of its channel; a channel with no adapter fails permanently. */
export class DeliveryRouter implements ChannelDelivery {
  constructor(
    private readonly byChannel: Partial<Record<OutboundOp["channel"], ChannelDelivery>>,
  ) {}

  deliver(op: OutboundOp): Promise<DeliveryResult> {
    const adapter = this.byChannel[op.channel];
    if (!adapter) {
      return Promise.reject(
        new DeliveryError({ kind: "permanent" }, `channel ${op.channel} is not configured`),
      );
    }
    return adapter.deliver(op);
  }
}
