import Holidays from "date-holidays";
import { DateTime } from "luxon";
import type { IsoDate, Locale } from "./types.ts";

/**
 * Business days in the debtor's country: not a Saturday or Sunday, and not a public (or bank)
 * holiday there, substitute days included (25 December on a Saturday makes Monday 27 a bank
 * holiday in the UK). A payment that would fall on any other day is moved to the next business
 * day: banks do not move money then, so a transfer asked for a Sunday arrives on Monday anyway.
 *
 * Why `date-holidays` is imported here rather than handed in by the runtime as a function: it is
 * computation over data it ships (Easter from the date, "first Monday of May", substitutes), like
 * luxon's calendar — no I/O, no clock (every call names its year), no environment. The core stays
 * pure, and `CaseFacts` stays plain JSON that tests and the property test build by hand; a
 * function in the facts would be neither.
 */

/**
 * The countries whose holidays we know: France and its French-speaking neighbours, and the main
 * English-speaking ones. A debtor elsewhere gets weekends only.
 */
export const HOLIDAY_COUNTRIES = [
  "FR",
  "BE",
  "LU",
  "CH",
  "MC",
  "GB",
  "IE",
  "US",
  "CA",
  "AU",
  "NZ",
] as const;

const calendars = new Map<string, Holidays>();
const yearDays = new Map<string, ReadonlySet<IsoDate>>();

function calendar(country: string): Holidays | null {
  if (!(HOLIDAY_COUNTRIES as readonly string[]).includes(country)) return null;
  let found = calendars.get(country);
  if (found === undefined) {
    found = new Holidays(country);
    calendars.set(country, found);
  }
  return found;
}

/** The public and bank holidays of `country` in `year`, as calendar days (memoised). */
export function holidaysOf(country: string, year: number): ReadonlySet<IsoDate> {
  const key = `${country}:${year}`;
  const cached = yearDays.get(key);
  if (cached !== undefined) return cached;
  const days = new Set(
    (calendar(country)?.getHolidays(year) ?? [])
      .filter((h) => h.type === "public" || h.type === "bank")
      .map((h) => h.date.slice(0, 10)),
  );
  yearDays.set(key, days);
  return days;
}

function weekday(date: IsoDate): number {
  return DateTime.fromISO(date, { zone: "UTC" }).weekday;
}

export function isBusinessDay(date: IsoDate, country: string): boolean {
  if (weekday(date) > 5) return false;
  return !holidaysOf(country, Number.parseInt(date.slice(0, 4), 10)).has(date);
}

/** `date` itself when it is a business day, else the next one. */
export function onOrNextBusinessDay(date: IsoDate, country: string): IsoDate {
  let day = DateTime.fromISO(date, { zone: "UTC" });
  // Two weeks of holidays and weekends in a row exist nowhere; the bound only guards bad data.
  for (let i = 0; i < 14; i++) {
    const iso = day.toISODate() ?? date;
    if (isBusinessDay(iso, country)) return iso;
    day = day.plus({ days: 1 });
  }
  return day.toISODate() ?? date;
}

let zoneCountries: ReadonlyMap<string, string> | null = null;

/** Every IANA zone of the countries above, to the country (from date-holidays' own data). */
function countryOfZoneMap(): ReadonlyMap<string, string> {
  if (zoneCountries === null) {
    const map = new Map<string, string>();
    for (const country of HOLIDAY_COUNTRIES) {
      for (const zone of calendar(country)?.getTimezones() ?? []) map.set(zone, country);
    }
    zoneCountries = map;
  }
  return zoneCountries;
}

/**
 * The debtor's country, for their holidays: from their time zone (the one place we know they
 * live), else the business's zone (a debtor in UTC is usually a debtor nobody asked), else their
 * language (French: France; English: the United Kingdom, as the messages' English is British).
 */
export function countryOf(debtorZone: string, businessZone: string, locale: Locale): string {
  const zones = countryOfZoneMap();
  return zones.get(debtorZone) ?? zones.get(businessZone) ?? (locale === "fr" ? "FR" : "GB");
}
