import type { Locale } from "../core/index.ts";
import { t } from "./bundle.ts";

/**
 * Notices outside any case's conversation: a chat that is not linked to any case (yet, or any
 * more), a link that no longer binds, a button pressed in the wrong chat. Most know no business:
 * only those about a link we found name it (`NoticeArgs.business`).
 */
export type Notice =
  | "link_invalid"
  | "chat_unbound"
  | "number_unknown"
  /** The chat was bound through a link a reissue revoked, or the link itself was revoked. */
  | "link_revoked"
  /** An unused link past its lifetime (LINK_TTL_DAYS). */
  | "link_expired"
  /** A link of a case that is paid or closed. */
  | "link_closed"
  /** A button sent to another chat of the same debtor. */
  | "button_elsewhere";

/** The notices that name the business (the link told us which one). */
export type BusinessNotice = Extract<Notice, "link_revoked" | "link_expired" | "link_closed">;

export interface NoticeArgs {
  readonly business?: string;
}

const NOTICE_IDS: Record<Notice, string> = {
  link_invalid: "notice-link-invalid",
  chat_unbound: "notice-chat-unbound",
  number_unknown: "notice-number-unknown",
  link_revoked: "notice-link-revoked",
  link_expired: "notice-link-expired",
  link_closed: "notice-link-closed",
  button_elsewhere: "notice-button-elsewhere",
};

export function renderNotice(locale: Locale, notice: Notice, args: NoticeArgs = {}): string {
  return t(locale, NOTICE_IDS[notice], args.business === undefined ? {} : { ...args });
}
