import { describe, expect, it } from "vitest";
import { renderEmail } from "../../../bot/email/render-email.ts";
import { renderCard as renderTelegramCard } from "../../../bot/telegram/index.ts";
import { renderTemplate, renderWhatsAppCard } from "../../../bot/whatsapp/render-card.ts";
import type { Locale } from "../../../src/core/types.ts";
import {
  CARD_LINES_MAX,
  LOCALES,
  phoneLines,
  type RenderContext,
  renderDebtorMessage,
} from "../../../src/messages/index.ts";
import { tokenizeCard } from "../../../src/runtime/button-tokens.ts";
import { type OutboundOp, outboundCardSchema } from "../../../src/runtime/outbound.ts";
import { parseInlineKeyboard, TELEGRAM_TEXT_MAX_UTF16 } from "../../fakes/telegram-markup.ts";
import { validateSendRequest } from "../../fakes/whatsapp-send-request.ts";
import { allDebtorExamples, context } from "../messages/fixtures.ts";

/**
 * Every card the core can produce, in both languages, automated or not, through every channel's
 * serialiser — checked against the platforms' own limits, as the fakes enforce them (the fakes'
 * validators are the judges, not the serialisers' constants): nothing refused, nothing cut.
 */

const ctxFor = (locale: Locale): RenderContext => ({
  ...context,
  locale,
  today: "2026-12-20",
  replyWithinHours: 48,
});
const summaryFor = (locale: Locale) => ({
  locale,
  businessName: context.businessName,
  debtorName: context.debtorName,
  invoiceNumber: context.invoiceNumber,
  amountDue: locale === "fr" ? "1 234,56 €" : "€1,234.56",
  dueDate: locale === "fr" ? "15 décembre 2026" : "15 December 2026",
});
const owner = {
  caseId: "00000000-0000-4000-8000-000000000001",
  debtorId: "d",
  caseVersion: 3,
  chat: { channel: "telegram" as const, address: "42" },
};
const WEBCHAT_TOKEN = "AbCdEfGhIjKlMnOpQrStUvWx";

const cases = LOCALES.flatMap((locale) =>
  allDebtorExamples().flatMap(({ name, message }) =>
    [false, true].map((automated) => ({ locale, name, message, automated })),
  ),
);

describe("every card on every channel", () => {
  it.each(cases)("$name ($locale, automated $automated)", ({ locale, message, automated }) => {
    const card = renderDebtorMessage(message, ctxFor(locale), { automated });
    const { outbound } = tokenizeCard(card, owner);
    // The web chat stores the outbound card as is.
    expect(outboundCardSchema.safeParse(outbound).success).toBe(true);

    // Telegram: one sendMessage, no cut, a keyboard the Bot API accepts.
    const telegram = renderTelegramCard(outbound);
    expect(telegram.truncated).toBe(false);
    expect(telegram.message.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX_UTF16);
    if (telegram.message.reply_markup) {
      expect(() => parseInlineKeyboard(telegram.message.reply_markup)).not.toThrow();
    }

    // WhatsApp: the Cloud API's validator accepts it, and nothing had to be shortened.
    const whatsapp = renderWhatsAppCard(outbound, locale);
    expect(whatsapp.shortened).toBe(false);
    const request = { messaging_product: "whatsapp", to: "33612345678", ...whatsapp.message };
    const sent = validateSendRequest(request as Record<string, unknown>);
    const choices = outbound.buttons.length + (outbound.list?.items.length ?? 0);
    if (choices === 0) expect(sent.kind).toBe("text");
    else expect(sent.kind === "button" || sent.kind === "list").toBe(true);
    if (sent.kind === "button" || sent.kind === "list") {
      const ids =
        sent.kind === "button" ? sent.buttons.map((b) => b.id) : sent.rows.map((r) => r.id);
      expect(ids.length).toBe(choices);
    }

    if (automated) {
      // Outside the window: the template, whose parameters the API accepts.
      const template = renderTemplate(summaryFor(locale), {
        name: "relance_rappel",
        language: locale,
      });
      const accepted = validateSendRequest({
        messaging_product: "whatsapp",
        to: "33612345678",
        ...template,
      } as Record<string, unknown>);
      expect(accepted.kind === "template" && accepted.params).toHaveLength(5);

      // E-mail: the card's words, the chat link, the unsubscribe link; no "reply STOP".
      const op = {
        op: "send_card",
        channel: "email",
        address: "camille@example.org",
        messageKind: message.kind,
        automated,
        locale,
        card: outbound,
        summary: summaryFor(locale),
        webchatToken: WEBCHAT_TOKEN,
      } satisfies OutboundOp;
      const mail = renderEmail(op, "https://relance.example", WEBCHAT_TOKEN);
      expect(mail.subject).toContain(context.invoiceNumber);
      expect(mail.text).toContain(`https://relance.example/chat/${WEBCHAT_TOKEN}`);
      expect(mail.text).toContain(`https://relance.example/unsubscribe/${WEBCHAT_TOKEN}`);
      expect(mail.text).not.toMatch(/STOP/);
      expect(mail.html).not.toMatch(/<(?!\/?(p|a|br|body|html|head|meta|title)\b|!doctype)/i);
      for (const choice of [...outbound.buttons, ...(outbound.list?.items ?? [])]) {
        expect(mail.text).toContain(choice.label);
      }
    }
  });

  it("a confirmation to a debtor no channel can remind promises no reminder, and still fits", () => {
    const confirmations = allDebtorExamples().filter(
      (e) => e.message.kind === "agreement_confirmed",
    );
    expect(confirmations.length).toBeGreaterThan(0);
    for (const locale of LOCALES) {
      for (const { message } of confirmations) {
        const ctx = { ...ctxFor(locale), remindable: false };
        const text = renderDebtorMessage(message, ctx, { automated: false }).text;
        expect(text).not.toMatch(/rappellerons|will remind you/);
        expect(phoneLines(text)).toBeLessThanOrEqual(CARD_LINES_MAX);
        if (message.kind === "agreement_confirmed" && message.terms.kind !== "pay_now") {
          expect(text).toMatch(/Notez|Please note/);
        }
      }
    }
  });
});
