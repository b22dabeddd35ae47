/**
 * Decides what a normalized message asks for. Each intent has French and English patterns; the
 * first intent in `PRIORITY` whose signal fires wins. The order is the policy:
 * 1. stop and human first — an opt-out or a request for a person must never be missed;
 * 2. already_paid, dispute, not_received — facts that pause the ladder, whatever else is said
 *    ("the work is bad, I won't pay" is a dispute, not a refusal);
 * 3. concrete proposals (installments, promise) before the reasons behind them
 *    ("j'ai oublié, je paie demain" is a promise);
 * 4. cash_flow before pay_now, because "I can't pay right now" mentions "now";
 * 5. forgot, then the short answers to an offer: decline before accept ("no thanks",
 *    "pas d'accord" contain accepting words);
 * 6. when nothing fires: a naive Bayes model over the labelled tuning messages (if confident),
 *    then weighted word cues, then unknown.
 */
import type { Intent } from "../types.ts";
import { EXAMPLES } from "./examples.ts";
import { intentFromCues } from "./intent-cues.ts";
import { trainNaiveBayes } from "./naive-bayes.ts";
import { normalize } from "./normalize.ts";

export interface IntentClues {
  /** The message gives a number of payments or an amount per period. */
  readonly hasPlanShape: boolean;
  /** The message names a day (already resolved, in the future for plans). */
  readonly hasDate: boolean;
  readonly hasAmount: boolean;
  /** The day named is today: "I'll pay it all today" is paying now, not a promise. */
  readonly dateIsToday?: boolean;
}

const STOP = [
  /^(?:(?:stp|svp|please|pls|merci de|bon) )?(?:stop|arret|arrete|arretez|stp stop|unsubscribe|desabonner|desinscription)\b[ !.]*(?:svp|please|pls|merci|now)?[ !.]*$/,
  /\b(?:arretez|arrete|cessez|stop) (?:de |d')(?:m'ecrire|me (?:harceler|relancer|contacter|spammer|deranger|envoyer|texter)|m'envoyer|me spam)/,
  /\bne (?:m'|me )(?:ecrivez|contactez|relancez|envoyez|harcelez|derangez)(?: plus| jamais| pas)/,
  /\b(?:desinscri|desabonn|unsubscribe|opt[ -]?out)/,
  /\blaissez[- ]moi tranquille|\bfoutez[- ]moi la paix|\bleave me alone\b/,
  /\bstop (?:texting|messaging|writing|contacting|sending|emailing|bothering|harassing|spamming)/,
  /\b(?:don't|do not|never) (?:contact|text|message|write to|email|call) (?:me|this number|my number)\b/,
  /\b(?:cesser|cessez|arreter|arretez|stopper) (?:tout contact|toute relance|tous (?:les )?(?:contacts|messages|envois))\b|\b(?:take|remove|delete) my (?:number|details|name|contact)\b/,
  /\bno more (?:messages|texts|reminders|emails)\b|\bplus de (?:messages|relances|sms|mails)\b/,
  /\b(?:ne veux|ne souhaite|veux|souhaite) (?:plus|pas|plus jamais) (?:recevoir|avoir) (?:de |vos |les |d'autres |ces )?(?:messages|sms|relances|mails|notifications)\b|\b(?:don't|do not) (?:want|wish) (?:to (?:receive|get) )?(?:any )?(?:more |further )?(?:messages|texts|reminders|emails)\b|\bquit (?:messaging|texting|contacting|writing to|emailing|bugging|bothering) me\b/,
  /\b(?:merci de |veuillez |svp )?ne plus (?:m'envoyer|me contacter|m'ecrire|me relancer|me deranger|m'appeler)\b/,
  /\b(?:remove|take|delete) me (?:from|off) (?:your|the|this) (?:list|mailing list|contacts|database)\b|\bopt me out\b/,
  /\b(?:retirez|supprimez|effacez|enlevez) (?:mon numero|mes coordonnees|mon contact|mon nom)\b|\b(?:arretez|arrete|stop|stoppez|cessez) (?:les|vos|ces|tes) (?:sms|messages|relances|mails|textos|notifications)\b|\b(?:stop|no more) all (?:messages|texts|reminders)\b|\bdo not consent\b/,
  /\b(?:supprimez|retirez|enlevez)[- ]moi de (?:votre|la|vos) (?:liste|fichier|base|contacts)\b/,
  /^stop\b/,
];

const HUMAN = [
  /\b(?:parler|discuter|echanger|voir ca|voir cela|regler ca) (?:a|avec|au|directement avec) (?:quelqu'un|un humain|une personne|une vraie personne|un vrai|le responsable|un responsable|le gerant|la gerante|le patron|la patronne|votre patron|le proprietaire|un conseiller|une conseillere|le directeur|le chef|un etre humain|la direction)/,
  /\b(?:avec|au|le|la|un|une) (?:gerant|gerante|patron|patronne|responsable|conseiller|humain)\b/,
  /\b(?:passez|passe)[- ]moi\b/,
  /\b(?:appelez|appele|rappelez|rappele|telephonez)[- ]moi\b|\bm'appeler\b|\bme rappeler\b(?! (?:le|la|les|l'|mon|ma|mes|votre|vos|ce|cette|de|d'|quel|combien))|\b(?:avoir|parler a) quelqu'un (?:au|par) (?:telephone|tel|phone)\b|\bau telephone\b|\bm'appelle(?:r|z)? quelqu'un\b/,
  /\b(?:un|une) (?:humain|vraie personne|vrai personne|personne reelle)\b|\bvous etes (?:un|une) (?:robot|bot|ia)\b|\bc'est un (?:robot|bot)\b/,
  /\b(?:talk|speak|chat) (?:to|with) (?:a |an |the |your |some )?(?:human|person|someone|somebody|real person|manager|owner|boss|agent|representative|people|staff|real)/,
  /\b(?:discuss|sort|deal with) (?:this|it|that) (?:with|directly with) (?:the |a |your )?(?:owner|manager|boss|person|human|someone)/,
  /\bwith (?:the|your) (?:owner|manager|boss|accountant|accounts department|sales rep|office)\b/,
  /\b(?:parler|discuter|echanger|voir ca|m'entretenir) (?:avec|a) (?:votre|ton|le|la|un|une|l') ?(?:comptable|commercial|commerciale|technicien|conseiller|conseillere|gerant|gerante|patron|patronne|responsable|directeur|directrice|proprietaire|interlocuteur|service (?:client|comptable|compta)|compta)\b/,
  /\bquelqu'un de (?:vrai|reel|humain)\b|\bune? (?:vraie? )?(?:personne|humain) (?:reelle|physique)\b|\bun etre humain\b|\b(?:y a|il y a) (?:quelqu'un|qqn)\b/,
  /\b(?:someone|somebody|anyone|a person) (?:in charge|from (?:your|the) (?:office|company|team|accounts))\b|\bis (?:there )?(?:anyone|anybody|someone) (?:there|real|human)\b/,
  /\bwho (?:can|do|should) i (?:ring|call|phone|speak to|talk to|contact)\b|\b(?:num|numero|tel|telephone) (?:du|de la|de votre) (?:gerant|gerante|patron|responsable|directeur|comptable)\b|\b(?:etre )?rappele(?:e)? par\b/,
  /\b(?:real|actual) (?:person|human)\b|\b(?:get|give|find) me (?:a |an |the )?(?:human|person|manager|owner)\b|\ban? human\b|\bcall me\b|\bphone me\b|\bring me\b|\bare you a (?:bot|robot)\b|\bhuman please\b/,
];

const NEGATED_PAYMENT =
  /\b(?:n'ai|n'avons|ai) (?:pas|jamais) (?:encore )?(?:paye|regle)\b|\bhaven't (?:yet )?paid\b|\bnot (?:yet )?paid\b|\bdidn't pay\b/;

const ALREADY_PAID = [
  /\bdeja (?:paye|regle|verse|vire|fait le virement|envoye|payee|reglee)\b/,
  /\b(?:paiement|virement|reglement|cheque|versement|facture|montant|somme|solde|argent)\b[^.?!]{0,40}\b(?<!ce qui |ce qu'il |tout ce qui )(?:a|ont|avait) ete (?:deja )?(?:effectue|fait|regle|paye|vire|envoye|verse|solde|emis)e?s?\b|\b(?:was|were|has been|have been|had been) (?:already )?(?:paid|settled|sent|transferred|wired|cleared)\b/,
  /\bje (?:l'ai|les ai|vous l'ai|te l'ai) (?:deja )?(?:paye|regle|vire|envoye|verse)e?s?\b|^(?:sent|paid|transferred|wired|e-transferred) (?:you|it|the|that|this|\$|€|£|\d)/,
  /\b(?:j'ai|je vous ai|je t'ai|on a|nous avons|on vous a|j'avais) (?:deja )?(?:tout )?(?:paye|regle|verse|vire|fait (?:le|un|mon) (?:virement|paiement|cheque|reglement)|envoye (?:le|un|mon) (?:virement|paiement|cheque|reglement|l'argent)|effectue|payee)/,
  /\b(?:c'est|c'etait|tout est|facture) (?:deja )?(?:regle|paye|payee|reglee|solde)\b/,
  /\b(?:paiement|virement|reglement|cheque|versement)\b[^.?!]{0,30}\b(?:est|a ete) (?:deja )?(?:parti|effectue|fait|envoye|passe|emis|realise)e?\b/,
  /\b(?:le |mon )?(?:paiement|virement|reglement|cheque) (?:a ete|est) (?:effectue|fait|envoye|parti|passe|realise|emis)/,
  /^(?:regle|paye|payee|reglee|vire) (?:le|hier|depuis|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|avant|la semaine|par)/,
  /\b(?:my|our) (?:accountant|bank|bookkeeper|office|assistant|partner|wife|husband) (?:has |already )?(?:sent|paid|transferred|wired|settled)\b|\b(?:sent|paid|transferred|wired) (?:it|the money|the payment|it all|you the money) (?:over|across|through|already|last|yesterday|on)\b|\b(?:mon|ma|notre) (?:comptable|banque|secretaire|assistante?|associe|femme|mari) (?:vous )?a (?:deja )?(?:paye|regle|envoye|vire|fait le virement)/,
  /\b(?:paiement|virement|reglement|cheque|versement) (?:deja )?(?:fait|effectue|envoye|realise|passe|emis|parti)\b/,
  /(?<!\bif |\bsi |\bwhat if )\b(?:already|i've|i have|we've|we have|we|i) (?:already )?(?:paid|settled|sent (?:the|a|my) (?:payment|transfer|money|bank transfer|check|cheque)|transferred|made (?:the|a|my) payment|wired)\b/,
  /\b(?:payment|transfer|bank transfer) (?:was|has been|went) (?:sent|made|done|through|out)/,
  /^(?:paid|settled)\b/,
  /(?<!until |till |jusqu'a ce qu')\bit'?s (?:already )?(?:been )?(?:paid|settled)\b(?! off)/,
  /\b(?:i|we) (?:did|made) (?:the |a )?(?:payment|transfer)\b/,
];

const DISPUTE = [
  /\b(?:pas|mal|jamais) (?:ete )?(?:fait|faite|realise|termine|fini|finie|livre|livree) (?:correctement|comme prevu|proprement|dans les regles)?/,
  /\bpas (?:ete )?(?:fait|faite|realise|effectue)e? correctement\b|\bmal fait\b|\bbacle\b/,
  /\b(?:abime|abimee|casse|cassee|defectueu|endommage|non conforme|pas conforme|ne marche (?:pas|plus|toujours pas)|ne fonctionne (?:pas|plus|toujours pas)|marche pas)/,
  /\b(?:pas|plus) (?:du tout )?(?:satisfait|content|contente|satisfaite)\b|\bmecontent|\binsatisf/,
  /\b(?:conteste|contester|contestation|litige|reclamation|arnaque|escroquerie|scandaleux|inadmissible)/,
  /\b(?:erreur|errone|faux|fausse|incorrect) (?:sur|dans|de) (?:la|le|votre) (?:facture|montant|devis)|\b(?:le )?montant (?:est |n'est pas |ne correspond|est faux|errone|incorrect)|\bmontant (?:est )?faux\b|\berreur sur la facture\b/,
  /\bdevis\b|\bfactur\w* (?:\d+ ?(?:€|e|euros?) )?(?:de )?trop\b|\btrop (?:cher|chere|eleve)e?\b(?! pour (?:moi|nous|mon budget))|\bsurfactur/,
  /\brembours|\bremise\b(?!.*\boffre\b)|\bqualite\b.*\b(?:mauvaise|nulle|mediocre)|\b(?:nul|nulle|catastrophique|lamentable)\b(?! part)/,
  /\b(?:not|never|wasn't|weren't|isn't|hasn't been) (?:done|finished|completed|delivered|working|fixed) (?:properly|right|correctly|as agreed|well)?/,
  /\bc'est du vol\b|\bdu racket\b|\bdaylight robbery\b|\brip[- ]?off\b/,
  /\b(?:withhold|withholding|holding back|hold(?:ing)? off (?:on )?)(?: the)? (?:payment|paying)\b|\b(?:until|till|tant que|jusqu'a ce que)\b[^.?!]{0,40}\b(?:is |are |be |soit |soient )?(?:fixed|repaired|finished|sorted|corrected|repare|reparee|termine|terminee|corrige|refait)/,
  /\bne correspond (?:pas|plus) (?:a|au|aux)\b|\b(?:raye|rayure|rayures|tache|taches|abime|abimee|casse|cassee)\b|\bplus cher que (?:le devis|prevu|convenu)|\b(?:higher|more|bigger) than (?:the |your )?(?:estimate|quote|quoted|agreed)|\bworse than (?:before|it was)\b|\bnot what (?:was|we) (?:agreed|promised)\b/,
  /\b(?:faulty|broken|damaged|defective|poor quality|shoddy|botched|doesn't work|don't work|stopped working|broke again)\b/,
  /\b(?:not|never) (?:happy|satisfied|pleased)\b|\bunhappy\b|\bdissatisfied\b|\bdisappointed\b/,
  /\b(?:dispute|disputing|contest|overcharg|wrong amount|amount is wrong|incorrect amount|invoice is wrong|mistake on the invoice|error on the invoice|the quote|refund|discount|rip[- ]?off|scam)/,
  /\bcharged me (?:\S+ )?(?:more|too much|extra|twice)\b|\bmore than (?:agreed|quoted)\b/,
  /\b(?:doesn't|does not|didn't|did not) meet\b|\b(?:the )?spec(?:ification)?s?\b|\bsubstandard\b|\bnot up to (?:standard|scratch|par)\b|\b(?:not|won't|will not|refuse to) pay(?:ing)? for (?:work|a job|something|that|this|the work|the job|what)\b|\b(?:half|some|most|all) (?:of )?the (?:items|goods|parts|order)\b[^.?!]{0,30}\b(?:broken|damaged|missing|wrong)\b/,
  /\b(?:half done|half finished|unfinished|incomplete|missing (?:items?|parts?|pieces?)|not what (?:i|we) (?:ordered|asked for|agreed)|wrong (?:item|items|order|product|size|amount|price)|never (?:showed up|turned up|came to)|still (?:broken|not (?:working|fixed|done|finished)))\b/,
  /\b(?:but|yet) (?:we|i) agreed (?:on|to)\b|\bwe agreed on\b|\bagreed price\b|\bthe invoice says\b|\b(?:until|till) (?:you|it'?s|they) (?:fix|fixed|repair|repaired|finish|finished|sort)/,
  /\brefuse de (?:payer|regler) (?:ce|cette|le|la|un tel|une telle)\b|\b(?:traces|taches|rayures|degats|fissures|fuites?) (?:partout|sur|dans)\b|\b(?:compte|facture|factures|charge|compte) [^.?!]{0,40}\balors (?:que|qu')\b|\bmal (?:peint|pose|installe|monte|repare|fini|finie|fait|faite)\b/,
  /\bmalfacon|\bincomplet|\bmanqu(?:ait|e|ent|aient) (?:\d+|des|un|une|plusieurs|la moitie)|\bpas ce que j'ai (?:commande|demande)|\bpas (?:encore )?(?:repare|termine|fini)e?s?\b|\bpas (?:du tout )?conforme|\bsav\b|\bon (?:avait|s'etait) (?:convenu|dit|mis d'accord)|\bc'etait convenu\b|\btant que\b[^.?!]{0,40}\bpas (?:repare|regle|termine|fini|refait|corrige)/,
];

const INVOICE =
  "(?:facture|factures|invoice|invoices|bill|bills|mail|email|e-mail|courrier|lettre|document|rien|nothing|anything)";
const NOT_RECEIVED = [
  new RegExp(
    String.raw`\b(?:pas|jamais|rien) (?:encore )?(?:recu|eu|vu)\b(?! passer)|\brien recu\b|\baucune? ${INVOICE} (?:recue?|arrivee?)`,
  ),
  new RegExp(
    String.raw`\b(?:renvoy|renvoi|reenvoy|retransm)\w* (?:\w+ )?(?:la |le |une |votre |cette )?${INVOICE}|\bme (?:la |le )?renvoyer\b`,
  ),
  new RegExp(String.raw`\b(?:quelle|laquelle de|quel) ${INVOICE}\b|\b(?:which|what) ${INVOICE}\b`),
  /\b(?:never|not|haven't|didn't|did not|have not|hasn't) (?:yet )?(?:got|gotten|received|receive|get|seen|had)\b/,
  /\b(?:resend|re-send|send (?:me )?(?:the |it |this |that |a copy )?(?:\w+ )?again|send (?:me )?(?:a )?copy)\b/,
  new RegExp(
    String.raw`\bnothing (?:has )?(?:arrived|came|come)\b|\b(?:can't|cannot|couldn't) find (?:it|the ${INVOICE}|any)\b|\bje (?:ne )?(?:la |le )?trouve (?:pas|plus)\b`,
  ),
  new RegExp(
    String.raw`\b(?:ne )?(?:vois|trouve|retrouve) (?:aucune?|pas (?:de|la|votre)|jamais) ${INVOICE}|\b(?:envoyee?|envoye) (?:ou|a quelle adresse)\b|\bwhere did you send (?:it|the ${INVOICE})\b|\b(?:not|never) (?:in|reached) (?:my )?(?:inbox|mailbox|me)\b|\bnever reached me\b`,
  ),
  /\b(?:don't|do not|never|not sure)\b[^.?!]{0,30}\bever (?:received|got|gotten|seen|had)\b|\b(?:never|didn't|did not|hasn't|has not) (?:came|come|arrived|turned up|shown up|reached me)(?: through)?\b|\b(?:email|e-mail|send|mail|forward) me (?:the|a|your|a copy of the) (?:invoice|bill|copy)\b|\b(?:m'envoyer|me renvoyer|me transmettre|m'envoyez|me renvoyez) (?:la|une|votre) (?:facture|copie)\b/,
  new RegExp(
    String.raw`\b(?:c'est quoi|qu'est-ce que c'est que|qu'est ce que) (?:cette|la|votre|ce) ${INVOICE}|\bjamais vu passer\b|\bwhat(?:'s| is) (?:this|that) (?:invoice|bill)\b`,
  ),
  new RegExp(
    String.raw`\b(?:pas|aucune) (?:de )?trace (?:de|d') ?(?:cette|la|votre|une|aucune)? ?${INVOICE}|\bno record of (?:an|the|any|your|this) ${INVOICE}|\b(?:ancienne|mauvaise) adresse\b|\b(?:old|wrong) (?:address|email)\b`,
  ),
  /\b(?:ne )?(?:la|le|les) trouve (?:nulle part|pas|plus)\b|\b(?:bien )?envoye (?:la|votre|une) facture ?\?|\b(?:did you|have you) (?:actually |really )?(?:send|sent) (?:the|an|my|it|the) ?(?:invoice|bill)?/,
  new RegExp(
    String.raw`\bno ${INVOICE}\b|\bnever (?:got|received|saw) (?:the|any|an|your) ${INVOICE}\b`,
  ),
];

const FORGOT = [
  /\boubli|\bzapp?e|\bzapp?er|(?<!jamais )\bvu passer\b|\bsortie? de (?:la |ma )?(?:tete|esprit|memoire)|\bsortie? de l'esprit|\bpas pense\b|\bpas vu passer\b|\bj'avais pas vu\b/,
  /\bforgot|\bforgotten|\bforget\b|\bslipped my mind\b|\bslipped through\b|\bmissed it\b|\bnot remember|\b(?:fell|fallen|dropped) off my radar\b|\blost track\b|\b(?:went|gone|slipped) (?:right |clean |completely )?(?:out of|from) my (?:head|mind)\b|\bclean forgot\b|\boverlooked\b|\bcompletely missed\b|\bdidn't (?:see|notice) (?:it|the (?:invoice|bill|email|reminder))\b/,
  /\bm'a (?:completement |totalement )?echappe|\bpassee? a la trappe|\b(?:got|slipped) away from me\b|\b(?:didn't|did not) realis|\bpas rendu compte\b|\bje (?:croyais|pensais) (?:l'avoir|avoir (?:deja )?) (?:paye|regle)|\bthought i(?:'d| had)(?: already)? paid\b|\bpas fait attention\b|\bn'y ai (?:plus|pas) pense|\bpas fait gaffe\b|\bpas vu (?:la|votre|le|ce) (?:facture|mail|message|rappel)\b/,
];

const CASH_FLOW = [
  /\btresorerie|\bdifficulte|\bdifficile|\bgalere|\bfauche|\bsans le sou|\ba sec\b|\bpas d'argent\b|\bplus d'argent\b|\bpas les (?:moyens|fonds|sous)\b|\bpas assez d'argent\b|\bmanque d'argent\b|\bpas de sous\b|\bun peu juste\b|\bsuis juste\b|\bc'est juste\b|\bc'est (?:tres )?dur\b|\bc'est complique\b|\bfinancierement\b|\bbloque\b|\bchomage\b|\bperdu mon (?:travail|emploi|boulot)\b|\bpas paye\b|\bm'a pas paye\b|\bdecouvert\b|\bbanque\b.*\brefus/,
  /\bne (?:peux|pourrai|pourrais|peut) pas (?:payer|regler|tout payer|tout regler|vous payer)\b|\bpas (?:en mesure|possible) de (?:payer|regler)\b|\bimpossible de (?:payer|regler)\b/,
  /\bdans le rouge\b|\b(?:plus|pas) (?:un|d'un) (?:rond|sou|centime|kopeck)\b|\bsans (?:un|le) sou\b|\bfauche\b|\bentre deux (?:boulots|emplois|contrats)\b|\b(?:pas|plus) de (?:boulot|travail|salaire)\b|\bpas de quoi (?:payer|regler)\b|\b(?:j'attends|en attente d(?:e|u|'un)) (?:le |un |mon )?(?:paiement|virement|reglement|salaire|paie)\b|\bpas encore (?:ete )?(?:paye|touche) (?:mon salaire|ma paie)?\b|\bavant (?:la paie|mon salaire|le salaire|la fin du mois)\b|\bperiode (?:difficile|compliquee|tendue)\b|\bgros(?:se)? (?:galere|souci|probleme) (?:d'argent|financier)/,
  /\bno income\b|\b(?:pas|plus) de (?:revenus?|rentrees)\b|\bsans (?:revenus?|ressources)\b|\boff sick\b|\barret maladie\b|\bredressement judiciaire\b|\bliquidation\b|\bskint\b|\bstrapped\b|\bends meet\b|\bdried up\b/,
  /\b(?:i |we )?(?:have|got|had) (?:nothing|zero|no cash|nothing left)\b|\bj'ai (?:plus )?rien\b(?! (?:recu|eu|vu))|\bbetween jobs\b|\bout of work\b|\bin the red\b|\boverdrawn\b|\b(?:can't|cannot|unable to) (?:cover|manage|make) (?:it|that|the payment|this)\b|\bbehind on (?:everything|my bills|bills|rent|payments)\b|\bmoney'?s (?:been )?(?:really |very |super )?tight\b|\bdon't have (?:it|that|that much|enough)\b|\b(?:things|it|times|business|work) (?:have been|has been|are|is) (?:rough|hard|tough|slow|bad)\b|\b(?:rough|tough|hard|bad) (?:patch|time|times|month|spell|period)\b|\b(?:cash|money|funds) (?:is|are) (?:short|low|tight)\b|\bshort (?:on|of) (?:cash|money|funds)\b|\bwaiting (?:on|for) (?:a |my |the )?(?:big )?(?:client|customer|salary|paycheck|pay ?check|payday|payment|invoice to be paid)\b|\buntil payday\b/,
  /\bcash[- ]?flow|\btight\b|\bstruggl|\bbroke\b(?! again)|\bhard times\b|\bdifficult|\bcan't afford\b|\bcannot afford\b|\bcan't pay\b|\bcannot pay\b|\bunable to pay\b|\bdon't have (?:the |any |enough )?(?:money|funds|cash)\b|\bno money\b|\bshort on (?:money|cash)\b|\blost my job\b|\bunemployed\b|\bfinancial(?:ly)? (?:problems|trouble|difficult|issues|struggl|hard)|\bstruggling financially\b|\bhaven't been paid\b/,
];

const PAY_VERB =
  "(?:paie|paye|payer|paierai|payerai|paierais|payerais|paies|payes|regle|regler|reglerai|verse|verser|verserai|vire|virer|virerai|virement|paiement|reglement|pay|paying|paid|settle|settling|transfer|send the money|send (?:you )?the payment|send (?:you )?the money|send (?:you )?(?:a |the )?transfer|solder)";

const PAY_NOW = [
  new RegExp(
    String.raw`\b${PAY_VERB}\b[^.?!]{0,40}\b(?:maintenant|tout de suite|de suite|immediatement|direct|directement|sur le champ|aujourd'hui meme|des maintenant|now|right now|right away|straight away|straightaway|immediately|at once|asap|this minute|this instant|dans (?:\d+|quelques|cinq|deux|dix) (?:min|mins|minutes|secondes)|in (?:\d+|a few|five|two|ten) (?:min|mins|minutes|seconds))\b`,
  ),
  new RegExp(
    String.raw`\b(?:maintenant|tout de suite|de suite|immediatement|now|right now|right away|immediately)\b[^.?!]{0,20}\b${PAY_VERB}\b`,
  ),
  /\b(?:lien|link)\b[^.?!]{0,40}\b(?:paie|paye|payer|pay|regle|regler|settle)\b|\b(?:paie|paye|payer|pay|regle)\b[^.?!]{0,30}\b(?:lien|link)\b/,
  /\b(?:pay|paying|payer|regler|paie|paye) (?:the |it |la |le |)?(?:in full|en totalite|totalite|tout|whole|full amount|entire)\b[^.?!]{0,20}\b(?:now|maintenant|today|aujourd'hui)\b/,
];

const INSTALLMENTS = [
  /\b(?:en|in) (?:plusieurs|several|multiple|a few|quelques) (?:fois|versements|mensualites|payments|installments|instalments|parts|goes)\b/,
  /\b(?:fortnightly|(?:a|per|every|each) fortnight|bi-?weekly|every (?:two|2) weeks|every other week|toutes les (?:deux|2) semaines|tous les (?:quinze|15) jours)\b/,
  /\b(?:echeancier|echelonn|etaler|etalement|fractionn|plan de paiement|facilites de paiement|paiement en plusieurs|mensualites?)\b/,
  /\b(?:payment plan|installments?|instalments?|split (?:it|the|this|the payment|payments)|spread (?:it|the|this) (?:out|over)|pay (?:it )?(?:off )?in (?:parts|chunks|bits)|monthly payments|weekly payments|pay monthly|pay weekly)\b/,
];

const FUTURE_PAYMENT = [
  new RegExp(String.raw`\b${PAY_VERB}\b`),
  /\b(?:je paierai|je vais payer|je vais regler|je regle|je reglerai|je vous paie|je vous paye|je vous regle|vous aurez|vous recevrez|i'll pay|i will pay|will pay|i'll settle|i'll send|will send|i can pay|you'll (?:get|have|receive)|you will (?:get|have|receive))\b/,
];
const PROMISE_WORDS =
  /\b(?:promis|promets|promet|promise|sans faute|without fail|je m'engage|engagement|i swear|je vous assure)\b/;
const FUTURE_TENSE =
  /\b(?:payment|transfer|money|cheque|check|the rest) will (?:go out|be sent|be made|be paid|arrive|leave|come|be with you|reach you)\b|\b(?:le |mon )?(?:virement|paiement|cheque|reglement) (?:partira|sera (?:fait|effectue|envoye|emis))\b|\b(?:je paierai|je payerai|je vais (?:payer|regler|vous payer|faire le virement|verser)|je reglerai|je verserai|je pourrai (?:payer|regler|verser)|i'll (?:pay|settle|send|transfer|do the transfer)|i will (?:pay|settle|send|transfer)|will pay|i'll get (?:it|the money|the payment|that|you the money) (?:to you|over|sorted)|you'll have (?:it|the money|the payment|your money)|going to pay)\b/;
const RECEIVING =
  /\b(?:i |when i |once i |until i )?(?:get|gets|getting|am|be|been) paid\b|\bm'(?:aura|auront|a) paye\b|\bme (?:paie|paye|paiera|payera|regle|reglera)\b|\btouche (?:mon|ma) (?:salaire|paie)\b|\bpaycheck\b|\bpayday\b/g;
const NEGATED_FUTURE =
  /\b(?:ne (?:paierai|payerai|reglerai|vais|veux|peux|pourrai) pas|won't pay|will not pay|not paying|refuse de payer|hors de question)\b/;

const STRONG_ACCEPT =
  /\b(?:je valide|j'accepte|je confirme|i accept|i agree|i confirm|ok pour (?:ce|cet|cette|le|la|votre)|d'accord pour (?:ce|cet|cette|le|la|votre)|happy with (?:that|this|the) (?:plan|offer|schedule))\b/;

const DECLINE = [
  /^(?:non|no|nope|nah|nan|non merci|no thanks|no thank you|jamais|never)\b/,
  /(?:^|[,.!] |\b(?:but|mais|bof|thanks|merci|sorry|desole|hmm|hum|euh) )(?:non|no|nope|nah)[ !.]*$/,
  /\b(?:ne|n') ?(?:me )?(?:convient|va|marche|arrange) (?:pas|plus)\b|\bpas (?:d'accord|ok|possible pour moi)\b|\bje (?:refuse|decline|rejette)\b|\bpas question\b|\bhors de question\b|\bpas interesse\b|\bne m'interesse (?:pas|plus)\b|\bsans (?:facon|moi)\b|\bje (?:prefere|prefererais) (?:pas|ne pas)\b|\bje passe\b|\bca ne me va pas\b/,
  /\b(?:doesn't|does not|won't|will not|wouldn't|can't) (?:work|suit|do)\b(?: (?:for )?(?:me|us)\b)?|\b(?:don't|do not|can't|cannot|won't) (?:accept|agree)\b|\bi (?:refuse|decline|reject)\b|\bnot (?:ok|okay|acceptable|interested|happy with (?:that|this|the offer))\b|\bno deal\b|\bi'd rather not\b|\bi would rather not\b|\bnot for me\b|\bi'll pass\b|\bnot happening\b|\bno chance\b|\bno way\b|\bnot interested\b/,
];

const ACCEPT = [
  /^(?:ok|oui|yes|yep|sure|d'accord|dac|parfait|super|top|nickel|go|vendu|deal|agreed|fine|great|perfect|alright|all right|entendu|valide|ca marche|ca me va|👍|👌|✅)\b/u,
  /\b(?:d'accord|ca me va|ca marche|ca roule|c'est bon|c'est ok|c'est parfait|ca me convient|me convient|je valide|j'accepte|accepte|valide|ok pour moi|bon pour moi|partant|je prends)\b/,
  /\ballons[- ]y\b|\ballez go\b|\blet'?s go\b|\b(?:that|this|the) (?:plan|offer|option|proposal) (?:works|is fine|suits me|sounds good)\b|\bon part (?:la[- ]dessus|sur)\b/,
  /\b(?:that |it |this )?suits (?:me|us)\b|\bthat'?s grand\b|\bgrand\b(?=[,!. ]|$)/,
  /\b(?:sounds good|i accept|i agree|agreed|that works|works for me|fine by me|fine with me|ok with me|okay with me|let's do (?:it|that|this)|go ahead|that's fine|deal|i'll take it|i'm in)\b/,
  /^(?:👍|👌|✅|🙏)+$/u,
];

function fires(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/**
 * Last resort when no pattern fires: the naive Bayes model trained on the labelled tuning
 * messages, trusted only when it is at least this sure.
 */
const MODEL_MIN_PROBABILITY = 0.5;
const MODEL = trainNaiveBayes(
  EXAMPLES.map(([intent, example]) => [intent, normalize(example)] as const),
);

/**
 * What a guess may conclude. A wrong "accept" would commit the debtor to a plan, a wrong "stop"
 * or "already_paid" would silence reminders, and a promise or a plan without its date or amount
 * is of no use: those need the debtor's explicit words. A wrong reason or a wrong "decline"
 * only steers the next question, and "unknown" shows the buttons again.
 */
const GUESSABLE: ReadonlySet<Intent> = new Set<Intent>([
  "forgot",
  "cash_flow",
  "dispute",
  "not_received",
  "pay_now",
  "decline",
  "human",
  "unknown",
]);

function fallback(text: string): Intent | null {
  const prediction = MODEL.predict(text);
  if (prediction === null || prediction.probability < MODEL_MIN_PROBABILITY) return null;
  return GUESSABLE.has(prediction.intent) ? prediction.intent : null;
}

export function classify(normalized: string, clues: IntentClues): Intent {
  // "1,250.00" must not end a sentence for the "within the same sentence" patterns.
  const text = normalized.replace(/(\d)[.,](?=\d)/g, "$1");
  if (text.length === 0) return "unknown";
  if (fires(STOP, text)) return "stop";
  if (fires(HUMAN, text)) return "human";
  if (fires(ALREADY_PAID, text) && !NEGATED_PAYMENT.test(text)) return "already_paid";
  if (fires(DISPUTE, text)) return "dispute";
  if (fires(NOT_RECEIVED, text) && !fires(CASH_FLOW, text)) return "not_received";
  // "je valide cet échéancier" accepts the plan on offer; it proposes none.
  if (
    !clues.hasPlanShape &&
    !clues.hasAmount &&
    STRONG_ACCEPT.test(text) &&
    !fires(DECLINE, text)
  ) {
    return "accept";
  }
  if (clues.hasPlanShape || fires(INSTALLMENTS, text)) return "installments";
  const negatedFuture = NEGATED_FUTURE.test(text);
  // "I get paid on Friday" is about the debtor's income, not a payment to us.
  const forPromise = text.replace(RECEIVING, " ");
  if (!negatedFuture && clues.dateIsToday === true && fires(PAY_NOW, text)) return "pay_now";
  if (!negatedFuture && clues.hasDate && fires(FUTURE_PAYMENT, forPromise)) return "promise";
  if (
    !negatedFuture &&
    (PROMISE_WORDS.test(forPromise) || FUTURE_TENSE.test(forPromise)) &&
    !fires(PAY_NOW, text)
  ) {
    if (!fires(CASH_FLOW, text)) return "promise";
  }
  if (fires(CASH_FLOW, text)) return "cash_flow";
  if (!negatedFuture && fires(PAY_NOW, text)) return "pay_now";
  if (fires(FORGOT, text)) return "forgot";
  if (fires(DECLINE, text)) return "decline";
  if (fires(ACCEPT, text)) return "accept";
  if (clues.hasDate && fires(FUTURE_PAYMENT, forPromise)) return "promise";
  return fallback(text) ?? intentFromCues(text) ?? "unknown";
}
