/**
 * Finds the money amount in a normalized message and returns it in integer minor units.
 *
 * Digits are read as strings and assembled into an integer: no float ever touches the amount, so
 * "1 200,50 €" is exactly 120050 and never 120049.99999.
 */

const CURRENCY_BEFORE = String.raw`(?:€|\$|£|(?:eur|usd|gbp|chf|cad)(?![a-z]))`;
const CURRENCY_AFTER = String.raw`(?:€|\$|£|e\b|eur\b|eu\b|euros?\b|usd\b|gbp\b|dollars?\b|pounds?\b|balles\b|bucks\b|quid\b|chf\b|francs?\b|fr\b|cad\b)`;
/** 1 200,50 · 1.200,50 · 1,200.50 · 1200.5 · 200 */
const NUMBER = String.raw`\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;

/** "1k" was rewritten "1000¤" (number-words.ts): money, whatever currency follows or not. */
const SHORTHAND = /(?<![\d.,])(\d+)¤/g;

const WITH_CURRENCY = new RegExp(
  String.raw`${CURRENCY_BEFORE} ?(${NUMBER})(?![\d])|(?<![\d.,])(${NUMBER}) ?${CURRENCY_AFTER}`,
  "g",
);

/**
 * A bare number is an amount when the words around it say so: a rate ("100 per week",
 * "80 par mois"), an installment size ("payments of 400"), or a paying verb right before it
 * ("je peux payer 400"). Counts ("3 fois"), days ("le 15") and durations are excluded by the
 * words that follow them.
 */
const BARE_AFTER_RATE = new RegExp(
  String.raw`(?<![\d.,])(${NUMBER}) ?(?!(?:monthly|weekly|mensuel\w*|hebdo\w*) (?:payments?|installments?|instalments?|versements?|mensualites?|echeances?|paiements?))(?=(?:/ ?(?:mois|month|semaine|sem|week|wk|mo)\b|each time|every time|(?:a )?chaque fois|par versement|par paiement|per (?:payment|instalment|installment)|every payday|au mois(?! (?:prochain|dernier))|per calendar month|a la semaine(?! (?:prochaine|derniere))|la semaine(?! (?:prochaine|derniere))|le mois(?! (?:prochain|dernier))|p\/?w\b|pcm\b|par (?:mois|semaine)|(?:a|per|each|every) (?:month|week)|chaque (?:mois|semaine)|tous les mois|toutes les semaines|monthly|weekly|mensuel|hebdo|de plus|de trop|(?:more|too much|extra) ))`,
  "g",
);
const BARE_AFTER_SIZE = new RegExp(
  String.raw`(?:payments?|installments?|instalments?|versements?|mensualites?|echeances?|paiements?|virements?|transfers?|cheques?|checks?|reglements?|prelevements?) (?:of|de) (${NUMBER})(?![\d])(?! ?(?:fois|x\b|times|mois|months?|semaines?|weeks?|jours?|days?))`,
  "g",
);
const BARE_AFTER_VERB = new RegExp(
  String.raw`\b(?:pay|payer|paye|paie|payerai|paierai|verser|verse|regler|regle|donner|donne|virer|vire|send|sent|paid|transfer|transferred|wire|wired|do|faire|fais|mettre|avancer|give|afford|charged me|facture|envoye|envoyer) (?:(?:vous|you|you guys|les|the|whole|full|entire|remaining|rest of|totalite de|about|environ|genre|like|maybe|peut-etre|only|seulement|que) ){0,2}(${NUMBER})(?![\d])(?! ?(?:(?:monthly|weekly|equal|mensuel(?:le)?s?|hebdomadaires?|egaux|egales) )?(?:fois|x\b|times|mois|months?|semaines?|weeks?|jours?|days?|h\b|heures?|th\b|st\b|nd\b|rd\b|er\b|eme\b|payments?|installments?|instalments?|versements?|mensualites?|echeances?))`,
  "g",
);

/** "3 x 150", "6 fois 200": a count times the amount of each payment. */
const BARE_AFTER_TIMES = new RegExp(
  String.raw`(?<![\d.,])\d{1,2} ?(?:x|fois|times|\*) (${NUMBER})(?![\d])(?! ?(?:fois|x\b|times|mois|months?|semaines?|weeks?|jours?|days?|ans?|years?))`,
  "g",
);

/** Minor-unit exponent of a currency (2 for EUR, 0 for JPY), from the platform's ICU data. */
export function currencyExponent(currency: string): number {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits;
  return digits ?? 2;
}

/**
 * Reads one number as written in French or English into minor units.
 * The last `,` or `.` is a decimal mark when one or two digits follow it; any other separator
 * (space, `.`, `,`) groups thousands.
 */
export function toMinorUnits(written: string, exponent: number): number | null {
  const compact = written.replace(/ /g, "");
  const decimal = /[.,](\d{1,2})$/.exec(compact);
  const integerPart = (decimal ? compact.slice(0, decimal.index) : compact).replace(/[.,]/g, "");
  if (!/^\d+$/.test(integerPart)) return null;
  const fraction = (decimal?.[1] ?? "").padEnd(exponent, "0").slice(0, exponent);
  const digits = `${integerPart}${fraction}`.replace(/^0+(?=\d)/, "");
  const minor = Number.parseInt(digits, 10);
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

export interface FoundAmount {
  readonly minor: number;
  /** Where the number starts in the normalized text, so the date reader can ignore it. */
  readonly index: number;
  readonly length: number;
}

function firstMatch(
  pattern: RegExp,
  text: string,
): { written: string; index: number; length: number } | null {
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    const written = match[1] ?? match[2];
    if (written !== undefined) return { written, index: match.index, length: match[0].length };
  }
  return null;
}

/** The first amount with a currency mark wins; otherwise a bare number in an amount context. */
export function findAmount(normalized: string, currency: string): FoundAmount | null {
  const exponent = currencyExponent(currency);
  for (const pattern of [
    SHORTHAND,
    WITH_CURRENCY,
    BARE_AFTER_SIZE,
    BARE_AFTER_TIMES,
    BARE_AFTER_RATE,
    BARE_AFTER_VERB,
  ]) {
    const found = firstMatch(pattern, normalized);
    if (found === null) continue;
    const minor = toMinorUnits(found.written, exponent);
    if (minor !== null) return { minor, index: found.index, length: found.length };
  }
  return null;
}
