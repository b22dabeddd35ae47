import type { Locale } from "../../src/core/index.ts";
import { typeset } from "../../src/messages/index.ts";

/**
 * The Slack adapter's own words (button texts, the Counter… modal, /relance), in the business's
 * locale. The owner-facing message texts themselves come from src/messages (Fluent); these are the
 * widgets around them, which only Slack has. Kept as a small typed table so a missing translation
 * is a compile error.
 */
type Args = Readonly<Record<string, string | number>>;
type Entry = string | ((args: Args) => string);

const en = {
  "button.approve": "Approve",
  "button.decline": "Decline",
  "button.counter": "Counter…",
  "button.payment_received": "Payment received",
  "button.payment_not_received": "Not received",
  "button.skip": "Skip",
  "button.uphold": "Agree with the client",
  "button.reject": "Keep the amount due",
  "button.discount": "Offer a discount…",
  "modal.title": "Counter-offer",
  "modal.submit": "Send",
  "modal.close": "Cancel",
  "modal.intro":
    "Propose other terms to the client: a plan (number of instalments and first date), a discount, or both. The client will be asked to confirm the exact terms.",
  "modal.amount_due": (a: Args) => `Amount due: *${a.amount}*`,
  "modal.count": "Number of instalments",
  "modal.count_hint": "2 to 60. Leave empty for a single payment with a discount.",
  "modal.amount": "Amount per instalment",
  "modal.amount_hint":
    "Optional: leave empty to split evenly. The last instalment takes the balance.",
  "modal.first_date": "First payment date",
  "modal.frequency": "Frequency",
  "modal.frequency.monthly": "Monthly",
  "modal.frequency.biweekly": "Every two weeks",
  "modal.frequency.weekly": "Weekly",
  "modal.discount": "Discount",
  "modal.discount_hint": "Optional: an amount taken off what is due.",
  "error.count": "Enter a whole number between 2 and 60.",
  "error.amount": "Enter a positive amount, e.g. 150 or 150.50.",
  "error.amount_too_many_decimals": (a: Args) =>
    `Use at most ${a.digits} decimal place(s) for this currency.`,
  "error.amount_too_small": (a: Args) =>
    `${a.count} instalments of this amount cover less than ${a.total}. Try at least ${a.min}.`,
  "error.amount_too_large": (a: Args) =>
    `Fewer instalments would already cover ${a.total}: lower the amount or the number of instalments.`,
  "error.first_date_missing": "Choose the first payment date.",
  "error.first_date_past": "The first payment date cannot be in the past.",
  "error.discount": "Enter a discount smaller than the amount due.",
  "error.nothing": "Enter a number of instalments, a discount, or both.",
  "decision.approved": (a: Args) => `✅ Approved by ${a.user} — ${a.when}`,
  "decision.declined": (a: Args) => `❌ Declined by ${a.user} — ${a.when}`,
  "decision.countered": (a: Args) => `↩️ Counter-offer by ${a.user} — ${a.when}`,
  "decision.payment_received": (a: Args) =>
    `💶 Payment confirmed as received by ${a.user} — ${a.when}`,
  "decision.payment_not_received": (a: Args) =>
    `🔎 Payment marked as not received by ${a.user} — ${a.when}`,
  "decision.moved_on": (a: Args) => `ℹ️ No longer applies: ${a.why}`,
  "click.not_recorded":
    "⚠️ Your click could not be taken into account: our service is briefly unavailable. Please press the button again in a minute (pressing twice never decides twice).",
  "refusal.not_approver":
    "Only this business's approvers can answer this request. Nothing was changed.",
  "refusal.unknown_case":
    "This request refers to a case that no longer exists. Nothing was changed.",
  "refusal.already_answered":
    "This request has already been answered or is no longer pending. Nothing was changed.",
  "refusal.decided_by": (a: Args) =>
    `Already decided by ${a.user} — ${a.when}. Nothing was changed.`,
  "refusal.paid": "the invoice was paid in the meantime.",
  "refusal.closed": "the case is closed.",
  "refusal.opted_out": "the client asked to stop automated messages.",
  "refusal.offer_expired": "the offer has expired.",
  "refusal.human": "someone has taken the conversation over personally.",
  "refusal.invalid_terms": (a: Args) => `these terms cannot be used (${a.detail}).`,
  "refusal.other": (a: Args) => `the case has moved on (${a.detail}).`,
  "terms.pay_now": (a: Args) => `Payment of ${a.amount}${a.discount}`,
  "terms.installments": (a: Args) => `${a.count} instalments from ${a.from}${a.discount}`,
  "terms.discount": (a: Args) => ` (discount ${a.amount})`,
  "report.title": "Relance — overview",
  "report.overdue": (a: Args) => `*Overdue:* ${a.total} across ${a.count} invoice(s)`,
  "report.bucket": (a: Args) => `${a.label} days late: ${a.count} — ${a.total}`,
  "report.open_cases": (a: Args) => `*Open cases:* ${a.count}`,
  "report.waiting": (a: Args) => `*Approvals waiting:* ${a.count}`,
  "report.waiting_item": (a: Args) => `• ${a.invoice} — ${a.debtor} (${a.subject})`,
  "report.none_overdue": "Nothing overdue. 🎉",
  "report.case_title": (a: Args) => `Invoice ${a.invoice} — ${a.debtor}`,
  "report.case_status": (a: Args) => `*Status:* ${a.status}`,
  "report.case_amounts": (a: Args) =>
    `*Amount:* ${a.amount} · *paid:* ${a.paid} · *due date:* ${a.due}`,
  "report.history": "*History*",
  "report.history_empty": "No events yet.",
  "report.case_not_found": (a: Args) => `No invoice numbered “${a.invoice}” for this business.`,
  "report.no_business":
    "This channel is not linked to a business in Relance. Run /relance in the business's channel.",
  "report.not_approver": "Only this business's approvers can see its collections.",
} satisfies Record<string, Entry>;

export type SlackStringId = keyof typeof en;

/** Every id, for the copy tests that read all our words in both languages. */
export const SLACK_STRING_IDS = Object.keys(en) as SlackStringId[];

const fr: Record<SlackStringId, Entry> = {
  "button.approve": "Approuver",
  "button.decline": "Refuser",
  "button.counter": "Contre-proposer…",
  "button.payment_received": "Paiement reçu",
  "button.payment_not_received": "Non reçu",
  "button.skip": "Passer",
  "button.uphold": "Donner raison au client",
  "button.reject": "Maintenir le montant dû",
  "button.discount": "Proposer une remise…",
  "modal.title": "Contre-proposition",
  "modal.submit": "Envoyer",
  "modal.close": "Annuler",
  "modal.intro":
    "Proposez d'autres conditions au client : un échéancier (nombre d'échéances et première date), une remise, ou les deux. Le client devra confirmer les conditions exactes.",
  "modal.amount_due": (a: Args) => `Montant dû : *${a.amount}*`,
  "modal.count": "Nombre d'échéances",
  "modal.count_hint": "De 2 à 60. Laisser vide pour un paiement unique avec remise.",
  "modal.amount": "Montant par échéance",
  "modal.amount_hint":
    "Facultatif : laisser vide pour répartir également. La dernière échéance prend le solde.",
  "modal.first_date": "Date du premier paiement",
  "modal.frequency": "Fréquence",
  "modal.frequency.monthly": "Mensuelle",
  "modal.frequency.biweekly": "Toutes les deux semaines",
  "modal.frequency.weekly": "Hebdomadaire",
  "modal.discount": "Remise",
  "modal.discount_hint": "Facultatif : un montant déduit de la somme due.",
  "error.count": "Saisissez un nombre entier entre 2 et 60.",
  "error.amount": "Saisissez un montant positif, par ex. 150 ou 150,50.",
  "error.amount_too_many_decimals": (a: Args) =>
    `Utilisez au plus ${a.digits} décimale(s) pour cette devise.`,
  "error.amount_too_small": (a: Args) =>
    `${a.count} échéances de ce montant couvrent moins de ${a.total}. Essayez au moins ${a.min}.`,
  "error.amount_too_large": (a: Args) =>
    `Moins d'échéances suffiraient déjà à couvrir ${a.total} : baissez le montant ou le nombre d'échéances.`,
  "error.first_date_missing": "Choisissez la date du premier paiement.",
  "error.first_date_past": "La date du premier paiement ne peut pas être passée.",
  "error.discount": "Saisissez une remise inférieure au montant dû.",
  "error.nothing": "Saisissez un nombre d'échéances, une remise, ou les deux.",
  "decision.approved": (a: Args) => `✅ Approuvé par ${a.user} — ${a.when}`,
  "decision.declined": (a: Args) => `❌ Refusé par ${a.user} — ${a.when}`,
  "decision.countered": (a: Args) => `↩️ Contre-proposition de ${a.user} — ${a.when}`,
  "decision.payment_received": (a: Args) =>
    `💶 Paiement confirmé comme reçu par ${a.user} — ${a.when}`,
  "decision.payment_not_received": (a: Args) =>
    `🔎 Paiement signalé comme non reçu par ${a.user} — ${a.when}`,
  "decision.moved_on": (a: Args) => `ℹ️ Ne s'applique plus : ${a.why}`,
  "click.not_recorded":
    "⚠️ Votre clic n'a pas pu être pris en compte : notre service est momentanément indisponible. Appuyez de nouveau sur le bouton dans une minute (appuyer deux fois ne décide jamais deux fois).",
  "refusal.not_approver":
    "Seuls les approbateurs de l'entreprise peuvent répondre à cette demande. Rien n'a été modifié.",
  "refusal.unknown_case":
    "Cette demande concerne un dossier qui n'existe plus. Rien n'a été modifié.",
  "refusal.already_answered":
    "Cette demande a déjà reçu une réponse ou n'est plus en attente. Rien n'a été modifié.",
  "refusal.decided_by": (a: Args) => `Déjà décidé par ${a.user} — ${a.when}. Rien n'a été modifié.`,
  "refusal.paid": "la facture a été réglée entre-temps.",
  "refusal.closed": "le dossier est clos.",
  "refusal.opted_out": "le client a demandé l'arrêt des messages automatiques.",
  "refusal.offer_expired": "l'offre a expiré.",
  "refusal.human": "quelqu'un a repris la conversation personnellement.",
  "refusal.invalid_terms": (a: Args) =>
    `ces conditions ne peuvent pas être retenues (${a.detail}).`,
  "refusal.other": (a: Args) => `le dossier a évolué (${a.detail}).`,
  "terms.pay_now": (a: Args) => `Paiement de ${a.amount}${a.discount}`,
  "terms.installments": (a: Args) => `${a.count} échéances à partir du ${a.from}${a.discount}`,
  "terms.discount": (a: Args) => ` (remise de ${a.amount})`,
  "report.title": "Relance — vue d'ensemble",
  "report.overdue": (a: Args) => `*En retard :* ${a.total} sur ${a.count} facture(s)`,
  "report.bucket": (a: Args) => `${a.label} jours de retard : ${a.count} — ${a.total}`,
  "report.open_cases": (a: Args) => `*Dossiers ouverts :* ${a.count}`,
  "report.waiting": (a: Args) => `*Approbations en attente :* ${a.count}`,
  "report.waiting_item": (a: Args) => `• ${a.invoice} — ${a.debtor} (${a.subject})`,
  "report.none_overdue": "Aucune facture en retard. 🎉",
  "report.case_title": (a: Args) => `Facture ${a.invoice} — ${a.debtor}`,
  "report.case_status": (a: Args) => `*Statut :* ${a.status}`,
  "report.case_amounts": (a: Args) =>
    `*Montant :* ${a.amount} · *réglé :* ${a.paid} · *échéance :* ${a.due}`,
  "report.history": "*Historique*",
  "report.history_empty": "Aucun événement pour l'instant.",
  "report.case_not_found": (a: Args) =>
    `Aucune facture numérotée « ${a.invoice} » pour cette entreprise.`,
  "report.no_business":
    "Ce canal n'est lié à aucune entreprise dans Relance. Lancez /relance dans le canal de l'entreprise.",
  "report.not_approver": "Seuls les approbateurs de l'entreprise peuvent consulter ses relances.",
};

const TABLE: Record<Locale, Record<SlackStringId, Entry>> = { en, fr };

/** The string `id` in `locale`; `args` fill the placeholders of the entries that take some. */
export function slackText(locale: Locale, id: SlackStringId, args: Args = {}): string {
  const entry = TABLE[locale][id];
  // The same typography as every other text we write (French no-break spaces before : ; ! ?).
  return typeset(typeof entry === "string" ? entry : entry(args), locale);
}

/** Whether `id` names one of our strings (button labels arrive as action ids from the runtime). */
export function isSlackStringId(id: string): id is SlackStringId {
  return Object.hasOwn(en, id);
}
