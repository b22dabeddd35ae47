import type { Locale } from "../../core/index.ts";
import { t } from "../../messages/index.ts";

/** A case's status, age, channel and actor in words (amounts, days and instants: page.ts). */

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

/** `owner:U123` → "owner": who acted, without the platform's internal id (`desk:<e-mail>` is the
 *  owner on the desk). */
export function actorKind(actor: string): string {
  const kind = actor.split(":")[0] ?? "";
  if (kind === "desk") return "owner";
  return ["debtor", "owner", "api", "system"].includes(kind) ? kind : "other";
}
