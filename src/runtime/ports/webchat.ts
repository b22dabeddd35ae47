import type { Locale } from "../../core/index.ts";

/** What the web chat reads from the database (implemented in db/webchat-store.ts, wired by
 *  src/main.ts: bot/ never imports db/). Writes go through the runtime only. */
export interface WebchatStore {
  /**
   * The web chat link `token` for the chat `address`: `open` when it is unused and unexpired, or
   * already bound to this very address while its case is open or closed less than
   * `WEBCHAT_AFTER_CLOSE_DAYS` ago; `closed` (with why, and whose it is, for a kind page) when a
   * reissue revoked it, it expired unused, or its case is over; null when there is no such web
   * chat link or another address holds it.
   */
  findLink(token: string, address: string, now: Date): Promise<WebchatLinkLookup | null>;
  /**
   * The chat's messages in both directions, oldest first: the newest `limit` without a cursor,
   * else the first `limit` after it. `unknown_cursor` when `after` names no message of this chat.
   */
  conversation(args: {
    readonly debtorId: string;
    readonly address: string;
    readonly after: ConversationCursor | null;
    readonly limit: number;
  }): Promise<ConversationPage | "unknown_cursor">;
  /** The label of `token` on a card this chat was shown (buttons or list), or null: what the
   *  debtor "said" by pressing it, taken from our records rather than from the client. */
  buttonLabel(args: {
    readonly debtorId: string;
    readonly address: string;
    readonly token: string;
  }): Promise<string | null>;
}

export interface WebchatLink {
  readonly debtorId: string;
  readonly locale: Locale;
  readonly businessName: string;
}

export type WebchatLinkLookup =
  | ({ readonly status: "open" } & WebchatLink)
  | {
      readonly status: "closed";
      readonly reason: "revoked" | "expired" | "case_finished";
      readonly locale: Locale;
      readonly businessName: string;
    };

export type ConversationCursor =
  | { readonly kind: "message"; readonly id: string }
  | { readonly kind: "instant"; readonly at: Date };

export interface StoredChatMessage {
  readonly id: string;
  readonly direction: "in" | "out";
  readonly text: string | null;
  /** The card as the outbox delivered it (an OutboundCard), for bot messages. */
  readonly card: unknown;
  readonly at: Date;
}

export interface ConversationPage {
  readonly messages: readonly StoredChatMessage[];
  /**
   * The chat's newest bot message whose buttons would still be honoured (its tokens were issued at
   * its case's current version), wherever it is: only its buttons are shown. Usually the newest
   * bot message; not when the case moved on since, nor when two cards were delivered out of order.
   */
  readonly liveBotMessageId: string | null;
}
