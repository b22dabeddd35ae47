import type { Locale } from "../core/index.ts";
import { t } from "./bundle.ts";

/**
 * The words around a card sent by e-mail, and the unsubscribe page's. The card's own text is the
 * same Fluent message every channel shows; an e-mail adds the subject, the link to the web chat
 * (where the card's buttons are) with the choices it offers, and the one-click unsubscribe link —
 * in place of "reply STOP", which an e-mail cannot obey.
 */
export interface EmailWords {
  readonly subject: string;
  readonly body: string;
  readonly chatLink: string;
  readonly choices: string | null;
  readonly unsubscribe: string;
}

export function renderEmailWords(args: {
  readonly locale: Locale;
  readonly business: string;
  readonly invoice: string;
  readonly cardText: string;
  readonly choices: readonly string[];
  readonly chatUrl: string;
  readonly unsubscribeUrl: string;
}): EmailWords {
  const { locale } = args;
  const stopLine = t(locale, "stop-instruction");
  const body = args.cardText
    .split("\n\n")
    .filter((block) => block.trim() !== stopLine.trim())
    .join("\n\n");
  return {
    subject: t(locale, "email-subject", { invoice: args.invoice, business: args.business }),
    body,
    chatLink: t(locale, "email-chat-link", { url: args.chatUrl }),
    choices:
      args.choices.length === 0
        ? null
        : t(locale, "email-choices", { choices: args.choices.join(" · ") }),
    unsubscribe: t(locale, "email-unsubscribe", { url: args.unsubscribeUrl }),
  };
}

export type UnsubscribeWord = "title" | "confirm" | "button" | "done" | "unknown";

const UNSUBSCRIBE_IDS: Record<UnsubscribeWord, string> = {
  title: "unsubscribe-title",
  confirm: "unsubscribe-confirm",
  button: "unsubscribe-button",
  done: "unsubscribe-done",
  unknown: "unsubscribe-unknown",
};

export function unsubscribeWord(locale: Locale, word: UnsubscribeWord): string {
  return t(locale, UNSUBSCRIBE_IDS[word]);
}
