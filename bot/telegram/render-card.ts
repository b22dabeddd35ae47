import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { OutboundCard } from "../../src/runtime/index.ts";

// Limits from https://core.telegram.org/bots/api#sendmessage and #inlinekeyboardbutton.

/** `text` of sendMessage: 1-4096 characters after entity parsing, counted in UTF-16 code units. */
export const TELEGRAM_TEXT_MAX = 4096;
/** `callback_data`: 1-64 bytes (UTF-8). Telegram answers BUTTON_DATA_INVALID beyond. */
export const TELEGRAM_CALLBACK_DATA_MAX_BYTES = 64;
/** Telegram refuses a keyboard of more than about 100 buttons ("reply markup is too long"). */
export const TELEGRAM_INLINE_BUTTONS_MAX = 100;

// Layout choices (ours, not Telegram's): phone clients cut long button labels with an ellipsis.

/** Primary buttons whose labels all fit this many characters go two to a row. */
export const TELEGRAM_SHORT_LABEL_MAX = 16;
/** A list row ("label — description") is shortened to about what a phone shows on one line. */
export const TELEGRAM_LIST_ROW_MAX = 40;

const ELLIPSIS = "…";

/** The parts of sendMessage a card decides; the delivery adds `chat_id`. */
export interface TelegramCardMessage {
  readonly text: string;
  readonly reply_markup?: InlineKeyboardMarkup;
}

export interface RenderedCard {
  readonly message: TelegramCardMessage;
  /** True when the text had to be shortened to fit `TELEGRAM_TEXT_MAX` (worth a warning). */
  readonly truncated: boolean;
}

export type TelegramCardErrorCode =
  | "relance_telegram_callback_data_too_long"
  | "relance_telegram_too_many_buttons";

/** A card Telegram would refuse: found before sending, never worth retrying. */
export class TelegramCardError extends Error {
  override readonly name = "TelegramCardError";
  constructor(
    readonly code: TelegramCardErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serialises a card as one sendMessage: the text as plain text (no parse_mode, so names typed by
 * users cannot break Markdown or HTML), the primary buttons first, then one row per list item,
 * each button's `callback_data` being the card's opaque token.
 *
 * A text over the limit is truncated rather than split: one op is one API call, so a retried
 * delivery never sends the first half of a card twice. Cards are short in practice; a long one
 * is a bug worth a warning, not a reason to double-message a debtor.
 */
export function renderCard(card: OutboundCard): RenderedCard {
  const rows: InlineKeyboardButton[][] = [
    ...primaryRows(card.buttons),
    ...(card.list?.items ?? []).map((item) => [
      callbackButton(listRowText(item.label, item.description), item.token),
    ]),
  ];
  const count = rows.reduce((sum, row) => sum + row.length, 0);
  if (count > TELEGRAM_INLINE_BUTTONS_MAX) {
    throw new TelegramCardError(
      "relance_telegram_too_many_buttons",
      `a Telegram keyboard holds at most ${TELEGRAM_INLINE_BUTTONS_MAX} buttons, the card has ${count}`,
    );
  }

  // Telegram has no list widget: the list's title introduces the extra rows at the end of the text.
  const suffix = card.list === undefined ? "" : `\n\n${card.list.title}`;
  const body = fitUtf16(card.text, TELEGRAM_TEXT_MAX - suffix.length);
  return {
    message: {
      text: body.text + suffix,
      ...(rows.length === 0 ? {} : { reply_markup: { inline_keyboard: rows } }),
    },
    truncated: body.truncated,
  };
}

function primaryRows(buttons: OutboundCard["buttons"]): InlineKeyboardButton[][] {
  const rendered = buttons.map((b) => callbackButton(b.label, b.token));
  const allShort = buttons.every((b) => graphemes(b.label).length <= TELEGRAM_SHORT_LABEL_MAX);
  if (!allShort) return rendered.map((button) => [button]);
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < rendered.length; i += 2) rows.push(rendered.slice(i, i + 2));
  return rows;
}

function callbackButton(text: string, token: string): InlineKeyboardButton.CallbackButton {
  const bytes = Buffer.byteLength(token, "utf8");
  if (bytes < 1 || bytes > TELEGRAM_CALLBACK_DATA_MAX_BYTES) {
    throw new TelegramCardError(
      "relance_telegram_callback_data_too_long",
      `callback_data must be 1-${TELEGRAM_CALLBACK_DATA_MAX_BYTES} bytes; the token of button "${text}" has ${bytes}`,
    );
  }
  return { text, callback_data: token };
}

/**
 * "label — description", the description shortened at a word boundary to keep the row about
 * `TELEGRAM_LIST_ROW_MAX` characters; the label is never cut unless it alone is too long.
 */
export function listRowText(label: string, description?: string): string {
  const labelChars = graphemes(label);
  if (labelChars.length >= TELEGRAM_LIST_ROW_MAX) return cut(labelChars, TELEGRAM_LIST_ROW_MAX);
  const detail = description?.trim();
  if (detail === undefined || detail === "") return label;
  const separator = " — ";
  const room = TELEGRAM_LIST_ROW_MAX - labelChars.length - separator.length;
  const detailChars = graphemes(detail);
  if (detailChars.length <= room) return `${label}${separator}${detail}`;
  // Fewer than a few characters of a description is noise, not information.
  if (room < 6) return label;
  return `${label}${separator}${cutAtWord(detailChars, room)}`;
}

/** Shortens to at most `max` UTF-16 code units, never inside a grapheme, preferring a line or word end. */
export function fitUtf16(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const budget = max - ELLIPSIS.length;
  let kept = "";
  for (const g of graphemes(text)) {
    if (kept.length + g.length > budget) break;
    kept += g;
  }
  // Back up to a whitespace if one is reasonably close, so the cut does not land mid-word.
  const lastSpace = kept.search(/\s\S*$/);
  if (lastSpace > budget - 200 && lastSpace > 0) kept = kept.slice(0, lastSpace);
  return { text: kept.trimEnd() + ELLIPSIS, truncated: true };
}

function cut(chars: readonly string[], max: number): string {
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + ELLIPSIS;
}

function cutAtWord(chars: readonly string[], max: number): string {
  const kept = chars.slice(0, max - 1).join("");
  const lastSpace = kept.search(/\s\S*$/);
  const atWord = lastSpace > max / 2 ? kept.slice(0, lastSpace) : kept;
  return atWord.trimEnd() + ELLIPSIS;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}
