/**
 * When the debtor is paid, from what they wrote: "je suis payé le 5", "le 5 de chaque mois",
 * "toutes les deux semaines le vendredi", "every other Friday", "I get paid at the end of the
 * month". A payday is `stated` when the message says it is one (a pay word, or a rhythm: "de
 * chaque mois", "tous les vendredis"); a bare day ("le 5", "fin du mois", "vendredi") is returned
 * unstated, and the core takes it as the payday only in answer to its own question.
 * Reads the normalized text (lowercase, no accents: normalize.ts).
 */
import { DateTime } from "luxon";
import type { IsoDate, Payday } from "../types.ts";

/** Words that say the day is when money comes in (not when a payment was made: "j'ai payé"). */
const PAY_CUE =
  /\b(?:(?:je suis|on est|nous sommes) payee?s?|on me (?:paie|paye|verse|vire)|(?:ma|la|notre) (?:paie|paye)|(?:mon|le|notre) salaire|je touche|(?:mes|nos) revenus|(?:mes|les) allocations|ma (?:pension|retraite)|jour de (?:paie|paye)|i(?:'m| am) paid|we(?:'re| are) paid|(?:i |we )?get paid|gets paid|pay ?day|pay ?cheque|paycheck|(?:my|our) (?:salary|wages|pay|pension|benefits)|salary|wages)\b/;

const WEEKDAYS: readonly (readonly [RegExp, number])[] = [
  [/\b(?:lundi|monday)s?\b/, 1],
  [/\b(?:mardi|tuesday)s?\b/, 2],
  [/\b(?:mercredi|wednesday)s?\b/, 3],
  [/\b(?:jeudi|thursday)s?\b/, 4],
  [/\b(?:vendredi|friday)s?\b/, 5],
  [/\b(?:samedi|saturday)s?\b/, 6],
  [/\b(?:dimanche|sunday)s?\b/, 7],
];

const EVERY_OTHER_WEEK =
  /\b(?:sur (?:deux|2)|(?:toutes|une) les? (?:deux|2) semaines|une semaine sur (?:deux|2)|une semaine sur deux|tous les (?:quinze|15) jours|every (?:other|second|2nd)|every (?:two|2) weeks|alternate|fortnight(?:ly)?|bi-?weekly)\b/;
const EVERY_WEEK =
  /\b(?:tous les (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?|chaque (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|(?:every|each) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|on (?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)|weekly|toutes les semaines|chaque semaine|every week)\b/;

const MONTH_END =
  /\b(?:fin (?:du|de) mois|fin de chaque mois|dernier jour (?:du|de chaque) mois|end of (?:the |each |every |this )?month|month[- ]end|last day of (?:the |each |every )?month)\b(?! prochain| next)/;
const EVERY_MONTH =
  /\b(?:du mois|de chaque mois|de tous les mois|tous les mois|chaque mois|of (?:the|each|every) month|each month|every month|monthly|par mois|mensuel(?:lement)?)\b/;
/** "fin du mois" alone is a day ("je paierai fin du mois"); these make it a rhythm. */
const EVERY_MONTH_END =
  /\b(?:chaque fin de mois|toutes les fins de mois|a chaque fin de mois|fin de chaque mois|(?:at )?the end of (?:each|every) month|every month end|each month)\b/;

const MONTH_NAMES =
  /^\s*(?:janv|fevr|mars|avr|mai|juin|juil|aout|sept|oct|nov|dec|jan|feb|mar|apr|may|jun|jul|aug|sep)/;
/** A number followed by these is an amount or a count, not a day. */
const NOT_A_DAY_AFTER =
  /^\s*(?:€|e\b|eur|euros?|%|fois|x\b|\/|h\b|jours|semaines|mois\b(?! de)|versements|mensualites|days|weeks|months|instal)/;

const DAY_OF_MONTH =
  /\b(?:(?:le|du|au|les|chaque|tous les)\s+(1er|premier|[12]\d|3[01]|0?[1-9])|(?:on )?the\s+([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?|([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b/g;

function weekdayIn(text: string): number | null {
  for (const [pattern, weekday] of WEEKDAYS) if (pattern.test(text)) return weekday;
  return null;
}

function dayOfMonthIn(text: string): number | null {
  for (const match of text.matchAll(DAY_OF_MONTH)) {
    const raw = match[1] ?? match[2] ?? match[3] ?? "";
    const after = text.slice((match.index ?? 0) + match[0].length);
    if (MONTH_NAMES.test(after) || NOT_A_DAY_AFTER.test(after)) continue;
    const day = raw === "1er" || raw === "premier" ? 1 : Number.parseInt(raw, 10);
    if (day >= 1 && day <= 31) return day;
  }
  return null;
}

/** The coming `weekday` (ISO), today included: a biweekly payday's anchor. */
function comingWeekday(today: IsoDate, weekday: number): IsoDate {
  const day = DateTime.fromISO(today, { zone: "UTC" });
  return day.plus({ days: (weekday - day.weekday + 7) % 7 }).toISODate() ?? today;
}

export function findPayday(
  normalized: string,
  today: IsoDate | null,
): { rule: Payday; stated: boolean } | null {
  const cue = PAY_CUE.test(normalized);
  const weekday = weekdayIn(normalized);
  if (weekday !== null) {
    if (EVERY_OTHER_WEEK.test(normalized) && today !== null) {
      return {
        rule: { kind: "biweekly", weekday, anchor: comingWeekday(today, weekday) },
        stated: true,
      };
    }
    const every = EVERY_WEEK.test(normalized);
    if (every || cue || dayOfMonthIn(normalized) === null) {
      return { rule: { kind: "weekly", weekday }, stated: every || cue };
    }
  }
  if (MONTH_END.test(normalized)) {
    return { rule: { kind: "month_end" }, stated: cue || EVERY_MONTH_END.test(normalized) };
  }
  const day = dayOfMonthIn(normalized);
  if (day !== null) {
    return { rule: { kind: "day_of_month", day }, stated: cue || EVERY_MONTH.test(normalized) };
  }
  return null;
}
