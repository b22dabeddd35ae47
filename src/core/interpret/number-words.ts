/**
 * Rewrites numbers written in words ("deux cent cinquante", "a hundred and twenty-five",
 * Belgian/Swiss "septante", "quatre-vingt-dix") and shorthands ("1k", "2,5k") as digits, so the
 * amount, count and date readers see "250", "125", "70", "90", "1000", "2500".
 *
 * A maintained library was considered: @microsoft/recognizers-text-number reads both languages
 * but loads tens of large regexes per culture and takes milliseconds per message, over the
 * < 2 ms budget for the whole interpretation; the grammar needed here is small and closed.
 *
 * Input is already normalized (lowercase, no accents). Articles on their own ("un", "a", "one")
 * stay words: "une semaine" and "a week" are not counts.
 */

const UNITS: Readonly<Record<string, number>> = {
  // French
  zero: 0,
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
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  septante: 70,
  huitante: 80,
  octante: 80,
  nonante: 90,
  // English
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const HUNDRED = new Set(["cent", "cents", "hundred"]);
const THOUSAND = new Set(["mille", "milles", "thousand", "k", "grand"]);
/** Words that only join two number words: "vingt et un", "a hundred and five". */
const JOINERS = new Set(["et", "and"]);
/** Words that are numbers only next to another number word. */
const ARTICLES = new Set(["a", "an", "un", "une", "one"]);

const WORD = /[a-z]+/y;

function isNumberWord(word: string): boolean {
  return word in UNITS || HUNDRED.has(word) || THOUSAND.has(word) || word === "quatrevingt";
}

/** The value of a run of number words, or null when the run is not a number on its own. */
function runValue(words: readonly string[]): number | null {
  let total = 0;
  let current = 0;
  let sawNumber = false;
  for (const word of words) {
    if (word === "quatrevingt") {
      current += 80;
    } else if (HUNDRED.has(word)) {
      current = (current === 0 ? 1 : current) * 100;
    } else if (THOUSAND.has(word)) {
      total += (current === 0 ? 1 : current) * 1000;
      current = 0;
    } else {
      const unit = UNITS[word];
      if (unit === undefined) return null;
      current += unit;
    }
    sawNumber = true;
  }
  return sawNumber ? total + current : null;
}

/** One run's tokens: number words, possibly joined by "et"/"and" and hyphens. */
function rewriteRun(tokens: readonly string[]): string | null {
  // A lone article or a lone "cents" (the coin) is not a number.
  if (tokens.length === 1) {
    const only = tokens[0] ?? "";
    if (ARTICLES.has(only) || only === "cents" || only === "k" || only === "grand") return null;
  }
  const words = tokens.filter((token) => !JOINERS.has(token));
  if (words.length === 0) return null;
  const value = runValue(words);
  if (value === null) return null;
  // "two grand" is money, like "2k".
  return words.at(-1) === "grand" ? `${value}¤` : String(value);
}

/** Finds maximal runs of number words separated by spaces, hyphens or joiners. */
function rewriteWords(text: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const atWordStart = i === 0 || !/[a-z0-9']/.test(text[i - 1] ?? "");
    WORD.lastIndex = i;
    const first = atWordStart ? WORD.exec(text) : null;
    if (first === null || !isNumberWord(first[0]) || JOINERS.has(first[0])) {
      out.push(text[i] ?? "");
      i += 1;
      continue;
    }
    // Extend the run: word (sep word)* where sep is " ", "-", " et ", " and ".
    const tokens = [first[0]];
    let end = i + first[0].length;
    for (;;) {
      const rest = /^(?: |-)(?:(et|and)(?: |-))?([a-z]+)/.exec(text.slice(end));
      if (rest === null) break;
      const joiner = rest[1];
      const next = rest[2] ?? "";
      const nextEnd = end + rest[0].length;
      if (!isNumberWord(next) || /[a-z0-9]/.test(text[nextEnd] ?? "")) break;
      // "et"/"and" only joins a unit after tens or hundreds: "vingt et un", "hundred and five".
      if (joiner !== undefined && !(next in UNITS)) break;
      // An article never continues a run ("deux a" is not 3).
      if (ARTICLES.has(next) && next !== "un" && next !== "one") break;
      if (joiner !== undefined) tokens.push(joiner);
      tokens.push(next);
      end = nextEnd;
    }
    // A run must end at a word boundary.
    if (/[a-z0-9']/.test(text[end] ?? "")) {
      out.push(text.slice(i, end));
      i = end;
      continue;
    }
    // An article starts a number only before "cent/hundred/mille/thousand".
    const startsWithArticle = ARTICLES.has(tokens[0] ?? "") && tokens.length > 1;
    const second = tokens[1] ?? "";
    const run =
      startsWithArticle && !HUNDRED.has(second) && !THOUSAND.has(second) && tokens[0] !== "one"
        ? null
        : rewriteRun(tokens);
    if (run === null) {
      out.push(text.slice(i, i + (tokens[0] ?? "").length));
      i += (tokens[0] ?? "").length;
      continue;
    }
    out.push(run);
    i = end;
  }
  return out.join("");
}

/**
 * "1k", "1,5k", "2.5k" → thousands, marked with the generic currency sign "¤": in a message
 * about an invoice, "1k" is money even without a currency. Decimals are read from the digits,
 * so "1,5k" is exactly 1500.
 */
function rewriteThousands(text: string): string {
  return text.replace(
    /(?<![\d.,])(\d+)(?:[.,](\d{1,3}))? ?(?:k|grand)\b(?!m)/g,
    (_, units: string, decimals?: string) => {
      const fraction = (decimals ?? "").padEnd(3, "0");
      return `${Number.parseInt(units, 10) * 1000 + Number.parseInt(fraction, 10)}¤`;
    },
  );
}

const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

function suffix(day: number): string {
  if (day % 10 === 1 && day !== 11) return "st";
  if (day % 10 === 2 && day !== 12) return "nd";
  if (day % 10 === 3 && day !== 13) return "rd";
  return "th";
}

/**
 * Days of the month written as ordinals: "the first" → "the 1st", "the twenty-fifth" →
 * "the 25th", "le premier du mois" → "le 1er du mois". Only after "the"/"le", where an ordinal is
 * a day ("first thing Monday" and "le premier versement" are not).
 */
function rewriteOrdinals(text: string): string {
  const units = Object.keys(ORDINAL_UNITS).join("|");
  return text
    .replace(
      new RegExp(
        String.raw`\bthe (?:(twenty|thirty)[- ])?(${units})\b(?! (?:payment|installment|instalment|one|time|thing))`,
        "g",
      ),
      (_, tens: string | undefined, unit: string) => {
        const day =
          (tens === "twenty" ? 20 : tens === "thirty" ? 30 : 0) + (ORDINAL_UNITS[unit] ?? 0);
        return day >= 1 && day <= 31 ? `the ${day}${suffix(day)}` : _;
      },
    )
    .replace(
      /\ble premier(?= du mois|[ ,.!?]*$| (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b)/g,
      "le 1er",
    );
}

export function numbersAsDigits(normalized: string): string {
  // "quatre-vingt(s)" is one number word (80), not 4 + 20.
  const joined = normalized.replace(/\bquatre[- ]vingts?\b/g, "quatrevingt");
  // "sept" after a day number is September ("le 5 sept"), "neuf" after "tout"/"a" is "new".
  const guarded = joined
    .replace(/(\d) sept\b/g, "$1 septembre")
    .replace(/\b(tout|toute|a|du|le|la|comme) neuf\b/g, "$1 nEuf");
  return rewriteThousands(rewriteWords(rewriteOrdinals(guarded))).replace(/nEuf/g, "neuf");
}
