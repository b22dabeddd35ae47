import { randomBytes } from "node:crypto";
import type { LinkTokenSet } from "./ports.ts";

/** What deep links are built from (configuration). */
export interface LinkSettings {
  readonly publicUrl: string;
  /** Without "@"; no Telegram link is offered when the bot is not configured. */
  readonly telegramBotUsername: string | undefined;
  /** The business WhatsApp number (digits); no wa.me link is offered without it. */
  readonly whatsappNumber?: string | undefined;
}

export interface DebtorLinks {
  readonly telegram: string | null;
  readonly webchat: string;
  /** `https://wa.me/<number>?text=%23<code>`: the debtor sends the prefilled code and the chat is
   *  bound, as Telegram's `/start <token>`. */
  readonly whatsapp: string | null;
}

/** How long a deep link can bind a chat. Long: invoices can stay unpaid for months. */
export const LINK_TOKEN_TTL_DAYS = 365;

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
