import { randomBytes } from "node:crypto";
import type { LinkTokenSet } from "./ports.ts";

/** What deep links are built from (configuration). */
export interface LinkSettings {
  readonly publicUrl: string;
  /** Without "@"; no Telegram link is offered when the bot is not configured. */
  readonly telegramBotUsername: string | undefined;
  /** The business WhatsApp number (digits); no wa.me link is offered without it. */
  readonly whatsappNumber?: string | undefined;
  /** LINK_TTL_DAYS: how long an unused link can bind a chat; `DEFAULT_LINK_TTL_DAYS` if absent. */
  readonly ttlDays?: number;
}

export interface DebtorLinks {
  readonly telegram: string | null;
  readonly webchat: string;
  /** `https://wa.me/<number>?text=%23<code>`: the debtor sends the prefilled code and the chat is
   *  bound, as Telegram's `/start <token>`. */
  readonly whatsapp: string | null;
}

/**
 * How long an unused deep link can bind a chat (LINK_TTL_DAYS). A link travels in e-mails and
 * PDFs that get forwarded: the shorter it stays open, the smaller the window for someone else to
 * open it first. A debtor who comes later gets a fresh one (a reissue, API or desk).
 */
export const DEFAULT_LINK_TTL_DAYS = 30;

/**
 * How long a bound web-chat link keeps opening its chat after the case was paid or closed: the
 * debtor can read the conversation (and the confirmation) again, then the link is over.
 */
export const WEBCHAT_AFTER_CLOSE_DAYS = 30;

const DAY_MS = 86_400_000;

/** When links issued now stop binding chats. */
export function linkExpiry(settings: Pick<LinkSettings, "ttlDays">, now: Date): Date {
  return new Date(now.getTime() + (settings.ttlDays ?? DEFAULT_LINK_TTL_DAYS) * DAY_MS);
}

/** 144 random bits, base64url: 24 characters, inside Telegram's `start` limit (64 of
 *  [A-Za-z0-9_-], https://core.telegram.org/bots/features#deep-linking). */
export function newLinkToken(): string {
  return randomBytes(18).toString("base64url");
}

export function newLinkTokenSet(): LinkTokenSet {
  return { telegram: newLinkToken(), webchat: newLinkToken(), whatsapp: newLinkToken() };
}

export function debtorLinks(settings: LinkSettings, tokens: LinkTokenSet): DebtorLinks {
  return {
    telegram:
      settings.telegramBotUsername === undefined
        ? null
        : `https://t.me/${settings.telegramBotUsername}?start=${tokens.telegram}`,
    webchat: `${settings.publicUrl}/chat/${tokens.webchat}`,
    whatsapp:
      settings.whatsappNumber === undefined || tokens.whatsapp === undefined
        ? null
        : `https://wa.me/${settings.whatsappNumber}?text=${encodeURIComponent(`#${tokens.whatsapp}`)}`,
  };
}
