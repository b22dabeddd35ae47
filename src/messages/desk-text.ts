import type { Locale } from "../core/types.ts";
import { t } from "./bundle.ts";

/**
 * The words of the owner's desk (the /admin pages), from the same Fluent catalogues as every
 * debtor and owner message. Ids are listed here so a page can only ask for one that exists
 * (the compiler checks it) and the catalogue test sees each one used.
 */
export const DESK_TEXT_IDS = [
  "desk-agreement-status",
  "desk-agreement-title",
  "desk-agreements-title",
  "desk-all-agreements",
  "desk-app",
  "desk-audit-broken",
  "desk-audit-counts",
  "desk-audit-note",
  "desk-audit-ok",
  "desk-audit-title",
  "desk-bad-filter-body",
  "desk-bad-filter-field",
  "desk-bad-filter-title",
  "desk-channel",
  "desk-col-amount",
  "desk-col-approved",
  "desk-col-business",
  "desk-col-channel",
  "desk-col-confirmed",
  "desk-col-debtor",
  "desk-col-due",
  "desk-col-invoice",
  "desk-col-paid",
  "desk-col-paid-amount",
  "desk-col-seq",
  "desk-col-status",
  "desk-col-terms",
  "desk-col-total",
  "desk-confirmed-text",
  "desk-csrf-failed",
  "desk-csrf-title",
  "desk-error-body",
  "desk-error-title",
  "desk-filter",
  "desk-filter-any",
  "desk-filter-business",
  "desk-filter-from",
  "desk-filter-status",
  "desk-filter-to",
  "desk-frequency",
  "desk-installment-status",
  "desk-installments",
  "desk-login-email",
  "desk-login-failed",
  "desk-login-password",
  "desk-login-submit",
  "desk-login-throttled",
  "desk-login-title",
  "desk-logout",
  "desk-nav-agreements",
  "desk-nav-audit",
  "desk-nav-inbox",
  "desk-nav-label",
  "desk-nav-settings",
  "desk-next-page",
  "desk-no-agreement",
  "desk-no-installments",
  "desk-not-found-body",
  "desk-not-found-title",
  "desk-page-title",
  "desk-paid-of",
  "desk-signed-in-as",
  "desk-skip",
  "desk-terms-discount",
  "desk-terms-installments",
  "desk-terms-pay-now",
  "desk-terms-promise",
  "desk-terms-unreadable",
  "desk-within-policy",
] as const;

export type DeskTextId = (typeof DESK_TEXT_IDS)[number];

export type DeskText = (id: DeskTextId, args?: Record<string, string | number>) => string;

/** The desk's words in `locale`, typeset like every other text (French no-break spaces). */
export function deskText(locale: Locale): DeskText {
  return (id, args) => t(locale, id, args);
}
