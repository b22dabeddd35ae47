/**
 * Everything the debtor or the owner reads. The core says *what* to say (DebtorMessage,
 * OwnerMessage); this module says it, in the debtor's locale, from the Fluent catalogues in
 * ./locales, as a channel-neutral Card (debtor) or OwnerText (owner).
 */
export {
  BASE_VARIANT,
  hasMessage,
  LOCALES,
  messageIds,
  messagesWithVariants,
  messageVariants,
  t,
  variantMessageId,
} from "./bundle.ts";
export {
  CARD_LINES_MAX,
  PHONE_LINE_CHARS,
  phoneLines,
  UNBROKEN_HYPHENATED_MAX,
} from "./card-length.ts";
export { type DeskText, deskText } from "./desk-text.ts";
export {
  formatDate,
  formatDayMonth,
  formatDelay,
  formatInstant,
  formatMoney,
  formatShortDate,
} from "./format.ts";
export { listButtonLabel } from "./render-channel.ts";
export {
  DEFAULT_REPLY_HOURS,
  FORMAL_NOTICE_DAYS,
  type RenderContext,
} from "./render-context.ts";
export {
  CARD_CHOICES_MAX,
  isAutomatedReminder,
  type RenderedCard,
  renderActionLabel,
  renderDebtorCard,
  renderDebtorMessage,
  type WordingUse,
} from "./render-debtor.ts";
export {
  type EmailWords,
  renderEmailWords,
  type UnsubscribeWord,
  unsubscribeWord,
} from "./render-email.ts";
export { type BusinessNotice, type Notice, renderNotice } from "./render-notice.ts";
export { type OwnerText, renderOwnerMessage } from "./render-owner.ts";
export { renderRequestExpired } from "./render-owner-expired.ts";
export {
  renderWebchatChrome,
  renderWebchatClosed,
  renderWebchatNotFound,
  type WebchatChrome,
} from "./render-webchat.ts";
export { cardText, type Register, registerOf, toneViolations } from "./tone.ts";
export { frenchSpacing, frenchSpacingFaults, typeset } from "./typography.ts";
export { variantPreview } from "./variant-preview.ts";
