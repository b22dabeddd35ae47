import { z } from "zod";
import type { Locale } from "../../src/core/index.ts";
import type { OutboundOp } from "../../src/runtime/index.ts";
import {
  type ChannelDelivery,
  DeliveryError,
  type DeliveryResult,
} from "../../src/runtime/index.ts";
import {
  WHATSAPP_ERRORS,
  WHATSAPP_RATE_LIMIT_RETRY_MS,
  WHATSAPP_SEND_TIMEOUT_MS,
} from "./constants.ts";
import type { WhatsAppLog } from "./log.ts";
import {
  renderTemplate,
  renderWhatsAppCard,
  type WhatsAppCardError,
  type WhatsAppMessage,
  type WhatsAppTemplate,
} from "./render-card.ts";

export interface WhatsAppDeliveryConfig {
  /** WHATSAPP_API_URL, e.g. https://graph.facebook.com/v21.0 (no trailing slash). */
  readonly apiUrl: string;
  readonly token: string;
  readonly phoneNumberId: string;
  /** The reminder template per debtor language. */
  readonly templates: Readonly<Record<Locale, WhatsAppTemplate>>;
  readonly fetch?: typeof fetch;
}

const sendAnswerSchema = z.object({
  messages: z.array(z.object({ id: z.string().min(1) })).min(1),
});
const graphErrorSchema = z.object({
  error: z.object({
    code: z.number().int(),
    message: z.string().optional(),
    error_subcode: z.number().int().optional(),
  }),
});

/** A Graph API error answer, with its code, before it becomes a `DeliveryError`. */
export class GraphApiError extends Error {
  override readonly name = "GraphApiError";
  constructor(
    readonly httpStatus: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Delivers the WhatsApp ops of the outbox through the Cloud API (`POST /{phone-number-id}/messages`
 * with fetch; no SDK), one message per op:
 * - a card → text, reply buttons or a list (render-card.ts);
 * - `viaTemplate` (the routing saw the 24-hour window closed) → the reminder template;
 * - a card refused with 131047 (the window closed since it was planned) → the template instead,
 *   when the op has a summary to fill it; without one the refusal is final and the relay moves on.
 * `clear_buttons` costs nothing: WhatsApp cannot edit a sent message, and a button pressed later is
 * checked like any other.
 */
export class WhatsAppDelivery implements ChannelDelivery {
  readonly #fetch: typeof fetch;

  constructor(
    private readonly config: WhatsAppDeliveryConfig,
    private readonly log: WhatsAppLog,
  ) {
    this.#fetch = config.fetch ?? fetch;
  }

  async deliver(op: OutboundOp): Promise<DeliveryResult> {
    if (op.channel !== "whatsapp") {
      throw new DeliveryError(
        { kind: "permanent" },
        `the WhatsApp adapter cannot deliver ${op.op} for channel ${op.channel}`,
        "relance_whatsapp_wrong_channel",
      );
    }
    if (op.op === "clear_buttons") return { externalId: null };
    const locale: Locale = op.locale ?? op.summary?.locale ?? "fr";
    try {
      if (op.viaTemplate === true && op.summary !== undefined) {
        return await this.#send(
          op.address,
          renderTemplate(op.summary, this.config.templates[locale]),
        );
      }
      let rendered: ReturnType<typeof renderWhatsAppCard>;
      try {
        rendered = renderWhatsAppCard(op.card, locale);
      } catch (error) {
        throw new DeliveryError(
          { kind: "permanent" },
          (error as WhatsAppCardError).message,
          "relance_whatsapp_card_invalid",
        );
      }
      if (rendered.shortened) {
        this.log.warn({ messageKind: op.messageKind }, "whatsapp card shortened to fit");
      }
      try {
        return await this.#send(op.address, rendered.message);
      } catch (error) {
        if (
          error instanceof GraphApiError &&
          error.code === WHATSAPP_ERRORS.reEngagement &&
          op.summary !== undefined
        ) {
          this.log.info(
            { messageKind: op.messageKind },
            "whatsapp window closed: the template goes instead",
          );
          return await this.#send(
            op.address,
            renderTemplate(op.summary, this.config.templates[locale]),
          );
        }
        throw error;
      }
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async #send(to: string, message: WhatsAppMessage): Promise<DeliveryResult> {
    const url = `${this.config.apiUrl}/${encodeURIComponent(this.config.phoneNumberId)}/messages`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.config.token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to,
          ...message,
        }),
        signal: AbortSignal.timeout(WHATSAPP_SEND_TIMEOUT_MS),
      });
    } catch (error) {
      throw new DeliveryError(
        { kind: "transient" },
        `whatsapp unreachable: ${error instanceof Error ? error.message : String(error)}`,
        "relance_whatsapp_network",
      );
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) {
      const answer = sendAnswerSchema.safeParse(body);
      if (!answer.success) {
        // Sent, most likely, but without an id we cannot follow its statuses.
        this.log.warn({ status: response.status }, "whatsapp send answered without a message id");
        return { externalId: null };
      }
      return { externalId: answer.data.messages[0]?.id ?? null };
    }
    const graph = graphErrorSchema.safeParse(body);
    throw new GraphApiError(
      response.status,
      graph.success ? graph.data.error.code : null,
      graph.success ? (graph.data.error.message ?? "graph error") : `HTTP ${response.status}`,
    );
  }
}

/**
 * Cloud API errors → what the relay does: throughput and pair-rate limits wait and retry; 5xx and
 * "something went wrong" retry with backoff; anything else (bad token, invalid parameter, number
 * not on WhatsApp, window closed without a template to send) never retries.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof GraphApiError) {
    const code = error.code;
    switch (code) {
      case WHATSAPP_ERRORS.throughput:
      case WHATSAPP_ERRORS.appRate:
      case WHATSAPP_ERRORS.userRate:
        return new DeliveryError(
          { kind: "rate_limited", retryAfterMs: WHATSAPP_RATE_LIMIT_RETRY_MS.throughput },
          error.message,
          code,
        );
      case WHATSAPP_ERRORS.pairRate:
      case WHATSAPP_ERRORS.spamRate:
        return new DeliveryError(
          { kind: "rate_limited", retryAfterMs: WHATSAPP_RATE_LIMIT_RETRY_MS.pairRate },
          error.message,
          code,
        );
      case WHATSAPP_ERRORS.generic:
      case WHATSAPP_ERRORS.unavailable:
        return new DeliveryError({ kind: "transient" }, error.message, code);
      default:
        if (error.httpStatus === 429) {
          return new DeliveryError(
            { kind: "rate_limited", retryAfterMs: WHATSAPP_RATE_LIMIT_RETRY_MS.throughput },
            error.message,
            code ?? error.httpStatus,
          );
        }
        if (error.httpStatus >= 500) {
          return new DeliveryError({ kind: "transient" }, error.message, code ?? error.httpStatus);
        }
        return new DeliveryError({ kind: "permanent" }, error.message, code ?? error.httpStatus);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError({ kind: "transient" }, message, "relance_whatsapp_unexpected");
}
