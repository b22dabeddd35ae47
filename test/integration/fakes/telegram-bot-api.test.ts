import { Api, Bot, GrammyError, HttpError } from "grammy";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../fakes/manual-clock.ts";
import { RecordingReceiver } from "../../fakes/recording-receiver.ts";
import { FakeTelegram } from "../../fakes/telegram-bot-api.ts";

const CHAT = 4242;
const keyboard = (data: string) => ({
  inline_keyboard: [[{ text: "Pay now", callback_data: data }]],
});

let clock: ManualClock;
let fake: FakeTelegram;
let api: Api;

beforeEach(async () => {
  clock = new ManualClock();
  fake = new FakeTelegram({ now: clock.now });
  const { url } = await fake.start();
  api = new Api(fake.token, { apiRoot: url });
});

afterEach(async () => {
  await fake.stop();
});

async function apiError(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${error}`);
  return error;
}

describe("FakeTelegram through grammY", () => {
  it("answers getMe with the bot's identity", async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ is_bot: true, username: "relance_test_bot" });
    expect(fake.calls.map((c) => c.method)).toEqual(["getMe"]);
  });

  it("rejects a wrong token with 401 Unauthorized", async () => {
    const error = await apiError(new Api("1:wrong", { apiRoot: fake.url }).getMe());
    expect(error.error_code).toBe(401);
    expect(error.description).toBe("Unauthorized");
  });

  it("shows a sent message with its inline keyboard in the user's chat", async () => {
    fake.addChat(CHAT);
    const sent = await api.sendMessage(CHAT, "Your invoice is due", {
      reply_markup: keyboard("p:1"),
    });
    expect(sent.message_id).toBe(1);
    expect(sent.reply_markup).toEqual(keyboard("p:1"));
    expect(fake.chats(CHAT)).toEqual([
      expect.objectContaining({
        messageId: 1,
        from: "bot",
        text: "Your invoice is due",
        buttons: [[{ text: "Pay now", callbackData: "p:1" }]],
      }),
    ]);
    expect(fake.keyboard(CHAT, 1)).toEqual([[{ text: "Pay now", callbackData: "p:1" }]]);
  });

  it("refuses to write to a chat nobody started", async () => {
    const error = await apiError(api.sendMessage(999, "hello"));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe("Bad Request: chat not found");
  });

  it("refuses a text longer than 4096 UTF-16 code units and accepts exactly 4096", async () => {
    fake.addChat(CHAT);
    const tooLong = await apiError(api.sendMessage(CHAT, "a".repeat(4097)));
    expect(tooLong.description).toBe("Bad Request: message is too long");
    clock.advance(1000);
    // 2048 emoji are 4096 UTF-16 code units; one more is over the limit.
    await expect(api.sendMessage(CHAT, "💶".repeat(2048))).resolves.toBeDefined();
    clock.advance(1000);
    const emoji = await apiError(api.sendMessage(CHAT, "💶".repeat(2049)));
    expect(emoji.description).toBe("Bad Request: message is too long");
  });

  it("counts the text after HTML entities are parsed", async () => {
    fake.addChat(CHAT);
    const sent = await api.sendMessage(CHAT, `<b>${"a".repeat(4096)}</b>`, { parse_mode: "HTML" });
    expect(sent.text).toHaveLength(4096);
  });

  it("refuses an empty text", async () => {
    fake.addChat(CHAT);
    const error = await apiError(api.sendMessage(CHAT, "  "));
    expect(error.description).toBe("Bad Request: message text is empty");
  });

  it("refuses callback_data over 64 bytes, counted in UTF-8", async () => {
    fake.addChat(CHAT);
    const ascii = await apiError(
      api.sendMessage(CHAT, "x", { reply_markup: keyboard("a".repeat(65)) }),
    );
    expect(ascii.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    // 33 "é" are 33 characters but 66 bytes.
    const accents = await apiError(
      api.sendMessage(CHAT, "x", { reply_markup: keyboard("é".repeat(33)) }),
    );
    expect(accents.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const ok = await api.sendMessage(CHAT, "x", { reply_markup: keyboard("é".repeat(32)) });
    expect(ok.message_id).toBe(1);
  });

  it("refuses an inline button that is neither callback nor link", async () => {
    fake.addChat(CHAT);
    const error = await apiError(
      api.raw.sendMessage({
        chat_id: CHAT,
        text: "x",
        reply_markup: { inline_keyboard: [[{ text: "bare" } as never]] },
      }),
    );
    expect(error.description).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  });

  it("accepts reply_markup as a JSON string in a form body", async () => {
    fake.addChat(CHAT);
    const response = await fetch(`${fake.url}/bot${fake.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: String(CHAT),
        text: "form",
        reply_markup: JSON.stringify(keyboard("f:1")),
      }).toString(),
    });
    expect(response.status).toBe(200);
    expect(fake.keyboard(CHAT, 1)).toEqual([[{ text: "Pay now", callbackData: "f:1" }]]);
  });

  it("limits one chat to one message per second, with retry_after, until the clock moves", async () => {
    fake.addChat(CHAT);
    await api.sendMessage(CHAT, "first");
    const error = await apiError(api.sendMessage(CHAT, "second"));
    expect(error.error_code).toBe(429);
    expect(error.description).toBe("Too Many Requests: retry after 1");
    expect(error.parameters.retry_after).toBe(1);
    clock.advance(1000);
    await expect(api.sendMessage(CHAT, "second")).resolves.toMatchObject({ message_id: 2 });
  });

  it("limits the bot to 30 messages per second across chats", async () => {
    for (let chat = 1; chat <= 31; chat++) fake.addChat(chat);
    for (let chat = 1; chat <= 30; chat++) await api.sendMessage(chat, "hi");
    const error = await apiError(api.sendMessage(31, "hi"));
    expect(error.error_code).toBe(429);
    clock.advance(1000);
    await expect(api.sendMessage(31, "hi")).resolves.toBeDefined();
  });

  it("says 'message is not modified' for an identical edit", async () => {
    fake.addChat(CHAT);
    await api.sendMessage(CHAT, "Offer", { reply_markup: keyboard("o:1") });
    const error = await apiError(
      api.editMessageText(CHAT, 1, "Offer", { reply_markup: keyboard("o:1") }),
    );
    expect(error.description).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    const markupOnly = await apiError(
      api.editMessageReplyMarkup(CHAT, 1, { reply_markup: keyboard("o:1") }),
    );
    expect(markupOnly.error_code).toBe(400);
  });

  it("drops the keyboard when a text edit does not repeat it, and keeps the history", async () => {
    fake.addChat(CHAT);
    await api.sendMessage(CHAT, "Offer", { reply_markup: keyboard("o:1") });
    const edited = await api.editMessageText(CHAT, 1, "Offer accepted");
    expect(edited).toMatchObject({ text: "Offer accepted", edit_date: expect.any(Number) });
    expect(fake.chats(CHAT)[0]).toMatchObject({
      text: "Offer accepted",
      buttons: [],
      edited: true,
    });
    expect(fake.keyboard(CHAT, 1)).toBeUndefined();
    expect(fake.messageHistory(CHAT, 1).map((m) => m.text)).toEqual(["Offer", "Offer accepted"]);
  });

  it("refuses to edit a message that does not exist", async () => {
    fake.addChat(CHAT);
    const error = await apiError(api.editMessageText(CHAT, 77, "x"));
    expect(error.description).toBe("Bad Request: message to edit not found");
  });

  it("lets a callback query be answered once, and only within 15 minutes", async () => {
    fake.addChat(CHAT);
    await api.sendMessage(CHAT, "Offer", { reply_markup: keyboard("o:1") });
    const first = await fake.userPressesButton(CHAT, 1, "o:1");
    const firstId = first.update.callback_query?.id ?? "";
    await expect(api.answerCallbackQuery(firstId, { text: "Noted" })).resolves.toBe(true);
    expect(fake.callbackAnswer(firstId)).toEqual({ text: "Noted" });
    const again = await apiError(api.answerCallbackQuery(firstId));
    expect(again.description).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );

    const second = await fake.userPressesButton(CHAT, 1, "o:1");
    clock.advance(15 * 60 * 1000 + 1);
    const late = await apiError(api.answerCallbackQuery(second.update.callback_query?.id ?? ""));
    expect(late.error_code).toBe(400);
    const unknown = await apiError(api.answerCallbackQuery("123"));
    expect(unknown.error_code).toBe(400);
  });

  it("builds real updates: /start with a bot_command entity, a button press with the message", async () => {
    const start = await fake.userStarts(CHAT, "inv_abc");
    expect(start.status).toBe("queued");
    expect(start.update.message).toMatchObject({
      message_id: 1,
      text: "/start inv_abc",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
      chat: { id: CHAT, type: "private" },
      from: { id: CHAT, is_bot: false },
      date: Math.floor(clock.now() / 1000),
    });
    await api.sendMessage(CHAT, "Offer", { reply_markup: keyboard("o:1") });
    const press = await fake.userPressesButton(CHAT, 2, "o:1");
    expect(press.update.update_id).toBe(start.update.update_id + 1);
    expect(press.update.callback_query).toMatchObject({
      data: "o:1",
      chat_instance: expect.any(String),
      message: { message_id: 2, text: "Offer" },
    });
    expect(() => fake.userPressesButton(CHAT, 2, "gone")).toThrow(/shows no button/);
  });

  it("injects a 500 once, then serves normally", async () => {
    fake.addChat(CHAT);
    fake.failNext("sendMessage", { status: 500 });
    const error = await apiError(api.sendMessage(CHAT, "x"));
    expect(error.error_code).toBe(500);
    await expect(api.sendMessage(CHAT, "x")).resolves.toBeDefined();
    expect(fake.calls.map((c) => c.status)).toEqual([500, 200]);
  });

  it("injects a 429 with retry_after and a non-JSON 502", async () => {
    fake.addChat(CHAT);
    fake.failNext("sendMessage", { status: 429, retryAfter: 7 });
    const limited = await apiError(api.sendMessage(CHAT, "x"));
    expect(limited.parameters.retry_after).toBe(7);
    fake.failNext("*", { status: 502, body: "<html>502 Bad Gateway</html>" });
    await expect(api.sendMessage(CHAT, "x")).rejects.toBeInstanceOf(HttpError);
  });

  it("serves long polling to a real grammY bot", async () => {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.url } });
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    void bot.start({ timeout: 1 });
    await fake.userSendsText(CHAT, "hello");
    await vi.waitFor(() => expect(fake.lastBotMessage(CHAT)?.text).toBe("echo: hello"));
    await bot.stop();
    expect(fake.calls.some((c) => c.method === "getUpdates")).toBe(true);
  });

  it("deletes messages and keeps the bot's command list", async () => {
    fake.addChat(CHAT);
    await api.sendMessage(CHAT, "to delete");
    await expect(api.deleteMessage(CHAT, 1)).resolves.toBe(true);
    expect(fake.chats(CHAT)).toEqual([]);
    expect((await apiError(api.deleteMessage(CHAT, 1))).description).toBe(
      "Bad Request: message to delete not found",
    );
    await api.setMyCommands([{ command: "start", description: "Begin" }]);
    expect(await api.getMyCommands()).toEqual([{ command: "start", description: "Begin" }]);
    const invalid = await apiError(
      api.setMyCommands([{ command: "Bad Command", description: "x" }]),
    );
    expect(invalid.description).toBe("Bad Request: BOT_COMMAND_INVALID");
  });

  it("refuses getUpdates while a webhook is set", async () => {
    await api.setWebhook("https://example.test/hook");
    const error = await apiError(api.getUpdates());
    expect(error.error_code).toBe(409);
  });
});

describe("FakeTelegram webhook delivery", () => {
  let receiver: RecordingReceiver;

  beforeEach(async () => {
    receiver = new RecordingReceiver();
    await receiver.start();
    await api.setWebhook(`${receiver.url}/webhooks/telegram`, { secret_token: "s3cr3t" });
  });

  afterEach(async () => {
    await receiver.stop();
  });

  it("POSTs the update with the secret token header", async () => {
    const delivery = await fake.userSendsText(CHAT, "bonjour");
    expect(delivery.status).toBe(200);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.path).toBe("/webhooks/telegram");
    expect(receiver.requests[0]?.headers["x-telegram-bot-api-secret-token"]).toBe("s3cr3t");
    expect(JSON.parse(receiver.requests[0]?.body ?? "")).toEqual(delivery.update);
  });

  it("redelivers the same update as many times as asked, also concurrently", async () => {
    const { update } = await fake.userSendsText(CHAT, "bonjour");
    const again = await fake.deliver(update, { times: 3, concurrently: true });
    expect(again.map((d) => d.status)).toEqual([200, 200, 200]);
    const ids = receiver.requests.map(
      (r) => (JSON.parse(r.body) as { update_id: number }).update_id,
    );
    expect(ids).toEqual([update.update_id, update.update_id, update.update_id, update.update_id]);
  });

  it("reports a failing webhook in getWebhookInfo", async () => {
    receiver.status = 500;
    const delivery = await fake.userSendsText(CHAT, "bonjour");
    expect(delivery.status).toBe(500);
    const info = await api.getWebhookInfo();
    expect(info.last_error_message).toBe("Wrong response from the webhook: 500");
  });

  it("executes a method call sent back in the webhook's response body", async () => {
    receiver.body = { method: "sendMessage", chat_id: CHAT, text: "answered in the reply" };
    await fake.userSendsText(CHAT, "bonjour");
    expect(fake.lastBotMessage(CHAT)?.text).toBe("answered in the reply");
    expect(fake.calls.at(-1)).toMatchObject({ method: "sendMessage", status: 200 });
  });
});
