import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TelegramDelivery } from "../../../bot/telegram/delivery.ts";
import { DeliveryError } from "../../../src/runtime/delivery.ts";
import type { OutboundOp } from "../../../src/runtime/outbound.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";
import { FakeTelegram } from "../../fakes/telegram-bot-api.ts";
import { recordingLog } from "../../unit/telegram/recording-log.ts";

const CHAT = 4242;

let clock: ManualClock;
let fake: FakeTelegram;
let delivery: TelegramDelivery;
let log: ReturnType<typeof recordingLog>;

beforeEach(async () => {
  clock = new ManualClock();
  fake = new FakeTelegram({ now: clock.now });
  const { url } = await fake.start();
  log = recordingLog();
  delivery = new TelegramDelivery(new Api(fake.token, { apiRoot: url, timeoutSeconds: 5 }), log);
  fake.addChat(CHAT);
});

afterEach(async () => {
  await fake.stop();
});

const sendCard = (
  card: Extract<OutboundOp, { op: "send_card" }>["card"],
  address = String(CHAT),
): OutboundOp => ({
  op: "send_card",
  channel: "telegram",
  address,
  messageKind: "follow_up",
  automated: false,
  card,
});

const planCard = {
  text: "Montant dû : 120,00 €. Que souhaitez-vous faire ?",
  buttons: [
    { label: "Payer", token: "b_pay" },
    { label: "Plan", token: "b_plan" },
  ],
  list: { title: "Plans", items: [{ label: "3 × 40 €", description: "mensuel", token: "b_l3" }] },
};

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) {
    throw new Error(`expected a DeliveryError, got ${String(error)}`);
  }
  return error;
}

describe("TelegramDelivery against the fake Bot API", () => {
  it("sends a card as a message with its inline keyboard and returns the message id", async () => {
    const result = await delivery.deliver(sendCard(planCard));

    const shown = fake.lastBotMessage(CHAT);
    expect(result).toEqual({ externalId: String(shown?.messageId) });
    expect(shown?.text).toBe("Montant dû : 120,00 €. Que souhaitez-vous faire ?\n\nPlans");
    expect(shown?.buttons).toEqual([
      [
        { text: "Payer", callbackData: "b_pay" },
        { text: "Plan", callbackData: "b_plan" },
      ],
      [{ text: "3 × 40 € — mensuel", callbackData: "b_l3" }],
    ]);
    expect(fake.calls.at(-1)?.params).not.toHaveProperty("parse_mode");
  });

  it("refuses a card with a 70-byte token before calling Telegram", async () => {
    const error = await failure(
      delivery.deliver(sendCard({ text: "x", buttons: [{ label: "Pay", token: "t".repeat(70) }] })),
    );
    expect(error.failure).toEqual({ kind: "permanent" });
    expect(error.platformCode).toBe("relance_telegram_callback_data_too_long");
    expect(fake.calls).toHaveLength(0);
  });

  it("reports Telegram's flood limit as rate_limited with retry_after in milliseconds", async () => {
    fake.failNext("sendMessage", { status: 429, retryAfter: 7 });
    const error = await failure(delivery.deliver(sendCard(planCard)));
    expect(error.failure).toEqual({ kind: "rate_limited", retryAfterMs: 7000 });
    expect(error.platformCode).toBe(429);
  });

  it("hits the one-message-per-second chat limit on a second send and succeeds a second later", async () => {
    await delivery.deliver(sendCard({ text: "first", buttons: [] }));
    const error = await failure(delivery.deliver(sendCard({ text: "second", buttons: [] })));
    expect(error.failure).toEqual({ kind: "rate_limited", retryAfterMs: 1000 });

    clock.advance(1000);
    await expect(delivery.deliver(sendCard({ text: "second", buttons: [] }))).resolves.toEqual({
      externalId: expect.any(String),
    });
    expect(fake.chats(CHAT).map((m) => m.text)).toEqual(["first", "second"]);
  });

  it.each([500, 502, 503])("reports a %i from Telegram as transient", async (status) => {
    fake.failNext("sendMessage", { status });
    const error = await failure(delivery.deliver(sendCard(planCard)));
    expect(error.failure).toEqual({ kind: "transient" });
    expect(error.platformCode).toBe(status);
  });

  it("reports a 502 with an HTML body from a proxy as transient", async () => {
    fake.failNext("sendMessage", { status: 502, body: "<html>Bad Gateway</html>" });
    const error = await failure(delivery.deliver(sendCard(planCard)));
    expect(error.failure).toEqual({ kind: "transient" });
  });

  it("reports an unreachable Bot API as transient", async () => {
    await fake.stop();
    const error = await failure(delivery.deliver(sendCard(planCard)));
    expect(error.failure).toEqual({ kind: "transient" });
    expect(error.platformCode).toBe("relance_telegram_network");
  });

  it("reports a debtor who blocked the bot as permanent, with Telegram's words and code", async () => {
    fake.failNext("sendMessage", {
      status: 403,
      body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
    });
    const error = await failure(delivery.deliver(sendCard(planCard)));
    expect(error.failure).toEqual({ kind: "permanent" });
    expect(error.message).toBe("Forbidden: bot was blocked by the user");
    expect(error.platformCode).toBe(403);
  });

  it("reports a chat Telegram does not know as permanent", async () => {
    const error = await failure(delivery.deliver(sendCard(planCard, "999")));
    expect(error.failure).toEqual({ kind: "permanent" });
    expect(error.message).toBe("Bad Request: chat not found");
    expect(error.platformCode).toBe(400);
  });

  it("clears a message's buttons, and clearing them again counts as done", async () => {
    const { externalId } = await delivery.deliver(sendCard(planCard));
    const clear: OutboundOp = {
      op: "clear_buttons",
      channel: "telegram",
      address: String(CHAT),
      externalMessageId: String(externalId),
      chosenLabel: null,
    };

    await expect(delivery.deliver(clear)).resolves.toEqual({ externalId: null });
    expect(fake.keyboard(CHAT, Number(externalId))).toEqual([]);
    expect(fake.lastBotMessage(CHAT)?.text).toBe(
      "Montant dû : 120,00 €. Que souhaitez-vous faire ?\n\nPlans",
    );

    await expect(delivery.deliver(clear)).resolves.toEqual({ externalId: null });
    expect(fake.calls.at(-1)?.response).toMatchObject({
      ok: false,
      description: expect.stringContaining("message is not modified"),
    });
  });

  it("counts clearing the buttons of a message that no longer exists as done", async () => {
    await expect(
      delivery.deliver({
        op: "clear_buttons",
        channel: "telegram",
        address: String(CHAT),
        externalMessageId: "4711",
        chosenLabel: "Payer",
      }),
    ).resolves.toEqual({ externalId: null });
    expect(fake.calls.at(-1)?.response).toMatchObject({
      description: "Bad Request: message to edit not found",
    });
  });

  it("marks the chosen option under the original text when the op carries that text", async () => {
    const { externalId } = await delivery.deliver(sendCard(planCard));
    // `originalText` is not in the runtime's op schema yet; the adapter uses it when present.
    const clear = {
      op: "clear_buttons",
      channel: "telegram",
      address: String(CHAT),
      externalMessageId: String(externalId),
      chosenLabel: "Payer",
      originalText: planCard.text,
    } as OutboundOp;

    await expect(delivery.deliver(clear)).resolves.toEqual({ externalId: null });
    expect(fake.lastBotMessage(CHAT)).toMatchObject({
      text: `${planCard.text}\n\n✓ Payer`,
      buttons: [],
      edited: true,
    });
  });

  it("only removes the keyboard when a chosen label comes without the original text", async () => {
    const { externalId } = await delivery.deliver(sendCard(planCard));
    await delivery.deliver({
      op: "clear_buttons",
      channel: "telegram",
      address: String(CHAT),
      externalMessageId: String(externalId),
      chosenLabel: "Payer",
    });
    expect(fake.lastBotMessage(CHAT)?.text).toBe(`${planCard.text}\n\nPlans`);
    expect(fake.keyboard(CHAT, Number(externalId))).toEqual([]);
  });

  it("shortens a button answer to Telegram's 200 characters instead of failing", async () => {
    const { externalId } = await delivery.deliver(sendCard(planCard));
    const press = await fake.userPressesButton(CHAT, Number(externalId), "b_plan");
    const queryId = String(
      (press.update as { callback_query?: { id: string } }).callback_query?.id,
    );
    await delivery.deliver({
      op: "ack_button",
      channel: "telegram",
      callbackQueryId: queryId,
      text: "x".repeat(250),
    });
    expect(fake.callbackAnswer(queryId)?.text?.length).toBe(200);
  });

  it("answers a button press, and counts an expired press as done", async () => {
    const { externalId } = await delivery.deliver(sendCard(planCard));
    const press = await fake.userPressesButton(CHAT, Number(externalId), "b_pay");
    const queryId = String(
      (press.update as { callback_query?: { id: string } }).callback_query?.id,
    );

    const ack: OutboundOp = {
      op: "ack_button",
      channel: "telegram",
      callbackQueryId: queryId,
      text: "OK",
    };
    await expect(delivery.deliver(ack)).resolves.toEqual({ externalId: null });
    expect(fake.callbackAnswer(queryId)).toEqual({ text: "OK" });

    // Answered already (a retried job) or too old: Telegram says "query is too old".
    await expect(delivery.deliver(ack)).resolves.toEqual({ externalId: null });
    expect(fake.calls.at(-1)?.status).toBe(400);
  });

  it("refuses ops of another channel without calling Telegram", async () => {
    const error = await failure(
      delivery.deliver({ ...sendCard(planCard), channel: "whatsapp" } as OutboundOp),
    );
    expect(error.failure).toEqual({ kind: "permanent" });
    expect(fake.calls).toHaveLength(0);
  });

  it("warns when a card's text had to be truncated", async () => {
    await delivery.deliver(sendCard({ text: "mot ".repeat(1500), buttons: [] }));
    expect(fake.lastBotMessage(CHAT)?.text.length).toBeLessThanOrEqual(4096);
    expect(log.lines.filter((l) => l.level === "warn").map((l) => l.msg)).toEqual([
      "telegram card text truncated to fit one message",
    ]);
  });
});
