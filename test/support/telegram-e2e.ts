import { randomInt } from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Update } from "grammy/types";
import { expect } from "vitest";
import { cases, inboundEvents, messages, outbox } from "../../db/schema.ts";
import {
  FakeTelegram,
  type FakeTelegramOptions,
  type SeenMessage,
} from "../fakes/telegram-bot-api.ts";
import { givenBusiness } from "./fixtures.ts";
import {
  caseAtRest,
  eventually,
  startTestService,
  TEST_TELEGRAM_SECRET,
  type TestService,
  type TestServiceOptions,
} from "./service.ts";

/**
 * The pieces every Telegram end-to-end test needs: the real service pointed at a fake Bot API
 * with its webhook registered, invoices created through the API, chats bound by their deep link,
 * and the rows one case owns (the database is shared with test files running in parallel, so
 * every assertion is scoped to the test's own case).
 */

export interface TelegramE2E {
  readonly telegram: FakeTelegram;
  readonly svc: TestService;
  stop(): Promise<void>;
}

export async function startTelegramE2E(
  options: { readonly fake?: FakeTelegramOptions } & TestServiceOptions,
): Promise<TelegramE2E> {
  const { fake, ...serviceOptions } = options;
  const telegram = new FakeTelegram(fake);
  await telegram.start();
  const svc = await startTestService({
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    ...serviceOptions,
  });
  if (svc.url !== null) await registerWebhook(telegram, svc.url);
  return {
    telegram,
    svc,
    async stop() {
      await svc.stop();
      await telegram.stop();
    },
  };
}

/** Points the fake's webhook at the service, with the secret token, as setWebhook would. */
export async function registerWebhook(telegram: FakeTelegram, serviceUrl: string): Promise<void> {
  const res = await fetch(
    `${telegram.url}/bot${telegram.token}/setWebhook?url=${encodeURIComponent(
      `${serviceUrl}/webhooks/telegram`,
    )}&secret_token=${TEST_TELEGRAM_SECRET}`,
  );
  expect(res.status).toBe(200);
}

/**
 * Lets the user act while the webhook is off, so the update is built (and the fake remembers the
 * message or callback query) but not delivered: the test then delivers it as often as it likes.
 */
export async function captureUpdate(
  telegram: FakeTelegram,
  serviceUrl: string,
  act: () => Promise<{ update: Update; status: number | "queued" }>,
): Promise<Update> {
  const off = await fetch(`${telegram.url}/bot${telegram.token}/deleteWebhook`);
  expect(off.status).toBe(200);
  const { update, status } = await act();
  expect(status).toBe("queued");
  await registerWebhook(telegram, serviceUrl);
  return update;
}

/** Chat ids unlikely to collide with another test file's (debtor bindings share one database). */
export function chatIds(): () => number {
  let next = randomInt(1_000_000, 2_000_000_000) * 1_000;
  return () => {
    next += 1;
    return next;
  };
}

export interface TestInvoice {
  readonly businessId: string;
  readonly invoiceId: string;
  readonly caseId: string;
  readonly token: string;
}

/** An invoice created through the API (in the future by default: no reminder is due yet). */
export async function givenInvoiceViaApi(
  svc: TestService,
  {
    dueDate = "2026-12-15",
    amount = 90_000,
    policy,
    locale = "fr",
  }: {
    dueDate?: string;
    amount?: number;
    policy?: Record<string, unknown>;
    locale?: "fr" | "en";
  } = {},
): Promise<TestInvoice> {
  const business = await givenBusiness(svc.db.db, policy === undefined ? {} : { policy });
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
      locale,
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
  // The case starts at creation; a step due at once may still be firing.
  await caseAtRest(svc, body.caseId);
  return { businessId: business.id, invoiceId: body.invoiceId, caseId: body.caseId, token };
}

export const botMessages = (telegram: FakeTelegram, chat: number): SeenMessage[] =>
  telegram.chats(chat).filter((m) => m.from === "bot");

export async function botSaid(
  telegram: FakeTelegram,
  chat: number,
  countAtLeast: number,
  timeoutMs = 10_000,
): Promise<SeenMessage[]> {
  return eventually(
    () => {
      const seen = botMessages(telegram, chat);
      return seen.length >= countAtLeast ? seen : null;
    },
    {
      timeoutMs,
      what: `${countAtLeast} bot messages in chat ${chat} (have ${botMessages(telegram, chat).length})`,
    },
  );
}

/** An invoice whose debtor opened the deep link in `chat`, and the welcome card they got. */
export async function givenBoundChat(
  e2e: TelegramE2E,
  chat: number,
  invoice?: TestInvoice,
): Promise<TestInvoice & { readonly chat: number; readonly welcome: SeenMessage }> {
  const inv = invoice ?? (await givenInvoiceViaApi(e2e.svc));
  const { status } = await e2e.telegram.userStarts(chat, inv.token);
  expect(status).toBe(200);
  const [welcome] = await botSaid(e2e.telegram, chat, 1);
  if (!welcome) throw new Error("no welcome");
  await settled(e2e.svc, inv.caseId);
  return { ...inv, chat, welcome };
}

/** The button whose label matches, on the bot's latest message that shows it. */
export function findButton(
  telegram: FakeTelegram,
  chat: number,
  label: RegExp,
): { messageId: number; callbackData: string } {
  const message = [...botMessages(telegram, chat)]
    .reverse()
    .find((m) => m.buttons.flat().some((b) => label.test(b.text)));
  const button = message?.buttons.flat().find((b) => label.test(b.text));
  if (!message || !button?.callbackData) {
    throw new Error(
      `no button ${label} in ${JSON.stringify(botMessages(telegram, chat).map((m) => m.buttons))}`,
    );
  }
  return { messageId: message.messageId, callbackData: button.callbackData };
}

/** Successful Bot API calls of `method` about `chat` (by chat_id, or the callback query ids). */
export function successfulCalls(telegram: FakeTelegram, method: string, chat?: number) {
  return telegram.calls.filter(
    (c) =>
      c.method === method &&
      c.status === 200 &&
      (chat === undefined || String(c.params.chat_id) === String(chat)),
  );
}

/** What one case owns in the database: "nothing was written" is this staying put. */
export interface CaseFootprint {
  readonly version: number;
  readonly status: string;
  readonly inboundEvents: number;
  readonly messages: number;
  readonly outbox: number;
}

export async function caseFootprint(svc: TestService, caseId: string): Promise<CaseFootprint> {
  const db = svc.db.db;
  const [row] = await db
    .select({ version: cases.version, status: cases.status })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (!row) throw new Error(`no case ${caseId}`);
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  return {
    version: row.version,
    status: row.status,
    inboundEvents: await n(
      db.select({ n: count() }).from(inboundEvents).where(eq(inboundEvents.caseId, caseId)),
    ),
    messages: await n(db.select({ n: count() }).from(messages).where(eq(messages.caseId, caseId))),
    outbox: await n(db.select({ n: count() }).from(outbox).where(eq(outbox.caseId, caseId))),
  };
}

/**
 * The debtor's messages the case kept, oldest first (text and platform id). Nothing in the schema
 * stops a message from being kept twice, so "exactly these" is a check that can fail — unlike
 * counting `inbound_events` rows, which a unique index caps at one per update.
 */
export async function debtorMessagesKept(svc: TestService, caseId: string) {
  const rows = await svc.db.db
    .select({ text: messages.text, externalId: messages.externalId, at: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.caseId, caseId), eq(messages.direction, "in")))
    .orderBy(messages.createdAt, messages.id);
  return rows.map((r) => r.text);
}

/** How many times (channel telegram, external id) was recorded: 1 for a handled update. */
export async function inboundRecords(svc: TestService, updateIds: readonly number[]) {
  const rows = await svc.db.db
    .select({ externalId: inboundEvents.externalId })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.channel, "telegram"),
        inArray(
          inboundEvents.externalId,
          // Dedupe keys are scoped by the bot's id (the token's prefix) when there is a bot.
          updateIds.flatMap((id) => {
            const botId = svc.config.TELEGRAM_BOT_TOKEN?.split(":")[0];
            return botId ? [`${botId}_${id}`, String(id)] : [String(id)];
          }),
        ),
      ),
    );
  return rows.length;
}

export async function outboxRows(svc: TestService, caseId: string) {
  return svc.db.db.select().from(outbox).where(eq(outbox.caseId, caseId));
}

/** Waits until every outbox row of the case has left "pending" (sent, failed or cancelled). */
export async function settled(svc: TestService, caseId: string, timeoutMs = 10_000) {
  return eventually(
    async () => {
      const rows = await outboxRows(svc, caseId);
      return rows.every((r) => r.status !== "pending") ? rows : null;
    },
    { timeoutMs, what: `every outbox row of case ${caseId} delivered` },
  );
}
