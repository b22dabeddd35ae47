import type { Locale } from "../core/index.ts";
import { t } from "./bundle.ts";

/** The button that opens a WhatsApp list of every choice of a card (20 characters at most). */
export function listButtonLabel(locale: Locale): string {
  return t(locale, "list-button-choose");
}
