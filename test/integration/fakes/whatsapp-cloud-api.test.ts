import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../fakes/manual-clock.ts";
import { RecordingReceiver } from "../../fakes/recording-receiver.ts";
import { FakeWhatsApp, type FakeWhatsAppOptions } from "../../fakes/whatsapp-cloud-api.ts";

const USER = "33612345678";
const HOUR = 60 * 60 * 1000;

let clock: ManualClock;
let receiver: RecordingReceiver;
let fake: FakeWhatsApp;

async function setUp(options: FakeWhatsAppOptions = {}): Promise<void> {
  await fake?.stop();
  fake = new FakeWhatsApp({
    now: clock.now,
    webhookUrl: `${receiver.url}/webhooks/whatsapp`,
    ...options,
  });
  await fake.start();
}

beforeEach(async () => {
  clock = new ManualClock();
  receiver = new RecordingReceiver();
  await receiver.start();
  fake = new FakeWhatsApp({ now: clock.now, webhookUrl: `${receiver.url}/webhooks/whatsapp` });
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
  await receiver.stop();
});

interface SendResponse {
  messaging_product?: string;
  contacts?: { input: string; wa_id: string }[];
  messages?: { id: string }[];
  success?: boolean;
  error?: { code: number; message: string; type: string; fbtrace_id: string };
}

/** Our own client's call: plain fetch, as bot/whatsapp does. */
async function send(
  body: Record<string, unknown>,
  token = fake.accessToken,
  phoneId = fake.phoneNumberId,
) {
  const response = await fetch(`${fake.url}/v21.0/${phoneId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", ...body }),
  });
  return { status: response.status, body: (await response.json()) as SendResponse };
}

const text = (to: string, body: string) => ({ to, type: "text", text: { body } });
const buttons = (to: string, list: { id: string; title: string }[], body = "Choose") => ({
  to,
  type: "interactive",
  interactive: {
    type: "button",
    body: { text: body },
    action: { buttons: list.map((reply) => ({ type: "reply", reply })) },
  },
});
const listMessage = (
  to: string,
  rows: { id: string; title: string; description?: string }[],
  options: { button?: string; sectionTitle?: string } = {},
) => ({
  to,
  type: "interactive",
  interactive: {
    type: "list",
    body: { text: "Pick a plan" },
    action: {
      button: options.button ?? "Plans",
      sections: [{ title: options.sectionTitle ?? "Plans", rows }],
    },
  },
});
const template = (to: string) => ({
  to,
  type: "template",
  template: { name: "invoice_reminder", language: { code: "fr" } },
});

describe("FakeWhatsApp messages endpoint", () => {
  it("sends a text inside the 24-hour window and answers like the Cloud API", async () => {
    fake.userWrote(USER);
    const { status, body } = await send(text(`+${USER}`, "Bonjour"));
    expect(status).toBe(200);
    expect(body).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: `+${USER}`, wa_id: USER }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });
    expect(fake.lastSent(USER)?.content).toEqual({ kind: "text", to: USER, body: "Bonjour" });
  });

  it("refuses free-form messages outside the 24-hour window but allows templates", async () => {
    const never = await send(text(USER, "Bonjour"));
    expect(never.status).toBe(400);
    expect(never.body.error).toMatchObject({
      code: 131047,
      message: "(#131047) Re-engagement message",
    });
    expect(never.body.error?.fbtrace_id).toEqual(expect.any(String));
    expect((await send(template(USER))).status).toBe(200);

    fake.userWrote(USER);
    clock.advance(24 * HOUR);
    expect((await send(text(USER, "still inside"))).status).toBe(200);
    clock.advance(1);
    expect((await send(buttons(USER, [{ id: "a", title: "A" }]))).body.error?.code).toBe(131047);
  });

  it("reports re-engagement in a failed status callback in status mode", async () => {
    await setUp({ reEngagement: "status" });
    const accepted = await send(text(USER, "Bonjour"));
    expect(accepted.status).toBe(200);
    const id = accepted.body.messages?.[0]?.id ?? "";
    expect(fake.lastSent(USER)?.delivered).toBe(false);
    const [delivery] = await fake.flushStatuses();
    expect(delivery?.status).toBe(200);
    const value = JSON.parse(receiver.requests.at(-1)?.body ?? "").entry[0].changes[0].value;
    expect(value.statuses[0]).toMatchObject({
      id,
      status: "failed",
      recipient_id: USER,
      errors: [{ code: 131047, title: "Re-engagement message" }],
    });
  });

  it("enforces reply-button limits: 3 buttons, titles of 20, ids of 256, body of 1024", async () => {
    fake.userWrote(USER);
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    expect((await send(buttons(USER, four))).body.error?.code).toBe(100);
    const longTitle = await send(buttons(USER, [{ id: "a", title: "t".repeat(21) }]));
    expect(longTitle.body.error).toMatchObject({
      code: 131009,
      error_data: { details: "Button title length invalid. Min length: 1, Max length: 20" },
    });
    expect(
      (await send(buttons(USER, [{ id: "i".repeat(257), title: "A" }]))).body.error?.code,
    ).toBe(131009);
    expect(
      (await send(buttons(USER, [{ id: "a", title: "A" }], "b".repeat(1025)))).body.error?.code,
    ).toBe(131009);
    const ok = await send(
      buttons(USER, [{ id: "i".repeat(256), title: "t".repeat(20) }], "b".repeat(1024)),
    );
    expect(ok.status).toBe(200);
  });

  it("enforces list limits: 10 rows, titles of 24, descriptions of 72, labels of 20", async () => {
    fake.userWrote(USER);
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
    expect((await send(listMessage(USER, rows(11)))).body.error?.code).toBe(131009);
    expect((await send(listMessage(USER, [{ id: "r", title: "t".repeat(25) }]))).status).toBe(400);
    expect(
      (await send(listMessage(USER, [{ id: "r", title: "t", description: "d".repeat(73) }])))
        .status,
    ).toBe(400);
    expect((await send(listMessage(USER, rows(1), { button: "l".repeat(21) }))).status).toBe(400);
    expect((await send(listMessage(USER, rows(1), { sectionTitle: "s".repeat(25) }))).status).toBe(
      400,
    );
    const ok = await send(
      listMessage(USER, [
        ...rows(9),
        { id: "x", title: "t".repeat(24), description: "d".repeat(72) },
      ]),
    );
    expect(ok.status).toBe(200);
  });

  it("answers Graph errors for a bad token, an unknown number and a missing product", async () => {
    const badToken = await send(text(USER, "x"), "EAAwrong");
    expect(badToken.status).toBe(401);
    expect(badToken.body.error).toMatchObject({ code: 190, type: "OAuthException" });
    const unknown = await send(text(USER, "x"), fake.accessToken, "999");
    expect(unknown.body.error).toMatchObject({
      code: 100,
      error_subcode: 33,
      type: "GraphMethodException",
    });
    const response = await fetch(`${fake.url}/${fake.phoneNumberId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${fake.accessToken}` },
      body: JSON.stringify(text(USER, "x")),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it("refuses templates that were not approved when a catalogue is given", async () => {
    await setUp({ templates: [{ name: "invoice_reminder", language: "fr" }] });
    expect((await send(template(USER))).status).toBe(200);
    const other = await send({
      ...template(USER),
      template: { name: "promo", language: { code: "fr" } },
    });
    expect(other.body.error?.code).toBe(132001);
  });

  it("limits messages to one user (pair rate) until the clock moves", async () => {
    await setUp({ rateLimits: { perRecipient: { max: 2, windowMs: 12_000 } } });
    fake.userWrote(USER);
    await send(text(USER, "1"));
    await send(text(USER, "2"));
    const third = await send(text(USER, "3"));
    expect(third.body.error?.code).toBe(131056);
    clock.advance(12_000);
    expect((await send(text(USER, "3"))).status).toBe(200);
  });

  it("injects 5xx and 429 failures once", async () => {
    fake.userWrote(USER);
    fake.failNext("messages", { status: 500 });
    const failed = await send(text(USER, "x"));
    expect(failed.status).toBe(500);
    expect(failed.body.error?.code).toBe(131000);
    fake.failNext("*", { status: 429 });
    expect((await send(text(USER, "x"))).status).toBe(429);
    expect((await send(text(USER, "x"))).status).toBe(200);
    expect(fake.calls.map((c) => c.status)).toEqual([500, 429, 200]);
  });

  it("marks an inbound message as read", async () => {
    const { messageId } = await fake.userSendsText(USER, "hi");
    const read = await send({ status: "read", message_id: messageId });
    expect(read.body).toEqual({ success: true });
    expect(fake.isRead(messageId ?? "")).toBe(true);
  });
});

describe("FakeWhatsApp webhook deliveries", () => {
  const signatureOf = (body: string) =>
    `sha256=${createHmac("sha256", fake.appSecret).update(body).digest("hex")}`;

  it("POSTs a user's text as a signed whatsapp_business_account payload", async () => {
    const delivery = await fake.userSendsText(USER, "Je paierai vendredi", "Camille");
    expect(delivery.status).toBe(200);
    const request = receiver.requests[0];
    expect(request?.path).toBe("/webhooks/whatsapp");
    expect(request?.headers["x-hub-signature-256"]).toBe(signatureOf(request?.body ?? ""));
    expect(JSON.parse(request?.body ?? "")).toEqual({
      object: "whatsapp_business_account",
      entry: [
        {
          id: fake.wabaId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: fake.displayPhoneNumber,
                  phone_number_id: fake.phoneNumberId,
                },
                contacts: [{ profile: { name: "Camille" }, wa_id: USER }],
                messages: [
                  {
                    from: USER,
                    id: delivery.messageId,
                    timestamp: String(Math.floor(clock.now() / 1000)),
                    type: "text",
                    text: { body: "Je paierai vendredi" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    // Writing opens the service window.
    expect((await send(text(USER, "Merci"))).status).toBe(200);
  });

  it("POSTs button and list replies with the context of the business message", async () => {
    await fake.userSendsText(USER, "hi");
    const sentButtons = await send(
      buttons(USER, [
        { id: "pay_now", title: "Payer" },
        { id: "later", title: "Plus tard" },
      ]),
    );
    const buttonsId = sentButtons.body.messages?.[0]?.id ?? "";
    await fake.userPressesReply(USER, buttonsId, "pay_now");
    const press = JSON.parse(receiver.requests.at(-1)?.body ?? "").entry[0].changes[0].value
      .messages[0];
    expect(press).toMatchObject({
      context: { from: fake.displayPhoneNumber, id: buttonsId },
      type: "interactive",
      interactive: { type: "button_reply", button_reply: { id: "pay_now", title: "Payer" } },
    });
    expect(() => fake.userPressesReply(USER, buttonsId, "ghost")).toThrow(/shows no button/);

    const sentList = await send(
      listMessage(USER, [{ id: "plan_3", title: "3 fois", description: "3 x 40 €" }]),
    );
    const listId = sentList.body.messages?.[0]?.id ?? "";
    await fake.userPicksListRow(USER, listId, "plan_3");
    const pick = JSON.parse(receiver.requests.at(-1)?.body ?? "").entry[0].changes[0].value
      .messages[0];
    expect(pick.interactive).toEqual({
      type: "list_reply",
      list_reply: { id: "plan_3", title: "3 fois", description: "3 x 40 €" },
    });
  });

  it("POSTs sent, delivered and read statuses", async () => {
    fake.userWrote(USER);
    const id = (await send(text(USER, "Bonjour"))).body.messages?.[0]?.id ?? "";
    for (const status of ["sent", "delivered", "read"] as const) await fake.sendStatus(id, status);
    const statuses = receiver.requests.map(
      (r) =>
        JSON.parse(r.body).entry[0].changes[0].value.statuses[0] as { id: string; status: string },
    );
    expect(statuses.map((s) => [s.id, s.status])).toEqual([
      [id, "sent"],
      [id, "delivered"],
      [id, "read"],
    ]);
    expect(
      receiver.requests.every((r) => r.headers["x-hub-signature-256"] === signatureOf(r.body)),
    ).toBe(true);
  });

  it("redelivers the same payload as many times as asked and reports the receiver's status", async () => {
    receiver.status = 500;
    const first = await fake.userSendsText(USER, "hi");
    expect(first.status).toBe(500);
    receiver.status = 200;
    const again = await fake.deliver(first.payload, { times: 3, concurrently: true });
    expect(again.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect(receiver.requests).toHaveLength(4);
  });

  it("performs the subscription handshake against a GET endpoint", async () => {
    const result = await fake.verifyWebhook(`${receiver.url}/webhooks/whatsapp`, "verify-me", "42");
    expect(result.status).toBe(200);
    expect(receiver.requests[0]?.path).toBe(
      "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42",
    );
  });
});
