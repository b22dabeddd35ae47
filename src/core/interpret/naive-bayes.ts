/**
 * A small multinomial naive Bayes over word and character n-grams, used only when no intent
 * pattern fires and the word cues are silent.
 *
 * Why: patterns only know the phrasings someone wrote down. Character n-grams let "cesser"
 * borrow from "cessez", "rappele" from "rappelez", "skint" from nothing at all — so the model
 * also learns "unknown" and must be confident before it overrides it.
 */
import type { Intent } from "../types.ts";

export interface Prediction {
  readonly intent: Intent;
  readonly probability: number;
}

export interface NaiveBayes {
  predict(normalized: string): Prediction | null;
}

function words(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}']+/u)
    .map((token) => token.replace(/^(?:[cdjlmnst]|qu)'/, ""))
    .filter((token) => token.length > 0);
}

/**
 * Greetings, politeness and filler carry no intent; left in, they tie "bonjour" to whichever
 * intent's examples happened to start with one.
 */
const NEUTRAL = new Set([
  "bonjour",
  "bonsoir",
  "salut",
  "hello",
  "hi",
  "hey",
  "coucou",
  "merci",
  "thanks",
  "thank",
  "cheers",
  "svp",
  "please",
  "madame",
  "monsieur",
  "mme",
  "mr",
  "mrs",
  "ms",
  "le",
  "la",
  "les",
  "un",
  "une",
  "de",
  "des",
  "du",
  "et",
  "a",
  "the",
  "an",
  "and",
  "to",
  "of",
  "you",
  "vous",
  "je",
  "i",
  "it",
  "is",
  "est",
  "c'est",
  "ca",
  "that",
  "this",
]);

export function features(normalized: string): string[] {
  const out = new Set<string>();
  const tokens = words(normalized).filter((token) => !NEUTRAL.has(token));
  tokens.forEach((token, i) => {
    out.add(`w:${token}`);
    const next = tokens[i + 1];
    if (next !== undefined) out.add(`b:${token}_${next}`);
    const padded = `^${token}$`;
    for (let n = 3; n <= 5; n++) {
      for (let start = 0; start + n <= padded.length; start++) {
        out.add(`c:${padded.slice(start, start + n)}`);
      }
    }
  });
  // Present or absent, not how often: one long message must not outvote the rest.
  return [...out];
}

export function trainNaiveBayes(examples: readonly (readonly [Intent, string])[]): NaiveBayes {
  const docs = new Map<Intent, number>();
  const featureCounts = new Map<Intent, Map<string, number>>();
  const totals = new Map<Intent, number>();
  const vocabulary = new Set<string>();
  for (const [intent, text] of examples) {
    docs.set(intent, (docs.get(intent) ?? 0) + 1);
    const counts = featureCounts.get(intent) ?? new Map<string, number>();
    featureCounts.set(intent, counts);
    for (const feature of features(text)) {
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
      totals.set(intent, (totals.get(intent) ?? 0) + 1);
      vocabulary.add(feature);
    }
  }
  const size = vocabulary.size;
  const total = examples.length;
  return {
    predict(normalized) {
      // Features never seen in training say nothing about any intent; leaving them out keeps
      // long messages from drifting towards whichever intent had the fewest training features.
      const known = features(normalized).filter((feature) => vocabulary.has(feature));
      if (known.length === 0 || total === 0) return null;
      const scores: [Intent, number][] = [];
      for (const [intent, count] of docs) {
        const counts = featureCounts.get(intent);
        const denominator = (totals.get(intent) ?? 0) + size;
        let score = Math.log(count / total);
        for (const feature of known)
          score += Math.log(((counts?.get(feature) ?? 0) + 1) / denominator);
        scores.push([intent, score]);
      }
      scores.sort((a, b) => b[1] - a[1]);
      const best = scores[0];
      if (best === undefined) return null;
      const normaliser = scores.reduce((sum, [, score]) => sum + Math.exp(score - best[1]), 0);
      return { intent: best[0], probability: 1 / normaliser };
    },
  };
}
