import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Api } from "grammy";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createTelegramChannel,
  type TelegramChannel,
  type TelegramChannelConfig,
} from "../../../bot/telegram/index.ts";
import type { InboundEnvelope } from "../../../src/runtime/debtor-inbound.ts";
import { FakeTelegram } from "../../fakes/telegram-bot-api.ts";
import { recordingLog } from "../../unit/telegram/recording-log.ts";

const CHAT = 4242;
const SECRET = "whsec_relance-test";

let fake: FakeTelegram;
let log: ReturnType<typeof recordingLog>;
let received: InboundEnvelope[];
let waiters: (() => void)[];
let channel: TelegramChannel | null;
let server: ReturnType<typeof serve> | undefined;

beforeEach(async () => {
  fake = new FakeTelegram({ rateLimits: false });
  await fake.start();
  log = recordingLog();
  received = [];
  waiters = [];
  channel = null;
  server = undefined;
});

afterEach(async () => {
  await channel?.stop();
  if (server !== undefined) {
    const s = server;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await fake.stop();
});

const onInbound = async (envelope: InboundEnvelope): Promise<void> => {
  received.push(envelope);
  for (const wake of waiters.splice(0)) wake();
};

/** Resolves once `count` envelopes have arrived (no wall-clock sleeping). */
function receivedCount(count: number): Promise<void> {
  if (received.length >= count) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => (received.length >= count ? resolve() : waiters.push(check));
    waiters.push(check);
  });
}

function config(overrides: Partial<TelegramChannelConfig> = {}): TelegramChannelConfig {
  return {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_BOT_USERNAME: "relance_test_bot",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_API_ROOT: fake.url,
    ...overrides,
  };
}

function create(overrides: Partial<TelegramChannelConfig> = {}): TelegramChannel {
  const created = createTelegramChannel(config(overrides), { onInbound, log });
  if (created === null) throw new Error("expected a channel");
  channel = created;
  return created;
}

/** Serves an app the way src/http will, and returns its webhook URL. */
async function serveWebhook(telegram: TelegramChannel): Promise<string> {
  const app = new Hono();
  telegram.mountWebhook(app);
  const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  server = started;
  await new Promise<void>((resolve) => started.once("listening", () => resolve()));
  const { port } = started.address() as AddressInfo;
  return `http://127.0.0.1:${port}/webhooks/telegram`;
}

describe("createTelegramChannel", () => {
  it("is off without a bot token, and says so once", () => {
    const created = createTelegramChannel(config({ TELEGRAM_BOT_TOKEN: undefined }), {
      onInbound,
      log,
    });
    expect(created).toBeNull();
    expect(log.lines.map((l) => l.msg)).toEqual([
      "telegram channel off: TELEGRAM_BOT_TOKEN is not set",
    ]);
  });

  it("makes no Telegram call when it is created", () => {
    create();
    create({ TELEGRAM_BOT_USERNAME: undefined });
    expect(fake.calls).toEqual([]);
  });

  it("will not register a webhook without a secret to protect it", async () => {
    const telegram = create({ TELEGRAM_WEBHOOK_SECRET: undefined });
    await expect(telegram.setWebhook("https://relance.example/webhooks/telegram")).rejects.toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
    expect(fake.calls).toEqual([]);
    expect(log.lines.map((l) => l.msg)).toContain(
      "telegram webhook refuses every request: TELEGRAM_WEBHOOK_SECRET is not set",
    );
  });

  it("binds a chat through the webhook: /start with the invoice's link token", async () => {
    const telegram = create();
    await telegram.setWebhook(await serveWebhook(telegram));

    const delivery = await fake.userStarts(CHAT, "inv_Tk3-9");

    expect(delivery.status).toBe(200);
    expect(received).toEqual([
      {
        channel: "telegram",
        address: String(CHAT),
        // Scoped by the bot's id, the token's prefix.
        externalId: `${fake.token.split(":")[0]}_${delivery.update.update_id}`,
        languageHint: "fr",
        input: { kind: "start", token: "inv_Tk3-9" },
      },
    ]);
    expect(fake.calls.find((c) => c.method === "setWebhook")?.params).toMatchObject({
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query"],
    });
  });

  it("carries a button press from the webhook to the runtime and its answer back to Telegram", async () => {
    const telegram = create();
    await telegram.setWebhook(await serveWebhook(telegram));
    fake.addChat(CHAT);
    const { externalId } = await telegram.delivery.deliver({
      op: "send_card",
      channel: "telegram",
      address: String(CHAT),
      messageKind: "options",
      automated: false,
      card: { text: "Que souhaitez-vous faire ?", buttons: [{ label: "Payer", token: "b_pay" }] },
    });

    const press = await fake.userPressesButton(CHAT, Number(externalId), "b_pay");
    expect(press.status).toBe(200);
    const envelope = received[0];
    expect(envelope?.input).toEqual({ kind: "button", token: "b_pay", messageId: externalId });
    const callbackQueryId = envelope?.callbackQueryId;
    expect(callbackQueryId).toEqual(expect.any(String));

    await telegram.delivery.deliver({
      op: "ack_button",
      channel: "telegram",
      callbackQueryId: String(callbackQueryId),
      text: null,
    });
    await telegram.delivery.deliver({
      op: "clear_buttons",
      channel: "telegram",
      address: String(CHAT),
      externalMessageId: String(externalId),
      chosenLabel: null,
    });
    expect(fake.callbackAnswer(String(callbackQueryId))).toEqual({});
    expect(fake.keyboard(CHAT, Number(externalId))).toEqual([]);
  });

  it("refuses updates sent with another secret: 401, and nothing reaches the runtime", async () => {
    const telegram = create();
    const url = await serveWebhook(telegram);
    await new Api(fake.token, { apiRoot: fake.url }).setWebhook(url, { secret_token: "other" });

    const delivery = await fake.userSendsText(CHAT, "/stop");

    expect(delivery.status).toBe(401);
    expect(received).toEqual([]);
  });

  it("receives updates by long polling in development, without a getMe when the name is known", async () => {
    const telegram = create({ TELEGRAM_MODE: "polling" });
    telegram.startPolling();
    await fake.userSendsText(CHAT, "je paierai le 15");
    await fake.userSendsText(CHAT, "/help");

    await receivedCount(2);
    expect(received.map((e) => e.input)).toEqual([
      { kind: "text", text: "je paierai le 15" },
      { kind: "command", command: "help" },
    ]);
    await telegram.stop();
    expect(fake.calls.some((c) => c.method === "getMe")).toBe(false);
    expect(fake.calls.find((c) => c.method === "getUpdates")?.params).toMatchObject({
      allowed_updates: ["message", "callback_query"],
    });
  });

  it("asks Telegram who the bot is when polling starts without a configured name", async () => {
    const telegram = create({ TELEGRAM_MODE: "polling", TELEGRAM_BOT_USERNAME: undefined });
    telegram.startPolling();
    await fake.userSendsText(CHAT, "/stop@relance_test_bot");

    await receivedCount(1);
    expect(received[0]?.input).toEqual({ kind: "command", command: "stop" });
    await telegram.stop();
    expect(fake.calls.filter((c) => c.method === "getMe")).toHaveLength(1);
  });
});
