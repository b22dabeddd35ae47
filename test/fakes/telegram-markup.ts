import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { isRecord, jsonField } from "./fake-http-server.ts";

// Limits from https://core.telegram.org/bots/api (sendMessage, InlineKeyboardButton).
export const TELEGRAM_TEXT_MAX_UTF16 = 4096;
export const TELEGRAM_CALLBACK_DATA_MAX_BYTES = 64;
export const TELEGRAM_CALLBACK_ANSWER_TEXT_MAX = 200;
/** Telegram answers "reply markup is too long" past about 100 buttons. */
export const TELEGRAM_INLINE_BUTTONS_MAX = 100;

/** A Bot API error as Telegram words it; `code` becomes both HTTP status and `error_code`. */
export class TelegramError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

export const badRequest = (what: string): TelegramError =>
  new TelegramError(400, `Bad Request: ${what}`);

/** The button fields of which Telegram requires exactly one besides `text`. */
const BUTTON_KINDS = [
  "callback_data",
  "url",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
  "web_app",
] as const;

/**
 * Validates `reply_markup` as Telegram does, whether it came as a JSON string (form/query) or an
 * object (grammY's JSON bodies). Returns the inline keyboard to store, or undefined for none.
 * Only inline keyboards are stored: the fake's chats are what a debtor sees under a message.
 */
export function parseInlineKeyboard(raw: unknown): InlineKeyboardMarkup | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const field = jsonField(raw);
  if (!field.ok || !isRecord(field.value)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const markup = field.value;
  if (!("inline_keyboard" in markup)) {
    // Reply keyboards, remove_keyboard and force_reply are accepted and not shown on the message.
    if ("keyboard" in markup || "remove_keyboard" in markup || "force_reply" in markup) {
      return undefined;
    }
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest(
      'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
    );
  }
  const keyboard: InlineKeyboardButton[][] = [];
  let count = 0;
  for (const row of rows as unknown[][]) {
    const parsedRow: InlineKeyboardButton[] = [];
    for (const button of row) {
      parsedRow.push(parseButton(button));
      count += 1;
    }
    keyboard.push(parsedRow);
  }
  if (count > TELEGRAM_INLINE_BUTTONS_MAX) throw badRequest("reply markup is too long");
  return { inline_keyboard: keyboard };
}

function parseButton(button: unknown): InlineKeyboardButton {
  if (!isRecord(button)) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  }
  if (typeof button.text !== "string") {
    throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  }
  if (button.text.trim().length === 0) throw badRequest("BUTTON_TEXT_INVALID");
  const kinds = BUTTON_KINDS.filter((kind) => button[kind] !== undefined);
  if (kinds.length === 0) {
    throw badRequest(
      "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  }
  if (kinds.length > 1) {
    // Telegram silently picks one; the fake is stricter because two kinds is always our bug.
    throw badRequest(
      `can't parse inline keyboard button: exactly one of ${kinds.join(", ")} is allowed`,
    );
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    const bytes = typeof data === "string" ? Buffer.byteLength(data, "utf8") : 0;
    if (bytes < 1 || bytes > TELEGRAM_CALLBACK_DATA_MAX_BYTES) {
      throw badRequest("BUTTON_DATA_INVALID");
    }
    return { text: button.text, callback_data: data as string };
  }
  if (button.url !== undefined) {
    const url = button.url;
    if (typeof url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(url)) {
      throw badRequest(
        `inline keyboard button URL '${String(url)}' is invalid: unsupported URL protocol`,
      );
    }
    return { text: button.text, url };
  }
  return button as unknown as InlineKeyboardButton;
}

/**
 * The text a user sees once Telegram has parsed entities: the 4096 limit applies to it, counted in
 * UTF-16 code units (JavaScript's `length`). Only what our bot could send is parsed: HTML tags and
 * entities, MarkdownV2 escapes and markers.
 */
export function visibleText(text: string, parseMode: unknown): string {
  switch (parseMode) {
    case undefined:
    case null:
    case "":
      return text;
    case "HTML":
      return text
        .replace(/<\/?[a-zA-Z][^>]*>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
        .replace(/&amp;/g, "&");
    case "MarkdownV2":
      return text
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/(?<!\\)(\|\||__|[*_~`])/g, "")
        .replace(/\\(.)/g, "$1");
    case "Markdown":
      return text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "");
    default:
      throw badRequest(`unsupported parse_mode`);
  }
}

/** Key for "message is not modified": same visible text and same keyboard. */
export function sameContent(
  a: { text: string; replyMarkup: InlineKeyboardMarkup | undefined },
  b: { text: string; replyMarkup: InlineKeyboardMarkup | undefined },
): boolean {
  return a.text === b.text && JSON.stringify(a.replyMarkup) === JSON.stringify(b.replyMarkup);
}
