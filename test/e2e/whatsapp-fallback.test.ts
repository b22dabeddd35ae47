import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, messages } from "../../db/schema.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { eventually, TestClock } from "../support/service.ts";
import { botMessages, caseFootprint, registerWebhook } from "../support/telegram-e2e.ts";
import {
  choicesOf,
  givenWhatsAppInvoice,
  phoneNumbers,
  sentTo,
  startWhatsAppE2E,
  type WhatsAppE2E,
} from "../support/whatsapp-e2e.ts";

/**
 * A debtor on WhatsApp and Telegram: a reminder WhatsApp reports `failed` (not for the window: the
 * number cannot receive it) is sent again on Telegram, once — a failed status never strands it.
 */

const clock = new TestClock("2026-11-23T10:00:00Z");
const telegram = new FakeTelegram({ now: clock.millis, rateLimits: false });
let e2e: WhatsAppE2E;

beforeAll(async () => {
  await telegram.start();
  e2e = await startWhatsAppE2E({
    clock,
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    worker: {
      rates: {
        whatsapp: { perSecond: 1_000, perChatIntervalMs: 0 },
        telegram: { perSecond: 1_000, perChatIntervalMs: 0 },
      },
    },
  });
  if (e2e.svc.url) await registerWebhook(telegram, e2e.svc.url);
});

afterAll(async () => {
  await e2e?.stop();
  await telegram.stop();
});

describe("a reminder WhatsApp could not deliver", () => {
  it("goes again on the next channel the debtor uses, once", async () => {
    const { svc, whatsapp } = e2e;
    const phone = phoneNumbers()();
    const chat = 4_200_000_000 + (Number(phone.slice(-6)) % 1_000_000);
    const invoice = await givenWhatsAppInvoice(svc, { phone, dueDate: "2026-11-24" });
    // Telegram first, then WhatsApp: WhatsApp is the chat used last.
    const token = new URL(invoice.links.telegram ?? "").searchParams.get("start") ?? "";
    expect((await telegram.userStarts(chat, token)).status).toBe(200);
    await e2e.time.settle();
    clock.set("2026-11-23T11:00:00Z");
    await whatsapp.userSendsText(phone, "Bonjour");
    await e2e.time.settle();
    const onTelegram = botMessages(telegram, chat).length;
    const onWhatsApp = whatsapp.sent(phone).length;

    // The due-day reminder goes to WhatsApp (its window is open)…
    await e2e.time.advanceTo("2026-11-24T08:30:00Z");
    const reminder = (await sentTo(e2e, phone, onWhatsApp + 1)).at(-1);
    expect(botMessages(telegram, chat)).toHaveLength(onTelegram);

    // …and is reported undeliverable: it goes to Telegram instead, once.
    const failed = await whatsapp.sendStatus(reminder?.id ?? "", "failed", [
      { code: 131026, title: "Message undeliverable" },
    ]);
    expect(failed.status).toBe(200);
    await whatsapp.deliver(failed.payload, { times: 2 });
    const again = await eventually(
      () => (botMessages(telegram, chat).length > onTelegram ? botMessages(telegram, chat) : null),
      { what: "the reminder on Telegram" },
    );
    await e2e.time.settle();
    expect(botMessages(telegram, chat)).toHaveLength(onTelegram + 1);
    expect(again.at(-1)?.text).toMatch(/aujourd'hui|échéance/);
    const [row] = await svc.db.db
      .select({ status: messages.status })
      .from(messages)
      .where(eq(messages.externalId, reminder?.id ?? ""));
    expect(row?.status).toBe("failed");
    const rerouted = await svc.db.db
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(eq(auditLog.action, "delivery_rerouted"));
    expect(rerouted.map((r) => r.detail)).toContainEqual(
      expect.objectContaining({
        failedChannel: "whatsapp",
        channel: "telegram",
        errorCode: 131026,
      }),
    );

    // Buttons are honoured only in the chat they were sent to: the card sent again on Telegram
    // carries tokens of its own, and they work there.
    const card = again.at(-1);
    const payNow = card?.buttons.flat().find((b) => /Payer maintenant/.test(b.text));
    expect(payNow?.callbackData).toBeDefined();
    expect(reminder ? choicesOf(reminder).map((c) => c.id) : []).not.toContain(
      payNow?.callbackData,
    );
    const before = await caseFootprint(svc, invoice.caseId);
    await telegram.userPressesButton(chat, card?.messageId ?? 0, payNow?.callbackData ?? "");
    await e2e.time.settle();
    expect((await caseFootprint(svc, invoice.caseId)).version).toBe(before.version + 1);
    expect(botMessages(telegram, chat).at(-1)?.text).not.toMatch(/autre conversation/);
  });
});
