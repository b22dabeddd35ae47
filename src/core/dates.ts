import { DateTime, Info } from "luxon";
import type { Frequency, IsoDate, IsoInstant } from "./types.ts";

/**
 * Calendar-day arithmetic. Calendar days (`YYYY-MM-DD`) carry no zone, so they are computed in UTC,
 * where every day has 24 hours; a zone only matters when a day meets a clock time (`instantAt`).
 * Nothing here reads the clock: callers pass `now`.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function day(date: IsoDate): DateTime {
  return DateTime.fromISO(date, { zone: "UTC" });
}

function toIsoDate(dt: DateTime): IsoDate {
  const iso = dt.toISODate();
  if (iso === null) throw new RangeError(`invalid date: ${dt.invalidExplanation ?? "?"}`);
  return iso;
}

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && day(value).isValid;
}

/** A zone luxon understands, or UTC: a bad zone in the data must not stop the case. */
export function safeZone(zone: string): string {
  return Info.isValidIANAZone(zone) ? zone : "UTC";
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(day(date).plus({ days }));
}

/** Adds months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return toIsoDate(day(date).plus({ months }));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round(day(to).diff(day(from), "days").days);
}

/**
 * The `index`-th (0-based) date of a schedule starting on `first`. Months are counted from `first`
 * each time, not chained, so a plan starting on the 31st stays at month ends (31, 28, 31…) and the
 * dates still strictly increase.
 */
export function scheduleDate(first: IsoDate, frequency: Frequency, index: number): IsoDate {
  switch (frequency) {
    case "weekly":
      return addDays(first, 7 * index);
    case "biweekly":
      return addDays(first, 14 * index);
    case "monthly":
      return addMonths(first, index);
  }
}

/** Nominal length of a period in days, for comparisons only. */
export function periodDays(frequency: Frequency): number {
  switch (frequency) {
    case "weekly":
      return 7;
    case "biweekly":
      return 14;
    case "monthly":
      return 30;
  }
}

/** The calendar day of `instant` in `zone`. */
export function localDate(instant: Date | IsoInstant, zone: string): IsoDate {
  const dt =
    typeof instant === "string"
      ? DateTime.fromISO(instant, { zone: "UTC" })
      : DateTime.fromJSDate(instant, { zone: "UTC" });
  return toIsoDate(dt.setZone(safeZone(zone)));
}

/**
 * The UTC instant of `hh:mm` on `date` in `zone`. On a spring-forward day a time inside the gap
 * moves forward by the gap (luxon's rule), so the result always exists.
 */
export function instantAt(date: IsoDate, hhmm: string, zone: string): IsoInstant {
  const [h, m] = hhmm.split(":").map((p) => Number.parseInt(p, 10));
  const dt = DateTime.fromISO(date, { zone: safeZone(zone) }).set({
    hour: h ?? 0,
    minute: m ?? 0,
    second: 0,
    millisecond: 0,
  });
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new RangeError(`invalid date ${date}`);
  return iso;
}

export function addHours(instant: Date, hours: number): IsoInstant {
  return new Date(instant.getTime() + hours * 3_600_000).toISOString();
}

export function isBefore(a: IsoInstant | Date, b: IsoInstant | Date): boolean {
  return new Date(a).getTime() < new Date(b).getTime();
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
