/**
 * Reads the shape of a proposed plan from a normalized message: how many payments ("en 3 fois",
 * "in 4 payments", "over 6 months") and how often ("par mois", "weekly").
 */

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  douze: 12,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
};

const COUNT_TOKEN = String.raw`(\d{1,2}|${Object.keys(NUMBER_WORDS).join("|")})`;

/** "3 fois", "3x", "4 mensualites", "three installments", "4 monthly payments", "split in two". */
const COUNT_PATTERNS: readonly RegExp[] = [
  new RegExp(
    String.raw`\b${COUNT_TOKEN} ?(?:fois\b|x\b|times\b|(?:(?:monthly|weekly|mensuel(?:le)?s?|hebdomadaires?|equal|egaux|egales) )?(?:versements?|mensualites?|echeances?|paiements?|payments?|installments?|instalments?|virements?|prelevements?|tranches?|parts?|chunks?)\b)`,
  ),
  new RegExp(
    String.raw`\b(?:split|divide|spread|break|couper|diviser|etaler)\b[^.?!]{0,20}?\b(?:in|into|en|sur|over)\b ${COUNT_TOKEN}\b(?: (mois|months|semaines|weeks)\b)?`,
  ),
  new RegExp(
    String.raw`\b(?:en|sur|over|for|pendant|during|spread over|across) ${COUNT_TOKEN} (mois|months|semaines|weeks)\b`,
  ),
  // "in two halves", "en deux moities": two payments.
  /\b(?:in|into|en) (two|deux|2) (?:halves|parts|goes|moities|parties)\b/,
];

function countValue(token: string): number | null {
  if (/^\d+$/.test(token)) return Number.parseInt(token, 10);
  return NUMBER_WORDS[token] ?? null;
}

export interface PlanShape {
  readonly count: number | null;
  readonly period: "week" | "month" | null;
}

const MONTHLY =
  /\b(?:(?:chaque|toutes les|a chaque) fins? de mois|tous les (?:debuts?|fins?|\d{1,2}) (?:du|de) mois|(?:le|the) \d{1,2}(?:st|nd|rd|th)? (?:de chaque|of (?:each|every)) mois|(?:per|a|each) mo|month by month|per calendar month|mois par mois|par mois|\/ ?mois|\/ ?mo(?:nth)?|chaque mois|tous les mois|mensuel(?:le)?s?|mensualites?|mensuellement|(?<!(?:in|within|dans) )(?:a|per|each|every) month(?! (?:ago|from|later))|monthly|p\/m)\b/;
/** "tous les vendredis", "every Friday": a weekly rhythm. */
const EVERY_WEEKDAY =
  /\b(?:tous les|chaque) (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?\b|\b(?:every|each) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/;
const WEEKLY =
  /\b(?:par semaine|\/ ?sem(?:aine)?|chaque semaine|toutes les semaines|hebdo(?:madaire)?s?|(?<!(?:in|within|dans) )(?:a|per|each|every) week(?! (?:ago|from|on|today|tomorrow|later))|weekly|\/ ?w(?:ee)?k)\b/;

/** "100 € la semaine", "200 balles le mois", "£50pw": a rate said the colloquial way. */
const AMOUNT_THEN_WEEK =
  /\d ?(?:€|euros?|eur|e|balles|\$|£|dollars?|pounds?|quid|bucks)? ?(?:(?:a )?la semaine(?! (?:prochaine|derniere|passee))|p\/?w\b|per wk\b)/;
const AMOUNT_THEN_MONTH =
  /\d ?(?:€|euros?|eur|e|balles|\$|£|dollars?|pounds?|quid|bucks)? ?(?:(?:le|au) mois(?! (?:prochain|dernier|passe))|pcm\b)/;

/** The period a rate word names: "par mois", "/week", "tous les vendredis". */
function ratePeriod(normalized: string): "week" | "month" | null {
  // "/mois" needs no word boundary before the slash; test the rate words on their own.
  if (
    /(?:\/ ?mois|\/ ?month|\/ ?mo\b)/.test(normalized) ||
    MONTHLY.test(normalized) ||
    AMOUNT_THEN_MONTH.test(normalized)
  )
    return "month";
  if (
    /(?:\/ ?semaine|\/ ?sem\b|\/ ?week|\/ ?wk\b)/.test(normalized) ||
    WEEKLY.test(normalized) ||
    EVERY_WEEKDAY.test(normalized) ||
    AMOUNT_THEN_WEEK.test(normalized)
  )
    return "week";
  return null;
}

export function findPlanShape(text: string): PlanShape {
  // "a week ago", "il y a une semaine": when something happened, not how often.
  const normalized = text.replace(
    /\b(?:an?|one|1) (?:week|month)s? ago\b|\bil y a (?:une|1) (?:semaine|mois)\b/g,
    " ",
  );
  let count: number | null = null;
  let period: "week" | "month" | null = null;
  for (const pattern of COUNT_PATTERNS) {
    const match = pattern.exec(normalized);
    const token = match?.[1];
    if (match === null || token === undefined) continue;
    const value = countValue(token);
    // One payment is not a plan, and nobody splits an invoice into 60 parts in a chat message.
    if (value === null || value < 2 || value > 36) continue;
    count = value;
    const unit = match[2];
    if (unit !== undefined) period = /^(mois|months)$/.test(unit) ? "month" : "week";
    break;
  }
  // A rate said in words beats the unit of a duration: "50 € par semaine pendant 3 mois" is
  // weekly, and its 3 is months, not a number of payments.
  const rate = ratePeriod(normalized);
  if (rate === null) return { count, period };
  return { count: period !== null && period !== rate ? null : count, period: rate };
}
