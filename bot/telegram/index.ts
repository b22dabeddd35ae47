import { Api, Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Hono } from "hono";
import type { Config } from "../../src/config.ts";
import type { ChannelDelivery } from "../../src/runtime/index.ts";
import {
  TELEGRAM_ALLOWED_UPDATES,
  TELEGRAM_DELIVERY_TIMEOUT_SECONDS,
  TELEGRAM_POLLING_CLIENT_TIMEOUT_SECONDS,
} from "./constants.ts";
import { TelegramDelivery } from "./delivery.ts";
import type { TelegramLog } from "./log.ts";
import { createPoller } from "./polling.ts";
import type { OnInbound } from "./process-update.ts";
import { telegramWebhookApp } from "./webhook.ts";

export {
  TELEGRAM_ALLOWED_UPDATES,
  TELEGRAM_RATE_LIMITS,
  TELEGRAM_SECRET_HEADER,
} from "./constants.ts";
export { chosenText, TelegramDelivery, toDeliveryError } from "./delivery.ts";
export type { TelegramLog } from "./log.ts";
export { parseUpdate } from "./parse-update.ts";
export { type OnInbound, processUpdate } from "./process-update.ts";
export {
  renderCard,
  TELEGRAM_CALLBACK_DATA_MAX_BYTES,
  TELEGRAM_TEXT_MAX,
} from "./render-card.ts";
export { telegramWebhookApp } from "./webhook.ts";

/** Where the webhook is served (DESIGN.md, "Interfaces other programs rely on"). */
export const TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram";

export type TelegramChannelConfig = Pick<
  Config,
  | "TELEGRAM_BOT_TOKEN"
  | "TELEGRAM_BOT_USERNAME"
  | "TELEGRAM_WEBHOOK_SECRET"
  | "TELEGRAM_MODE"
  | "TELEGRAM_API_ROOT"
>;

export interface TelegramChannelDeps {
  /** `(env) => handleDebtorInbound(runtimeDeps, env)`: commits the input, sends nothing itself. */
  readonly onInbound: OnInbound;
  readonly log: TelegramLog;
}

export interface TelegramChannel {
  readonly mode: "webhook" | "polling";
  /** For the outbox relay: send_card, clear_buttons and ack_button for channel "telegram". */
  readonly delivery: ChannelDelivery;
  /** The webhook as a Hono sub-app, for callers that mount it themselves. */
  readonly webhook: Hono;
  /** Mounts the webhook at `/webhooks/telegram` (or `path`). Mount it in both modes: in polling
   *  mode it simply receives nothing, and refuses anything without the secret. */
  mountWebhook(app: Hono, path?: string): void;
  /** Development: long polling (deletes any webhook first). Does nothing if already polling. */
  startPolling(): void;
  /** Points Telegram at `url` with our secret and update kinds (for a CLI; needs the secret). */
  setWebhook(url: string): Promise<void>;
  /** Stops polling if it runs; delivery and the webhook need no stopping. */
  stop(): Promise<void>;
}

/**
 * The Telegram channel, or null when TELEGRAM_BOT_TOKEN is unset: the service then runs without
 * it (said once in the log), and the delivery router fails Telegram ops permanently.
 */
export function createTelegramChannel(
  config: TelegramChannelConfig,
  deps: TelegramChannelDeps,
): TelegramChannel | null {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (token === undefined) {
    deps.log.info({ channel: "telegram" }, "telegram channel off: TELEGRAM_BOT_TOKEN is not set");
    return null;
  }
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (secret === undefined && config.TELEGRAM_MODE === "webhook") {
    deps.log.warn(
      { channel: "telegram" },
      "telegram webhook refuses every request: TELEGRAM_WEBHOOK_SECRET is not set",
    );
  }
  const apiRoot = config.TELEGRAM_API_ROOT;
  const botUsername = config.TELEGRAM_BOT_USERNAME;

  // Two clients: sends must fail fast, while a long poll legitimately waits for tens of seconds.
  const delivery = new TelegramDelivery(
    new Api(token, { apiRoot, timeoutSeconds: TELEGRAM_DELIVERY_TIMEOUT_SECONDS }),
    deps.log,
  );
  const botInfo = botUsername === undefined ? undefined : fixedBotInfo(token, botUsername);
  // With a known username no getMe is made at start-up; otherwise grammY calls it when polling starts.
  const bot = new Bot(token, {
    ...(botInfo === undefined ? {} : { botInfo }),
    client: { apiRoot, timeoutSeconds: TELEGRAM_POLLING_CLIENT_TIMEOUT_SECONDS },
  });
  // The token is `<bot id>:<secret>`; the id scopes update ids (see ParseUpdateOptions.botId).
  const botId = token.split(":")[0] || undefined;
  const webhook = telegramWebhookApp({
    secret,
    onInbound: deps.onInbound,
    log: deps.log,
    ...(botUsername === undefined ? {} : { botUsername }),
    ...(botId === undefined ? {} : { botId }),
  });
  let poller: ReturnType<typeof createPoller> | undefined;

  return {
    mode: config.TELEGRAM_MODE,
    delivery,
    webhook,
    mountWebhook(app, path = TELEGRAM_WEBHOOK_PATH) {
      app.route(path, webhook);
    },
    startPolling() {
      poller ??= createPoller(bot, {
        onInbound: deps.onInbound,
        log: deps.log,
        ...(botUsername === undefined ? {} : { botUsername }),
        ...(botId === undefined ? {} : { botId }),
      });
      poller.start();
    },
    async setWebhook(url) {
      if (secret === undefined) {
        throw new Error("TELEGRAM_WEBHOOK_SECRET must be set before registering a webhook");
      }
      await bot.api.setWebhook(url, {
        secret_token: secret,
        allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
      });
    },
    async stop() {
      await poller?.stop();
    },
  };
}

/**
 * What getMe would say, built from configuration: the bot id is the token's first part. grammY
 * needs it before handling updates; building it saves a network call that could fail at start-up.
 */
function fixedBotInfo(token: string, username: string): UserFromGetMe | undefined {
  const id = Number(token.split(":")[0]);
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return {
    id,
    is_bot: true,
    first_name: username,
    username,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}
