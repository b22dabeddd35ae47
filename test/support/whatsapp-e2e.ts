import { randomBytes, randomInt } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { expect } from "vitest";
import { debtorChannels, inboundEvents, messages, outbox } from "../../db/schema.ts";
import {
  FakeWhatsApp,
  type FakeWhatsAppOptions,
  type WhatsAppSentMessage,
} from "../fakes/whatsapp-cloud-api.ts";
import { givenBusiness } from "./fixtures.ts";
import {
  caseAtRest,
  eventually,
  startTestService,
  type TestClock,
  type TestService,
  type TestServiceOptions,
} from "./service.ts";
import { ownDatabase, TimeMachine } from "./timers.ts";

/**
 * The real service with its WhatsApp channel pointed at the fake Cloud API (signed webhooks, the
 * 24-hour window, interactive limits, approved templates), on a database of its own so the
 * reconciler can move the clock.
 */

export const TEST_WHATSAPP_VERIFY_TOKEN = "wa-verify-token-0123456789";
/** The templates the service's configuration names (defaults), as approved in the fake. */
export const APPROVED_TEMPLATES = [
  { name: "relance_rappel", language: "fr", params: 5 },
  { name: "relance_reminder", language: "en", params: 5 },
] as const;

export interface WhatsAppE2E {
  readonly whatsapp: FakeWhatsApp;
  readonly svc: TestService;
  readonly time: TimeMachine;
  readonly webhookUrl: string;
  stop(): Promise<void>;
}

export async function startWhatsAppE2E(
  options: { readonly clock: TestClock; readonly fake?: FakeWhatsAppOptions } & Omit<
    TestServiceOptions,
    "clock"
  >,
): Promise<WhatsAppE2E> {
  const { fake, clock, ...serviceOptions } = options;
  const database = await ownDatabase();
  const whatsapp = new FakeWhatsApp({
    now: clock.millis,
    rateLimits: false,
    templates: APPROVED_TEMPLATES,
    ...fake,
  });
  await whatsapp.start();
  const svc = await startTestService({
    clock,
    ...serviceOptions,
    env: {
      DATABASE_URL: database.url,
      WHATSAPP_API_URL: `${whatsapp.url}/v21.0`,
      WHATSAPP_TOKEN: whatsapp.accessToken,
      WHATSAPP_APP_SECRET: whatsapp.appSecret,
      WHATSAPP_VERIFY_TOKEN: TEST_WHATSAPP_VERIFY_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: whatsapp.phoneNumberId,
      ...serviceOptions.env,
    },
    worker: {
      rates: { whatsapp: { perSecond: 1_000, perChatIntervalMs: 0 } },
      ...serviceOptions.worker,
    },
  });
  const webhookUrl = `${svc.url}/webhooks/whatsapp`;
  whatsapp.setWebhook(webhookUrl);
  return {
    whatsapp,
    svc,
    time: new TimeMachine(svc, clock),
    webhookUrl,
    async stop() {
      await svc.stop();
      await whatsapp.stop();
      await database.drop();
    },
  };
}

/** International numbers unlikely to collide between tests (digits, no "+"). */
export function phoneNumbers(): () => string {
  let next = randomInt(100_000, 900_000) * 1_000;
  return () => {
    next += 1;
    return `336${String(next).padStart(8, "0")}`;
  };
}

export interface WhatsAppInvoice {
  readonly businessId: string;
  readonly invoiceId: string;
  readonly caseId: string;
  readonly links: {
    readonly telegram: string | null;
    readonly webchat: string;
    readonly whatsapp: string | null;
  };
}

/** An invoice through the API whose debtor gave a WhatsApp number (and maybe an e-mail). */
export async function givenWhatsAppInvoice(
  svc: TestService,
  {
    phone,
    dueDate = "2026-12-15",
    amount = 90_000,
    locale = "fr",
    email,
  }: {
    phone?: string;
    dueDate?: string;
    amount?: number;
    locale?: "fr" | "en";
    email?: string;
  },
): Promise<WhatsAppInvoice> {
  const business = await givenBusiness(svc.db.db, { locale });
  const res = await svc.api("POST", "/api/invoices", {
    businessId: business.id,
    number: `F-${randomBytes(4).toString("hex")}`,
    amount,
    currency: "EUR",
    issuedAt: "2026-10-19",
    dueDate,
    debtor: {
      externalRef: `C-${randomBytes(4).toString("hex")}`,
      name: "Camille Martin",
      locale,
      timezone: "Europe/Paris",
      ...(phone === undefined ? {} : { whatsapp: `+${phone}` }),
      ...(email === undefined ? {} : { email }),
    },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as {
    invoiceId: string;
    caseId: string;
    links: { telegram: string | null; webchat: string; whatsapp: string | null };
  };
  await caseAtRest(svc, body.caseId);
  return { businessId: business.id, ...body };
}

/** The choices a sent message shows: reply buttons or list rows, with their ids. */
export function choicesOf(message: WhatsAppSentMessage): { id: string; title: string }[] {
  const content = message.content;
  if (content.kind === "button") return content.buttons;
  if (content.kind === "list") return content.rows;
  return [];
}

export function bodyOf(message: WhatsAppSentMessage): string {
  const content = message.content;
  return content.kind === "template" ? `template:${content.name}` : content.body;
}

/** Waits for a message to `phone` offering a choice titled like `title`, then taps it. */
export async function tap(e2e: WhatsAppE2E, phone: string, title: RegExp) {
  const found = await eventually(
    () => {
      const message = [...e2e.whatsapp.sent(phone)]
        .reverse()
        .find((m) => choicesOf(m).some((c) => title.test(c.title)));
      const choice = message && choicesOf(message).find((c) => title.test(c.title));
      return message && choice ? { message, choice } : null;
    },
    {
      what: `a choice ${title} in ${JSON.stringify(e2e.whatsapp.sent(phone).map((m) => choicesOf(m).map((c) => c.title)))}`,
    },
  );
  const { message, choice } = found;
  const delivery =
    message.content.kind === "button"
      ? await e2e.whatsapp.userPressesReply(phone, message.id, choice.id)
      : await e2e.whatsapp.userPicksListRow(phone, message.id, choice.id);
  expect(delivery.status).toBe(200);
  return { message, choice, delivery };
}

/** Waits until at least `n` messages were sent to `phone`. */
export function sentTo(e2e: WhatsAppE2E, phone: string, n: number) {
  return eventually(
    () => {
      const sent = e2e.whatsapp.sent(phone);
      return sent.length >= n ? sent : null;
    },
    { what: `${n} messages to ${phone} (have ${e2e.whatsapp.sent(phone).length})` },
  );
}

/** What the whole database holds that an inbound message could have written. */
export async function globalFootprint(svc: TestService) {
  const db = svc.db.db;
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  return {
    inboundEvents: await n(db.select({ n: count() }).from(inboundEvents)),
    messages: await n(db.select({ n: count() }).from(messages)),
    outbox: await n(db.select({ n: count() }).from(outbox)),
    bindings: await n(db.select({ n: count() }).from(debtorChannels)),
    whatsappBindings: await n(
      db.select({ n: count() }).from(debtorChannels).where(eq(debtorChannels.channel, "whatsapp")),
    ),
  };
}

/** Outbox rows of the case still pending or failed. */
export async function undelivered(svc: TestService, caseId: string) {
  return svc.db.db
    .select({ status: outbox.status, lastError: outbox.lastError })
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.status, "failed")));
}
