/**
 * Hand-written tuning messages whose labels the templates cannot express (a per-payment amount
 * with its count, two intents in one message, forms quoted in issue 12).
 */
import type { Row } from "./row.ts";

export const HAND_ROWS: readonly Row[] = [
  ["fr", "installments", "3 x 150 € ça vous va ?", "150", 3, null, null],
  ["en", "installments", "can I do 4 x 300?", "300", 4, null, null],
  ["fr", "installments", "en 8 fois", null, 8, null, null],
  ["fr", "installments", "je peux payer 200 euros par mois", "200", null, "month", null],
  ["fr", "installments", "6 fois 200 €", "200", 6, null, null],
  ["en", "installments", "2 x 600 would be easier", "600", 2, null, null],
  [
    "fr",
    "already_paid",
    "j'ai déjà payé la moitié, le reste à la fin du mois",
    null,
    null,
    null,
    null,
  ],
  ["en", "already_paid", "I paid half already, the rest next week", null, null, null, null],
  ["fr", "promise", "je paierai 1 200 € le 15 sans faute", "1200", null, null, "dom:15"],
  ["en", "installments", "could I do 3 payments from the 1st", null, 3, null, "dom:1"],
  ["fr", "accept", "oui, je confirme", null, null, null, null],
  ["fr", "accept", "ok pour moi 👍", null, null, null, null],
  ["en", "accept", "bet", null, null, null, null],
  ["en", "accept", "no worries, that's fine", null, null, null, null],
  ["fr", "accept", "ça ne me pose aucun problème", null, null, null, null],
  ["en", "decline", "I'll pass on that", null, null, null, null],
  ["en", "decline", "no payment plan for me thanks", null, null, null, null],
  ["fr", "decline", "non merci, pas d'échéancier", null, null, null, null],
  ["fr", "human", "un humain svp", null, null, null, null],
  ["en", "human", "speak to agent", null, null, null, null],
  ["fr", "stop", "stop, j'ai déjà payé", null, null, null, null],
  [
    "en",
    "dispute",
    "I already paid half and the rest is disputed, the work is unfinished",
    null,
    null,
    null,
    null,
  ],
  ["en", "pay_now", "paying now, sorry for forgetting", null, null, null, null],
  ["fr", "promise", "je n'ai pas les fonds, je vous paie le 10", null, null, null, "dom:10"],
  ["fr", "pay_now", "je paie la totalité aujourd'hui", null, null, null, "d+0"],
  ["en", "pay_now", "I'll pay it all today", null, null, null, "d+0"],
  ["fr", "pay_now", "je regle tout ce soir par carte", null, null, null, "d+0"],
  ["en", "pay_now", "I can pay the full amount today", null, null, null, "d+0"],
  ["fr", "already_paid", "j'ai déjà payé le 5 décembre", null, null, null, "pmd:12-05"],
  ["en", "already_paid", "we paid on 30 November", null, null, null, "pmd:11-30"],
];
