/**
 * How many lines a card's text takes in a chat bubble on a phone, estimated without a browser so
 * every card can be checked in a unit test. The web chat at 390 CSS pixels (bot/webchat) gives a
 * bubble about 287 px of text width: 34 to 38 characters of the default sans-serif at 16 px, so
 * lines are wrapped greedily at PHONE_LINE_CHARS, on ordinary spaces only: the no-break spaces of
 * French typography, of Intl amounts and of dates hold words together, as in a browser, and the
 * web chat keeps a hyphenated word of up to UNBROKEN_HYPHENATED_MAX characters whole (an invoice
 * number, « Dites-le-nous »); a longer one (a link) breaks after its hyphens.
 * An empty line (between blocks) counts as one. test/e2e/webchat-phone.test.ts measures the real
 * thing in Chromium and prints both, so the two can be compared.
 */

export const PHONE_LINE_CHARS = 36;

/**
 * A hyphenated word (no slash) up to this long is never broken at its hyphens in the web chat
 * (bot/webchat/page-assets.ts wraps it in `white-space: nowrap`): « F-2026-042 » stays whole, with
 * its plain hyphens, so a copied invoice number still matches the bank's and the accounts'.
 */
export const UNBROKEN_HYPHENATED_MAX = 24;

/** About a phone screen of text once four buttons and the composer are on it too (issue 15). */
export const CARD_LINES_MAX = 12;

function wrappedLines(line: string, width: number): number {
  const words = line
    .split(/ +/u)
    .flatMap((word) =>
      [...word].length <= UNBROKEN_HYPHENATED_MAX && !word.includes("/")
        ? [word]
        : word.split(/(?<=-)/u),
    )
    .filter((w) => w !== "");
  if (words.length === 0) return 1;
  let lines = 1;
  let used = 0;
  for (const word of words) {
    const length = [...word].length;
    const gap = used === 0 || word.startsWith("-") ? 0 : 1;
    if (used > 0 && used + gap + length > width) {
      lines += 1 + Math.floor(Math.max(0, length - 1) / width);
      used = length % width || width;
    } else if (used === 0 && length > width) {
      lines += Math.floor((length - 1) / width);
      used = length % width || width;
    } else {
      used += gap + length;
    }
  }
  return lines;
}

/** The estimated number of lines `text` takes in a phone's chat bubble. */
export function phoneLines(text: string, width = PHONE_LINE_CHARS): number {
  return text.split("\n").reduce((sum, line) => sum + wrappedLines(line, width), 0);
}
