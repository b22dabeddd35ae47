import { DateTime, Info } from "luxon";

/** When automated messages may reach a debtor (policy.sendWindow, policy.allowedWeekdays). */
export interface SendWindow {
  /** IANA zone of the debtor; an unknown zone falls back to UTC. */
  readonly timezone: string;
  /** Local `HH:MM` bounds, `from` inclusive, `to` exclusive. */
  readonly sendWindow: { readonly from: string; readonly to: string };
  /** ISO weekdays (1 = Monday … 7 = Sunday). */
  readonly allowedWeekdays: readonly number[];
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map((p) => Number.parseInt(p, 10));
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The earliest instant at or after `instant` that falls inside the send window on an allowed
 * weekday, in the debtor's zone. Wall-clock based: on a DST change the window keeps its local
 * hours (08:00 stays 08:00 local). On the two days a year when the offset changes, a window edge
 * may fall in a spring-forward gap or a repeated fall-back hour, where "08:00 + n minutes" formulas
 * go wrong; those days are walked minute by minute instead (window edges and transitions are whole
 * minutes, so allowedness is constant within a minute). Pure: the caller passes the instant.
 */
export function nextAllowedInstant(instant: Date, window: SendWindow): Date {
  const zone = Info.isValidIANAZone(window.timezone) ? window.timezone : "UTC";
  const from = minutesOf(window.sendWindow.from);
  const to = minutesOf(window.sendWindow.to);
  const days = window.allowedWeekdays.length > 0 ? window.allowedWeekdays : [1, 2, 3, 4, 5, 6, 7];
  const allowedAt = (dt: DateTime): boolean => {
    const minutes = dt.hour * 60 + dt.minute;
    return days.includes(dt.weekday) && minutes >= from && minutes < to;
  };
  const start = DateTime.fromJSDate(instant, { zone });
  if (allowedAt(start)) return instant;
  // Nothing changes within a minute: the next candidate is the next whole minute.
  const nextMinute = start.startOf("minute").plus({ minutes: 1 });
  // Eight days always reach an allowed weekday's window.
  for (let offset = 0; offset <= 8; offset++) {
    const day = start.startOf("day").plus({ days: offset });
    const nextDay = day.plus({ days: 1 });
    const opens = day.set({ hour: Math.floor(from / 60), minute: from % 60 });
    // A day whose offset changes, or whose opening time does not exist as such (it fell in a gap,
    // even midnight can), is walked.
    if (day.offset !== nextDay.offset || opens.hour * 60 + opens.minute !== from) {
      let t = offset === 0 ? nextMinute : day;
      while (t < nextDay) {
        if (allowedAt(t)) return t.toJSDate();
        t = t.plus({ minutes: 1 });
      }
      continue;
    }
    if (!days.includes(day.weekday)) continue;
    if (offset === 0 && start >= opens) continue; // past today's window (or inside: handled above)
    return opens.toJSDate();
  }
  return instant;
}
