import { z } from "zod";
import { stripControlCharacters } from "../../src/intake/index.ts";

/**
 * Exactly the parts of a Telegram `Update` the adapter reads (https://core.telegram.org/bots/api#update),
 * checked at the edge: anything else in the payload is dropped, and an update whose fields we read
 * have the wrong type is malformed. Kinds we do not handle (edited_message, my_chat_member…) pass
 * the schema with neither `message` nor `callback_query` and are ignored by `parseUpdate`.
 */

/**
 * A string as Postgres can keep it: text and jsonb columns refuse U+0000 and a lone surrogate (no
 * valid UTF-8), so either in a message would fail the transaction every time — a 500, and Telegram
 * redelivering the same update forever while the bot's later updates wait behind it. Control
 * characters carry no meaning in a chat: they are dropped, as on the web chat.
 */
const storable = z.string().transform(stripControlCharacters);

const chat = z.object({
  id: z.number().int(),
  /** "private", "group", "supergroup" or "channel": only private chats are debtors' chats. */
  type: z.string(),
});

const user = z.object({
  id: z.number().int(),
  language_code: storable.optional(),
});

const message = z.object({
  message_id: z.number().int(),
  chat,
  from: user.optional(),
  /** Absent for stickers, photos, voice notes…, which we ignore. */
  text: storable.optional(),
});

const callbackQuery = z.object({
  id: storable.pipe(z.string().min(1)),
  from: user,
  /** Absent for buttons under inline-mode messages, which this bot never sends. Also present, with
   *  `chat` and `message_id`, when the message is "inaccessible" (older than 48 h). */
  message: z.object({ message_id: z.number().int(), chat }).optional(),
  /** Absent for game buttons, which this bot never sends. */
  data: storable.optional(),
});

export const telegramUpdateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
});

export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;
