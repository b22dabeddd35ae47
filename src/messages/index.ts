/**
 * Everything the debtor or the owner reads. The core says *what* to say (DebtorMessage,
 * OwnerMessage); this module says it, in the debtor's locale, from the Fluent catalogues in
 * ./locales, as a channel-neutral Card (debtor) or OwnerText (owner).
 */
export { hasMessage, LOCALES, messageIds, t } from "./bundle.ts";
export { formatDate, formatInstant, formatMoney, formatShortDate } from "./format.ts";
export type { RenderContext } from "./render-context.ts";
export { isAutomatedReminder, renderActionLabel, renderDebtorMessage } from "./render-debtor.ts";
export { type Notice, renderNotice } from "./render-notice.ts";
export { type OwnerText, renderOwnerMessage } from "./render-owner.ts";
export { renderRequestExpired } from "./render-owner-expired.ts";
export { cardText, registerOf, toneViolations } from "./tone.ts";
