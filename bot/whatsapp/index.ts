import type { Hono } from "hono";
import type { Config } from "../../src/config.ts";
import type { ChannelDelivery, DeliveryStatus, InboundEnvelope } from "../../src/runtime/index.ts";
import { WHATSAPP_WEBHOOK_PATH } from "./constants.ts";
import { WhatsAppDelivery } from "./delivery.ts";
import type { WhatsAppLog } from "./log.ts";
import { whatsappWebhookApp } from "./webhook.ts";

export {
  WHATSAPP_BUTTON_TITLE_MAX,
  WHATSAPP_LIST_ROW_TITLE_MAX,
  WHATSAPP_LIST_ROWS_MAX,
  WHATSAPP_RATE_LIMITS,
  WHATSAPP_REPLY_BUTTONS_MAX,
  WHATSAPP_SIGNATURE_HEADER,
  WHATSAPP_TEXT_MAX,
  WHATSAPP_WEBHOOK_PATH,
} from "./constants.ts";
export { toDeliveryError, WhatsAppDelivery } from "./delivery.ts";
export type { WhatsAppLog } from "./log.ts";
export { parseChanges, parseInboundMessage } from "./parse-notification.ts";
export { renderTemplate, renderWhatsAppCard, templateParam } from "./render-card.ts";
export { validSignature } from "./signature.ts";
export { whatsappWebhookApp } from "./webhook.ts";

export type WhatsAppChannelConfig = Pick<
  Config,
  | "WHATSAPP_API_URL"
  | "WHATSAPP_TOKEN"
  | "WHATSAPP_APP_SECRET"
  | "WHATSAPP_VERIFY_TOKEN"
  | "WHATSAPP_PHONE_NUMBER_ID"
  | "WHATSAPP_TEMPLATE_FR"
  | "WHATSAPP_TEMPLATE_EN"
>;

export interface WhatsAppChannelDeps {
  readonly onInbound: (envelope: InboundEnvelope) => Promise<unknown>;
  readonly onStatus: (status: DeliveryStatus) => Promise<unknown>;
  readonly log: WhatsAppLog;
}

export interface WhatsAppChannel {
  /** For the outbox relay: send_card (and the no-op clear_buttons) for channel "whatsapp". */
  readonly delivery: ChannelDelivery;
  readonly webhook: Hono;
  /** Mounts the webhook at `/webhooks/whatsapp` (or `path`). */
  mountWebhook(app: Hono, path?: string): void;
}

/**
 * The WhatsApp Cloud API channel, or null without WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID (said
 * once in the log): the rest of the service runs, and the routing never picks a WhatsApp chat
 * that cannot be bound anyway.
 */
export function createWhatsAppChannel(
  config: WhatsAppChannelConfig,
  deps: WhatsAppChannelDeps,
): WhatsAppChannel | null {
  const token = config.WHATSAPP_TOKEN;
  const phoneNumberId = config.WHATSAPP_PHONE_NUMBER_ID;
  if (token === undefined || phoneNumberId === undefined) {
    deps.log.info(
      { channel: "whatsapp" },
      "whatsapp channel off: WHATSAPP_TOKEN or WHATSAPP_PHONE_NUMBER_ID is not set",
    );
    return null;
  }
  if (config.WHATSAPP_APP_SECRET === undefined) {
    deps.log.warn(
      { channel: "whatsapp" },
      "whatsapp webhook refuses every notification: WHATSAPP_APP_SECRET is not set",
    );
  }
  const delivery = new WhatsAppDelivery(
    {
      apiUrl: config.WHATSAPP_API_URL,
      token,
      phoneNumberId,
      templates: { fr: config.WHATSAPP_TEMPLATE_FR, en: config.WHATSAPP_TEMPLATE_EN },
    },
    deps.log,
  );
  const webhook = whatsappWebhookApp({
    appSecret: config.WHATSAPP_APP_SECRET,
    verifyToken: config.WHATSAPP_VERIFY_TOKEN,
    phoneNumberId,
    onInbound: deps.onInbound,
    onStatus: deps.onStatus,
    log: deps.log,
  });
  return {
    delivery,
    webhook,
    mountWebhook(app, path = WHATSAPP_WEBHOOK_PATH) {
      app.route(path, webhook);
    },
  };
}
