import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/service.ts";
import {
  botMessages,
  captureUpdate,
  caseFootprint,
  chatIds,
  debtorMessagesKept,
  findButton,
  givenBoundChat,
  givenInvoiceViaApi,
  settled,
  startTelegramE2E,
  successfulCalls,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * Telegram redelivers an update until the webhook answers 2xx, and may do so while the first
 * delivery is still being handled. However often an update arrives, and however concurrently, the
 * case changes once and the debtor gets one answer.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let e2e: TelegramE2E;
const newChat = chatIds();

beforeAll(async () => {
  e2e = await startTelegramE2E({
    clock,
    fake: { now: clock.millis, rateLimits: false },
    worker: { rates: { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
});

afterAll(async () => {
  await e2e?.stop();
});

const url = () => e2e.svc.url ?? "";

describe("an update delivered many times", () => {
  it("a text message delivered twice in a row is handled once", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);
    const sendsBefore = successfulCalls(e2e.telegram, "sendMessage", chat).length;

    const update = await captureUpdate(e2e.telegram, url(), () =>
      e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois"),
    );
    const deliveries = await e2e.telegram.deliver(update, { times: 2 });
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);

    await settled(e2e.svc, caseId);
    const after = await caseFootprint(e2e.svc, caseId);
    expect(after.version).toBe(before.version + 1);
    expect(after.inboundEvents).toBe(before.inboundEvents + 1);
    // The debtor's message is kept once; the bot's answer is one outbox row, sent once.
    expect(after.messages).toBe(before.messages + 2);
    expect(after.outbox).toBe(before.outbox + 1);
    expect(await debtorMessagesKept(e2e.svc, caseId)).toEqual(["je peux payer 50 € par mois"]);
    expect(successfulCalls(e2e.telegram, "sendMessage", chat).length).toBe(sendsBefore + 1);
  });

  it("a text message delivered ten times at once is handled once", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);

    const update = await captureUpdate(e2e.telegram, url(), () =>
      e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois"),
    );
    const deliveries = await e2e.telegram.deliver(update, { times: 10, concurrently: true });
    // Every copy is acknowledged, so Telegram stops redelivering.
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(200));

    await settled(e2e.svc, caseId);
    const after = await caseFootprint(e2e.svc, caseId);
    expect(after.version).toBe(before.version + 1);
    expect(after.outbox).toBe(before.outbox + 1);
    expect(after.messages).toBe(before.messages + 2);
    expect(await debtorMessagesKept(e2e.svc, caseId)).toEqual(["je peux payer 50 € par mois"]);
    const replies = botMessages(e2e.telegram, chat).filter((m) => /rapproche le plus/.test(m.text));
    expect(replies).toHaveLength(1);
    expect(successfulCalls(e2e.telegram, "sendMessage", chat)).toHaveLength(2);
  });

  it("a button press delivered seven times at once acts once and is answered once", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);
    const button = findButton(e2e.telegram, chat, /Parler à quelqu'un/);

    const update = await captureUpdate(e2e.telegram, url(), () =>
      e2e.telegram.userPressesButton(chat, button.messageId, button.callbackData),
    );
    const deliveries = await e2e.telegram.deliver(update, { times: 7, concurrently: true });
    expect(deliveries.map((d) => d.status)).toEqual(Array(7).fill(200));

    const rows = await settled(e2e.svc, caseId);
    const after = await caseFootprint(e2e.svc, caseId);
    expect(after.version).toBe(before.version + 1);
    expect(after.inboundEvents).toBe(before.inboundEvents + 1);
    // One reply, and one answer to the callback query — in the webhook's reply, so it has no
    // outbox row: the first delivery's answer is taken, the later ones' are refused as answered.
    const ofThisPress = rows.filter((r) =>
      r.idempotencyKey.startsWith(
        `telegram/${e2e.telegram.token.split(":")[0]}_${update.update_id}#`,
      ),
    );
    expect(ofThisPress.map((r) => r.kind)).toEqual(["send_card"]);
    expect(ofThisPress.every((r) => r.status === "sent")).toBe(true);
    const queryId = update.callback_query?.id;
    expect(
      successfulCalls(e2e.telegram, "answerCallbackQuery").filter(
        (c) => c.params.callback_query_id === queryId,
      ),
    ).toHaveLength(1);
    expect(successfulCalls(e2e.telegram, "sendMessage", chat)).toHaveLength(2);
    // The pressed card is left as it was: no edit, one platform call per press.
    expect(successfulCalls(e2e.telegram, "editMessageReplyMarkup", chat)).toEqual([]);
  });

  it("the deep link opened five times at once binds the chat and welcomes the debtor once", async () => {
    const chat = newChat();
    const invoice = await givenInvoiceViaApi(e2e.svc);
    const before = await caseFootprint(e2e.svc, invoice.caseId);

    const update = await captureUpdate(e2e.telegram, url(), () =>
      e2e.telegram.userStarts(chat, invoice.token),
    );
    const deliveries = await e2e.telegram.deliver(update, { times: 5, concurrently: true });
    expect(deliveries.map((d) => d.status)).toEqual(Array(5).fill(200));

    await settled(e2e.svc, invoice.caseId);
    const after = await caseFootprint(e2e.svc, invoice.caseId);
    expect(after.version).toBe(before.version + 1);
    expect(after.outbox).toBe(before.outbox + 1);
    const sent = successfulCalls(e2e.telegram, "sendMessage", chat);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.params.text)).toMatch(/^Bonjour, ici Atelier /);
  });

  it("distinct updates delivered twice each, interleaved and at once, each act once", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);

    const first = await captureUpdate(e2e.telegram, url(), () =>
      e2e.telegram.userSendsText(chat, "bonjour"),
    );
    const second = await captureUpdate(e2e.telegram, url(), () =>
      e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois"),
    );
    const deliveries = await Promise.all([
      e2e.telegram.deliver(first, { times: 2, concurrently: true }),
      e2e.telegram.deliver(second, { times: 2, concurrently: true }),
    ]);
    expect(deliveries.flat().map((d) => d.status)).toEqual([200, 200, 200, 200]);

    await settled(e2e.svc, caseId);
    const after = await caseFootprint(e2e.svc, caseId);
    // Two events, each one state change (the case takes them in turn, in either order).
    expect(after.version).toBe(before.version + 2);
    expect(after.outbox).toBe(before.outbox + 2);
    expect((await debtorMessagesKept(e2e.svc, caseId)).sort()).toEqual([
      "bonjour",
      "je peux payer 50 € par mois",
    ]);
    expect(successfulCalls(e2e.telegram, "sendMessage", chat)).toHaveLength(3);
  });
});
