/**
 * `npx tsx test/unit/interpret/labelled/build-sets.ts` writes tuning.json, holdout.json and the
 * fallback model's examples (src/core/interpret/examples.ts) from sources/. Deterministic: a
 * seeded generator picks the slot values, noise and the moment each message is "received".
 * Every date label is computed from a spec (sources/date-spec.ts), never written by hand.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Intent } from "../../../../src/core/types.ts";
import { resolveDateSpec } from "./sources/date-spec.ts";
import { HOLDOUT_ROWS } from "./sources/holdout-rows.ts";
import type { Row } from "./sources/row.ts";
import {
  AMOUNTS,
  BARE_RATE_AMOUNTS,
  COUNTS,
  FUTURE_DATES,
  PAST_DATES,
  PERIODS,
} from "./sources/slots.ts";
import { TEMPLATES } from "./sources/templates.ts";
import { HAND_ROWS } from "./sources/tuning-rows.ts";

type Locale = "fr" | "en";
interface Item {
  text: string;
  locale: Locale;
  now: string;
  timezone: string;
  expected: {
    intent: Intent;
    amount: number | null;
    count: number | null;
    period: "week" | "month" | null;
    date: string | null;
  };
}

/** Moments spread over weekdays, month ends, a year end, and zones where the local day differs from UTC's. */
const CONTEXTS: Readonly<Record<Locale, readonly (readonly [string, string])[]>> = {
  fr: [
    ["2026-12-02T10:00:00Z", "Europe/Paris"],
    ["2026-11-27T08:00:00Z", "Europe/Brussels"],
    ["2027-01-30T23:30:00Z", "Europe/Paris"],
    ["2026-12-31T15:00:00Z", "Europe/Zurich"],
    ["2027-03-14T09:00:00Z", "America/Toronto"],
    ["2027-02-26T12:00:00Z", "Europe/Paris"],
    ["2026-11-16T07:00:00Z", "Europe/Brussels"],
    ["2027-04-05T03:30:00Z", "America/Montreal"],
  ],
  en: [
    ["2026-12-02T10:00:00Z", "Europe/London"],
    ["2026-11-27T08:00:00Z", "America/New_York"],
    ["2027-01-30T23:30:00Z", "Europe/Dublin"],
    ["2026-12-31T15:00:00Z", "Europe/London"],
    ["2027-03-14T09:00:00Z", "America/Chicago"],
    ["2027-02-26T12:00:00Z", "Australia/Sydney"],
    ["2026-11-16T07:00:00Z", "Europe/London"],
    ["2027-04-05T03:30:00Z", "America/Los_Angeles"],
  ],
};

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "1200.50" → 120050, from the digits, never through a float. */
function minor(written: string): number {
  const [units = "", cents = ""] = written.split(".");
  return Number.parseInt(`${units}${cents.padEnd(2, "0")}`, 10);
}

function toItem(row: Row, context: readonly [string, string]): Item {
  const [locale, intent, text, amount, count, period, date] = row;
  const [now, timezone] = context;
  return {
    text,
    locale,
    now,
    timezone,
    expected: {
      intent,
      amount: amount === null ? null : minor(amount),
      count,
      period,
      date: date === null ? null : resolveDateSpec(date, now, timezone),
    },
  };
}

const FR_SMS: readonly (readonly [RegExp, string])[] = [
  [/\bje suis\b/g, "jsuis"],
  [/\bj'ai\b/g, "jai"],
  [/\bc'est\b/g, "c"],
  [/\bvous\b/g, "vs"],
  [/\bmaintenant\b/g, "mtn"],
  [/\bje peux\b/g, "jpeux"],
  [/\bd'accord\b/g, "dac"],
  [/\bs'il vous plaît\b|\bsvp\b/g, "stp"],
];
const EN_SMS: readonly (readonly [RegExp, string])[] = [
  [/\byou\b/g, "u"],
  [/\bplease\b/g, "pls"],
  [/\bI'm\b/g, "im"],
  [/\bI'll\b/g, "ill"],
  [/\bdon't\b/g, "dont"],
  [/\bcan't\b/g, "cant"],
  [/\btomorrow\b/g, "tmrw"],
];

/** One kind of noise a real debtor adds: no accents, SMS spelling, a typo, an emoji, shouting. */
function noisy(template: string, locale: Locale, random: () => number): string {
  const kind = Math.floor(random() * 6);
  if (kind === 0) return template.normalize("NFD").replace(/\p{M}/gu, "");
  if (kind === 1) {
    let out = template;
    for (const [pattern, replacement] of locale === "fr" ? FR_SMS : EN_SMS)
      out = out.replace(pattern, replacement);
    return out.toLowerCase().replace(/\{[a-z]+\}/g, (slot) => slot.toUpperCase());
  }
  if (kind === 2) {
    // Swap two letters inside one longer word outside the slots.
    const words = template.split(" ");
    const candidates = words
      .map((word, i) => [word, i] as const)
      .filter(([word]) => /^\p{L}{6,}$/u.test(word));
    const pick = candidates[Math.floor(random() * candidates.length)];
    if (pick === undefined) return template;
    const [word, i] = pick;
    const at = 1 + Math.floor(random() * (word.length - 3));
    words[i] = `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)}`;
    return words.join(" ");
  }
  if (kind === 3) return `${template} ${["🙏", "😅", "🙂", "👍", "😬"][Math.floor(random() * 5)]}`;
  if (kind === 4) return template.toUpperCase().replace(/\{([A-Z]+)\}/g, "{$1}");
  const greetings = locale === "fr" ? ["bonjour, ", "salut ", "re "] : ["hi, ", "hello, ", "hey "];
  return `${pick(greetings, random)}${template}`;
}

function pick<T>(list: readonly T[], random: () => number): T {
  const value = list[Math.floor(random() * list.length)];
  if (value === undefined) throw new Error("empty slot list");
  return value;
}

function fill(template: string, intent: Intent, locale: Locale, random: () => number): Row {
  let amount: string | null = null;
  let count: number | null = null;
  let period: "week" | "month" | null = null;
  let date: string | null = null;
  const text = template.replace(/\{(A|R|PER|C|D|P)\}/g, (_, slot: string) => {
    if (slot === "A") {
      const [written, value] = pick(AMOUNTS[locale], random);
      amount = value;
      return written;
    }
    if (slot === "R") {
      const [written, value] = pick(BARE_RATE_AMOUNTS[locale], random);
      amount = value;
      return written;
    }
    if (slot === "PER") {
      const [written, value] = pick(PERIODS[locale], random);
      period = value;
      return written;
    }
    if (slot === "C") {
      const [written, [n, per]] = pick(COUNTS[locale], random);
      count = n;
      period = per ?? period;
      return written;
    }
    const [written, spec] = pick((slot === "D" ? FUTURE_DATES : PAST_DATES)[locale], random);
    date = spec;
    return written;
  });
  return [locale, intent, text, amount, count, period, date];
}

function buildTuning(): Item[] {
  const random = mulberry32(12);
  const legacy = ["legacy-tuning", "legacy-holdout"].flatMap(
    (name) =>
      JSON.parse(
        readFileSync(new URL(`./sources/${name}.json`, import.meta.url), "utf8"),
      ) as Item[],
  );
  const items: Item[] = [...legacy];
  let n = 0;
  const contextFor = (locale: Locale) => {
    const list = CONTEXTS[locale];
    n += 1;
    return list[(n * 5) % list.length] ?? list[0] ?? ["", ""];
  };
  for (const row of HAND_ROWS) items.push(toItem(row, contextFor(row[0])));
  for (const [intent, byLocale] of Object.entries(TEMPLATES) as [
    Intent,
    (typeof TEMPLATES)[Intent],
  ][]) {
    for (const locale of ["fr", "en"] as const) {
      for (const template of byLocale[locale]) {
        const variants = /\{[A-Z]+\}/.test(template) ? 5 : 2;
        for (let v = 0; v < variants; v++) {
          const written = v === 0 ? template : noisy(template, locale, random);
          items.push(toItem(fill(written, intent, locale, random), contextFor(locale)));
        }
      }
    }
  }
  const seen = new Set<string>();
  // A message someone else wrote for the blind set is never learnt from, even when a short reply
  // ("stop") was also written here: the blind figures must measure unseen messages only. The
  // blind texts are compared, never printed.
  const blind = JSON.parse(
    readFileSync(new URL("./blind.json", import.meta.url), "utf8"),
  ) as Item[];
  const holdout = new Set(
    [...HOLDOUT_ROWS.map((row) => row[2]), ...blind.map((item) => item.text)].map((text) =>
      text.toLowerCase(),
    ),
  );
  return items.filter((item) => {
    const key = `${item.locale}|${item.text.toLowerCase()}|${item.now}`;
    if (seen.has(key) || holdout.has(item.text.toLowerCase())) return false;
    seen.add(key);
    return true;
  });
}

function buildHoldout(): Item[] {
  return HOLDOUT_ROWS.map((row, i) => {
    const list = CONTEXTS[row[0]];
    return toItem(row, list[(i * 3) % list.length] ?? ["", ""]);
  });
}

function writeExamples(tuning: readonly Item[]): void {
  const lines = tuning.map(
    (item) => `  [${JSON.stringify(item.expected.intent)}, ${JSON.stringify(item.text)}],`,
  );
  const source = `/**
 * Labelled debtor messages the fallback classifier learns from: the intents and texts of
 * test/unit/interpret/labelled/tuning.json (never the holdout, never a blind set).
 * Generated by test/unit/interpret/labelled/build-sets.ts; do not edit by hand.
 */
import type { Intent } from "../types.ts";

export const EXAMPLES: readonly (readonly [Intent, string])[] = [
${lines.join("\n")}
];
`;
  writeFileSync(new URL("../../../../src/core/interpret/examples.ts", import.meta.url), source);
}

const tuning = buildTuning();
const holdout = buildHoldout();
writeFileSync(new URL("./tuning.json", import.meta.url), `${JSON.stringify(tuning, null, 2)}\n`);
writeFileSync(new URL("./holdout.json", import.meta.url), `${JSON.stringify(holdout, null, 2)}\n`);
writeExamples(tuning);
process.stdout.write(`tuning ${tuning.length}, holdout ${holdout.length}\n`);
