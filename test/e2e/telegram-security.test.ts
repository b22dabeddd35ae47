import { and, count, eq } from "drizzle-orm";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TELEGRAM_SECRET_HEADER } from "../../bot/telegram/index.ts";
import { agreements, offers } from "../../db/schema.ts";
import { eventually, TEST_TELEGRAM_SECRET, TestClock } from "../support/service.ts";
import {
  botMessages,
  botSaid,
  captureUpdate,
  caseFootprint,
  chatIds,
  findButton,
  givenBoundChat,
  inboundRecords,
  settled,
  startTelegramE2E,
  successfulCalls,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * What the webhook refuses: requests without our secret, buttons the pressing chat does not own
 * or that belong to a past moment of the case, and payloads that are not Telegram updates. A
 * refusal writes nothing for the case; every callback query is still answered, so the debtor's
 * spinner stops; nothing makes the service crash or Telegram redeliver forever.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const START = "2026-11-23T10:00:00Z";
const clock = new TestClock(START);
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
const webhook = () => `${url()}/webhooks/telegram`;

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(webhook(), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const withSecret = { [TELEGRAM_SECRET_HEADER]: TEST_TELEGRAM_SECRET };

/** Whether the callback query of this update got its answer from the bot. */
function answered(update: Update) {
  const id = update.callback_query?.id;
  return successfulCalls(e2e.telegram, "answerCallbackQuery").filter(
    (c) => c.params.callback_query_id === id,
  );
}

async function agreementCount(caseId: string) {
  const [row] = await e2e.svc.db.db
    .select({ n: count() })
    .from(agreements)
    .where(eq(agreements.caseId, caseId));
  return row?.n ?? 0;
}

/** Presses a button (shown or not any more: an old client, a stale screen) and waits for its
 *  handling to be delivered. */
async function pressAndSettle(chat: number, messageId: number, data: string, caseId: string) {
  const delivery = await e2e.telegram.userPressesButton(chat, messageId, data, { force: true });
  expect(delivery.status).toBe(200);
  await settled(e2e.svc, caseId);
  return delivery.update;
}

describe("the webhook's secret token", () => {
  it.each([
    ["forged", { [TELEGRAM_SECRET_HEADER]: "not-the-secret" }],
    ["missing", {}],
    ["empty", { [TELEGRAM_SECRET_HEADER]: "" }],
  ] as const)("a request with a %s secret gets 401 and writes nothing", async (_, headers) => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const update = await captureUpdate(e2e.telegram, url(), () =>
      e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois"),
    );
    const before = await caseFootprint(e2e.svc, caseId);
    const sendsBefore = successfulCalls(e2e.telegram, "sendMessage", chat).length;

    const res = await post(JSON.stringify(update), headers);
    expect(res.status).toBe(401);

    expect(await caseFootprint(e2e.svc, caseId)).toEqual(before);
    expect(await inboundRecords(e2e.svc, [update.update_id])).toBe(0);
    expect(successfulCalls(e2e.telegram, "sendMessage", chat)).toHaveLength(sendsBefore);
    // The same update with the secret is then handled normally: nothing was poisoned.
    expect((await post(JSON.stringify(update), withSecret)).status).toBe(200);
    expect((await caseFootprint(e2e.svc, caseId)).version).toBe(before.version + 1);
  });
});

describe("buttons the pressing chat may not use", () => {
  it("a tampered button does nothing to the case, is logged, and its callback is answered", async () => {
    const { chat, caseId, welcome } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);
    const sendsBefore = successfulCalls(e2e.telegram, "sendMessage", chat).length;

    const real = findButton(e2e.telegram, chat, /Payer maintenant/);
    const tampered = `${real.callbackData.slice(0, -1)}${real.callbackData.endsWith("A") ? "B" : "A"}`;
    const { update, status } = await e2e.telegram.userPressesButton(
      chat,
      welcome.messageId,
      tampered,
      { force: true },
    );
    expect(status).toBe(200);

    await eventually(() => answered(update).length === 1, { what: "the callback answered" });
    const after = await caseFootprint(e2e.svc, caseId);
    expect(after.version).toBe(before.version);
    expect(after.outbox).toBe(before.outbox);
    expect(successfulCalls(e2e.telegram, "sendMessage", chat)).toHaveLength(sendsBefore);
    expect(e2e.svc.logs.some((l) => String(l.msg).startsWith("button refused"))).toBe(true);
  });

  it("a button from another debtor's chat does nothing, is logged, and its callback is answered", async () => {
    const owner = await givenBoundChat(e2e, newChat());
    const intruder = await givenBoundChat(e2e, newChat());
    const ownerBefore = await caseFootprint(e2e.svc, owner.caseId);
    const intruderBefore = await caseFootprint(e2e.svc, intruder.caseId);
    const intruderSends = successfulCalls(e2e.telegram, "sendMessage", intruder.chat).length;
    const logsBefore = e2e.svc.logs.length;

    // The owner's "pay now" token, pressed (forwarded, replayed) from the intruder's chat.
    const stolen = findButton(e2e.telegram, owner.chat, /Payer maintenant/);
    const { update, status } = await e2e.telegram.userPressesButton(
      intruder.chat,
      intruder.welcome.messageId,
      stolen.callbackData,
      { force: true },
    );
    expect(status).toBe(200);

    await eventually(() => answered(update).length === 1, { what: "the callback answered" });
    expect(await caseFootprint(e2e.svc, owner.caseId)).toEqual(ownerBefore);
    const intruderAfter = await caseFootprint(e2e.svc, intruder.caseId);
    expect(intruderAfter.version).toBe(intruderBefore.version);
    expect(intruderAfter.outbox).toBe(intruderBefore.outbox);
    expect(successfulCalls(e2e.telegram, "sendMessage", intruder.chat)).toHaveLength(intruderSends);
    const refusal = e2e.svc.logs
      .slice(logsBefore)
      .find((l) => String(l.msg).startsWith("button refused"));
    expect(refusal).toMatchObject({ channel: "telegram", known: true });
  });

  it("a button pressed in a chat nobody bound gets the 'open your link' notice and changes nothing", async () => {
    const owner = await givenBoundChat(e2e, newChat());
    const ownerBefore = await caseFootprint(e2e.svc, owner.caseId);
    const stranger = newChat();
    await e2e.telegram.userStarts(stranger);
    const [notice] = await botSaid(e2e.telegram, stranger, 1);
    if (!notice) throw new Error("no notice");

    const stolen = findButton(e2e.telegram, owner.chat, /Payer maintenant/);
    const { update, status } = await e2e.telegram.userPressesButton(
      stranger,
      notice.messageId,
      stolen.callbackData,
      { force: true },
    );
    expect(status).toBe(200);

    await eventually(() => answered(update).length === 1, { what: "the callback answered" });
    const [, unbound] = await botSaid(e2e.telegram, stranger, 2);
    expect(unbound?.text).toMatch(/ouvrez le lien/);
    expect(unbound?.buttons).toEqual([]);
    expect(await caseFootprint(e2e.svc, owner.caseId)).toEqual(ownerBefore);
  });
});

describe("stale buttons", () => {
  it("a button shown before the case moved on gets 'no longer available' and the current options", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const payNow = findButton(e2e.telegram, chat, /Payer maintenant/);
    await e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois");
    await settled(e2e.svc, caseId);
    const moved = await caseFootprint(e2e.svc, caseId);
    expect(moved.status).toBe("offering");

    const update = await pressAndSettle(chat, payNow.messageId, payNow.callbackData, caseId);

    const reply = botMessages(e2e.telegram, chat).at(-1);
    expect(reply?.text).toMatch(/n'est plus disponible/);
    // The current options: the offer on the table, and what can always be asked.
    const labels = reply?.buttons.flat().map((b) => b.text) ?? [];
    expect(labels).toEqual(expect.arrayContaining(["Choisir cette option", "Parler à quelqu'un"]));
    expect(labels).not.toContain("Payer maintenant");
    expect(answered(update)).toHaveLength(1);
    const after = await caseFootprint(e2e.svc, caseId);
    expect(after.version).toBe(moved.version);
    expect(after.status).toBe("offering");

    // Those options are live: the offer's button leads on to its confirmation.
    const current = findButton(e2e.telegram, chat, /Choisir cette option/);
    await pressAndSettle(chat, current.messageId, current.callbackData, caseId);
    expect((await caseFootprint(e2e.svc, caseId)).status).toBe("awaiting_confirmation");
    expect(botMessages(e2e.telegram, chat).at(-1)?.text).toMatch(/144,00/);
  });

  it("a plan's button pressed again after the plan was agreed records nothing more", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    await e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois");
    await settled(e2e.svc, caseId);
    const plan = findButton(e2e.telegram, chat, /En 6 fois/);
    await pressAndSettle(chat, plan.messageId, plan.callbackData, caseId);
    const confirm = findButton(e2e.telegram, chat, /confirm/i);
    await pressAndSettle(chat, confirm.messageId, confirm.callbackData, caseId);
    const agreed = await caseFootprint(e2e.svc, caseId);
    expect(agreed.status).toBe("agreed");
    expect(await agreementCount(caseId)).toBe(1);

    // A double tap on "confirm", then the plan's button from the older message.
    const again = await pressAndSettle(chat, confirm.messageId, confirm.callbackData, caseId);
    const replan = await pressAndSettle(chat, plan.messageId, plan.callbackData, caseId);

    for (const update of [again, replan]) expect(answered(update)).toHaveLength(1);
    const [, last] = botMessages(e2e.telegram, chat).slice(-2);
    expect(last?.text).toMatch(/n'est plus disponible/);
    expect(last?.buttons.flat().map((b) => b.text)).not.toContain("En 6 fois");
    const after = await caseFootprint(e2e.svc, caseId);
    expect(after.version).toBe(agreed.version);
    expect(after.status).toBe("agreed");
    expect(await agreementCount(caseId)).toBe(1);
  });

  it("an offer pressed after it expired gets 'no longer available' and the current options", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    await e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois");
    await settled(e2e.svc, caseId);
    const plan = findButton(e2e.telegram, chat, /En 6 fois/);
    const [offer] = await e2e.svc.db.db
      .select({ expiresAt: offers.expiresAt })
      .from(offers)
      .where(and(eq(offers.caseId, caseId)));
    if (!offer) throw new Error("no offer recorded");
    const before = await caseFootprint(e2e.svc, caseId);

    clock.set(new Date(offer.expiresAt.getTime() + 60_000));
    try {
      const update = await pressAndSettle(chat, plan.messageId, plan.callbackData, caseId);
      const reply = botMessages(e2e.telegram, chat).at(-1);
      expect(reply?.text).toMatch(/n'est plus disponible/);
      expect(reply?.buttons.length).toBeGreaterThan(0);
      expect(answered(update)).toHaveLength(1);
      const after = await caseFootprint(e2e.svc, caseId);
      expect(after.version).toBe(before.version);
      expect(await agreementCount(caseId)).toBe(0);
    } finally {
      clock.set(START);
    }
  });
});

describe("malformed updates", () => {
  it("a NUL character, which Postgres cannot store, is dropped instead of failing the update forever", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);

    const text = await e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois\u0000");
    expect(text.status).toBe(200);
    await settled(e2e.svc, caseId);
    expect((await caseFootprint(e2e.svc, caseId)).version).toBe(before.version + 1);

    const plan = findButton(e2e.telegram, chat, /En 6 fois/);
    const press = await e2e.telegram.userPressesButton(
      chat,
      plan.messageId,
      `${plan.callbackData}\u0000`,
      { force: true },
    );
    expect(press.status).toBe(200);
    await settled(e2e.svc, caseId);
    expect(answered(press.update)).toHaveLength(1);
    expect((await caseFootprint(e2e.svc, caseId)).status).toBe("awaiting_confirmation");
  });

  it.each([
    ["not JSON", "{not json"],
    ["an empty body", ""],
    ["a JSON array", "[1,2,3]"],
    ["a JSON string", '"hello"'],
    ["no update_id", JSON.stringify({ message: { text: "hi" } })],
    ["a negative update_id", JSON.stringify({ update_id: -5 })],
    ["a text that is a number", "TEXT_IS_NUMBER"],
    ["a chat without an id", "CHAT_WITHOUT_ID"],
    ["a callback query without data", "CALLBACK_WITHOUT_DATA"],
    ["a callback query with an empty id", "CALLBACK_EMPTY_ID"],
    ["an unknown update kind", "UNKNOWN_KIND"],
    ["a group chat message", "GROUP_MESSAGE"],
  ])("%s gets a 2xx or 4xx, writes nothing and leaves the service working", async (_, raw) => {
    const { chat, caseId, welcome } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);
    const sends = successfulCalls(e2e.telegram, "sendMessage", chat).length;
    const updateId = 900_000_000 + Math.floor(Math.random() * 1_000_000);
    const privateChat = { id: chat, type: "private", first_name: "Camille" };
    const bodies: Record<string, unknown> = {
      TEXT_IS_NUMBER: {
        update_id: updateId,
        message: { message_id: 99, date: 0, chat: privateChat, text: 150 },
      },
      CHAT_WITHOUT_ID: {
        update_id: updateId,
        message: { message_id: 99, date: 0, chat: { type: "private" }, text: "bonjour" },
      },
      CALLBACK_WITHOUT_DATA: {
        update_id: updateId,
        callback_query: {
          id: "cbq-1",
          from: { id: chat, is_bot: false, first_name: "Camille" },
          message: { message_id: welcome.messageId, date: 0, chat: privateChat },
          chat_instance: "1",
        },
      },
      CALLBACK_EMPTY_ID: {
        update_id: updateId,
        callback_query: {
          id: "",
          from: { id: chat, is_bot: false, first_name: "Camille" },
          message: { message_id: welcome.messageId, date: 0, chat: privateChat },
          chat_instance: "1",
          data: findButton(e2e.telegram, chat, /Payer maintenant/).callbackData,
        },
      },
      UNKNOWN_KIND: {
        update_id: updateId,
        edited_message: { message_id: 1, date: 0, chat: privateChat, text: "edited" },
      },
      GROUP_MESSAGE: {
        update_id: updateId,
        message: {
          message_id: 99,
          date: 0,
          chat: { id: -chat, type: "group", title: "Compta" },
          from: { id: chat, is_bot: false, first_name: "Camille" },
          text: "je peux payer 50 € par mois",
        },
      },
    };
    const body = raw in bodies ? JSON.stringify(bodies[raw]) : raw;

    const res = await post(body, withSecret);
    expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);

    expect(await caseFootprint(e2e.svc, caseId)).toEqual(before);
    expect(await inboundRecords(e2e.svc, [updateId])).toBe(0);
    // The service still handles the next real update.
    await e2e.telegram.userSendsText(chat, "je peux payer 50 € par mois");
    await settled(e2e.svc, caseId);
    expect((await caseFootprint(e2e.svc, caseId)).version).toBe(before.version + 1);
    expect(successfulCalls(e2e.telegram, "sendMessage", chat)).toHaveLength(sends + 1);
  });
});
