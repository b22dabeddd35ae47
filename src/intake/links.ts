import { randomBytes } from "node:crypto";
import type { LinkTokenSet } from "./ports.ts";

/** What deep links are built from (configuration). */
export interface LinkSettings {
  readonly publicUrl: string;
  /** Without "@"; no Telegram link is offered when the bot is not configured. */
  readonly telegramBotUsername: string | undefined;
}

export interface DebtorLinks {
  readonly telegram: string | null;
  readonly webchat: string;
}

/** How long a deep link can bind a chat. Long: invoices can stay unpaid for months. */
export const LINK_TOKEN_TTL_DAYS = 365;

/** 144 random bits, base64url: 24 characters, inside Telegram's `start` limit (64 of
 *  [A-Za-z0-9_-], https://core.telegram.org/bots/features#deep-linking). */
export function newLinkToken(): string {
  return randomBytes(18).toString("base64url");
}

export function newLinkTokenSet(): LinkTokenSet {
  return { telegram: newLinkToken(), webchat: newLinkToken() };
}

export function debtorLinks(settings: LinkSettings, tokens: LinkTokenSet): DebtorLinks {
  return {
    telegram:
      settings.telegramBotUsername === undefined
        ? null
        : `https://t.me/${settings.telegramBotUsername}?start=${tokens.telegram}`,
    webchat: `${settings.publicUrl}/chat/${tokens.webchat}`,
  };
}
