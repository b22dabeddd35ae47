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
import { prepare } from "./normalize.ts";
import { buildSpellMender } from "./spell.ts";

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
  /\b(?:ne )?(?:souhaite|veux|voudrais|desire) (?:plus|pas|plus jamais) (?:etre )?(?:contacte|relance|derange|sollicite|harcele)e?s?\b|\b(?:ne plus|plus jamais) (?:etre )?(?:contacte|relance|sollicite)e?s?\b/,
  /\b(?:arretez|arrete|stop|stoppez|cessez)(?: (?:ca|tout|maintenant|svp|stp|merci|now|please|it|la))?[ !.]*$/,
  /\bgo away\b|\b(?:fichez|fiche|foutez|fous)[- ]moi la paix\b|\b(?:lachez|lache)[- ]moi\b|\bget lost\b|\bbuzz off\b|\bpiss off\b|\bbugger off\b/,
  /\b(?:i'm |i am |i'll |i will )?block(?:ing|ed)? (?:this|your|the) (?:number|contact|bot)\b|\bblock(?:ing)? you\b|\bje (?:vais )?(?:vous )?bloque[rz]? (?:ce|votre) numero\b/,
  /\b(?:cesser|cessez|arreter|arretez|stopper|stoppez) (?:vos|les|ces|tes) (?:relances|messages|sms|mails|appels|rappels|envois)\b|\bcease (?:all )?(?:contact|communications?|messages)\b/,
  /\b(?:don't|do not|no longer) (?:want|wish|like) to (?:be )?(?:contacted|messaged|texted|reminded|hear from you)\b|\bcancel (?:these|the|all|your|my) (?:messages|reminders|texts|notifications|subscription)\b/,
  /\bplus (?:avoir de vos nouvelles|entendre parler de vous)\b|\bnever (?:contact|text|message|write to) me\b/,
];

const HUMAN = [
  /\b(?:transfer|put|connect|pass) me (?:to|through|over|with)\b|\bcustomer (?:service|support|care)\b|\bservice (?:client|clientele)\b|\bwho(?:'s| is) in charge\b|\bme passer (?:le|la|un|une|votre|quelqu'un)\b|\bmettez[- ]moi en (?:relation|contact)\b|\bde vive voix\b|\b(?:a )?call ?back\b/,
  /^(?:an? |un |une |the |le |la |votre |your )?(?:agent|human|humain|operator|operateur|operatrice|representative|rep|conseiller|conseillere|live agent|real person|vraie personne|service client|customer service|support)(?: please| svp| stp| merci| pls)?[ !.?]*$/,
  /\b(?:to|with|a|an|un|une|au|a un|a une) (?:live )?(?:agent|operator|operateur|representative|conseiller|conseillere)\b/,
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
  /\b(?:je (?:pensais|croyais)|i thought|thought i)\b[^.?!]{0,30}\b(?:paye|payee|regle|reglee|paid|settled)\b|\b(?:n'ai|n'avons|ai) (?:pas|jamais) (?:encore )?(?:paye|regle)\b|\bhaven't (?:yet )?paid\b|\bnot (?:yet )?paid\b|\bdidn't pay\b/;

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
  /\b(?:i|we) (?:sent|posted|mailed|paid|transferred|wired) (?:it|you|the (?:cheque|check|money|payment|transfer|invoice|bill|balance))\b(?! (?:to|by) (?:the wrong|an old))|\b(?:cheque|check|payment|transfer) (?:was |has been )?(?:posted|mailed|sent off)\b|\bje (?:vous )?l'ai (?:envoye|poste|expedie)e?\b/,
  // "virement de 700 € fait le 28", "payment of £300 made yesterday".
  /\b(?:virement|paiement|reglement|cheque|versement|transfer|payment|cheque|check)\b[^.?!]{0,25}(?<!sera |seront |va etre |will be |to be |be |get )\b(?:fait|effectue|envoye|emis|made|sent|done|cleared)\b/,
  // A payment verb in the past with a day gone: "réglé il y a 3 jours", "sent it last Monday".
  /\b(?:paid|sent|settled|transferred|wired|went out|paye|payee|regle|reglee|vire|viree|verse|envoye|effectue|parti)\b[^.?!]{0,40}\b(?:yesterday|ago|last (?:week|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|month)|this morning|hier|avant-hier|il y a|dernier|derniere|ce matin|depuis)\b/,
];

const DISPUTE = [
  /\b(?:pas d'accord|don't agree|do not agree|disagree) (?:avec|with) (?:cette|la|le|votre|ce|this|the|your) (?:facture|montant|prix|somme|invoice|bill|amount|price|charges?)\b/,
  /\b(?:billed|charged|invoiced) (?:me|us) for\b[^.?!]{0,40}\b(?:didn't|did not|never|not|wasn't|weren't)\b|\bfactur\w*\b[^.?!]{0,40}\b(?:non (?:effectue|realise|fait|livre|faite|livree)e?s?|jamais (?:effectue|realise|fait|livre)e?s?)\b/,
  /\b(?:pas|mal|jamais) (?:ete )?(?:fait|faite|realise|termine|fini|finie|livre|livree)\b(?! (?:attention|gaffe|expres|expre))(?: (?:correctement|comme prevu|proprement|dans les regles))?/,
  /\bpas (?:ete )?(?:fait|faite|realise|effectue)e? correctement\b|\bmal fait\b|\bbacle\b/,
  /\b(?:abime|abimee|casse|cassee|defectueu|endommage|non conforme|pas conforme|ne marche (?:pas|plus|toujours pas)(?! pour (?:moi|nous))|ne fonctionne (?:pas|plus|toujours pas)|marche pas(?! pour (?:moi|nous)))/,
  /\b(?:more|higher|bigger|dearer) than (?:we|what we|i|you|was) (?:agreed|quoted|said|discussed)\b|\bplus (?:cher|eleve) que (?:ce qu'on avait|ce qui etait|ce que vous aviez)\b/,
  /\b(?:pas|plus) (?:du tout )?(?:satisfait|content|contente|satisfaite)\b|\bmecontent|\binsatisf/,
  /\b(?:conteste|contester|contestation|litige|reclamation|arnaque|escroquerie|scandaleux|inadmissible)/,
  /\b(?:erreur|errone|faux|fausse|incorrect) (?:sur|dans|de) (?:la|le|votre) (?:facture|montant|devis)|\b(?:le )?montant (?:est |n'est pas |ne correspond|est faux|errone|incorrect)|\bmontant (?:est )?faux\b|\berreur sur la facture\b/,
  /\bdevis\b|\bfactur\w* (?:\d+ ?(?:€|e|euros?) )?(?:de )?trop\b|\btrop (?:cher|chere|eleve)e?\b(?! pour (?:moi|nous|mon budget))|\bsurfactur/,
  /\brembours|\bremise\b(?!.*\boffre\b)|\bqualite\b.*\b(?:mauvaise|nulle|mediocre)|\b(?:nul|nulle|catastrophique|lamentable)\b(?! part)/,
  /\b(?:not|never|wasn't|weren't|isn't|hasn't been) (?:done|finished|completed|delivered|working|fixed) (?:properly|right|correctly|as agreed|well)?(?! for (?:me|us))/,
  /\bc'est du vol\b|\bdu racket\b|\bdaylight robbery\b|\brip[- ]?off\b/,
  /\b(?:withhold|withholding|holding back|hold(?:ing)? off (?:on )?)(?: the)? (?:payment|paying)\b|\b(?:until|till|tant que|jusqu'a ce que)\b[^.?!]{0,40}\b(?:is |are |be |soit |soient )?(?:fixed|repaired|finished|sorted|corrected|repare|reparee|termine|terminee|corrige|refait)/,
  /\bne correspond (?:pas|plus) (?:a|au|aux)\b|\b(?:raye|rayure|rayures|tache|taches|abime|abimee|casse|cassee)\b|\bplus cher que (?:le devis|prevu|convenu)|\b(?:higher|more|bigger) than (?:the |your )?(?:estimate|quote|quoted|agreed)|\bworse than (?:before|it was)\b|\bnot what (?:was|we) (?:agreed|promised)\b/,
  /\b(?:faulty|broken|damaged|defective|poor quality|shoddy|botched|doesn't work(?! for (?:me|us))|don't work(?! for (?:me|us))|stopped working|broke again)\b/,
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
  /\bwhere (?:was|did|has|were) (?:it|the invoice|the bill|this|that)(?: been)? sent\b|\b(?:envoyee?|envoye) ou\b|\bvous l'avez envoyee? ou\b/,
  new RegExp(
    String.raw`(?<!avais )\b(?:pas|jamais|rien) (?:encore )?(?:recu|eu|vu)\b(?! passer)|\brien recu\b|\baucune? ${INVOICE} (?:recue?|arrivee?)`,
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

/** Questions about which invoice: never read as money talk, whatever else is said. */
const NOT_RECEIVED_STRONG = new RegExp(
  String.raw`\b(?:which|what) ${INVOICE}\b|\b(?:quelle|laquelle de|quel) ${INVOICE}\b|\b(?:resend|re-send|renvoy\w*|reenvoy\w*)\b`,
);

const FORGOT = [
  /\boubli|\bzapp?e|\bzapp?er|(?<!jamais )\bvu passer\b|\bsortie? de (?:la |ma )?(?:tete|esprit|memoire)|\bsortie? de l'esprit|\bpas pense\b|\bpas vu passer\b|\bj'avais pas vu\b|\bje n'avais pas vu\b/,
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
  /\b(?:premier versement|premiere mensualite|first (?:payment|instalment|installment)|puis tous les mois|puis chaque (?:mois|semaine)|then (?:monthly|weekly|every (?:month|week))|every payday|chaque paie|a chaque paie|de (?:facon|maniere) (?:mensuelle|hebdomadaire)|mensuellement|on a (?:monthly|weekly) basis)\b/,
  // Part now, the rest later: "la moitié maintenant, le reste le mois prochain", "300 now and 300 next month".
  /\b(?:maintenant|now|today|aujourd'hui|tout de suite|right away)\b[^.?!]{0,12}\b(?:et|and|then|puis|,)?[^.?!]{0,25}\b(?:le mois prochain|next month|la semaine prochaine|next week|le reste|the rest|l'autre moitie|the other half|the remainder|le solde|the balance)\b/,
  /\b(?:par quinzaine|every fortnight|toutes les deux semaines|toutes les 2 semaines)\b/,
  /\b(?:en|in) (?:plusieurs|several|multiple|a few|quelques) (?:fois|versements|mensualites|payments|installments|instalments|parts|goes)\b/,
  /\b(?:fortnightly|(?<!in )(?:a|per|every|each) fortnight|bi-?weekly|every (?:two|2) weeks|every other week|toutes les (?:deux|2) semaines|tous les (?:quinze|15) jours)\b/,
  /\b(?:echeancier|echelonn|etaler|etalement|fractionn|plan de paiement|facilites de paiement|paiement en plusieurs|mensualites?)\b/,
  /\b(?:payment plan|installments?|instalments?|split (?:it|the|this|the payment|payments)|spread (?:it|the|this) (?:out|over)|pay (?:it )?(?:off )?in (?:parts|chunks|bits)|monthly payments|weekly payments|pay monthly|pay weekly)\b/,
];

const FUTURE_PAYMENT = [
  new RegExp(String.raw`\b${PAY_VERB}\b`),
  /\b(?:je paierai|je vais payer|je vais regler|je regle|je reglerai|je vous paie|je vous paye|je vous regle|vous aurez|vous recevrez|i'll pay|i will pay|will pay|i'll settle|i'll send|will send|i can pay|you'll (?:get|have|receive)|you will (?:get|have|receive))\b/,
];
/** A time ahead without a day: "la semaine prochaine", "next month", "soon". */
const FUTURE_SPAN =
  /\b(?:(?:en|in|au mois de|courant|early|late|mid|debut|fin) (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december)|la semaine prochaine|semaine prochaine|le mois prochain|mois prochain|next week|next month|bientot|tres vite|soon|shortly|dans (?:quelques|qq|2-3|deux ou trois) jours|in a (?:few|couple of) days|in the coming days|dans les (?:prochains|jours qui viennent) jours|cette semaine|this week|ce mois-ci|later this month|au plus vite|asap|des que possible|as soon as (?:i can|possible))\b/;
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

/**
 * A refusal of the plan on offer: "I'll pass on the payment plan", "je ne veux pas d'échéancier".
 * The plan words in it must not make the message a request for a plan.
 */
const PLAN_WORDS =
  "(?:payment plan|installment plan|instalment plan|installments?|instalments?|plan|schedule|echeancier|plan de paiement|paiement en plusieurs fois|mensualites?|options?|propositions?|offres?|offers?|proposals?)";
export const PLAN_REFUSAL = new RegExp(
  String.raw`\b(?:(?:don't|do not|doesn't) (?:want|need|like)|no need for|not interested in|(?:i'll|i will|i'd|i would|gonna|going to) pass on|pass on|say no to|no to|ne (?:veux|voudrais|souhaite) pas|pas besoin|pas (?:interesse|interessee|interesses) par|je passe (?:mon tour )?sur|je refuse|i refuse|i decline|je decline|non (?:merci )?(?:pour|a))\b ?(?:the |a |an |any |your |this |that |de |d'|du |le |l'|la |les |cet |cette |votre |vos |ce |un |une |these |those )?(?:\w+ )?${PLAN_WORDS}\b|\b(?:no |pas d'|pas de )${PLAN_WORDS}\b(?! (?:is|est) )`,
);

const DECLINE = [
  /^(?:non,? |no,? )?(?:pas possible|impossible|not possible)[ !.]*$|\bi(?:'d| would) prefer not\b|\bneither (?:of them|of those|option|one|works|suits|plan)\b|^neither\b/,
  PLAN_REFUSAL,
  /\b(?:aucune?|none) (?:de ces |des |of (?:these|those|the|your) )?(?:options?|propositions?|offres?|offers?|plans?|choices?|choix)\b/,
  /^(?:non|no|nope|nah|nan|non merci|no thanks|no thank you|jamais|never)\b/,
  /(?:^|[,.!] |\b(?:but|mais|bof|thanks|merci|sorry|desole|hmm|hum|euh) )(?:non|no|nope|nah)[ !.]*$/,
  /\b(?:ne|n') ?(?:me )?(?:convient|va|marche|arrange) (?:pas|plus)\b|\bpas (?:d'accord|ok|possible pour moi)\b|\bje (?:refuse|decline|rejette)\b|\bpas question\b|\bhors de question\b|\bpas interesse\b|\bne m'interesse (?:pas|plus)\b|\bsans (?:facon|moi)\b|\bje (?:prefere|prefererais) (?:pas|ne pas)\b|\bje passe\b|\bca ne me va pas\b/,
  /\b(?:doesn't|does not|won't|will not|wouldn't|can't) (?:work|suit|do)\b(?: (?:for )?(?:me|us)\b)?|\b(?:don't|do not|can't|cannot|won't) (?:accept|agree)\b|\bi (?:refuse|decline|reject)\b|\bnot (?:ok|okay|acceptable|interested|happy with (?:that|this|the offer))\b|\bno deal\b|\bi'd rather not\b|\bi would rather not\b|\bnot for me\b|\bi'll pass\b|\bnot happening\b|\bno chance\b|\bno way\b|\bnot interested\b/,
];

const ACCEPT = [
  /\b(?:i'll take|i will take|i choose|i'll go for|i'll go with|je prends|je choisis|je retiens|on part sur) (?:the |l'|la |le )?(?:option|offer|offre|plan|first|second|third|premiere|deuxieme|seconde|troisieme|premier|celle|celui)\b|\b(?:that's|that is|it's|c'est) (?:acceptable|fair|reasonable|raisonnable|correct|honnete)\b|\bsounds (?:fair|reasonable|great|fine|perfect|ok|okay)\b|\bfair enough\b|\b(?:i'm|i am) (?:fine|ok|okay|good|cool) with (?:that|this|it)\b/,
  /^(?:bet|carrement|banco|volontiers|ca marche|ca roule|vas-y|vas y|go|parfait|nickel|top|super|genial|excellent|absolument|bien sur|evidemment|certainly|absolutely|definitely|of course|sure thing|cool|great|lovely|brilliant|cheers|done|yes please|oui merci|oui svp|yes sure|sure)\b/,
  /\b(?:va pour|allons-y pour|ok pour|d'accord pour|i'm happy with|happy with (?:that|this|it)|i'll go with|je prends (?:celle|cette|la|le|l'))\b/,
  /^(?:\s|\p{Extended_Pictographic}|\uFE0F|[!.])*(?:👍|👌|✅|🤝|💯|🙏)(?:\s|\p{Extended_Pictographic}|\uFE0F|[!.])*$/u,
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
const MODEL_MIN_PROBABILITY = 0.9;
const PREPARED = EXAMPLES.map(([intent, example]) => [intent, prepare(example)] as const);
const MODEL = trainNaiveBayes(PREPARED);
/** Typos are mended against the words of the labelled examples (spell.ts). */
const SPELL = buildSpellMender(PREPARED.map(([, text]) => text));

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

/**
 * Negated objections mean yes: "no problem", "I have no objection", "je ne suis pas contre". They
 * are rewritten "ok" before any rule runs, so the "no"/"pas" in them never reads as a refusal and
 * "problème" never as a complaint.
 */
const POSITIVE_NEGATIONS =
  /\b(?:(?:i have |i've got |i've |we have )?no (?:problem|problems|worries|worry|objections?)(?: (?:at all|with (?:that|this|it)))?|not a problem|(?:i |we )?(?:don't|do not) mind(?: at all)?|(?:that |it )?(?:doesn't|does not) bother me|(?:i'm|i am) not against (?:it|that|this)|why not|(?:il n'y a |y a )?(?:pas de|aucun|sans) (?:soucis?|problemes?)(?: (?:pour moi|avec (?:ca|cela)))?|(?:je n'ai |j'ai )?(?:pas d'|aucune )objections?|(?:je n'ai )?rien contre|je ne suis pas contre|(?:ca|cela) ne me (?:pose|derange) (?:aucun (?:souci|probleme)|pas|aucunement)|(?:ca|cela) ne me pose pas de (?:souci|probleme)|pourquoi pas|rien a redire)\b/g;

export interface IntentReading {
  readonly intent: Intent;
  /**
   * How sure the reading is, in [0, 1]: 0.9 when the rules for one intent matched and no other;
   * 0.8 when rules for several intents matched and the priority order chose; at most 0.7 for a
   * statistical guess (the naive Bayes probability × 0.7); 0.5 for word cues alone; 0 for
   * unknown. Callers confirm before acting below 0.75.
   */
  readonly confidence: number;
}

function fallback(text: string): IntentReading | null {
  const prediction = MODEL.predict(text);
  if (prediction === null || prediction.probability < MODEL_MIN_PROBABILITY) return null;
  return GUESSABLE.has(prediction.intent)
    ? { intent: prediction.intent, confidence: Math.round(prediction.probability * 70) / 100 }
    : null;
}

/** Which intents' rules fire, in priority order; the first is the answer. */
function candidates(text: string, clues: IntentClues): Intent[] {
  const found: Intent[] = [];
  if (fires(STOP, text)) found.push("stop");
  if (fires(HUMAN, text)) found.push("human");
  if (fires(DISPUTE, text)) found.push("dispute");
  if (fires(ALREADY_PAID, text) && !NEGATED_PAYMENT.test(text)) found.push("already_paid");
  if (NOT_RECEIVED_STRONG.test(text)) found.push("not_received");
  const refusesPlan = PLAN_REFUSAL.test(text);
  // "je valide cet échéancier" accepts the plan on offer; it proposes none.
  if (!clues.hasPlanShape && !clues.hasAmount && STRONG_ACCEPT.test(text) && !fires(DECLINE, text))
    found.push("accept");
  if ((clues.hasPlanShape || fires(INSTALLMENTS, text)) && !refusesPlan) found.push("installments");
  const negatedFuture = NEGATED_FUTURE.test(text);
  // "I get paid on Friday" is about the debtor's income, not a payment to us.
  const forPromise = text.replace(RECEIVING, " ");
  const cashFlow = fires(CASH_FLOW, text);
  if (!negatedFuture && clues.dateIsToday === true && fires(FUTURE_PAYMENT, forPromise))
    found.push("pay_now");
  if (
    !negatedFuture &&
    (clues.hasDate || FUTURE_SPAN.test(forPromise)) &&
    fires(FUTURE_PAYMENT, forPromise) &&
    !(cashFlow && !clues.hasDate)
  )
    found.push("promise");
  if (
    !negatedFuture &&
    (PROMISE_WORDS.test(forPromise) || FUTURE_TENSE.test(forPromise)) &&
    !fires(PAY_NOW, text) &&
    !cashFlow
  )
    found.push("promise");
  if (cashFlow) found.push("cash_flow");
  if (!negatedFuture && fires(PAY_NOW, text)) found.push("pay_now");
  if (fires(NOT_RECEIVED, text) && !cashFlow) found.push("not_received");
  if (fires(FORGOT, text)) found.push("forgot");
  if (fires(DECLINE, text)) found.push("decline");
  if (fires(ACCEPT, text)) found.push("accept");
  return found;
}

/**
 * The priority when a message says two things (stop > human > dispute > already_paid > a
 * proposal > cash_flow > forgot/not_received > accept/decline) is the order `candidates` tries.
 */
/** "bonjour, ", "hi " before the message say nothing and hide its first word from "^" rules. */
const GREETING =
  /^(?:(?:bonjour|bonsoir|salut|coucou|hello|hi|hey|hiya|re|yo|madame|monsieur|sir|dear \w+)\b[ ,!.]*)+/;

export function classifyWithConfidence(normalized: string, clues: IntentClues): IntentReading {
  // "1,250.00" must not end a sentence for the "within the same sentence" patterns.
  const mended = SPELL.mend(normalized.replace(/(\d)[.,](?=\d)/g, "$1"));
  const withoutGreeting = mended.replace(GREETING, "");
  const text = (withoutGreeting.length > 0 ? withoutGreeting : mended).replace(
    POSITIVE_NEGATIONS,
    "ok",
  );
  if (text.trim().length === 0) return { intent: "unknown", confidence: 0 };
  const found = candidates(text, clues);
  const first = found[0];
  if (first !== undefined) {
    const others = new Set(found).size > 1;
    return { intent: first, confidence: others ? 0.8 : 0.9 };
  }
  const guess = fallback(text);
  if (guess !== null) return guess;
  const cue = intentFromCues(text);
  return cue === null ? { intent: "unknown", confidence: 0 } : { intent: cue, confidence: 0.5 };
}

export function classify(normalized: string, clues: IntentClues): Intent {
  return classifyWithConfidence(normalized, clues).intent;
}
