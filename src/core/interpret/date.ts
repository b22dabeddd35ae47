/**
 * Resolves the day a message talks about ("vendredi prochain", "le 15", "end of the month",
 * "hier") to a `YYYY-MM-DD` in the debtor's zone.
 *
 * chrono-node does the reading. Two things are added around it:
 * - chrono computes calendar fields in the *process* zone (its `timezone` option only shifts the
 *   returned instant), so it is given a reference whose process-local fields are the wall clock in
 *   the debtor's zone, and only the calendar fields of its answers are read back;
 * - two phrasings chrono does not read — a bare day of the month ("le 15", "on the 15th") and the
 *   end of the month ("fin du mois") — are added as chrono parsers;
 * - a bare weekday is resolved from chrono's components in the direction the intent needs
 *   ("vendredi prochain" / "next Friday" is taken as the coming Friday, the commonest meaning).
 */
import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import type { IsoDate, Locale } from "../types.ts";

/** Future plans take the next matching day; reports of a payment take the last one. */
export type DateDirection = "future" | "past";

const DAY_OF_MONTH_TAG = "relance/dayOfMonth";

/**
 * A bare day of the month, resolved later against today (`resolveDayOfMonth`). chrono drops
 * components that are not a valid date in the reference month ("le 31" said in April), so the
 * day travels in a tag and the component holds a day every month has.
 */
function dayOfMonthComponents(context: chrono.ParsingContext, day: number) {
  return context
    .createParsingComponents({ day: Math.min(day, 28) })
    .addTag(DAY_OF_MONTH_TAG)
    .addTag(`${DAY_OF_MONTH_TAG}/${day}`);
}

function taggedDay(tags: ReadonlySet<string>): number | null {
  for (const tag of tags) {
    const match = /^relance\/dayOfMonth\/(\d+)$/.exec(tag);
    if (match) return Number.parseInt(match[1] ?? "", 10);
  }
  return null;
}
const MONTH_NAMES =
  "janv|fevr|mars|avr|mai|juin|juil|aout|sept|oct|nov|dec|jan|feb|mar|apr|may|jun|jul|aug|sep|octo|janu|febr";

const frenchDayOfMonth: chrono.Parser = {
  pattern: () =>
    new RegExp(
      String.raw`\b(?:le|du|au|avant le|pour le|d'ici le|jusqu'au)\s+(1er|[12]\d|3[01]|0?[1-9])(?!\s*(?:${MONTH_NAMES}|/|\d|h\b|\s*(?:€|e\b|eur|euros?|%|fois|x\b|mois|jours|semaines|versements|mensualites)))`,
      "i",
    ),
  extract: (context, match) => {
    const day = Number.parseInt((match[1] ?? "").replace("er", ""), 10);
    return dayOfMonthComponents(context, day);
  },
};

const englishDayOfMonth: chrono.Parser = {
  pattern: () =>
    /\b(?:on|by|before|for|until|the)\s+(?:the\s+)?([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i,
  extract: (context, match) => {
    const day = Number.parseInt(match[1] ?? "", 10);
    return dayOfMonthComponents(context, day);
  },
};

/** "fin du mois", "fin de mois", "end of (the) month", "month end": the reference month's last day. */
const endOfMonth: chrono.Parser = {
  pattern: () =>
    /\b(?:fin du mois|fin de ce mois|(?:en|a la|pour la|d'ici la|avant la|vers la) fin de mois|(?:at |by )?(?:the )?end of (?:the |this )?month|month[- ]end)\b(?! prochain| next)/i,
  extract: (context) => {
    const ref = context.refDate;
    const last = new Date(ref.getFullYear(), ref.getMonth() + 1, 0, 12);
    return { year: last.getFullYear(), month: last.getMonth() + 1, day: last.getDate() };
  },
};

/** The reference day shifted by whole days, as calendar fields. */
function shiftDays(ref: Date, days: number): { year: number; month: number; day: number } {
  const d = new Date(ref.getFullYear(), ref.getMonth(), ref.getDate() + days, 12);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** "avant-hier" / "the day before yesterday" and "après-demain" / "the day after tomorrow". */
const twoDaysAway: chrono.Parser = {
  pattern: () =>
    /\b(avant[- ]hier|the day before yesterday|apres[- ]demain|(?:the )?day after tomorrow)\b/i,
  extract: (context, match) =>
    shiftDays(context.refDate, /avant|before/.test(match[1] ?? "") ? -2 : 2),
};

const WEEKDAY_NUMBERS: Readonly<Record<string, number>> = {
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
const WEEKDAY_WORDS = Object.keys(WEEKDAY_NUMBERS).join("|");

/** "vendredi en huit", "Friday week", "a week on Friday": the coming Friday plus seven days. */
const weekdayWeek: chrono.Parser = {
  pattern: () =>
    new RegExp(
      String.raw`\b(?:(${WEEKDAY_WORDS}) (?:en (?:huit|8)|week)|a week (?:on|from) (${WEEKDAY_WORDS}))\b`,
      "i",
    ),
  extract: (context, match) => {
    const weekday = WEEKDAY_NUMBERS[(match[1] ?? match[2] ?? "").toLowerCase()] ?? 0;
    const ahead = (weekday - context.refDate.getDay() + 7) % 7 || 7;
    return shiftDays(context.refDate, ahead + 7);
  },
};

/** "fin du mois prochain", "end of next month", "début du mois prochain", "early next month". */
const nextMonthEdge: chrono.Parser = {
  pattern: () =>
    /\b(?:(fin|debut) (?:du mois prochain|de mois prochain|du prochain mois)|(?:(?:at |by )?(?:the )?(end|start|beginning) of next month)|(early) next month)\b/i,
  extract: (context, match) => {
    const ref = context.refDate;
    const end =
      (match[1] ?? match[2] ?? match[3] ?? "").toLowerCase() === "fin" || match[2] === "end";
    const d = end
      ? new Date(ref.getFullYear(), ref.getMonth() + 2, 0, 12)
      : new Date(ref.getFullYear(), ref.getMonth() + 1, 1, 12);
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
  },
};

/** "d'ici 3 semaines", "sous 10 jours", "within 2 weeks": the deadline that many days ahead. */
const withinSpan: chrono.Parser = {
  pattern: () =>
    /\b(?:d'ici|sous|within|in the next|dans les) (\d{1,2}|une?|a) (jours?|semaines?|days?|weeks?)\b/i,
  extract: (context, match) => {
    const n = /^\d+$/.test(match[1] ?? "") ? Number.parseInt(match[1] ?? "1", 10) : 1;
    const perUnit = /^(?:semaine|week)/.test(match[2] ?? "") ? 7 : 1;
    return shiftDays(context.refDate, n * perUnit);
  },
};

const MONTHS: readonly (readonly [RegExp, number])[] = [
  [/^(?:janv|jan)/, 1],
  [/^(?:fevr|feb)/, 2],
  [/^mar/, 3],
  [/^(?:avr|apr)/, 4],
  [/^(?:mai|may)/, 5],
  [/^(?:juin|jun)/, 6],
  [/^(?:juil|jul)/, 7],
  [/^(?:aout|aug)/, 8],
  [/^sep/, 9],
  [/^oct/, 10],
  [/^nov/, 11],
  [/^dec/, 12],
];
const MONTH_WORDS =
  "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";

/** "mi-janvier", "mid-January", "mid January": the 15th of the next such month (this one included). */
const midMonth: chrono.Parser = {
  pattern: () => new RegExp(String.raw`\b(?:mi|mid)[- ]?(${MONTH_WORDS})\b`, "i"),
  extract: (context, match) => {
    const word = (match[1] ?? "").toLowerCase();
    const month = MONTHS.find(([pattern]) => pattern.test(word))?.[1] ?? 1;
    const ref = context.refDate;
    let year = ref.getFullYear();
    if (month < ref.getMonth() + 1 || (month === ref.getMonth() + 1 && ref.getDate() > 15))
      year += 1;
    return { year, month, day: 15 };
  },
};

/** "le 15 du mois prochain", "the 15th of next month", "on the 5th next month". */
const dayNextMonth: chrono.Parser = {
  pattern: () =>
    /\b(?:le |the |on the )?(1er|[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)? (?:du mois prochain|of next month|next month)\b/i,
  extract: (context, match) => {
    const day = Number.parseInt((match[1] ?? "1").replace("er", ""), 10);
    const ref = context.refDate;
    const first = new Date(ref.getFullYear(), ref.getMonth() + 1, 1, 12);
    const last = new Date(first.getFullYear(), first.getMonth() + 1, 0, 12).getDate();
    return { year: first.getFullYear(), month: first.getMonth() + 1, day: Math.min(day, last) };
  },
};

/** "jeudi 10", "Thursday the 10th": the day of the month wins over the weekday. */
const weekdayAndDay: chrono.Parser = {
  pattern: () =>
    new RegExp(
      String.raw`\b(?:${WEEKDAY_WORDS}) (?:the )?(1er|[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?! ?(?:${MONTH_WORDS}|/|\d|h\b|€|e\b|eur|euros?|%|fois|x\b))`,
      "i",
    ),
  extract: (context, match) => {
    const day = Number.parseInt((match[1] ?? "1").replace("er", ""), 10);
    return dayOfMonthComponents(context, day);
  },
};

/** The coming `weekday` (0 = Sunday), one to seven days ahead of the reference day. */
function comingWeekday(ref: Date, weekday: number): { year: number; month: number; day: number } {
  return shiftDays(ref, (weekday - ref.getDay() + 7) % 7 || 7);
}

/**
 * Named days of the calendar and of the week: "Noël"/"Christmas" (25 December), "fin d'année"
 * (31 December), "ce week-end" (the coming Saturday), "fin de semaine"/"end of the week" (the
 * coming Friday, the last working day), "début de semaine prochaine"/"early next week" (the
 * coming Monday).
 */
const namedDays: chrono.Parser = {
  pattern: () =>
    /\b((?:(?:a )?la |d'ici la |en |by (?:the )?|at the )?(?:fin de (?:la )?semaine prochaine|end of next week)|noel|christmas(?: day)?|(?:la )?fin (?:de l'annee|d'annee)|(?:the )?end of (?:the |this )?year|(?:ce|this|le|the) (?:week-end|weekend|we)|(?:en |a la |d'ici la |by (?:the )?|at the )?(?:fin de (?:la )?semaine|end of (?:the |this )?week)|(?:en |au )?debut de (?:la )?semaine prochaine|(?:early|start of|beginning of) next week)\b/i,
  extract: (context, match) => {
    const ref = context.refDate;
    const words = (match[1] ?? "").toLowerCase();
    if (/noel|christmas/.test(words)) {
      const year =
        ref.getMonth() === 11 && ref.getDate() > 25 ? ref.getFullYear() + 1 : ref.getFullYear();
      return { year, month: 12, day: 25 };
    }
    if (/annee|year/.test(words)) return { year: ref.getFullYear(), month: 12, day: 31 };
    if (/debut|early|start|beginning/.test(words)) return comingWeekday(ref, 1);
    if (/prochaine|next/.test(words)) {
      // The Friday of next week: next week's Monday plus four days.
      const monday = comingWeekday(ref, 1);
      return shiftDays(new Date(monday.year, monday.month - 1, monday.day, 12), 4);
    }
    if (/week-end|weekend|\bwe\b/.test(words)) return comingWeekday(ref, 6);
    if (/fin|end/.test(words))
      return ref.getDay() === 5 ? shiftDays(ref, 0) : comingWeekday(ref, 5);
    return comingWeekday(ref, 1);
  },
};

/** "a week from today", "a week tomorrow": seven days after the named day. */
const weekFrom: chrono.Parser = {
  pattern: () =>
    /\ba week (?:from )?(today|tomorrow)\b|\b(?:dans )?(?:une|1) semaine (?:a partir d')?(aujourd'hui)\b/i,
  extract: (context, match) => shiftDays(context.refDate, match[1] === "tomorrow" ? 8 : 7),
};

/** "in a fortnight", "dans une quinzaine": two weeks ahead. */
const fortnight: chrono.Parser = {
  pattern: () => /\b(?:in|within) a fortnight\b|\bdans une quinzaine\b/i,
  extract: (context) => shiftDays(context.refDate, 14),
};

/** "ce matin", "this morning", "tonight", "aujourd'hui": today, as a day. */
const TODAY_WORDS =
  /\b(?:aujourd'hui|ce matin|cet apres-midi|cet aprem|ce soir|today|this morning|this afternoon|this evening|tonight)\b/i;
const today: chrono.Parser = {
  pattern: () => TODAY_WORDS,
  extract: (context) => shiftDays(context.refDate, 0),
};

function withExtras(base: chrono.Chrono, dayOfMonth: chrono.Parser): chrono.Chrono {
  const parser = base.clone();
  parser.parsers.push(
    dayOfMonth,
    endOfMonth,
    twoDaysAway,
    weekdayWeek,
    nextMonthEdge,
    withinSpan,
    today,
    midMonth,
    dayNextMonth,
    weekdayAndDay,
    fortnight,
    namedDays,
    weekFrom,
  );
  return parser;
}

const PARSERS: Readonly<Record<Locale, chrono.Chrono>> = {
  fr: withExtras(chrono.fr.casual, frenchDayOfMonth),
  en: withExtras(chrono.en.casual, englishDayOfMonth),
};

/** Words chrono reads as "now": a payment "now" is pay_now, not a date. */
const NOT_A_DAY =
  /^(?:maintenant|now|right now|tout de suite|immediatement|immediately|a l'instant)$/;
/** "after two days" counts from an event, not from today; "in three installments" is not a date. */
const RELATIVE_TO_EVENT = /^(?:after|apres|au bout de)\b(?![- ]demain)/;
/** "£75 a week", "100 par mois": a rate, not "in a week". */
/** "last week", "le mois prochain": a span, not a day. */
const A_SPAN =
  /^(?:(?:last|next|this|the) (?:week|month|year)|(?:la|cette) semaine(?: (?:derniere|prochaine))?|(?:le|ce) mois(?: (?:dernier|prochain))?)$/;
/** "dans 5 min", "in a few minutes": now, not a day. */
const WITHIN_THE_HOUR =
  /^(?:dans|in|d'ici) (?:\d+|quelques|a few|une?|an?|cinq|dix) (?:min|mins|minutes?|secondes?|seconds?|h|heures?|hours?)$/;
/** "20 minutes de boulot", "every two weeks": a length of time, not a day. */
const BARE_DURATION =
  /^(?:(?:pour|for|pendant|during|every|each|toutes les|tous les|chaque|de|over|sur) )?(?:\d+|a|an|one|two|three|four|five|six|ten|une?|deux|trois|quatre|cinq|six|dix|quinze|vingt) (?:min|mins|minutes?|hours?|heures?|h|days?|jours?|weeks?|semaines?|months?|mois|years?|ans?)$/;
const A_RATE = /^(?:a|an|one|per|each|every|par|une?|chaque) (?:week|month|semaine|mois|day|jour)$/;

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day of month `day` in the next (or last) month that has it, counting today as a match. */
function resolveDayOfMonth(day: number, today: WallClock, direction: DateDirection): IsoDate {
  let year = today.year;
  let month = today.month;
  const step = direction === "future" ? 1 : -1;
  const alreadyPast = direction === "future" ? day < today.day : day > today.day;
  for (let i = 0; i < 13; i++) {
    const fits = day <= daysInMonth(year, month);
    if (fits && !(i === 0 && alreadyPast)) return isoDate(year, month, day);
    month += step;
    if (month === 13) {
      month = 1;
      year += 1;
    } else if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return isoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * The coming `weekday` (0 = Sunday), one to seven days ahead, or the one just gone, one to seven
 * days back. chrono without `forwardDate` picks the *nearest* weekday, which can be ahead
 * ("paid on Monday" said on a Friday would land on the next Monday).
 */
function nearestWeekday(weekday: number, today: WallClock, direction: DateDirection): IsoDate {
  const base = new Date(Date.UTC(today.year, today.month - 1, today.day));
  const ahead = (weekday - base.getUTCDay() + 7) % 7 || 7;
  const back = (base.getUTCDay() - weekday + 7) % 7 || 7;
  base.setUTCDate(base.getUTCDate() + (direction === "future" ? ahead : -back));
  return isoDate(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate());
}

/** The debtor's calendar day at `now`, or null for an unknown zone. */
export function todayIn(now: Date, timezone: string): IsoDate | null {
  const wall = DateTime.fromJSDate(now, { zone: timezone });
  return wall.isValid ? isoDate(wall.year, wall.month, wall.day) : null;
}

export interface DateOptions {
  readonly locale: Locale;
  readonly now: Date;
  readonly timezone: string;
  readonly direction: DateDirection;
  /** Character ranges already read as an amount, which must not be read as a day too. */
  readonly exclude?: readonly { readonly index: number; readonly length: number }[];
}

export function findDate(normalized: string, options: DateOptions): IsoDate | null {
  const wall = DateTime.fromJSDate(options.now, { zone: options.timezone });
  if (!wall.isValid) return null;
  const today: WallClock = { year: wall.year, month: wall.month, day: wall.day };
  // Noon of the debtor's day in the process zone: immune to the process zone's DST gaps.
  const reference = new Date(today.year, today.month - 1, today.day, 12, 0, 0);
  // "paid this 3 days ago": chrono would read "this 3 days" as the next three days.
  const source = normalized.replace(
    /\b(?:this|that|these) (?=(?:\d+|a|an|one) (?:days?|weeks?) ago\b)/g,
    "",
  );
  const results = PARSERS[options.locale].parse(source, reference, {
    forwardDate: options.direction === "future",
  });
  for (const result of results) {
    const text = result.text.trim();
    if (
      NOT_A_DAY.test(text) ||
      RELATIVE_TO_EVENT.test(text) ||
      A_RATE.test(text) ||
      A_SPAN.test(text) ||
      WITHIN_THE_HOUR.test(text) ||
      BARE_DURATION.test(text)
    )
      continue;
    // "tous les vendredis", "every Friday": a rhythm, not a day.
    if (
      /\b(?:every|each|tous les|toutes les|chaque)\s+$/.test(
        source.slice(Math.max(0, result.index - 12), result.index),
      )
    )
      continue;
    const overlapsAmount = (options.exclude ?? []).some(
      (range) =>
        result.index < range.index + range.length &&
        range.index < result.index + result.text.length,
    );
    if (overlapsAmount) continue;
    // chrono reads "this morning" as a time of day, with the day only implied.
    if (TODAY_WORDS.test(text) && !/\d/.test(text))
      return isoDate(today.year, today.month, today.day);
    const start = result.start;
    const day = start.get("day");
    const weekday = start.get("weekday");
    const tagged = taggedDay(result.tags());
    if (tagged !== null) {
      return resolveDayOfMonth(tagged, today, options.direction);
    }
    if (start.isCertain("weekday") && !start.isCertain("day") && weekday !== null) {
      const direction: DateDirection = /\b(?:dernier|derniere|last|passe)\b/.test(text)
        ? "past"
        : /\b(?:prochain|prochaine|next|coming)\b/.test(text)
          ? "future"
          : options.direction;
      return nearestWeekday(weekday, today, direction);
    }
    // "le mois prochain", "next week": no particular day was named.
    if (!start.isCertain("day") && !start.isCertain("weekday") && !/\b(?:ago|il y a)\b/.test(text))
      continue;
    const month = start.get("month");
    const year = start.get("year");
    if (day === null || month === null || year === null) continue;
    // "payé le 5 décembre" said on 2 December is last year's 5 December.
    if (
      options.direction === "past" &&
      !start.isCertain("year") &&
      isoDate(year, month, day) > isoDate(today.year, today.month, today.day)
    )
      return isoDate(year - 1, month, day);
    return isoDate(year, month, day);
  }
  return null;
}
