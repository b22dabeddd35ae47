import type { Locale } from "../core/types.ts";
import { t } from "./bundle.ts";

/** Notices for a chat that is not linked to any case yet: no business, invoice or name to use. */
export type Notice = "link_invalid" | "chat_unbound" | "number_unknown";

const NOTICE_IDS: Record<Notice, string> = {
  link_invalid: "notice-link-invalid",
  chat_unbound: "notice-chat-unbound",
  number_unknown: "notice-number-unknown",
};

export function renderNotice(locale: Locale, notice: Notice): string {
  return t(locale, NOTICE_IDS[notice]);
}
