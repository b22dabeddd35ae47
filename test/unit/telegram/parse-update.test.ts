import { describe, expect, it } from "vitest";
import { parseText, parseUpdate } from "../../../bot/telegram/parse-update.ts";
import { telegramUpdateSchema } from "../../../bot/telegram/update-schema.ts";
import { CHAT_ID, callbackUpdate, textUpdate } from "./updates.ts";

const parse = (raw: unknown, botUsername?: string) =>
  parseUpdate(telegramUpdateSchema.parse(raw), botUsername === undefined ? {} : { botUsername });

describe("parseUpdate", () => {
  it("maps free text to a text input with the update id, chat id and language", () => {
    expect(parse(textUpdate("je peux payer 200 € par mois", { updateId: 900 }))).toEqual({
      channel: "telegram",
      address: String(CHAT_ID),
      externalId: "900",
      languageHint: "fr",
      input: { kind: "text", text: "je peux payer 200 € par mois" },
    });
  });

  it("scopes the dedupe key by the bot's id, so another bot's update ids never collide", () => {
    const update = telegramUpdateSchema.parse(textUpdate("bonjour", { updateId: 900 }));
    expect(parseUpdate(update, { botId: "7000000001" })?.externalId).toBe("7000000001_900");
    expect(parseUpdate(update, { botId: "7000000002" })?.externalId).toBe("7000000002_900");
  });

  it("leaves the language hint out when Telegram does not send one", () => {
    const envelope = parse(textUpdate("hello", { languageCode: null }));
    expect(envelope).not.toBeNull();
    expect(envelope).not.toHaveProperty("languageHint");
  });

  it("maps a button press to a button input carrying the callback query id and message id", () => {
    expect(parse(callbackUpdate("b_x7Kq2", { updateId: 901 }))).toEqual({
      channel: "telegram",
      address: String(CHAT_ID),
      externalId: "901",
      callbackQueryId: "4382000000000000001",
      languageHint: "en",
      input: { kind: "button", token: "b_x7Kq2", messageId: "12" },
    });
  });

  it("ignores a button press without data", () => {
    expect(parse(callbackUpdate(undefined))).toBeNull();
  });

  it("ignores messages and button presses from group chats", () => {
    expect(parse(textUpdate("/stop", { chatType: "group" }))).toBeNull();
    expect(parse(textUpdate("hello", { chatType: "supergroup" }))).toBeNull();
    expect(parse(callbackUpdate("b_1", { chatType: "group" }))).toBeNull();
  });

  it("ignores messages without text, such as stickers", () => {
    expect(parse(textUpdate(undefined))).toBeNull();
  });

  it("ignores update kinds it does not handle", () => {
    expect(parse({ update_id: 5, edited_message: { message_id: 1 } })).toBeNull();
  });

  it("reads /stop and /help as commands, and a command addressed to this bot too", () => {
    expect(parse(textUpdate("/stop"))?.input).toEqual({ kind: "command", command: "stop" });
    expect(parse(textUpdate("/help"))?.input).toEqual({ kind: "command", command: "help" });
    expect(parse(textUpdate("/stop@relance_bot"), "Relance_Bot")?.input).toEqual({
      kind: "command",
      command: "stop",
    });
  });

  it("reads other commands, and commands for another bot, as plain text", () => {
    expect(parse(textUpdate("/pay 200"))?.input).toEqual({ kind: "text", text: "/pay 200" });
    expect(parse(textUpdate("/stop@other_bot"), "relance_bot")?.input).toEqual({
      kind: "text",
      text: "/stop@other_bot",
    });
  });
});

describe("parseText: /start and its deep-link payload", () => {
  const start = (text: string) => parseText(text);

  it("takes a valid payload as the link token", () => {
    expect(start("/start inv_3Fq-9z")).toEqual({ kind: "start", token: "inv_3Fq-9z" });
  });

  it("accepts a payload of exactly 64 characters and refuses 65", () => {
    expect(start(`/start ${"a".repeat(64)}`)).toEqual({ kind: "start", token: "a".repeat(64) });
    expect(start(`/start ${"a".repeat(65)}`)).toEqual({ kind: "start", token: null });
  });

  it("gives a null token when the payload is absent", () => {
    expect(start("/start")).toEqual({ kind: "start", token: null });
    expect(start("/start   ")).toEqual({ kind: "start", token: null });
  });

  it("gives a null token when the payload has characters a deep link cannot carry", () => {
    for (const payload of ["abc.def", "a b", "tok=1", "é", "a/b", "<script>"]) {
      expect(start(`/start ${payload}`)).toEqual({ kind: "start", token: null });
    }
  });

  it("tolerates surrounding whitespace and a bot mention", () => {
    expect(start("  /start  tok_1 \n")).toEqual({ kind: "start", token: "tok_1" });
    expect(start("/start@relance_bot tok_1")).toEqual({ kind: "start", token: "tok_1" });
  });

  it("does not read a word that merely begins with /start as the command", () => {
    expect(start("/started")).toEqual({ kind: "text", text: "/started" });
  });
});

describe("telegramUpdateSchema", () => {
  it.each([
    ["a missing update_id", { message: {} }],
    ["a string update_id", { update_id: "5" }],
    ["a chat id that is not a number", textUpdateWith({ chat: { id: "x", type: "private" } })],
    ["a text that is not a string", textUpdateWith({ text: 42 })],
    ["a callback query without an id", { update_id: 3, callback_query: { from: { id: 1 } } }],
  ])("rejects an update with %s", (_, raw) => {
    expect(telegramUpdateSchema.safeParse(raw).success).toBe(false);
  });
});

function textUpdateWith(patch: Record<string, unknown>): Record<string, unknown> {
  const update = textUpdate("hello");
  return { ...update, message: { ...(update.message as object), ...patch } };
}
