import type { Locale } from "../core/index.ts";
import { t } from "./bundle.ts";

/** How an approval request's Slack message reads once it expired and the policy's fallback ran. */
export function renderRequestExpired(
  locale: Locale,
  fallback: "decline" | "hand_over",
): { title: string; body: string } {
  return {
    title: t(locale, "owner-request-expired-title"),
    body: t(locale, "owner-request-expired-body", { fallback }),
  };
}
