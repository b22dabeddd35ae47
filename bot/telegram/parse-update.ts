import type { DebtorInbound, InboundEnvelope } from "../../src/runtime/index.ts";
import { TELEGRAM_START_PAYLOAD } from "./constants.ts";
import type { TelegramUpdate } from "./update-schema.ts";

export interface ParseUpdateOptions {
  /**
   * The bot's username (without @). When known, a command addressed to another bot
   * (`/stop@other_bot`) is read as plain text rather than obeyed; when unknown, any suffix is
   * accepted, which is harmless in private chats where only our bot reads the message.
   */
  readonly botUsername?: string;
  /**
   * The bot's numeric id (the token's prefix). Update ids count per bot, so the dedupe key is
   * `<botId>_<update_id>`: a new bot token can never have its updates mistaken for an old bot's
   * and silently dropped as redeliveries.
   */
  readonly botId?: string;
}

/**
 * Maps a validated update to what the runtime understands, or null when there is nothing to do:
 * group and channel chats, messages without text (stickers, photos…), update kinds we do not
 * handle, and callback queries that carry no message or no data. Pure: no I/O, no clock.
 */
export function parseUpdate(
  update: TelegramUpdate,
  options: ParseUpdateOptions = {},
): InboundEnvelope | null {
  const externalId =
    options.botId === undefined ? String(update.update_id) : `${options.botId}_${update.update_id}`;

  const query = update.callback_query;
  if (query !== undefined) {
    if (query.message === undefined || query.data === undefined) return null;
    if (query.message.chat.type !== "private") return null;
    return envelope(
      externalId,
      query.message.chat.id,
      query.from.language_code,
      { kind: "button", token: query.data, messageId: String(query.message.message_id) },
      query.id,
    );
  }

  const message = update.message;
  if (message === undefined || message.chat.type !== "private") return null;
  if (message.text === undefined || message.text.trim() === "") return null;
  return envelope(
    externalId,
    message.chat.id,
    message.from?.language_code,
    parseText(message.text, options),
  );
}

/** `/name`, `/name@bot`, then an optional argument after whitespace (Telegram's command syntax). */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

/** Reads a message text as /start, /stop, /help, or free text (any other command included). */
export function parseText(text: string, options: ParseUpdateOptions = {}): DebtorInbound {
  const match = COMMAND.exec(text.trim());
  const name = match?.[1]?.toLowerCase();
  const addressee = match?.[2];
  const forUs =
    addressee === undefined ||
    options.botUsername === undefined ||
    addressee.toLowerCase() === options.botUsername.toLowerCase();
  if (match === null || name === undefined || !forUs) return { kind: "text", text };
  switch (name) {
    case "start":
      return { kind: "start", token: startPayload(match[3]) };
    case "stop":
      return { kind: "command", command: "stop" };
    case "help":
      return { kind: "command", command: "help" };
    default:
      return { kind: "text", text };
  }
}

/** A deep-link payload as Telegram allows it, or null (absent or malformed: the runtime answers
 *  politely that the link is not valid, and binds nothing). */
function startPayload(argument: string | undefined): string | null {
  const payload = argument?.trim();
  return payload !== undefined && TELEGRAM_START_PAYLOAD.test(payload) ? payload : null;
}

function envelope(
  externalId: string,
  chatId: number,
  languageCode: string | undefined,
  input: DebtorInbound,
  callbackQueryId?: string,
): InboundEnvelope {
  return {
    channel: "telegram",
    address: String(chatId),
    externalId,
    ...(callbackQueryId === undefined ? {} : { callbackQueryId }),
    ...(languageCode === undefined || languageCode === "" ? {} : { languageHint: languageCode }),
    input,
  };
}
