/**
 * Mends one-slip typos ("virmeent", "arleady", "pyament") before the intent rules read a message:
 * a word the labelled examples never use is replaced by the most frequent known word one edit
 * away (one letter swapped with its neighbour, dropped, added or changed).
 *
 * Lookup is by deletion keys (the SymSpell idea): every known word is indexed under itself and
 * its one-letter deletions, so a message's word needs only its own deletions looked up — a few
 * dozen map reads, far under the per-message budget.
 */

/** Shorter words have too many neighbours ("paye", "pays", "paid") to mend safely. */
const MIN_LENGTH = 6;

/**
 * "passe"/"pass", "contactez"/"contacter", "payee"/"paye": an inflection or the other language,
 * not a typo — the words differ only in their ending.
 */
function sameStem(a: string, b: string): boolean {
  const stem = (word: string) =>
    word.replace(/(?:ez|er|es|e|s|ais|ait|ai|ons|ent|ed|ing|r|z)$/, "");
  return stem(a) === stem(b) || a.slice(0, -2) === b.slice(0, -2);
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** True when a and b are one substitution, insertion, deletion or adjacent swap apart. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    const [i, j] = diffs;
    return diffs.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) {
    if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

export interface SpellMender {
  mend(text: string): string;
}

export function buildSpellMender(texts: readonly string[], minCount = 2): SpellMender {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.match(/[\p{L}]+/gu) ?? [])
      counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const known = new Map<string, number>();
  for (const [word, count] of counts) if (count >= minCount) known.set(word, count);
  const index = new Map<string, string[]>();
  const add = (key: string, word: string) => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [word]);
    else list.push(word);
  };
  for (const word of known.keys()) {
    if (word.length < MIN_LENGTH - 1) continue;
    add(word, word);
    for (const key of deletions(word)) add(key, word);
  }
  const cache = new Map<string, string>();
  const fix = (word: string): string => {
    if (word.length < MIN_LENGTH || known.has(word)) return word;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    let best = word;
    let bestCount = 0;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of index.get(key) ?? []) {
        const count = known.get(candidate) ?? 0;
        if (count > bestCount && oneEditApart(word, candidate) && !sameStem(word, candidate)) {
          best = candidate;
          bestCount = count;
        }
      }
    }
    if (cache.size < 10_000) cache.set(word, best);
    return best;
  };
  return { mend: (text) => text.replace(/[\p{L}]+/gu, fix) };
}
