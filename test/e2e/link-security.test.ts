import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  businesses,
  cases,
  debtorChannels,
  linkTokens,
  outbox,
  ownerNotices,
} from "../../db/schema.ts";
import { businessBody } from "../support/fixtures.ts";
import { caseAtRest, TestClock } from "../support/service.ts";
import {
  botMessages,
  botSaid,
  caseFootprint,
  chatIds,
  findButton,
  settled,
  startTelegramE2E,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * Issue 14, "link hijack": whoever opened an invoice's Telegram link first owned that debtor for
 * good. Now the owner sees every new chat, can revoke and reissue the links (the chats they opened
 * are unbound and told so kindly), a link stops working when its case is over or after
 * LINK_TTL_DAYS unused, and a button is honoured only in the chat it was sent to.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const START = "2026-11-23T10:00:00Z";
const DAY_MS = 86_400_000;
/** This file's LINK_TTL_DAYS: not the default, so the setting is what is tested. */
const TTL_DAYS = 10;
const clock = new TestClock(START);
let e2e: TelegramE2E;
const newChat = chatIds();

beforeAll(async () => {
  e2e = await startTelegramE2E({
    clock,
    fake: { now: clock.millis, rateLimits: false },
    worker: { rates: { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } } },
    env: { LINK_TTL_DAYS: String(TTL_DAYS) },
  });
});

afterAll(async () => {
  await e2e?.stop();
});

const db = () => e2e.svc.db.db;

/** A business whose owner has a Slack channel (the service has no Slack: the alert is written
 *  for it and fails to deliver, which is what "configured" means to the core). */
async function givenBusinessWithSlack() {
  const res = await e2e.svc.api(
    "POST",
    "/api/businesses",
    businessBody({ slack: { channelId: "C0OWNER", approverIds: ["U0OWNER"] } }),
  );
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const [row] = await db().select().from(businesses).where(eq(businesses.id, id));
  return { id, name: row?.name ?? "?" };
}

/** An invoice of `businessId` for the debtor `externalRef`, through the API: its Telegram token. */
async function givenInvoice(
  businessId: string,
  externalRef = `C-${randomUUID().slice(0, 8)}`,
  currency = "EUR",
) {
  const res = await e2e.svc.api("POST", "/api/invoices", {
    businessId,
    number: `F-${randomUUID().slice(0, 8)}`,
    amount: 90_000,
    currency,
    issuedAt: "2026-10-19",
    dueDate: "2026-12-15",
    debtor: { externalRef, name: "Camille Martin", locale: "fr", timezone: "Europe/Paris" },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { invoiceId: string; caseId: string; links: LinksBody };
  await caseAtRest(e2e.svc, body.caseId);
  return { ...body, token: startToken(body.links) };
}

interface LinksBody {
  readonly telegram: string;
  readonly webchat: string;
}

function startToken(links: LinksBody): string {
  const token = new URL(links.telegram).searchParams.get("start");
  if (!token) throw new Error("no deep-link token");
  return token;
}

/** The chat opens a deep link; resolves with the bot's answer to it. */
async function opens(chat: number, token: string) {
  const before = botMessages(e2e.telegram, chat).length;
  const { status } = await e2e.telegram.userStarts(chat, token);
  expect(status).toBe(200);
  const said = await botSaid(e2e.telegram, chat, before + 1);
  return said[before];
}

async function noticesOf(caseId: string) {
  return db()
    .select({ kind: ownerNotices.kind, message: ownerNotices.message, slack: ownerNotices.slack })
    .from(ownerNotices)
    .where(eq(ownerNotices.caseId, caseId))
    .orderBy(asc(ownerNotices.createdAt), asc(ownerNotices.id));
}

async function chatsOf(caseId: string) {
  const [row] = await db().select().from(cases).where(eq(cases.id, caseId));
  return db()
    .select({ channel: debtorChannels.channel, address: debtorChannels.address })
    .from(debtorChannels)
    .where(eq(debtorChannels.debtorId, row?.debtorId ?? ""));
}

const visible = (text: string | undefined) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

describe("a reissue through the API", () => {
  it("unbinds the chat that opened the old link: its press and its words are refused kindly, the new link binds, and the owner heard of both chats", async () => {
    const business = await givenBusinessWithSlack();
    const invoice = await givenInvoice(business.id);
    // Someone who got hold of the link opens it first.
    const intruder = newChat();
    const welcome = await opens(intruder, invoice.token);
    expect(welcome?.text).toMatch(/^Bonjour, ici /);
    await settled(e2e.svc, invoice.caseId);
    const payNow = findButton(e2e.telegram, intruder, /Payer maintenant/);

    // The owner sees the new chat: on the desk, and in Slack (the alert's outbox row).
    expect(await noticesOf(invoice.caseId)).toEqual([
      {
        kind: "chat_bound",
        message: { kind: "chat_bound", channel: "telegram", via: "link" },
        slack: true,
      },
    ]);
    const alerts = await db()
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.kind, "owner_message")));
    expect(alerts.map((a) => (a.payload as { messageKind: string }).messageKind)).toEqual([
      "chat_bound",
    ]);

    const res = await e2e.svc.api("POST", `/api/cases/${invoice.caseId}/links/reissue`, {
      reason: "the client never opened the link",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      caseId: string;
      links: LinksBody;
      revoked: number;
      unbound: string[];
    };
    expect(body).toMatchObject({ caseId: invoice.caseId, revoked: 3, unbound: ["telegram"] });
    const fresh = startToken(body.links);
    expect(fresh).not.toBe(invoice.token);
    expect(body.links.webchat).not.toContain(invoice.token);
    expect(await chatsOf(invoice.caseId)).toEqual([]);
    const before = await caseFootprint(e2e.svc, invoice.caseId);

    // The old chat presses a button it was shown, writes, and opens the old link again.
    const sent = botMessages(e2e.telegram, intruder).length;
    await e2e.telegram.userPressesButton(intruder, payNow.messageId, payNow.callbackData, {
      force: true,
    });
    await e2e.telegram.userSendsText(intruder, "je peux payer 50 € par mois");
    await e2e.telegram.userStarts(intruder, invoice.token);
    const answers = (await botSaid(e2e.telegram, intruder, sent + 3)).slice(sent);
    for (const answer of answers) {
      expect(visible(answer.text)).toBe(
        `Bonjour, ici ${business.name}. Ce lien n'est plus valide : contactez-nous pour en recevoir un nouveau.`,
      );
      expect(answer.buttons).toEqual([]);
    }
    // Nothing was acted on: no event, no message kept, no card for the case.
    expect(await caseFootprint(e2e.svc, invoice.caseId)).toEqual(before);
    expect(await chatsOf(invoice.caseId)).toEqual([]);

    // The debtor opens the new link in their own chat: bound, welcomed, and told to the owner.
    const debtor = newChat();
    const hello = await opens(debtor, fresh);
    expect(hello?.text).toMatch(/^Bonjour, ici /);
    await settled(e2e.svc, invoice.caseId);
    expect(await chatsOf(invoice.caseId)).toEqual([
      { channel: "telegram", address: String(debtor) },
    ]);
    // (One instant on the test clock: the order of equal instants is not the point.)
    expect((await noticesOf(invoice.caseId)).map((n) => n.kind).sort()).toEqual([
      "chat_bound",
      "chat_bound",
      "links_reissued",
    ]);
    // The intruder's old button is still refused, and the debtor's own buttons work.
    const stillSent = botMessages(e2e.telegram, intruder).length;
    await e2e.telegram.userPressesButton(intruder, payNow.messageId, payNow.callbackData, {
      force: true,
    });
    const [refused] = (await botSaid(e2e.telegram, intruder, stillSent + 1)).slice(stillSent);
    expect(visible(refused?.text)).toMatch(/n'est plus valide/);
    const own = findButton(e2e.telegram, debtor, /Payer maintenant/);
    const bound = await caseFootprint(e2e.svc, invoice.caseId);
    await e2e.telegram.userPressesButton(debtor, own.messageId, own.callbackData);
    await settled(e2e.svc, invoice.caseId);
    expect((await caseFootprint(e2e.svc, invoice.caseId)).version).toBe(bound.version + 1);

    // The audit says who reissued, why, and which chats went.
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.caseId, invoice.caseId), eq(auditLog.action, "links_reissued")));
    expect(entry).toMatchObject({
      actor: "api",
      detail: {
        revoked: 3,
        unbound: ["telegram"],
        cases: 1,
        reason: "the client never opened the link",
      },
    });
  });
});

describe("links that bind nothing", () => {
  it("the link of a paid invoice says the invoice is settled and binds no chat", async () => {
    const business = await givenBusinessWithSlack();
    const invoice = await givenInvoice(business.id);
    const paid = await e2e.svc.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, {
      amount: 90_000,
      receivedAt: clock.now().toISOString(),
      reference: `VIR-${randomUUID().slice(0, 6)}`,
    });
    expect(paid.status).toBe(201);
    await caseAtRest(e2e.svc, invoice.caseId);
    expect((await caseFootprint(e2e.svc, invoice.caseId)).status).toBe("paid");
    const before = await caseFootprint(e2e.svc, invoice.caseId);

    const chat = newChat();
    const answer = await opens(chat, invoice.token);
    expect(visible(answer?.text)).toBe(
      `Bonjour, ici ${business.name}. Ce lien concerne une facture réglée ou clôturée : il n'y a plus rien à faire. Pour toute question, contactez-nous.`,
    );
    expect(await chatsOf(invoice.caseId)).toEqual([]);
    expect(await caseFootprint(e2e.svc, invoice.caseId)).toEqual(before);
    expect((await noticesOf(invoice.caseId)).map((n) => n.kind)).not.toContain("chat_bound");
    const [link] = await db().select().from(linkTokens).where(eq(linkTokens.token, invoice.token));
    expect(link?.usedAt).toBeNull();
  });
});

describe("buttons belong to the chat they were sent to", () => {
  it("a second chat of the same debtor cannot press the first chat's buttons; the first still can", async () => {
    const business = await givenBusinessWithSlack();
    const ref = `C-${randomUUID().slice(0, 8)}`;
    const first = await givenInvoice(business.id, ref);
    // Another currency: a case of its own (a debtor's invoices in one currency share one case).
    const second = await givenInvoice(business.id, ref, "USD");
    const phone = newChat();
    const laptop = newChat();
    await opens(phone, first.token);
    await settled(e2e.svc, first.caseId);
    await opens(laptop, second.token);
    await settled(e2e.svc, second.caseId);
    // One debtor, two chats, each told to the owner.
    expect(await chatsOf(first.caseId)).toHaveLength(2);
    expect((await noticesOf(second.caseId)).map((n) => n.kind)).toEqual(["chat_bound"]);

    const payNow = findButton(e2e.telegram, phone, /Payer maintenant/);
    const firstBefore = await caseFootprint(e2e.svc, first.caseId);
    const secondBefore = await caseFootprint(e2e.svc, second.caseId);
    const sent = botMessages(e2e.telegram, laptop).length;
    const press = await e2e.telegram.userPressesButton(
      laptop,
      botMessages(e2e.telegram, laptop)[0]?.messageId ?? 0,
      payNow.callbackData,
      { force: true },
    );
    expect(press.status).toBe(200);
    const [answer] = (await botSaid(e2e.telegram, laptop, sent + 1)).slice(sent);
    expect(visible(answer?.text)).toBe(
      "Ce bouton a été envoyé dans une autre conversation : merci d'y répondre là-bas, ou écrivez-nous ici.",
    );
    expect(await caseFootprint(e2e.svc, first.caseId)).toEqual(firstBefore);
    expect(await caseFootprint(e2e.svc, second.caseId)).toEqual(secondBefore);
    expect(
      e2e.svc.logs.some(
        (l) => l.msg === "button refused: it was sent to another chat of the debtor",
      ),
    ).toBe(true);

    // In the chat it was sent to, the same button works.
    await e2e.telegram.userPressesButton(phone, payNow.messageId, payNow.callbackData);
    await settled(e2e.svc, first.caseId);
    expect((await caseFootprint(e2e.svc, first.caseId)).version).toBe(firstBefore.version + 1);
  });
});

describe("LINK_TTL_DAYS", () => {
  it(`an unused link binds until ${TTL_DAYS} days after it was issued, then says it expired`, async () => {
    const business = await givenBusinessWithSlack();
    const early = await givenInvoice(business.id);
    const late = await givenInvoice(business.id);

    clock.advance(TTL_DAYS * DAY_MS - 60_000);
    const inTime = newChat();
    const welcome = await opens(inTime, early.token);
    expect(welcome?.text).toMatch(/^Bonjour, ici /);
    await settled(e2e.svc, early.caseId);

    clock.advance(2 * 60_000);
    const before = await caseFootprint(e2e.svc, late.caseId);
    const tooLate = newChat();
    const answer = await opens(tooLate, late.token);
    expect(visible(answer?.text)).toBe(
      `Bonjour, ici ${business.name}. Ce lien a expiré : contactez-nous pour en recevoir un nouveau.`,
    );
    expect(await chatsOf(late.caseId)).toEqual([]);
    expect(await caseFootprint(e2e.svc, late.caseId)).toEqual(before);
    const unused = await db()
      .select()
      .from(linkTokens)
      .where(and(eq(linkTokens.caseId, late.caseId), isNull(linkTokens.usedAt)));
    expect(unused).toHaveLength(3);

    // A reissue gives the debtor a link that works again, for another TTL_DAYS.
    const res = await e2e.svc.api("POST", `/api/cases/${late.caseId}/links/reissue`, {});
    expect(res.status).toBe(200);
    const fresh = startToken(((await res.json()) as { links: LinksBody }).links);
    const hello = await opens(tooLate, fresh);
    expect(hello?.text).toMatch(/^Bonjour, ici /);
  });
});
