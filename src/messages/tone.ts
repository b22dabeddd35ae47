import type { Card, DebtorMessage, Locale } from "../core/index.ts";

/**
 * Words a debtor must never read from us (DOMAIN.md, "Tone"): we say "montant dû" / "amount due",
 * we never threaten, and formal vocabulary belongs to the formal steps the owner approved.
 * Matching is case-insensitive on whole words, Unicode-aware (`\b` does not know "é"). Each list
 * is per language: a French word is looked for in French text, an English one in English text.
 */
const NEVER: Record<Locale, readonly string[]> = {
  fr: [
    "dette",
    "dettes",
    "endetté",
    "débiteur",
    "débiteurs",
    "débitrice",
    "créancier",
    "huissier",
    "huissiers",
    "menace",
    "menaces",
    "menacer",
    "poursuite",
    "poursuites",
    "poursuivre",
    "tribunal",
    "tribunaux",
    "contentieux",
    "saisie",
    "dernière chance",
    "dernier avertissement",
    "dernier délai",
    "immédiatement",
    "sans délai",
    "défaut de paiement",
    "mauvais payeur",
    "sanction",
    "sanctions",
  ],
  en: [
    "debt",
    "debts",
    "indebted",
    "debtor",
    "debtors",
    "creditor",
    "collector",
    "collectors",
    "debt collection",
    "collection agency",
    "bailiff",
    "lawsuit",
    "sue",
    "sued",
    "suing",
    "court",
    "legal action",
    "threat",
    "threats",
    "threaten",
    "last chance",
    "final warning",
    "immediately",
    "failure to pay",
    "delinquent",
  ],
};

/**
 * Words that belong only to the formal steps (formal reminder and formal notice): what is unpaid,
 * and the late-payment costs French law attaches to it (the €40 recovery indemnity, late interest),
 * which the owner's policy may have the formal steps mention — never a friendly reminder.
 */
const FORMAL_ONLY: Record<Locale, readonly string[]> = {
  fr: [
    "impayé",
    "impayée",
    "impayées",
    "mise en demeure",
    "pénalité",
    "pénalités",
    "indemnité",
    "indemnités",
    "intérêts de retard",
    "intérêts moratoires",
  ],
  en: [
    "unpaid",
    "formal notice",
    "penalty",
    "penalties",
    "late fee",
    "late fees",
    "interest",
    "late interest",
  ],
};

/** Words only the formal notice may use, factually, to name the next step. */
const NOTICE_ONLY: Record<Locale, readonly string[]> = {
  fr: ["procédure", "recouvrement"],
  en: ["procedure", "recovery"],
};

function wordPattern(words: readonly string[]): RegExp {
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

function patterns(lists: Record<Locale, readonly string[]>): Record<Locale | "any", RegExp> {
  return {
    fr: wordPattern(lists.fr),
    en: wordPattern(lists.en),
    any: wordPattern([...lists.fr, ...lists.en]),
  };
}

const NEVER_RE = patterns(NEVER);
const FORMAL_RE = patterns(FORMAL_ONLY);
const NOTICE_RE = patterns(NOTICE_ONLY);

export type Register = "ordinary" | "formal_reminder" | "formal_notice";

export function registerOf(message: DebtorMessage): Register {
  if (message.kind !== "ladder_reminder") return "ordinary";
  if (message.step === "formal_reminder") return "formal_reminder";
  if (message.step === "formal_notice") return "formal_notice";
  return "ordinary";
}

/**
 * Forbidden words found in `text` for a message of the given register (empty when clean), in the
 * lists of `locale` (both languages' lists when it is not given).
 */
export function toneViolations(
  text: string,
  register: Register = "ordinary",
  locale?: Locale,
): string[] {
  const lang = locale ?? "any";
  const found = [...text.matchAll(NEVER_RE[lang])].map((m) => m[0]);
  if (register === "ordinary") found.push(...[...text.matchAll(FORMAL_RE[lang])].map((m) => m[0]));
  if (register !== "formal_notice")
    found.push(...[...text.matchAll(NOTICE_RE[lang])].map((m) => m[0]));
  return found;
}

/** Everything a debtor reads on a card: text, button labels, list title and items. */
export function cardText(card: Card): string {
  const parts = [card.text, ...card.buttons.map((b) => b.label)];
  if (card.list !== undefined) {
    parts.push(card.list.title);
    for (const item of card.list.items) parts.push(item.label, item.description ?? "");
  }
  return parts.join("\n");
}
