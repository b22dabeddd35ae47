import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, cases, installments, outbox, timers } from "../../db/schema.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { givenBusiness } from "../support/fixtures.ts";
import {
  caseAtRest,
  eventually,
  startTestService,
  TEST_TELEGRAM_SECRET,
  TestClock,
  type TestService,
} from "../support/service.ts";

/**
 * The whole service (HTTP server + worker, real Postgres and Redis) talking to a fake Bot API:
 * what a debtor sees in the chat, and what the database keeps.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
const telegram = new FakeTelegram({ now: clock.millis, rateLimits: false });
let svc: TestService;
let chatSeq = 5_000_000;

beforeAll(async () => {
  await telegram.start();
  svc = await startTestService({
    clock,
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    // Per-chat pacing is tested on its own; here every reply may go at once.
    worker: { rates: { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
  const res = await fetch(
    `${telegram.url}/bot${telegram.token}/setWebhook?url=${encodeURIComponent(
      `${svc.url}/webhooks/telegram`,
    )}&secret_token=${TEST_TELEGRAM_SECRET}`,
  );
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await svc?.stop();
  await telegram.stop();
});

/** An invoice created through the API, due `dueDate`, and the token of its Telegram deep link. */
async function givenInvoiceViaApi(dueDate = "2026-11-18", amount = 90_000) {
  const business = await givenBusiness(svc.db.db, { slack: undefined });
  const res = await svc.api("POST", "/api/invoices", {
    businessId: business.id,
    number: `F-${Math.random().toString(36).slice(2, 10)}`,
    amount,
    currency: "EUR",
    issuedAt: "2026-10-19",
    dueDate,
    debtor: {
      externalRef: `C-${Math.random().toString(36).slice(2, 10)}`,
      name: "Camille Martin",
      locale: "fr",
      timezone: "Europe/Paris",
    },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as {
    invoiceId: string;
    caseId: string;
    links: { telegram: string };
  };
  const token = new URL(body.links.telegram).searchParams.get("start");
  if (!token) throw new Error("no deep-link token");
  await caseAtRest(svc, body.caseId);
  return { ...body, token };
}

function newChat(): number {
  chatSeq += 1;
  return chatSeq;
}

const botMessages = (chat: number) => telegram.chats(chat).filter((m) => m.from === "bot");

async function botSaid(chat: number, count: number) {
  return eventually(() => (botMessages(chat).length >= count ? botMessages(chat) : null), {
    what: `${count} bot messages in chat ${chat} (have ${botMessages(chat).length})`,
  });
}

/** Presses the button whose label matches, on the bot's latest message that has it. */
async function press(chat: number, label: RegExp) {
  const message = [...botMessages(chat)]
    .reverse()
    .find((m) => m.buttons.flat().some((b) => label.test(b.text)));
  const button = message?.buttons.flat().find((b) => label.test(b.text));
  if (!message || !button?.callbackData) {
    throw new Error(
      `no button ${label} in ${JSON.stringify(botMessages(chat).map((m) => m.buttons))}`,
    );
  }
  const { status } = await telegram.userPressesButton(chat, message.messageId, button.callbackData);
  expect(status).toBe(200);
}

async function caseRow(caseId: string) {
  const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, caseId));
  return row;
}

describe("a debtor negotiates an installment plan in Telegram", () => {
  it("from the deep link to a recorded agreement with its installments and follow-up timers", async () => {
    const invoice = await givenInvoiceViaApi();
    const chat = newChat();

    // The debtor opens the deep link: the chat is bound and the bot introduces itself.
    const start = await telegram.userStarts(chat, invoice.token);
    expect(start.status).toBe(200);
    const first = await botSaid(chat, 1);
    expect(first[0]?.text).toContain("Camille Martin");
    expect(first[0]?.text).toMatch(/900,00/);

    // The invoice is 5 days late: the case started at creation and its "why?" step came due
    // before any chat was bound, so the question is asked again right after the welcome.
    await eventually(
      () => botMessages(chat).find((m) => m.buttons.flat().some((b) => /trésorerie/i.test(b.text))),
      { what: "the reminder asking why" },
    );

    await press(chat, /trésorerie/i);
    await eventually(
      () => botMessages(chat).find((m) => m.buttons.flat().some((b) => /3 fois/i.test(b.text))),
      { what: "the offers" },
    );
    await press(chat, /3 fois/i);
    const confirm = await eventually(
      () => botMessages(chat).find((m) => m.buttons.flat().some((b) => /confirm/i.test(b.text))),
      { what: "the confirmation card" },
    );
    expect(confirm.text).toMatch(/300,00/);

    await press(chat, /confirm/i);
    const [agreement] = await eventually(
      () =>
        svc.db.db
          .select()
          .from(agreements)
          .where(eq(agreements.caseId, invoice.caseId))
          .then((r) => (r.length > 0 ? r : null)),
      { what: "the agreement row" },
    );
    expect(agreement?.totalMinor).toBe(90_000);
    expect(agreement?.renderedText).toBe(confirm.text);
    expect(agreement?.channel).toBe("telegram");
    expect(agreement?.approvedBy).toBeNull();
    const plan = await svc.db.db
      .select()
      .from(installments)
      .where(eq(installments.agreementId, agreement?.id ?? ""));
    expect(plan.map((i) => i.amountMinor)).toEqual([30_000, 30_000, 30_000]);
    expect(new Set(plan.map((i) => i.dueDate)).size).toBe(3);

    // The written confirmation reaches the debtor, and each installment has its timers.
    await eventually(
      () => botMessages(chat).find((m) => m.text.includes(plan[0]?.dueDate.slice(8) ?? "??")),
      { what: "the written confirmation" },
    );
    const pending = await svc.db.db
      .select({ kind: timers.kind })
      .from(timers)
      .where(and(eq(timers.caseId, invoice.caseId), eq(timers.status, "pending")));
    expect(pending.filter((t) => t.kind.startsWith("installment_")).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(pending.some((t) => t.kind === "ladder_step")).toBe(false);
    expect((await caseRow(invoice.caseId))?.status).toBe("agreed");

    // Every committed message is delivered (the relay is asynchronous: wait for it).
    const undelivered = await eventually(
      () =>
        svc.db.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.status, "pending")))
          .then((rows) => (rows.length === 0 ? rows : null)),
      { what: "every outbox row of the case sent" },
    );
    expect(undelivered).toEqual([]);
    const failed = await svc.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.status, "failed")));
    expect(failed).toEqual([]);
  });
});
