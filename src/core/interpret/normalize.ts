/**
 * Puts a chat message into one predictable shape before any rule looks at it: lowercase, no
 * accents (debtors often type without them), typographic apostrophes and spaces unified, and the
 * commonest SMS spellings written out, so each later rule is written once per language.
 */

import { numbersAsDigits } from "./number-words.ts";

/** Word-level rewrites of SMS spellings, applied in order on the lowercased, accentless text. */
const SMS_REWRITES: readonly (readonly [RegExp, string])[] = [
  // French
  [/\bj ?suis\b|\bchui\b|\bjsui\b/g, "je suis"],
  [/\bj ai\b|\bjai\b/g, "j'ai"],
  [/\bjlai\b|\bj l'ai\b/g, "je l'ai"],
  [/\bg\b(?= (pas|deja|oublie|paye|fait|regle|plus|rien|besoin))/g, "j'ai"],
  [/\bc\b(?= )/g, "c'est"],
  [/\bdsl\b|\bdezole\b/g, "desole"],
  [/\btjrs?\b|\btjs\b/g, "toujours"],
  [/\bpr\b/g, "pour"],
  [/\bds\b/g, "dans"],
  [/\bqqn\b|\bqqun\b|\bquelqu un\b/g, "quelqu'un"],
  [/\bmtn\b|\bmaint\b|\bmnt\b/g, "maintenant"],
  [/\bajd\b|\bauj\b|\baujourdhui\b|\baujourd hui\b/g, "aujourd'hui"],
  [/\bdmain\b|\bdem1\b|\bdemin\b/g, "demain"],
  [/\bvs\b/g, "vous"],
  [/\bbcp\b/g, "beaucoup"],
  [/\bdc\b/g, "donc"],
  [/\bjpeux\b|\bjpx\b|\bj peux\b/g, "je peux"],
  [/\bjvais\b|\bj vais\b/g, "je vais"],
  [/\bjsp\b/g, "je sais pas"],
  [/\bpa\b/g, "pas"],
  [/\bd ?acc?\b|\bdaccord\b|\bd accord\b|\bdak\b/g, "d'accord"],
  [/\bouais?\b|\bwi\b/g, "oui"],
  [/\bnn\b/g, "non"],
  [/\bn ai\b/g, "n'ai"],
  [/\bm a\b/g, "m'a"],
  // English
  [/\bu\b/g, "you"],
  [/\bur\b/g, "your"],
  [/\bpls\b|\bplz\b|\bpleez\b/g, "please"],
  [/\bim\b/g, "i'm"],
  [/\bill\b/g, "i'll"],
  [/\bive\b/g, "i've"],
  [/\bdont\b/g, "don't"],
  [/\bcant\b/g, "can't"],
  [/\bwont\b/g, "won't"],
  [/\bdidnt\b/g, "didn't"],
  [/\bhavent\b/g, "haven't"],
  [/\bhasnt\b/g, "hasn't"],
  [/\bdoesnt\b/g, "doesn't"],
  [/\bisnt\b/g, "isn't"],
  [/\bthx\b|\bthnx\b|\bty\b/g, "thanks"],
  [/\bsry\b|\bsrry\b|\bsoz\b/g, "sorry"],
  [/\batm\b/g, "at the moment"],
  [/\btmrw\b|\btmr\b|\b2moro\b|\b2morrow\b|\btomoz\b|\btommorow\b|\btomorow\b/g, "tomorrow"],
  [/\bwanna\b/g, "want to"],
  [/\brn\b/g, "right now"],
  [/\bw\/(?= )/g, "with"],
  [/\bgonna\b/g, "going to"],
  [/\bcuz\b|\bcoz\b/g, "because"],
  [/\byeah\b|\byep\b|\byup\b|\bya\b/g, "yes"],
  [/\bokk*\b|\bokay\b|\boki\b|\bokey\b/g, "ok"],
];

/** What every reader sees: the normalized text with numbers written as digits. */
export function prepare(text: string): string {
  return numbersAsDigits(normalize(text));
}

export function normalize(text: string): string {
  let out = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u00a0\u202f\u2009]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  for (const [pattern, replacement] of SMS_REWRITES) {
    out = out.replace(pattern, replacement);
  }
  return out;
}
