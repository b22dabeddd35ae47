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
 * hours (08:00 stays 08:00 local); a window opening inside a spring-forward gap is shifted forward
 * by the gap's length (luxon's rule: 02:30 becomes 03:30). Pure: the caller passes the instant.
 */
export function nextAllowedInstant(instant: Date, window: SendWindow): Date {
  const zone = Info.isValidIANAZone(window.timezone) ? window.timezone : "UTC";
  const from = minutesOf(window.sendWindow.from);
  const to = minutesOf(window.sendWindow.to);
  const days = window.allowedWeekdays.length > 0 ? window.allowedWeekdays : [1, 2, 3, 4, 5, 6, 7];
  const start = DateTime.fromJSDate(instant, { zone });
  // Eight days always reach an allowed weekday's window.
  for (let offset = 0; offset <= 8; offset++) {
    const day = start.startOf("day").plus({ days: offset });
    if (!days.includes(day.weekday)) continue;
    const opens = day.set({ hour: Math.floor(from / 60), minute: from % 60 });
    const closes = day.set({ hour: Math.floor(to / 60), minute: to % 60 });
    if (offset === 0) {
      if (start < opens) return opens.toJSDate();
      if (start < closes) return instant;
      continue;
    }
    return opens.toJSDate();
  }
  return instant;
}
