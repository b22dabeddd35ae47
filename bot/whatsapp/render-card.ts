import type { Locale } from "../../src/core/index.ts";
import { listButtonLabel } from "../../src/messages/index.ts";
import type { NoticeSummary, OutboundCard } from "../../src/runtime/index.ts";
import {
  WHATSAPP_BUTTON_BODY_MAX,
  WHATSAPP_BUTTON_TITLE_MAX,
  WHATSAPP_LIST_BODY_MAX,
  WHATSAPP_LIST_BUTTON_MAX,
  WHATSAPP_LIST_ROW_DESCRIPTION_MAX,
  WHATSAPP_LIST_ROW_TITLE_MAX,
  WHATSAPP_LIST_ROWS_MAX,
  WHATSAPP_REPLY_BUTTONS_MAX,
  WHATSAPP_ROW_ID_MAX,
  WHATSAPP_TEXT_MAX,
} from "./constants.ts";

/** The message part of a send (`type` and its object); the delivery adds `to` and the product. */
export type WhatsAppMessage =
  | { readonly type: "text"; readonly text: { body: string; preview_url: boolean } }
  | { readonly type: "interactive"; readonly interactive: Record<string, unknown> }
  | { readonly type: "template"; readonly template: Record<string, unknown> };

export interface RenderedWhatsAppCard {
  readonly message: WhatsAppMessage;
  /** Something had to be shortened to fit (worth a warning: cards are meant to fit). */
  readonly shortened: boolean;
}

/** A card WhatsApp would refuse, found before sending: never worth retrying. */
export class WhatsAppCardError extends Error {
  override readonly name = "WhatsAppCardError";
}

/**
 * A card as one Cloud API message:
 * - no choices → a text message (≤ 4096);
 * - up to 3 choices and a body ≤ 1024 → reply buttons (titles ≤ 20);
 * - more choices, or a longer body → a list message (≤ 10 rows, titles ≤ 24, descriptions ≤ 72),
 *   opened by a "see the choices" button in the debtor's language.
 * Each button or row id is the card's opaque token, as on Telegram. Text is plain (no markdown
 * interpretation issues: WhatsApp formats *bold* only between asterisks, which our copy avoids).
 */
export function renderWhatsAppCard(card: OutboundCard, locale: Locale): RenderedWhatsAppCard {
  const choices = [
    ...card.buttons.map((b) => ({ label: b.label, token: b.token, description: undefined })),
    ...(card.list?.items ?? []).map((i) => ({
      label: i.label,
      token: i.token,
      description: i.description,
    })),
  ];
  for (const choice of choices) {
    if (choice.token.length > WHATSAPP_ROW_ID_MAX) {
      throw new WhatsAppCardError(`button id of "${choice.label}" is too long`);
    }
  }
  if (choices.length === 0) {
    const body = fitChars(card.text, WHATSAPP_TEXT_MAX);
    return {
      message: { type: "text", text: { body: body.text, preview_url: false } },
      shortened: body.shortened,
    };
  }
  if (
    choices.length <= WHATSAPP_REPLY_BUTTONS_MAX &&
    card.text.length <= WHATSAPP_BUTTON_BODY_MAX
  ) {
    const titles = uniqueTitles(
      choices.map((c) => c.label),
      WHATSAPP_BUTTON_TITLE_MAX,
    );
    return {
      message: {
        type: "interactive",
        interactive: {
          type: "button",
          body: { text: card.text },
          action: {
            buttons: choices.map((c, i) => ({
              type: "reply",
              reply: { id: c.token, title: titles.values[i] },
            })),
          },
        },
      },
      shortened: titles.shortened,
    };
  }
  const rows = choices.slice(0, WHATSAPP_LIST_ROWS_MAX);
  const titles = uniqueTitles(
    rows.map((r) => r.label),
    WHATSAPP_LIST_ROW_TITLE_MAX,
  );
  const body = fitChars(card.text, WHATSAPP_LIST_BODY_MAX);
  const button = fitChars(listButtonLabel(locale), WHATSAPP_LIST_BUTTON_MAX);
  return {
    message: {
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: body.text },
        action: {
          button: button.text,
          sections: [
            {
              rows: rows.map((r, i) => {
                // A label cut to fit the row title is shown whole in the description.
                const title = titles.values[i] ?? r.label;
                const detail = r.description ?? (title === r.label ? undefined : r.label);
                return {
                  id: r.token,
                  title,
                  ...(detail === undefined
                    ? {}
                    : { description: fitChars(detail, WHATSAPP_LIST_ROW_DESCRIPTION_MAX).text }),
                };
              }),
            },
          ],
        },
      },
    },
    shortened:
      body.shortened || titles.shortened || choices.length > rows.length || button.shortened,
  };
}

/** A template configured for one language: its name and language code as approved by Meta. */
export interface WhatsAppTemplate {
  readonly name: string;
  readonly language: string;
}

/**
 * The reminder template outside the 24-hour window. Its body takes five text parameters, in this
 * order: {{1}} the debtor's name, {{2}} the business, {{3}} the invoice number, {{4}} the amount
 * due, {{5}} the due date (README, "Channels", has the text to submit to Meta).
 */
export function renderTemplate(
  summary: NoticeSummary,
  template: WhatsAppTemplate,
): WhatsAppMessage {
  const params = [
    summary.debtorName,
    summary.businessName,
    summary.invoiceNumber,
    summary.amountDue,
    summary.dueDate,
  ];
  return {
    type: "template",
    template: {
      name: template.name,
      language: { code: template.language },
      components: [
        {
          type: "body",
          parameters: params.map((p) => ({ type: "text", text: templateParam(p) })),
        },
      ],
    },
  };
}

/** A template parameter may hold no line break or tab, nor more than 4 spaces in a row. */
export function templateParam(value: string): string {
  const flat = value
    .replace(/[\r\n\t]+/g, " ")
    .replace(/ {4,}/g, "   ")
    .trim();
  return flat === "" ? "-" : flat;
}

function uniqueTitles(
  labels: readonly string[],
  max: number,
): { values: string[]; shortened: boolean } {
  let shortened = false;
  const seen = new Set<string>();
  const values = labels.map((label, i) => {
    const fitted = fitChars(label, max);
    shortened ||= fitted.shortened;
    let title = fitted.text;
    // WhatsApp refuses two buttons or rows with one title.
    if (seen.has(title)) title = `${fitChars(label, max - 4).text} (${i + 1})`;
    seen.add(title);
    return title;
  });
  return { values, shortened };
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const ELLIPSIS = "…";

/** At most `max` UTF-16 units (WhatsApp counts characters), never inside a grapheme. */
export function fitChars(text: string, max: number): { text: string; shortened: boolean } {
  if (text.length <= max) return { text, shortened: false };
  let kept = "";
  for (const { segment } of segmenter.segment(text)) {
    if (kept.length + segment.length > max - ELLIPSIS.length) break;
    kept += segment;
  }
  return { text: kept.trimEnd() + ELLIPSIS, shortened: true };
}
