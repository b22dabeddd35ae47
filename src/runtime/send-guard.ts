import { nextAllowedInstant } from "../core/index.ts";
import type { GuardContext } from "./outbox-port.ts";

/**
 * The checks made when an automated message is about to leave — not when it was scheduled, since
 * the debtor may have paid, opted out, or received other reminders meanwhile:
 * - opt-out: the debtor asked for no more automated messages → the message is dropped (cancelled);
 * - the case is over (paid, closed) and the message asks for money → dropped too (events that
 *   change the case also void the reminders they make wrong in their own commit; this is the
 *   last look before sending);
 * - frequency cap: at most `policy.frequencyCap` automated messages in any rolling 7 days;
 * - quiet hours and allowed weekdays, in the debtor's IANA zone (the business's when the debtor's
 *   is unknown).
 * A blocked message is postponed to the next moment all checks pass, never dropped silently.
 */
export type GuardVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly cancel: true; readonly why: "opted_out" | "case_closed" }
  | { readonly ok: false; readonly cancel: false; readonly until: Date; readonly why: string };

const WEEK_MS = 7 * 24 * 3600 * 1000;

export function checkSendGuard(
  ctx: GuardContext,
  now: Date,
  /** Automated sends to this debtor in the last 7 days, oldest first. */
  recentSends: readonly Date[],
  /** Whether the message asks for money (see `asksForPayment`). */
  message: { readonly asksForPayment: boolean } = { asksForPayment: false },
): GuardVerdict {
  if (ctx.optedOut) return { ok: false, cancel: true, why: "opted_out" };
  // A reminder held for the send window must not reach a debtor who has paid meanwhile.
  if (ctx.caseClosed && message.asksForPayment)
    return { ok: false, cancel: true, why: "case_closed" };
  const timezone = isKnownZone(ctx.debtorTimezone) ? ctx.debtorTimezone : ctx.businessTimezone;
  const window = {
    timezone,
    sendWindow: ctx.policy.sendWindow,
    allowedWeekdays: ctx.policy.allowedWeekdays,
  };

  let earliest = now;
  let why = "";
  const cap = ctx.policy.frequencyCap;
  const inWindow = recentSends.filter((t) => now.getTime() - t.getTime() < WEEK_MS);
  if (inWindow.length >= cap) {
    // The slot frees when the oldest send that keeps us at the cap leaves the window.
    const blocking = inWindow[inWindow.length - cap];
    if (blocking) {
      earliest = new Date(blocking.getTime() + WEEK_MS);
      why = "frequency_cap";
    }
  }
  const allowed = nextAllowedInstant(earliest, window);
  if (allowed.getTime() > now.getTime()) {
    return { ok: false, cancel: false, until: allowed, why: why || "quiet_hours" };
  }
  return { ok: true };
}

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
