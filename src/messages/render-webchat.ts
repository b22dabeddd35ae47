import type { Locale } from "../core/index.ts";
import { LOCALES, t } from "./bundle.ts";

/**
 * The web chat page's own wording (bot/webchat): its title, labels and status lines. The bot's
 * messages themselves are cards rendered like on every other channel (render-debtor.ts).
 */
export interface WebchatChrome {
  readonly lang: Locale;
  readonly title: string;
  readonly intro: string;
  /** aria-label of the message log and of the group of reply buttons. */
  readonly conversation: string;
  readonly options: string;
  readonly inputLabel: string;
  readonly placeholder: string;
  readonly send: string;
  readonly connecting: string;
  readonly offline: string;
  readonly sendFailed: string;
  readonly rateLimited: string;
  readonly buttonRefused: string;
  /** The link was revoked, or its time is over, while the page was open. */
  readonly linkClosed: string;
  /** Screen-reader prefix of the debtor's own messages (the bot's carry the business name). */
  readonly you: string;
  readonly bot: string;
}

export function renderWebchatChrome(locale: Locale, businessName: string): WebchatChrome {
  return {
    lang: locale,
    title: t(locale, "webchat-title", { business: businessName }),
    intro: t(locale, "webchat-intro"),
    conversation: t(locale, "webchat-conversation"),
    options: t(locale, "webchat-options"),
    inputLabel: t(locale, "webchat-input-label"),
    placeholder: t(locale, "webchat-input-placeholder"),
    send: t(locale, "webchat-send"),
    connecting: t(locale, "webchat-connecting"),
    offline: t(locale, "webchat-offline"),
    sendFailed: t(locale, "webchat-send-failed"),
    rateLimited: t(locale, "webchat-rate-limited"),
    buttonRefused: t(locale, "webchat-button-refused"),
    linkClosed: t(locale, "webchat-closed-body", { reason: "revoked", business: businessName }),
    you: t(locale, "webchat-you"),
    bot: businessName,
  };
}

/** The unknown-link page speaks every locale: without a valid link we do not know the reader's. */
export function renderWebchatNotFound(): readonly {
  readonly lang: Locale;
  readonly title: string;
  readonly body: string;
}[] {
  return LOCALES.map((lang) => ({
    lang,
    title: t(lang, "webchat-not-found-title"),
    body: t(lang, "webchat-not-found-body"),
  }));
}

/** A link that was ours but opens nothing any more (revoked, expired unused, or its case over):
 *  said in the debtor's language, naming the business to ask for a new one. */
export function renderWebchatClosed(
  locale: Locale,
  businessName: string,
  reason: "revoked" | "expired" | "case_finished",
): { readonly lang: Locale; readonly title: string; readonly body: string } {
  return {
    lang: locale,
    title: t(locale, "webchat-closed-title"),
    body: t(locale, "webchat-closed-body", { reason, business: businessName }),
  };
}
