import type { Locale } from "../../core/index.ts";
import {
  type DeskText,
  deskText,
  formatDate,
  formatInstant,
  formatMoney,
} from "../../messages/index.ts";

/** Who is signed in, as the pages show it. */
export interface DeskViewer {
  readonly email: string;
  readonly role: "admin" | "owner";
}

/** The navigation's entries; a page names the one it is (aria-current). */
export type DeskNavKey =
  | "inbox"
  | "dashboard"
  | "cases"
  | "agreements"
  | "exports"
  | "experiments"
  | "settings"
  | "audit";

/**
 * What every desk page is rendered with: the language (the business's, or the viewer's own on a
 * page about several businesses), its words and formats, who is signed in, and the CSRF token
 * every form carries.
 */
export interface DeskPage {
  readonly locale: Locale;
  readonly text: DeskText;
  /** IANA zone instants are shown in (the business's). */
  readonly timezone: string;
  /** null on the sign-in page. */
  readonly viewer: DeskViewer | null;
  readonly csrfToken: string | null;
  readonly current?: DeskNavKey;
}

export function deskPage(args: {
  readonly locale: Locale;
  readonly timezone?: string;
  readonly viewer: DeskViewer | null;
  readonly csrfToken: string | null;
  readonly current?: DeskNavKey;
}): DeskPage {
  return {
    locale: args.locale,
    text: deskText(args.locale),
    timezone: args.timezone ?? "Europe/Paris",
    viewer: args.viewer,
    csrfToken: args.csrfToken,
    ...(args.current ? { current: args.current } : {}),
  };
}

/** Amounts, days and instants in the page's language (the formatters every message uses). */
export function money(page: DeskPage, minor: number, currency: string): string {
  return formatMoney(minor, currency, page.locale);
}

export function day(page: DeskPage, isoDate: string): string {
  try {
    return formatDate(isoDate, page.locale);
  } catch {
    return isoDate;
  }
}

export function instant(page: DeskPage, at: Date, timezone = page.timezone): string {
  try {
    return formatInstant(at.toISOString(), page.locale, timezone);
  } catch {
    return formatInstant(at.toISOString(), page.locale, "UTC");
  }
}
