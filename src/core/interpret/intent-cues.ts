/**
 * The fallback when no intent pattern fires: a weighted bag of word stems per intent.
 *
 * Patterns are precise but only know the phrasings someone wrote down; measured on messages
 * written after the patterns, most misses were "unknown" for messages whose words plainly point
 * somewhere ("cessez de m'importuner", "stretched financially"). A stem present in the message
 * votes for its intent (2 = telling on its own, 1 = only with another cue); the best total of at
 * least 2 wins, ties going to the earlier intent in `CUES` (same order as the patterns' priority).
 */
import type { Intent } from "../types.ts";

type Cue = readonly [stem: string | RegExp, weight: 1 | 2];

const CUES: readonly (readonly [Intent, readonly Cue[]])[] = [
  [
    "stop",
    [
      [/^sto+p+$/, 2],
      ["unsub", 2],
      ["desabon", 2],
      ["desinscri", 2],
      ["importun", 2],
      ["harcel", 2],
      ["harass", 2],
      ["spamm", 2],
      ["cessez", 2],
      ["tranquille", 2],
      ["quit", 1],
      ["relances", 1],
      ["messages", 1],
      ["reminders", 1],
    ],
  ],
  [
    "human",
    [
      ["humain", 2],
      ["human", 2],
      ["boss", 2],
      ["patron", 2],
      ["gerant", 2],
      ["manager", 2],
      ["responsable", 2],
      ["voix", 2],
      ["telephon", 2],
      ["phone", 2],
      ["appel", 1],
      ["call", 1],
      ["quelqu", 1],
      ["someone", 1],
      ["somebody", 1],
      ["person", 1],
      ["personne", 1],
      ["team", 1],
      ["equipe", 1],
      ["comptab", 1],
      ["accountant", 1],
      ["accounts", 1],
      ["conseill", 1],
      ["agent", 1],
      ["owner", 1],
      ["directeur", 1],
      ["parler", 1],
      ["speak", 1],
      ["talk", 1],
      ["discuter", 1],
      ["discuss", 1],
    ],
  ],
  [
    "dispute",
    [
      ["bug", 2],
      ["fuit", 2],
      ["fuite", 2],
      ["leak", 2],
      ["conteste", 2],
      ["contest", 2],
      ["defaut", 2],
      ["defect", 2],
      ["rembours", 2],
      ["refund", 2],
      ["plainte", 2],
      ["complain", 2],
      ["malfacon", 2],
      ["probleme", 1],
      ["problem", 1],
      ["qualite", 1],
      ["quality", 1],
      ["cass", 1],
      ["broken", 1],
      ["damag", 1],
      ["abim", 1],
      ["erreur", 1],
      ["error", 1],
      ["mistake", 1],
      ["wrong", 1],
      ["promised", 1],
      ["discount", 1],
      ["remise", 1],
      ["devis", 1],
      ["quote", 1],
      ["heures", 1],
      ["hours", 1],
      ["facturee", 1],
      ["repar", 1],
      ["fix", 1],
      ["why", 1],
      ["pourquoi", 1],
    ],
  ],
  [
    "not_received",
    [
      ["recu", 1],
      ["received", 1],
      ["receive", 1],
      ["document", 1],
      ["resend", 2],
      ["renvoy", 2],
      ["arriv", 1],
      ["copie", 1],
      ["copy", 1],
      ["inbox", 1],
      ["mail", 1],
      ["email", 1],
      ["facture", 1],
      ["invoice", 1],
      ["bill", 1],
      ["jamais", 1],
      ["never", 1],
      ["aucun", 1],
      ["nothing", 1],
    ],
  ],
  [
    "already_paid",
    [
      ["deja", 1],
      ["already", 1],
      ["sent", 1],
      ["envoye", 1],
      ["transferred", 2],
      ["wired", 2],
      ["reference", 1],
      ["receipt", 2],
      ["preuve", 2],
      ["proof", 2],
    ],
  ],
  [
    "pay_now",
    [
      ["foulee", 2],
      ["immediat", 2],
      ["straight", 1],
      ["direct", 1],
      ["now", 1],
      ["maintenant", 1],
      ["suite", 1],
      ["lien", 1],
      ["link", 1],
      ["carte", 1],
      ["card", 1],
      ["cb", 1],
      ["clear", 1],
      ["balance", 1],
      ["solde", 1],
    ],
  ],
  [
    "promise",
    [
      ["aurez", 1],
      ["recevrez", 1],
      ["have the money", 2],
      ["get you the money", 2],
      ["d'ici", 1],
      ["bientot", 1],
      ["soon", 1],
      ["semaine prochaine", 1],
      ["next week", 1],
    ],
  ],
  [
    "cash_flow",
    [
      ["financ", 2],
      ["argent", 1],
      ["money", 1],
      ["fonds", 1],
      ["funds", 1],
      ["frais", 1],
      ["imprevu", 2],
      ["chaud", 1],
      ["stretched", 2],
      ["salaire", 1],
      ["salary", 1],
      ["chomage", 2],
      ["rouge", 1],
      ["broke", 2],
      ["tight", 2],
      ["cash", 1],
      ["budget", 1],
      ["loyer", 1],
      ["rent", 1],
      ["bills", 1],
      ["dettes", 1],
      ["debts", 1],
      ["galere", 2],
      ["struggl", 2],
      ["difficult", 2],
      ["moyens", 1],
      ["afford", 2],
    ],
  ],
  [
    "forgot",
    [
      ["oubli", 2],
      ["forgot", 2],
      ["forget", 2],
      ["esprit", 1],
      ["pensais", 1],
      ["tete", 1],
      ["head", 1],
      ["mind", 1],
      ["radar", 1],
      ["zap", 2],
      ["distrait", 2],
      ["busy", 1],
      ["deborde", 1],
      ["overlooked", 2],
      ["sorry", 1],
      ["desole", 1],
      ["pardon", 1],
      ["excuse", 1],
    ],
  ],
  [
    "decline",
    [
      ["non", 2],
      ["no", 2],
      ["nope", 2],
      ["nan", 2],
      ["refuse", 2],
      ["impossible", 1],
      ["afraid", 1],
      ["jamais", 1],
    ],
  ],
  [
    "accept",
    [
      ["entendu", 2],
      ["confirm", 2],
      ["k", 1],
      ["kk", 2],
      ["ok", 2],
      ["thanks", 1],
      ["merci", 1],
      ["roule", 1],
      ["cool", 1],
      ["parfait", 2],
      ["perfect", 2],
      ["great", 1],
      ["good", 1],
      ["fine", 1],
      ["happy", 1],
      ["valide", 2],
      ["approve", 2],
      ["yes", 2],
      ["oui", 2],
      ["go", 1],
    ],
  ],
];

/** Words without French elisions: "m'excuse" votes as "excuse". */
function tokens(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}']+/u)
    .map((token) => token.replace(/^(?:[cdjlmnst]|qu)'/, ""))
    .filter((token) => token.length > 0);
}

/** The intent the message's words point to, or null when nothing points clearly enough. */
export function intentFromCues(normalized: string): Intent | null {
  const words = tokens(normalized);
  let best: Intent | null = null;
  let bestScore = 1;
  for (const [intent, cues] of CUES) {
    let score = 0;
    for (const [stem, weight] of cues) {
      const hit =
        typeof stem === "string"
          ? stem.includes(" ")
            ? normalized.includes(stem)
            : // One- and two-letter cues ("k", "no") must be the whole word, longer ones a prefix.
              words.some((word) => (stem.length <= 2 ? word === stem : word.startsWith(stem)))
          : words.some((word) => stem.test(word));
      if (hit) score += weight;
    }
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  return best;
}
