import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import { TELEGRAM_UPDATE_MAX_BYTES, telegramWebhookApp } from "../../../bot/telegram/webhook.ts";
import type { InboundEnvelope } from "../../../src/runtime/debtor-inbound.ts";
import { recordingLog } from "./recording-log.ts";
import { CHAT_ID, callbackUpdate, textUpdate } from "./updates.ts";

const SECRET = "s3cret_webhook-token";

let received: InboundEnvelope[];
let log: ReturnType<typeof recordingLog>;
let failWith: Error | undefined;
let app: Hono;

beforeEach(() => {
  received = [];
  failWith = undefined;
  log = recordingLog();
  app = new Hono().route(
    "/webhooks/telegram",
    telegramWebhookApp({
      secret: SECRET,
      log,
      onInbound: async (envelope) => {
        if (failWith) throw failWith;
        received.push(envelope);
      },
    }),
  );
});

function post(
  body: string,
  headers: Record<string, string> = { "X-Telegram-Bot-Api-Secret-Token": SECRET },
) {
  return app.request("/webhooks/telegram", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const warnings = () => log.lines.filter((l) => l.level === "warn");

describe("POST /webhooks/telegram", () => {
  it("hands a text message to the runtime and answers 200 {}", async () => {
    const response = await post(
      JSON.stringify(textUpdate("I'll pay on the 15th", { updateId: 77 })),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(received).toEqual([
      {
        channel: "telegram",
        address: String(CHAT_ID),
        externalId: "77",
        languageHint: "fr",
        input: { kind: "text", text: "I'll pay on the 15th" },
      },
    ]);
  });

  it("maps a button press to a button input with the callback query id", async () => {
    const response = await post(JSON.stringify(callbackUpdate("b_pay")));
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      callbackQueryId: "4382000000000000001",
      input: { kind: "button", token: "b_pay", messageId: "12" },
    });
  });

  it.each([
    ["missing", {}],
    ["wrong", { "X-Telegram-Bot-Api-Secret-Token": "not-the-secret" }],
    ["a prefix of the right", { "X-Telegram-Bot-Api-Secret-Token": SECRET.slice(0, -1) }],
    ["empty", { "X-Telegram-Bot-Api-Secret-Token": "" }],
  ])("refuses a %s secret token with 401 and does nothing", async (_, headers) => {
    const response = await post(JSON.stringify(textUpdate("/stop")), headers);
    expect(response.status).toBe(401);
    expect(received).toEqual([]);
  });

  it("refuses every request when no secret is configured", async () => {
    const open = telegramWebhookApp({
      secret: undefined,
      log,
      onInbound: async (e) => void received.push(e),
    });
    const response = await open.request("/", {
      method: "POST",
      headers: { "X-Telegram-Bot-Api-Secret-Token": "" },
      body: JSON.stringify(textUpdate("/stop")),
    });
    expect(response.status).toBe(401);
    expect(received).toEqual([]);
  });

  it.each([
    ["not JSON", "{not json"],
    ["empty", ""],
    ["JSON null", "null"],
    ["a JSON array", "[1,2]"],
    ["a JSON string", '"update"'],
    ["an object without update_id", JSON.stringify({ message: { text: "hi" } })],
    ["an update_id that is a string", JSON.stringify({ ...textUpdate("hi"), update_id: "5" })],
    [
      "a chat id of the wrong type",
      JSON.stringify({
        update_id: 5,
        message: { message_id: 1, chat: { id: "4242", type: "private" }, text: "hi" },
      }),
    ],
  ])("acknowledges a body that is %s with 200, does nothing, and warns once", async (_, body) => {
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(received).toEqual([]);
    expect(warnings()).toHaveLength(1);
  });

  it("keeps personal data out of the malformed-update warning", async () => {
    await post(
      JSON.stringify({
        update_id: 9,
        message: { message_id: 1, chat: { id: 4242, type: "private" }, text: 12345678 },
      }),
    );
    expect(JSON.stringify(warnings())).not.toContain("12345678");
    expect(warnings()[0]?.obj).toMatchObject({ updateId: 9 });
  });

  it("acknowledges group messages and stickers without calling the runtime or warning", async () => {
    expect((await post(JSON.stringify(textUpdate("/stop", { chatType: "group" })))).status).toBe(
      200,
    );
    expect((await post(JSON.stringify(textUpdate(undefined)))).status).toBe(200);
    expect(received).toEqual([]);
    expect(warnings()).toEqual([]);
  });

  it("answers 500 when the runtime fails, so Telegram redelivers, and logs the error", async () => {
    failWith = new Error("database is down");
    const response = await post(JSON.stringify(textUpdate("hello", { updateId: 31 })));
    expect(response.status).toBe(500);
    const errors = log.lines.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.obj).toMatchObject({ updateId: 31 });
  });

  it("drops an oversized body with 200 once the secret checks, and refuses it with 401 without", async () => {
    const text = "x".repeat(TELEGRAM_UPDATE_MAX_BYTES);
    const huge = JSON.stringify(textUpdate(text, { updateId: 91 }));
    const dropped = await post(huge);
    expect(dropped.status).toBe(200);
    expect(received).toEqual([]);
    expect(warnings().some((w) => w.msg === "telegram update too large, dropped")).toBe(true);
    expect((await post(huge, {})).status).toBe(401);
  });

  it("answers only POST", async () => {
    const response = await app.request("/webhooks/telegram", {
      headers: { "X-Telegram-Bot-Api-Secret-Token": SECRET },
    });
    expect(response.status).toBe(404);
  });
});
