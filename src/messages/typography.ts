import type { Locale } from "../core/index.ts";

/**
 * French punctuation spacing, applied to every French string the renderer produces (bundle.ts
 * `t`), so no translator has to type invisible characters and a "?" never wraps alone onto the
 * next line of a phone screen.
 *
 * The rule followed is the Imprimerie nationale's (Lexique des règles typographiques): a full
 * no-break space (U+00A0) before the colon, a narrow no-break space (U+202F) before ; ! ? and
 * inside « ». Word processors and Intl (which already puts U+00A0 before "€" and U+202F between
 * thousands) follow the same split, so our text and the amounts inside it look alike.
 *
 * Only punctuation that ends a word is touched: "https://…", "09:30", "?x=1" inside a link and
 * "!!" runs keep their shape. English text is returned unchanged.
 */

export const NBSP = "\u00a0";
export const NNBSP = "\u202f";

/** Any space (ordinary, no-break, narrow no-break) a writer may have put before the mark. */
const SPACES = "[ \\u00a0\\u202f]*";

/** ; ! ? : after a word (or a closing quote or bracket), and followed by a space or the end. */
const MARK = new RegExp(`(?<=[^\\s:;!?])${SPACES}([:;!?]+)(?=[\\s»)\\]]|$)`, "gu");
const OPENING_QUOTE = new RegExp(`«${SPACES}`, "gu");
const CLOSING_QUOTE = new RegExp(`${SPACES}»`, "gu");

export function frenchSpacing(text: string): string {
  return text
    .replace(OPENING_QUOTE, `«${NNBSP}`)
    .replace(CLOSING_QUOTE, `${NNBSP}»`)
    .replace(MARK, (_match, marks: string) => `${marks.startsWith(":") ? NBSP : NNBSP}${marks}`);
}

/** « n° 2 »: the sign and its number are not separated either. */
const NUMERO = /(?<=n°)[ ](?=\d)/gu;

/** The typography of `locale` applied to a finished string. */
export function typeset(text: string, locale: Locale): string {
  return locale === "fr" ? frenchSpacing(text).replace(NUMERO, NBSP) : text;
}

/**
 * Where French spacing is missing: each mark preceded by a plain space or by nothing. Used by the
 * catalogue tests, so a regression in `frenchSpacing` or a string that bypasses it fails.
 */
export function frenchSpacingFaults(text: string): string[] {
  const faults: string[] = [];
  for (const m of text.matchAll(/(?<=[^\s:;!?])( ?)([:;!?])(?=[\s»)\]]|$)/gu)) {
    faults.push(`${m[1] === "" ? "no space" : "breaking space"} before "${m[2]}" at ${m.index}`);
  }
  for (const m of text.matchAll(/« ?(?=[^\u202f])|(?<=[^\u202f]) ?»/gu)) {
    faults.push(`missing narrow no-break space inside « » at ${m.index}`);
  }
  return faults;
}
