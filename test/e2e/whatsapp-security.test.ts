import { randomInt } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, cases, debtorChannels } from "../../db/schema.ts";
import { postWebhook } from "../fakes/fake-http-server.ts";
import { signWhatsAppPayload, textMessagePayload } from "../fakes/whatsapp-webhooks.ts";
import { TestClock } from "../support/service.ts";
import { caseFootprint } from "../support/telegram-e2e.ts";
import {
  bodyOf,
  choicesOf,
  givenWhatsAppInvoice,
  globalFootprint,
  phoneNumbers,
  sentTo,
  startWhatsAppE2E,
  TEST_WHATSAPP_VERIFY_TOKEN,
  tap,
  type WhatsAppE2E,
} from "../support/whatsapp-e2e.ts";

/**
 * What the WhatsApp webhook refuses, as the Telegram one does: forged or unsigned notifications,
 * replays, malformed payloads, numbers no invoice names, and buttons that are not this chat's or
 * no longer on offer — each answered without writing what it must not (row counts).
 */

const clock = new TestClock("2026-11-23T10:00:00Z");
const newPhone = phoneNumbers();
let e2e: WhatsAppE2E;

beforeAll(async () => {
  e2e = await startWhatsAppE2E({ clock });
});

afterAll(async () => {
  await e2e?.stop();
});

/** A debtor bound by writing from the invoice's number, welcomed and at rest. */
async function boundDebtor(dueDate = "2026-11-18") {
  const phone = newPhone();
  const invoice = await givenWhatsAppInvoice(e2e.svc, { phone, dueDate });
  expect((await e2e.whatsapp.userSendsText(phone, "Bonjour")).status).toBe(200);
  await sentTo(e2e, phone, 1);
  await e2e.time.settle();
  return { phone, invoice };
}

function signedPost(body: string, secret = e2e.whatsapp.appSecret) {
  return postWebhook(e2e.webhookUrl, body, {
    "X-Hub-Signature-256": signWhatsAppPayload(body, secret),
  });
}

describe("the WhatsApp webhook's handshake", () => {
  it("echoes the challenge for our verify token only", async () => {
    const ok = await e2e.whatsapp.verifyWebhook(
      e2e.webhookUrl,
      TEST_WHATSAPP_VERIFY_TOKEN,
      "42424242",
    );
    expect(ok).toEqual({ status: 200, body: "42424242" });
    const wrong = await e2e.whatsapp.verifyWebhook(e2e.webhookUrl, "not-the-token", "42424242");
    expect(wrong.status).toBe(403);
    expect(wrong.body).not.toContain("42424242");
  });
});

describe("notifications the webhook refuses", () => {
  it("a bad, missing or foreign signature is a 401, and nothing is written", async () => {
    const { phone } = await boundDebtor();
    const before = await globalFootprint(e2e.svc);
    const payload = textMessagePayload({
      business: e2e.whatsapp.business,
      from: phone,
      messageId: "wamid.forged-1",
      timestamp: Math.floor(clock.millis() / 1000),
      text: "STOP",
    });
    const body = JSON.stringify(payload);
    expect((await signedPost(body, "another-app-secret")).status).toBe(401);
    expect((await postWebhook(e2e.webhookUrl, body, {})).status).toBe(401);
    // Signed, then altered on the way: the signature covers the exact bytes.
    const tampered = await postWebhook(e2e.webhookUrl, body.replace("STOP", "stop"), {
      "X-Hub-Signature-256": signWhatsAppPayload(body, e2e.whatsapp.appSecret),
    });
    expect(tampered.status).toBe(401);
    expect(await globalFootprint(e2e.svc)).toEqual(before);
  });

  it("a replayed message id is handled once", async () => {
    const { phone, invoice } = await boundDebtor();
    const first = await e2e.whatsapp.userSendsText(phone, "je paierai le 30 novembre");
    expect(first.status).toBe(200);
    await e2e.time.settle();
    const after = await globalFootprint(e2e.svc);
    const kase = await caseFootprint(e2e.svc, invoice.caseId);
    const sent = e2e.whatsapp.sent(phone).length;
    const replays = await e2e.whatsapp.deliver(first.payload, { times: 3, concurrently: true });
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    await e2e.time.settle();
    expect(await globalFootprint(e2e.svc)).toEqual(after);
    expect(await caseFootprint(e2e.svc, invoice.caseId)).toEqual(kase);
    expect(e2e.whatsapp.sent(phone)).toHaveLength(sent);
  });

  it("a malformed payload is acknowledged (Meta would retry it for days) and dropped", async () => {
    const { phone } = await boundDebtor();
    const before = await globalFootprint(e2e.svc);
    const valid = textMessagePayload({
      business: e2e.whatsapp.business,
      from: phone,
      messageId: "wamid.malformed-1",
      timestamp: Math.floor(clock.millis() / 1000),
      text: "je paie demain",
    });
    const noSender = JSON.parse(JSON.stringify(valid)) as {
      entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
    };
    delete noSender.entry[0]?.changes[0]?.value.messages[0]?.from;
    for (const body of [
      "{ not json",
      JSON.stringify({ object: "whatsapp_business_account", entry: "nope" }),
      JSON.stringify({ object: "page", entry: [] }),
      JSON.stringify(noSender),
      JSON.stringify({
        ...valid,
        entry: [{ id: "1", changes: [{ field: "messages", value: 7 }] }],
      }),
    ]) {
      expect((await signedPost(body)).status).toBe(200);
    }
    await e2e.time.settle();
    expect(await globalFootprint(e2e.svc)).toEqual(before);
  });

  it("a number no invoice names gets the which-invoice answer and is bound to nothing", async () => {
    const stranger = newPhone();
    const before = await globalFootprint(e2e.svc);
    expect((await e2e.whatsapp.userSendsText(stranger, "Bonjour, je veux payer")).status).toBe(200);
    const [answer] = await sentTo(e2e, stranger, 1);
    expect(answer && bodyOf(answer)).toMatch(/aucune facture liée à ce numéro/);
    expect(answer && choicesOf(answer)).toEqual([]);
    const after = await globalFootprint(e2e.svc);
    expect(after.bindings).toBe(before.bindings);
    expect(after.messages).toBe(before.messages);
    // The dedupe key and the answer's outbox row, both outside any case.
    expect(after.inboundEvents).toBe(before.inboundEvents + 1);
    expect(after.outbox).toBe(before.outbox + 1);
    const [bound] = await e2e.svc.db.db
      .select({ n: count() })
      .from(debtorChannels)
      .where(eq(debtorChannels.address, stranger));
    expect(bound?.n).toBe(0);
    // A British number is answered in English (WhatsApp gives no language; the country does).
    const british = `447700${String(randomInt(100_000, 999_999))}`;
    await e2e.whatsapp.userSendsText(british, "Hello");
    const [english] = await sentTo(e2e, british, 1);
    expect(english && bodyOf(english)).toMatch(/cannot find an invoice linked to this number/);
  });

  it("a button id from another debtor's chat is refused, and nothing is written for either", async () => {
    const a = await boundDebtor();
    const b = await boundDebtor();
    const theirs = await sentTo(e2e, b.phone, 2);
    const card = theirs.find((m) => choicesOf(m).length > 0);
    const button = card && choicesOf(card)[0];
    if (!card || !button) throw new Error("no card with choices for debtor b");
    const before = await globalFootprint(e2e.svc);
    const [caseA, caseB] = [
      await caseFootprint(e2e.svc, a.invoice.caseId),
      await caseFootprint(e2e.svc, b.invoice.caseId),
    ];
    const sentToA = e2e.whatsapp.sent(a.phone).length;
    const forged =
      card.content.kind === "button"
        ? await e2e.whatsapp.userPressesReply(a.phone, card.id, button.id, button.title, {
            force: true,
          })
        : await e2e.whatsapp.userPicksListRow(a.phone, card.id, button.id, button.title, {
            force: true,
          });
    expect(forged.status).toBe(200);
    // An id no one issued, too.
    const made = await e2e.whatsapp.userPressesReply(a.phone, card.id, "AAAAAAAAAAAA", "Payer", {
      force: true,
    });
    expect(made.status).toBe(200);
    await e2e.time.settle();
    expect(await caseFootprint(e2e.svc, a.invoice.caseId)).toEqual(caseA);
    expect(await caseFootprint(e2e.svc, b.invoice.caseId)).toEqual(caseB);
    expect(await globalFootprint(e2e.svc)).toEqual(before);
    expect(e2e.whatsapp.sent(a.phone)).toHaveLength(sentToA);
  });

  it("a stale button changes nothing: the debtor is told it is no longer available", async () => {
    const { phone, invoice } = await boundDebtor();
    const reason = await tap(e2e, phone, /trésorerie/i);
    await tap(e2e, phone, /3 fois/i);
    await e2e.time.settle();
    const before = await caseFootprint(e2e.svc, invoice.caseId);
    const [state] = await e2e.svc.db.db
      .select({ state: cases.state })
      .from(cases)
      .where(eq(cases.id, invoice.caseId));
    const forgot = choicesOf(reason.message).find((c) => /oublié/i.test(c.title));
    if (!forgot) throw new Error("no « J'ai oublié » row");
    const sent = e2e.whatsapp.sent(phone).length;
    const stale = await e2e.whatsapp.userPicksListRow(phone, reason.message.id, forgot.id);
    expect(stale.status).toBe(200);
    const answer = (await sentTo(e2e, phone, sent + 1)).at(-1);
    expect(answer && bodyOf(answer)).toMatch(/plus disponible/);
    await e2e.time.settle();
    const after = await caseFootprint(e2e.svc, invoice.caseId);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe(before.status);
    const [stateAfter] = await e2e.svc.db.db
      .select({ state: cases.state })
      .from(cases)
      .where(eq(cases.id, invoice.caseId));
    expect(stateAfter).toEqual(state);
    const [agreed] = await e2e.svc.db.db
      .select({ n: count() })
      .from(agreements)
      .where(and(eq(agreements.caseId, invoice.caseId)));
    expect(agreed?.n).toBe(0);
  });
});
