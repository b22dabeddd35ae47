import type { IsoDate, IsoInstant, Locale } from "../core/index.ts";

/**
 * Locale-aware formatting of amounts and dates for messages.
 *
 * French note: Node's ICU groups thousands with a narrow no-break space (U+202F) and puts a
 * no-break space (U+00A0) before the "€" — `1 234,56 €` *looks* like plain spaces but is not.
 * That is correct typography (and keeps an amount from wrapping across lines in a chat bubble), so
 * we keep it; tests compare the visible result after normalising those spaces.
 */

/** The BCP 47 tag used for Intl per supported locale. en-GB: day-month-year dates, "€1,234.56". */
const INTL_LOCALE: Record<Locale, string> = { fr: "fr-FR", en: "en-GB" };

export function intlLocale(locale: Locale): string {
  return INTL_LOCALE[locale];
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: Locale): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], { style: "currency", currency });
    moneyFormats.set(key, format);
  }
  return format;
}

/**
 * `formatMoney(123456, "EUR", "fr")` → "1 234,56 €"; en → "€1,234.56". The minor-unit exponent
 * comes from the currency (JPY has none), and the amount is handed to Intl as an exact decimal
 * string, so no float rounding can creep in.
 */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`formatMoney expects integer minor units, got ${minor}`);
  }
  const format = moneyFormat(currency, locale);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, "0");
  const units = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  // Intl.NumberFormat formats decimal strings exactly (ES2023 Intl.NumberFormat v3).
  const decimal = (minor < 0 ? `-${units}` : units) as `${number}`;
  return format.format(decimal);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoDateToUtcDate(date: IsoDate): Date {
  const match = ISO_DATE.exec(date);
  if (match === null) throw new RangeError(`expected a YYYY-MM-DD date, got "${date}"`);
  const parsed = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date: "${date}"`);
  }
  return parsed;
}

const longDates: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }),
};

const dayMonths: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: "UTC" }),
};

const shortDates: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "short", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }),
};

/** French writes the first of the month as an ordinal: « 1er décembre », ICU gives « 1 décembre ». */
function frenchFirstOfMonth(text: string): string {
  return text.replace(/^1(?=\s)/, "1er");
}

/**
 * A date reads as one word: Intl separates its day, month and year with ordinary spaces, which a
 * phone may break ("18" at the end of a line, "novembre 2026" on the next). They are bound with
 * no-break spaces, as Intl already binds an amount to its currency.
 */
function bound(text: string): string {
  return text.replace(/ /g, "\u00a0");
}

/** A calendar day as the debtor reads it, in `locale`, in one unbreakable piece. */
function dayText(format: Intl.DateTimeFormat, date: IsoDate, locale: Locale): string {
  const text = format.format(isoDateToUtcDate(date));
  return bound(locale === "fr" ? frenchFirstOfMonth(text) : text);
}

/**
 * `formatDate("2026-12-15", "fr")` → "15 décembre 2026"; en → "15 December 2026".
 * An IsoDate is a calendar day with no zone (it already *is* the debtor's local day), so it is
 * formatted as such — pinning Intl to UTC keeps the host's zone from shifting it by a day.
 */
export function formatDate(date: IsoDate, locale: Locale): string {
  return dayText(longDates[locale], date, locale);
}

/** A day without its year, where the year follows: "du 1er janvier au 1er mai 2027". */
export function formatDayMonth(date: IsoDate, locale: Locale): string {
  return dayText(dayMonths[locale], date, locale);
}

/** A compact day for button labels: "15 déc." / "15 Dec". */
export function formatShortDate(date: IsoDate, locale: Locale): string {
  return dayText(shortDates[locale], date, locale);
}

/**
 * An instant shown in the debtor's IANA zone: "15 décembre 2026 à 09:30" / "15 December 2026 at
 * 09:30". Throws on an unknown zone rather than silently showing UTC.
 */
export function formatInstant(instant: IsoInstant, locale: Locale, timezone: string): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not an ISO instant: "${instant}"`);
  const format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: timezone,
  });
  return format.format(parsed);
}

/**
 * A delay the debtor is promised: "48 heures" / "48 hours", whole days from three days on
 * ("3 jours" / "3 days"). Intl spells the unit, so no catalogue has to pluralise it.
 */
export function formatDelay(hours: number, locale: Locale): string {
  const inDays = hours >= 72 && hours % 24 === 0;
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: "unit",
    unit: inDays ? "day" : "hour",
    unitDisplay: "long",
  }).format(inDays ? hours / 24 : hours);
}
