import type { Locale } from "../../core/types.ts";
import { formatDate, formatInstant, formatMoney, t } from "../../messages/index.ts";

/** Amounts, days and instants on the desk's pages, through the messages' formatters. */

export function money(minor: number, currency: string, locale: Locale): string {
  return formatMoney(minor, currency, locale);
}

export function day(date: string, locale: Locale): string {
  try {
    return formatDate(date, locale);
  } catch {
    return date;
  }
}

/** An instant in the business's zone: "15 décembre 2026 à 09:30". */
export function when(at: Date, locale: Locale, timezone: string): string {
  try {
    return formatInstant(at.toISOString(), locale, timezone);
  } catch {
    return formatInstant(at.toISOString(), locale, "UTC");
  }
}

export function statusText(status: string, locale: Locale): string {
  return t(locale, "case-status", { status });
}

/** "3 jours de retard", "Échéance aujourd'hui", "Échéance dans 5 jours". */
export function ageText(daysOverdue: number, locale: Locale): string {
  if (daysOverdue > 0) return t(locale, "case-age", { when: "late", days: daysOverdue });
  if (daysOverdue === 0) return t(locale, "case-age", { when: "today", days: 0 });
  return t(locale, "case-age", { when: "ahead", days: -daysOverdue });
}

export function channelText(channel: string, locale: Locale): string {
  return t(locale, "case-channel", { channel });
}

/** `owner:U123` → "owner": who acted, without the platform's internal id. */
export function actorKind(actor: string): string {
  const kind = actor.split(":")[0] ?? "";
  return ["debtor", "owner", "api", "system"].includes(kind) ? kind : "other";
}
