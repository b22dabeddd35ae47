import type { Card } from "../core/card.ts";
import type { DebtorMessage } from "../core/messages.ts";

/**
 * Words a debtor must never read from us (DOMAIN.md, "Tone"): we say "montant dû" / "amount due",
 * we never threaten, and formal vocabulary belongs to the formal steps the owner approved.
 * Matching is case-insensitive on whole words, Unicode-aware (`\b` does not know "é").
 */
const NEVER: readonly string[] = [
  // French
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
  // English
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
  "penalty",
  "penalties",
];

/** Words that belong only to the formal steps (formal reminder and formal notice). */
const FORMAL_ONLY: readonly string[] = [
  "impayé",
  "impayée",
  "impayées",
  "unpaid",
  "mise en demeure",
  "formal notice",
];

/** Words only the formal notice may use, factually, to name the next step. */
const NOTICE_ONLY: readonly string[] = ["procédure", "procedure", "recouvrement", "recovery"];

function wordPattern(words: readonly string[]): RegExp {
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

const NEVER_RE = wordPattern(NEVER);
const FORMAL_RE = wordPattern(FORMAL_ONLY);
const NOTICE_RE = wordPattern(NOTICE_ONLY);

type Register = "ordinary" | "formal_reminder" | "formal_notice";

export function registerOf(message: DebtorMessage): Register {
  if (message.kind !== "ladder_reminder") return "ordinary";
  if (message.step === "formal_reminder") return "formal_reminder";
  if (message.step === "formal_notice") return "formal_notice";
  return "ordinary";
}

/** Forbidden words found in `text` for a message of the given register (empty when clean). */
export function toneViolations(text: string, register: Register = "ordinary"): string[] {
  const found = [...text.matchAll(NEVER_RE)].map((m) => m[0]);
  if (register === "ordinary") found.push(...[...text.matchAll(FORMAL_RE)].map((m) => m[0]));
  if (register !== "formal_notice") found.push(...[...text.matchAll(NOTICE_RE)].map((m) => m[0]));
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
