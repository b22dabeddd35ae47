# Relance — textes en français.
# Ton : discret, attentionné, respectueux. On écrit « montant dû », « règlement », « échéance ».
# Jamais de menace ; le registre formel est réservé aux étapes formelles approuvées par l'entreprise.
# Une seule voix : « nous », l'entreprise elle-même ; jamais « je », jamais l'entreprise à la
# troisième personne dans une phrase adressée au client. On salue sans le nom (« Bonjour, »).
# Typographie : écrire des espaces ordinaires avant : ; ! ? et dans « » ; le rendu (typography.ts)
# les remplace par les espaces insécables voulues. Montants et dates viennent d'Intl.
# Variables communes : $business (entreprise), $signature (signataire), $debtor (client),
# $invoice (numéro de facture). Ce que chaque message doit contenir : src/messages/COPY.md.

## Libellés de boutons (20 caractères au plus : un verbe ou un choix clair)

action-give-reason = { $reason ->
    [forgot] J'ai oublié
    [cash_flow] Trésorerie difficile
    [dispute] Un souci à signaler
    [not_received] Facture non reçue
    [already_paid] Déjà réglé
   *[other] Autre chose
  }
action-choose-offer = Choisir cette option
action-confirm = Je confirme
action-decline = Non, autre solution
action-counter-offer = Proposer autre chose
action-propose = Ma proposition
action-more-options = Voir les solutions
action-pay-now = Payer maintenant
action-ask-human = Parler à quelqu'un
action-stop = Arrêter les rappels
action-suggest-date = Proposer une date
action-align-payday = Caler sur ma paie
action-set-payday = { $kind ->
    [month_end] Fin du mois
    [weekly] Chaque { weekday-name }
    [biweekly] Un { weekday-name } sur deux
    [none] Pas de date fixe
   *[day_of_month] Le { $dayText } du mois
  }
weekday-name = { $weekday ->
    [1] lundi
    [2] mardi
    [3] mercredi
    [4] jeudi
    [5] vendredi
    [6] samedi
   *[7] dimanche
  }
payday-words = { $kind ->
    [month_end] en fin de mois
    [weekly] chaque { weekday-name }
    [biweekly] un { weekday-name } sur deux
   *[day_of_month] le { $dayText } du mois
  }
action-add-invoice = Oui, l'ajouter
action-keep-invoice-apart = Non, à part
action-ask-time = Demander un délai

offer-label-pay-now = Régler { $amount }
offer-label-pay-now-short = Régler en une fois
offer-label-installments = En { $count } fois
offer-label-number = Option { $number }
offer-label-promise = Régler le { $date }

list-title-more = Autres choix
# The button that opens a WhatsApp list of every choice (20 characters at most).
list-button-choose = Voir les choix

## Moyens de règlement et mentions communes

payment-methods-intro = Pour régler :
payment-methods-link = • En ligne : { $url }
payment-methods-transfer = • Virement : IBAN { $iban }, réf. { $invoice }
payment-methods-text = • { $text }
payment-methods-none = • Répondez-nous ici : nous vous indiquerons comment régler sous { $delay }.
stop-instruction = Répondez STOP pour ne plus recevoir de rappels automatiques.
signature = { $hasSender ->
    [yes] { $hasRole ->
        [yes] { $sender }, { $role } — { $business }
       *[no] { $sender }, { $business }
      }
   *[no] { $business }
  }

## Description des offres (texte repris à l'identique comme preuve de l'accord)

terms-pay-now = Règlement en une fois : { $amount }
terms-installments = { $total } en { $count ->
    [one] une échéance
   *[other] { $count } échéances
  } :
terms-installment-line = { $isDownPayment ->
    [yes] – { $date } : { $amount } (acompte)
   *[no] – { $date } : { $amount }
  }
# Une suite d'échéances égales au rythme du plan, en une ligne : « – 58 × 144,00 €, le 5 de chaque
# mois, du 5 janvier 2027 au 5 octobre 2031 ». Le nombre, le montant, le rythme, la première et la
# dernière date redonnent chaque échéance : c'est toujours l'énoncé exact de l'accord.
terms-installment-run = – { $count } × { $amount }, { $frequency ->
    [weekly] chaque semaine
    [biweekly] toutes les deux semaines
   *[monthly] { $monthEnd ->
        [last] le dernier jour de chaque mois
        [february] le { $day } de chaque mois (fin février)
       *[no] le { $dayOrdinal ->
            [one] 1er
           *[other] { $day }
          } de chaque mois
      }
  }, du { $from } au { $to }
terms-promise = Règlement de { $amount } le { $date }
terms-discount = Remise accordée : { $discount }

## Une offre en une ligne (carte des options ; l'échéancier complet est sur la carte de confirmation)

offer-line-pay-now = • Aujourd'hui : { $amount }
offer-line-installments = • { $frequency ->
    [weekly] { $count } versements hebdomadaires
    [biweekly] { $count } versements
   *[monthly] { $count } mensualités
  } : { $hasDownPayment ->
    [yes] { $downPayment } d'acompte puis { $amount }
   *[no] { $amount }
  }{ $frequency ->
    [weekly] /semaine
    [biweekly] {" "}toutes les deux semaines
   *[monthly] /mois
  }
offer-line-promise = • Le { $date } : { $amount }
offer-line-discount = { $line }, remise de { $discount } déduite
offer-line-needs-approval = { $line } (à valider de notre côté)

## Messages au client

welcome =
    Bonjour, ici { $signature }. Nous vous écrivons au sujet de la facture { $invoice } : { $amount }, échéance le { $dueDate }.
    Dans cette conversation, vous pouvez régler, nous dire que c'est déjà fait ou demander à parler à quelqu'un.
welcome-stop = Ces rappels sont automatiques : répondez STOP à tout moment pour les arrêter.

reminder-heads-up = Bonjour, petit rappel amical : la facture { $invoice } de { $amount } arrive à échéance le { $dueDate }.
reminder-due-today = Bonjour, la facture { $invoice } de { $amount } arrive à échéance aujourd'hui, { $dueDate }.
reminder-ask-reason = Bonjour, nous n'avons pas encore reçu le règlement de la facture { $invoice } ({ $amount }, échue le { $dueDate }). Pouvez-vous nous dire ce qui se passe ? Selon votre situation, plusieurs solutions sont possibles.
reminder-options = Bonjour, la facture { $invoice } ({ $amount }, échue le { $dueDate }) reste à régler.

# Variantes de formulation (expériences, COPY.md) : « <id>--<clé> » dit la même chose que « <id> »,
# avec les mêmes variables ; le message « <id> » lui-même est la variante « a ».
reminder-ask-reason--b = Bonjour, la facture { $invoice } ({ $amount }, échue le { $dueDate }) n'apparaît pas encore comme réglée chez nous. Que se passe-t-il ? Un bouton suffit pour nous répondre.
reminder-ask-reason--c = Bonjour, la facture { $invoice } ({ $amount }, échue le { $dueDate }) reste à régler. Un oubli ou un mois plus serré, cela arrive à tout le monde : dites-nous simplement où vous en êtes.
reminder-options--b = Bonjour, pour la facture { $invoice } ({ $amount }, échue le { $dueDate }), choisissez la façon de régler qui vous convient le mieux.
reminder-formal-reminder =
    Madame, Monsieur,
    Sauf erreur de notre part, la facture { $invoice } de { $amount }, échue le { $dueDate }, reste impayée à ce jour. Merci de la régler au plus tard le { $deadline }. À défaut, nous vous adresserons une mise en demeure.
    Un échéancier reste possible : répondez-nous ici.
    { $legalSignature }
reminder-formal-notice =
    Madame, Monsieur,
    Malgré nos relances, la facture { $invoice } de { $amount }, échue le { $dueDate }, reste impayée. Nous vous mettons en demeure de la régler au plus tard le { $deadline }. À défaut, nous pourrons engager une procédure de recouvrement.
    Un échéancier reste possible : répondez-nous ici.
    { $legalSignature }

offers-lead = Nous vous proposons :

ask-reason = Pour vous proposer la solution la plus adaptée, pouvez-vous nous dire ce qui se passe ?
reason-hint = Un souci avec la facture ou la prestation ? Écrivez-le-nous ici.

payment-methods = Merci ! Le montant dû est de { $amount }.
payment-methods-later = Régler aujourd'hui est difficile ? Proposez-nous une date.

offers-intro = { $reason ->
    [cash_flow] Nous comprenons, cela arrive. Vous pouvez régler à votre rythme :
    [dispute] Merci pour vos explications. Voici ce que nous pouvons vous proposer :
   *[other] Voici les possibilités de règlement :
  }
offers-counter = Aucune ne vous convient ? Faites-nous votre proposition.

ask-counter-offer = D'accord. Que pourriez-vous envisager ? Écrivez-le simplement, par exemple « { $example } par mois » ou « le { $exampleDate } ». Nous vous répondons ici sous { $delay }.

confirm-terms-intro = Voici l'accord proposé pour la facture { $invoice } :
confirm-terms-question = Si ces conditions vous conviennent, appuyez sur « Je confirme ».
confirm-terms-replaces = Cette date remplace celle du { $date }.
ask-payday = À quelle date recevez-vous vos revenus (salaire, pension, allocations) ? Nous placerons chaque échéance ce jour-là, ou le jour ouvré suivant s'il tombe un week-end ou un jour férié.
ask-payday-hint = Un autre jour ? Écrivez-le, par exemple « le 15 » ou « un vendredi sur deux ».
payday-noted = C'est noté : vos revenus arrivent { payday-words }. Chaque échéance tombe ce jour-là, ou le jour ouvré suivant s'il s'agit d'un week-end ou d'un jour férié.

agreement-confirmed-intro = Merci ! Confirmation écrite de notre accord, facture { $invoice } :
agreement-confirmed-next = { $kind ->
    [installments] Nous vous rappellerons chaque échéance et comment régler.
    [promise] Nous vous le rappellerons la veille, avec comment régler.
    [installments_no_reminder] Notez ces dates : nous ne pourrons pas vous les rappeler.
    [promise_no_reminder] Notez cette date : nous ne pourrons pas vous la rappeler.
   *[pay_now] Vous pouvez régler dès maintenant.
  }

proposal-sent = Merci pour votre proposition : { $summary }. Nous l'étudions et vous répondons ici sous { $delay }.
proposal-down-payment = un acompte de { $amount }
proposal-per-period = { $period ->
    [week] { $amount } par semaine
   *[month] { $amount } par mois
  }
proposal-count = { $count ->
    [one] en une fois
   *[other] en { $count } fois
  }
proposal-date = le { $date }
proposal-empty = votre message

owner-declined = Nous ne pouvons malheureusement pas retenir cette proposition. Voici ce que nous pouvons vous proposer :

dispute-ack = Merci de nous en faire part, et nous sommes désolés de ce désagrément. Pouvez-vous décrire en quelques mots ce qui ne vous a pas convenu ? Les rappels sont suspendus le temps d'examiner la situation ; nous vous répondons ici sous { $delay }.

dispute-upheld =
    Merci pour votre patience. Après examen, nous vous donnons raison : il n'y a plus rien à régler pour la facture { $invoice }.
    Veuillez nous excuser pour ce désagrément.

already-paid-ask-details = Merci ! Pour que nous retrouvions votre règlement, pouvez-vous indiquer sa date et sa référence (ou le moyen utilisé) ?
already-paid-ack = Merci, nous vérifions nos encaissements. Les rappels sont suspendus en attendant ; nous vous répondons ici sous { $delay }.
payment-not-found = Nous avons vérifié nos encaissements sans retrouver votre règlement de { $amount } pour la facture { $invoice }. Un virement peut prendre quelques jours : pouvez-vous nous envoyer sa date et sa référence, ou l'avis de virement ? Si le règlement n'est finalement pas parti, vous pouvez régler ci-dessous.

invoice-details = Voici la facture { $invoice } : montant dû { $amount }, échéance le { $dueDate }.

installment-name = { $isDownPayment ->
    [yes] l'acompte
   *[no] l'échéance n° { $seq }
  }
installment-reminder = Bonjour, petit rappel : { installment-name } de la facture { $invoice }, soit { $amount }, est à régler le { $date }.
installment-due = Bonjour, { installment-name } de la facture { $invoice }, soit { $amount }, est à régler aujourd'hui, { $date }.
installment-missed = Bonjour, nous n'avons pas encore reçu { installment-name } de la facture { $invoice } ({ $amount }, à régler le { $date }). Un imprévu ? Voici comment régulariser :
plan-broken = Bonjour, le règlement de { installment-name } de la facture { $invoice } ({ $installmentAmount }, à régler le { $date }) ne nous est pas parvenu : l'échéancier est interrompu. Le montant restant dû est de { $amount } ; parlons-en pour convenir d'une nouvelle solution.

promise-reminder = Bonjour, petit rappel : vous avez prévu de régler { $amount } le { $date } pour la facture { $invoice }. Merci !
promise-missed = Bonjour, nous n'avons pas reçu le règlement prévu le { $date } pour la facture { $invoice }. Le montant dû est de { $amount }. { $plansOnly ->
    [yes] Nous vous proposons maintenant de régler en plusieurs fois.
   *[no] Souhaitez-vous convenir d'une nouvelle date ou d'un échéancier ?
  }
promise-move-refused = { $reason ->
    [needs_payment] Cette date a déjà été décalée. Pour la décaler encore, il faudrait d'abord un règlement partiel d'au moins { $amount } ; la date prévue reste le { $date }. Vous pouvez régler ce montant ci-dessous, puis nous écrire la nouvelle date.
    [too_far] Nous ne pouvons pas retenir une date aussi lointaine : le { $latest } au plus tard. La date prévue reste le { $date } ; écrivez-nous un autre jour d'ici là.
   *[max_moves] Cette date a déjà été décalée autant que possible : elle reste le { $date }. Si ce jour est difficile, une personne de notre équipe peut en parler avec vous.
  }
promise-date-kept = C'est noté : la date prévue reste le { $date }.

payment-thanks = { $hasRemaining ->
    [yes] Merci, nous avons bien reçu votre règlement de { $received }. Le montant restant dû est de { $remaining }.
   *[no] Merci, nous avons bien reçu votre règlement de { $received }.
  }
# Plusieurs factures du même client, un seul message (COPY.md, « -group ») : la liste suit.
reminder-heads-up-group = Bonjour, petit rappel amical : { $count } factures, { $amount } au total.
reminder-due-today-group = Bonjour, { $count } factures, { $amount } au total, dont une à régler aujourd'hui.
reminder-ask-reason-group = Bonjour, ces { $count } factures ({ $amount }) restent à régler. Que se passe-t-il ?
reminder-options-group = Bonjour, { $count } factures ({ $amount } au total) restent à régler, ensemble.
invoices-group-overdue = Échues :
invoices-group-upcoming = À venir :
invoices-group-line = – { $invoice } : { $amount }, le { $date }
invoices-group-more = – et { $count ->
    [one] une autre facture
   *[other] { $count } autres factures
  }
payment-thanks-settled = { $count ->
    [one] La facture { $invoices } est réglée.
   *[other] Les factures { $invoices } sont réglées.
  }
payment-thanks-plan = Votre échéancier est allégé d'autant, aux mêmes dates :

# Une nouvelle facture pendant un accord en cours : proposée en ajout, jamais fusionnée d'office (COPY.md).
invoice-addition = Bonjour, la facture { $newInvoice } ({ $amount }, échéance le { $dueDate }) vient d'arriver. L'ajouter à votre accord en cours ? Il deviendrait :
invoice-added = C'est noté, la facture { $newInvoice } est ajoutée. Confirmation écrite de notre nouvel accord :
invoice-kept-apart = C'est noté : la facture { $newInvoice } sera suivie à part, avec ses propres rappels. Votre accord en cours ne change pas.
paid-in-full = La facture { $invoice } est entièrement réglée : il n'y a plus rien à payer. Merci beaucoup !
paid-in-full-group = Vos { $count } factures ({ $invoices }) sont entièrement réglées : il n'y a plus rien à payer. Merci beaucoup !

offer-expired = Les options proposées précédemment ne sont plus disponibles. Voici les possibilités actuelles :
option-unavailable = Cette option n'est plus disponible. Voici les choix actuels :
not-understood = Désolés, nous n'avons pas bien compris. Vous pouvez choisir l'une des réponses ci-dessous, ou nous écrire autrement.
human-handover = C'est noté : une personne de notre équipe vous répondra ici, sous { $delay }. Vous pouvez déjà nous écrire votre question.
opted-out = C'est noté : vous ne recevrez plus de rappels automatiques. Vous pouvez toujours nous écrire ici.
help =
    Ici { $signature }, au sujet de la facture { $invoice }.
    Vous pouvez { $ways ->
        [both] régler en ligne ou par virement
        [online] régler en ligne
        [transfer] régler par virement
       *[other] régler
    }, demander un délai (un échéancier ou une date), nous signaler un souci ou parler à quelqu'un.

## Messages à l'entreprise (Slack) — jamais lus par le client

owner-field-client = Client
owner-field-invoice = Facture
owner-field-amount-due = Montant dû
owner-field-reason = Motif
owner-field-proposal = Proposition du client
owner-field-terms = Conditions
owner-field-breaches = Hors politique
owner-field-days-late = Retard
owner-field-request = Demande
owner-field-message = Message du client
owner-field-channel = Messagerie
owner-field-by = Par
owner-by-api = l'API
owner-channel = { $channel ->
    [telegram] Telegram
    [whatsapp] WhatsApp
   *[webchat] la conversation web
  }
owner-days = { $days ->
    [one] { $days } jour
   *[other] { $days } jours
  }
owner-count = { $count }
owner-no-text = (pas encore de détail)
owner-reason = { $reason ->
    [forgot] Oubli
    [cash_flow] Difficulté de trésorerie
    [dispute] Insatisfaction (produit ou service)
    [not_received] Facture non reçue
    [already_paid] Dit avoir déjà réglé
    [other] Autre
   *[none] Non précisé
  }
owner-breach = { $limit ->
    [max_installments] Nombre d'échéances : { $proposed } (maximum { $allowed })
    [min_installment] Montant d'une échéance : { $proposed } (minimum { $allowed })
    [max_plan_days] Durée de l'échéancier : { $proposed } (maximum { $allowed })
    [min_down_payment] Acompte : { $proposed } (minimum { $allowed })
    [promise_max_days] Délai de la date promise : { $proposed } (maximum { $allowed })
    [promise_max_reschedules] Reports de date : { $proposed } (maximum { $allowed })
    [promises_broken] Dates non tenues : { $proposed } (plus de nouvelle date à partir de { $allowed })
    [frequency] Fréquence : tous les { $proposed } (non prévue par votre politique)
    [discount_none] Remise : { $proposed } (aucune sans votre accord)
   *[discount] Remise : { $proposed } (maximum { $allowed })
  }
owner-approval-title = { $subject ->
    [plan] Échéancier à approuver
    [promise] Date de règlement à approuver
    [discount] Remise à approuver
    [formal_reminder] Relance formelle à approuver
    [formal_notice] Mise en demeure à approuver
   *[escalation] Suite à donner au dossier
  }
owner-approval-body = { $subject ->
    [plan] { $debtor } propose un échéancier pour la facture { $invoice } qui sort de votre politique. Vous pouvez l'accepter, le refuser ou proposer d'autres conditions.
    [promise] { $debtor } propose une date de règlement pour la facture { $invoice } qui sort de votre politique. Vous pouvez l'accepter ou la refuser.
    [discount] { $debtor } conteste la facture { $invoice }. Une remise n'est accordée qu'avec votre accord.
    [formal_reminder] Les rappels amiables pour la facture { $invoice } sont restés sans réponse. Faut-il envoyer la relance formelle (montant, échéance dépassée, suite prévue) ?
    [formal_notice] La relance formelle pour la facture { $invoice } est restée sans réponse. Faut-il envoyer la mise en demeure ?
   *[escalation] La voie amiable est épuisée pour la facture { $invoice }. Quelle suite souhaitez-vous donner : société de recouvrement, médiation, ou autre ?
  }
owner-approval-expiring-title = Demande d'approbation bientôt expirée
owner-approval-expiring-body = La demande { $requestId } pour la facture { $invoice } ({ $debtor }) attend toujours votre réponse et arrive bientôt à expiration.
owner-dispute-title = Le client signale un souci
owner-dispute-body = { $debtor } signale un souci avec la prestation liée à la facture { $invoice }. Les rappels sont suspendus ; une remise ne sera proposée qu'avec votre accord.
owner-already-paid-title = Le client dit avoir déjà réglé
owner-already-paid-body = { $debtor } indique avoir déjà réglé la facture { $invoice }. Merci de vérifier vos encaissements et de confirmer si le règlement a été reçu. Les rappels sont suspendus en attendant.
owner-opted-out-title = Rappels automatiques arrêtés
owner-unreachable-title = Client injoignable : facture { $invoice }
owner-unreachable-body = Pour la facture { $invoice }, { $debtor } n'a relié aucune messagerie qui puisse le prévenir, et nous n'avons pas son e-mail : notre dernier message n'a pu qu'être conservé dans la conversation en ligne. Un contact personnel est conseillé.
owner-opted-out-body = { $debtor } ne souhaite plus recevoir de rappels automatiques pour la facture { $invoice }. Vous pouvez toujours prendre contact personnellement.
owner-personal-contact-title = Un appel personnel est conseillé
owner-personal-contact-body = La facture { $invoice } ({ $debtor }) a { $daysLate } de retard et les rappels sont restés sans effet. Un appel personnel permet souvent de débloquer la situation.
owner-plan-broken-title = Échéancier non suivi
owner-plan-broken-body = { $debtor } n'a pas suivi l'échéancier convenu pour la facture { $invoice }. Le client a été invité à en reparler.
owner-promise-broken-title = Date de règlement non tenue
owner-promise-broken-body = { $debtor } n'a pas réglé à la date promise pour la facture { $invoice }. Le client a été invité à convenir d'une nouvelle date.
owner-human-requested-title = Le client souhaite parler à quelqu'un
owner-human-requested-body = { $debtor } demande à échanger avec une personne au sujet de la facture { $invoice }. Le bot attend votre reprise de la conversation.
owner-agreement-reached-title = Accord conclu
owner-agreement-reached-body = { $debtor } a confirmé par écrit les conditions suivantes pour la facture { $invoice } :
owner-paid-in-full-title = Facture entièrement réglée
owner-paid-in-full-body = La facture { $invoice } ({ $debtor }) est entièrement réglée. Le dossier est clos.
owner-chat-bound-title = Nouvelle conversation liée : facture { $invoice }
owner-chat-bound-body = { $via ->
    [number] { $debtor } a écrit depuis le numéro WhatsApp donné avec la facture { $invoice } : cette conversation reçoit désormais les messages sur ses factures.
   *[link] Le lien { $channel } de la facture { $invoice } ({ $debtor }) vient d'être ouvert : cette conversation reçoit désormais les messages sur ses factures. Si ce n'est pas le client, renouvelez les liens depuis la fiche du dossier : elle sera déliée.
  }
owner-links-reissued-title = Liens renouvelés : facture { $invoice }
owner-links-reissued-body = Les liens de { $debtor } (facture { $invoice } et ses autres factures) ont été remplacés : les anciens ne fonctionnent plus et { $unbound ->
    [0] aucune conversation n'était liée par eux.
    [one] une conversation ouverte avec eux a été déliée.
   *[other] { $unbound } conversations ouvertes avec eux ont été déliées.
  } Envoyez les nouveaux liens au client.

## Avis hors dossier (conversation pas encore reliée à une facture)

notice-link-invalid = Bonjour ! Ce lien n'est plus valide, ou il a déjà servi dans une autre conversation. Merci d'utiliser le lien reçu avec votre facture la plus récente, ou de contacter l'entreprise qui vous l'a envoyée.
notice-chat-unbound = Bonjour ! Nous pourrons vous répondre dès que cette conversation sera reliée à une facture : ouvrez le lien reçu avec votre facture.
notice-number-unknown = Bonjour ! Nous ne retrouvons aucune facture liée à ce numéro. De quelle facture s'agit-il ? Pour la retrouver, ouvrez le lien reçu avec elle : il relie cette conversation à la facture.
notice-link-revoked = Bonjour, ici { $business }. Ce lien n'est plus valide : contactez-nous pour en recevoir un nouveau.
notice-link-expired = Bonjour, ici { $business }. Ce lien a expiré : contactez-nous pour en recevoir un nouveau.
notice-link-closed = Bonjour, ici { $business }. Ce lien concerne une facture réglée ou clôturée : il n'y a plus rien à faire. Pour toute question, contactez-nous.
notice-button-elsewhere = Ce bouton a été envoyé dans une autre conversation : merci d'y répondre là-bas, ou écrivez-nous ici.

## Page de conversation web (habillage de la page, pas des messages du bot)

webchat-title = Conversation avec { $business }
webchat-intro = Échanges au sujet de votre facture. Ce lien vous est personnel : merci de ne pas le partager.
webchat-conversation = Conversation
webchat-options = Réponses proposées
webchat-input-label = Votre message
webchat-input-placeholder = Écrivez votre message…
webchat-send = Envoyer
webchat-connecting = Connexion…
webchat-offline = Connexion interrompue, nouvel essai en cours…
webchat-send-failed = Votre message n'a pas pu partir. Merci de réessayer.
webchat-rate-limited = Beaucoup de messages d'un coup : merci de patienter un instant avant de réessayer.
webchat-button-refused = Cette option n'est plus disponible.
webchat-you = Vous
webchat-not-found-title = Lien introuvable
webchat-not-found-body = Ce lien de conversation n'existe pas ou n'est plus valide. Merci d'utiliser le lien reçu avec votre facture la plus récente, ou de contacter l'entreprise qui vous l'a envoyée.
webchat-closed-title = Lien expiré
webchat-closed-body = { $reason ->
    [case_finished] Ce lien concerne une facture réglée ou clôturée : il n'y a plus rien à faire. Pour toute question, contactez { $business }.
   *[other] Ce lien n'est plus valide. Demandez-en un nouveau à { $business }.
  }

## Une demande restée sans réponse, telle que son message Slack se lit ensuite

owner-request-expired-title = Expirée sans réponse
owner-request-expired-body = Personne n'a répondu à temps. { $fallback ->
    [hand_over] Le dossier attend maintenant qu'une personne le reprenne.
   *[decline] Les options prévues par votre politique ont été proposées au client à la place.
  }

## Contre-propositions ancrées sur les mots du client, vérifications, modalités de règlement

counter-offer-intro = Merci pour votre proposition ({ $summary }).
counter-offer-lead = { $count ->
    [one] Voici ce qui s'en rapproche le plus :
   *[other] Nos options, la plus proche d'abord :
  }
offer-counter-single = Cette proposition ne vous convient pas ? Dites-nous ce que vous pouvez faire.
proposal-sent-meanwhile = D'ici là, vous pouvez choisir :
limit-line = { $limit ->
    [max_installments] Nous allons jusqu'à { $allowed } échéances.
    [min_installment] Chaque échéance est d'au moins { $amount }.
    [min_down_payment] Il faut alors un acompte d'au moins { $amount }.
    [max_plan_days] Tout doit être réglé sous { $allowed } jours.
    [promise_max_days] La date doit être dans les { $allowed } jours.
    [promises_broken] { $allowed } dates n'ayant pas pu être tenues, nous proposons un règlement en plusieurs fois.
   *[frequency] Ce rythme n'est pas possible.
  }
check-understanding = Vous proposez { $summary }, c'est bien cela ?
action-check-yes = Oui, c'est cela
action-check-no = Non
not-understood-offers = Désolés, nous n'avons pas bien compris. Vous pouvez toujours choisir l'une de ces options, ou nous écrire autrement :
payment-methods-bic = • BIC { $bic }
payment-methods-reference = • Référence à indiquer : { $reference }
already-paid-rest-date = C'est noté aussi : vous prévoyez de régler le reste le { $date }. Nous vérifions d'abord le montant déjà reçu.

## Bureau du propriétaire (pages /admin) : habillage commun

desk-app = Relance
desk-page-title = { $title } · Relance
desk-skip = Aller au contenu
desk-nav-label = Navigation principale
desk-nav-inbox = À décider
desk-nav-agreements = Accords
desk-nav-settings = Réglages
desk-nav-audit = Journal d'audit
desk-signed-in-as = Connecté : { $email }
desk-logout = Se déconnecter
desk-not-found-title = Page introuvable
desk-not-found-body = Cette page n'existe pas, ou vous n'y avez pas accès.
desk-error-title = Erreur
desk-error-body = Un problème est survenu de notre côté. Merci de réessayer dans un instant.

## Bureau : journal des accords et vérification du journal d'audit

desk-agreements-title = Accords
desk-filter = Filtrer
desk-filter-business = Entreprise
desk-filter-status = Statut
desk-filter-any = Tous
desk-filter-from = Créés à partir du
desk-filter-to = Créés avant le
desk-bad-filter-title = Filtre non valide
desk-bad-filter-body = Certains filtres ne sont pas valides :
desk-bad-filter-field = { $field ->
    [businessId] Entreprise : choisissez une entreprise de la liste.
    [status] Statut : choisissez un statut de la liste.
    [from] Date de début : saisissez une date, par exemple 2026-11-30.
    [to] Date de fin : saisissez une date, par exemple 2026-11-30.
    [q] Recherche : au plus 100 caractères, sans caractère de contrôle.
    [page] Page : saisissez un numéro de page.
    [cursor] Page : ce lien de page n'est plus valide.
   *[other] Un paramètre de la page n'est pas valide.
  }
desk-all-agreements = Tous les accords
desk-agreement-status = { $status ->
    [active] En cours
    [completed] Terminé
    [broken] Rompu
   *[superseded] Remplacé
  }
desk-channel = { $channel ->
    [telegram] Telegram
    [whatsapp] WhatsApp
    [webchat] Conversation web
   *[other] Autre
  }
desk-col-confirmed = Confirmé le
desk-col-business = Entreprise
desk-col-invoice = Facture
desk-col-debtor = Client
desk-col-terms = Conditions
desk-col-total = Total
desk-col-channel = Canal
desk-col-approved = Accepté par
desk-col-status = Statut
desk-col-paid = Échéances réglées
desk-within-policy = Dans la politique
desk-paid-of = { $paid } sur { $count }
desk-no-agreement = Aucun accord ne correspond.
desk-next-page = Page suivante
desk-terms-pay-now = En une fois : { $amount }
desk-terms-promise = { $amount } le { $date }
desk-terms-installments = { $frequency ->
    [weekly] { $count } échéances hebdomadaires, dès le { $date } (première : { $amount })
    [biweekly] { $count } échéances, une toutes les deux semaines, dès le { $date } (première : { $amount })
   *[monthly] { $count } échéances mensuelles, dès le { $date } (première : { $amount })
  }
desk-terms-discount = remise de { $amount }
desk-terms-unreadable = Conditions illisibles
desk-agreement-title = Accord, facture { $invoice }
desk-confirmed-text = Texte confirmé par le client
desk-installments = Échéances
desk-col-seq = N°
desk-col-due = Échéance
desk-col-amount = Montant
desk-col-paid-amount = Réglé
desk-installment-status = { $status ->
    [paid] Réglée
   *[pending] À venir
  }
desk-no-installments = Pas d'échéancier.
desk-audit-title = Journal d'audit
desk-audit-ok = La chaîne d'empreintes du journal d'audit est intacte.
desk-audit-counts = { $entries } entrées vérifiées, dans { $chains } dossiers.
desk-audit-broken = La chaîne est rompue à l'entrée n° { $entry } : { $reason ->
    [hash_mismatch] son contenu ne correspond plus à son empreinte.
   *[broken_link] elle ne suit pas l'entrée précédente de son dossier.
  }
desk-audit-note = Les entrées sont vérifiées dans l'ordre ; la vérification s'arrête à la première entrée rompue.

## Bureau : connexion

desk-login-title = Connexion
desk-login-email = Adresse e-mail
desk-login-password = Mot de passe
desk-login-submit = Se connecter
desk-login-failed = Adresse e-mail ou mot de passe incorrect.
desk-login-throttled = Trop de tentatives. Merci de réessayer dans { $minutes ->
    [one] une minute.
   *[other] { $minutes } minutes.
  }
desk-csrf-title = Formulaire expiré
desk-csrf-failed = Ce formulaire a expiré ou ne vient pas de cette page. Merci de recharger la page et de réessayer.

## Bureau : les demandes qui attendent une décision

desk-inbox-title = À décider
desk-inbox-empty = Rien n'attend votre décision pour le moment.
desk-inbox-count = { $count ->
    [one] Une demande attend votre décision.
   *[other] { $count } demandes attendent votre décision.
  }
desk-inbox-deadline = À décider avant le { $when }
desk-inbox-deadline-hint = Sans réponse d'ici là, la règle prévue par votre politique s'applique.
desk-inbox-no-deadline = Pas de délai automatique : les rappels sont suspendus en attendant votre réponse.
desk-inbox-asked = Demandé le { $when }
desk-action = { $action ->
    [approve] Approuver
    [decline] Refuser
    [skip] Ne pas envoyer
    [uphold] Donner raison au client
    [reject] Maintenir le montant
    [payment_received] Règlement reçu
   *[payment_not_received] Règlement non reçu
  }
desk-done = Votre décision est enregistrée ; le client en est informé.
desk-already-decided = Cette demande a déjà été décidée par { $user }, le { $when }. Rien n'a été modifié.
desk-no-longer-pending = Cette demande n'est plus en attente : le dossier a évolué entre-temps. Rien n'a été modifié.
desk-recent-title = À savoir
desk-recent-empty = Rien de nouveau.
desk-via-slack = Slack ({ $user })

## Bureau : contre-proposition du propriétaire (mêmes contrôles que dans Slack)

desk-counter-open = Proposer d'autres conditions
desk-counter-amount-due = Montant dû : { $amount }
desk-counter-count = Nombre d'échéances
desk-counter-count-hint = De 2 à 60. Laissez vide pour un règlement en une fois avec remise.
desk-counter-amount = Montant par échéance
desk-counter-amount-hint = Facultatif : sinon, le montant est réparti en parts égales.
desk-counter-first-date = Date du premier règlement
desk-counter-frequency = Rythme
desk-counter-frequency-choice = { $frequency ->
    [weekly] Chaque semaine
    [biweekly] Toutes les deux semaines
   *[monthly] Chaque mois
  }
desk-counter-discount = Remise
desk-counter-discount-hint = Facultatif : un montant déduit de la somme due.
desk-counter-submit = Envoyer la contre-proposition
desk-counter-invalid = Ces conditions ne peuvent pas être envoyées : corrigez les champs signalés.
desk-counter-error = { $error ->
    [nothing] Saisissez un nombre d'échéances, une remise, ou les deux.
    [count] Saisissez un nombre entier entre 2 et 60.
    [amount] Saisissez un montant positif, par exemple 150 ou 150,50.
    [decimals] Utilisez au plus { $digits } décimales pour cette devise.
    [too-small] { $count } échéances de ce montant couvrent moins de { $total }. Essayez au moins { $min }.
    [too-large] Moins d'échéances suffiraient déjà à couvrir { $total } : baissez le montant ou le nombre d'échéances.
    [date-missing] Choisissez la date du premier règlement.
    [date-past] La date du premier règlement ne peut pas être passée.
    [discount] Saisissez une remise inférieure au montant dû.
   *[terms] Ces conditions ne règlent pas exactement le montant dû.
  }

## Bureau : réglages d'une entreprise

desk-settings-title = Réglages : { $business }
desk-settings-choose = Choisissez une entreprise :
desk-settings-payment = Moyens de règlement
desk-settings-payment-hint = Un IBAN, un lien de paiement, ou les deux : chaque réponse « payer maintenant » les montre au client, avec la référence à indiquer.
desk-settings-iban = IBAN
desk-settings-bic = BIC (avec l'IBAN)
desk-settings-pay-url = Lien de paiement
desk-settings-text = Autres indications
desk-settings-slack = Slack
desk-settings-slack-hint = Facultatif : toutes les demandes arrivent aussi ici, sur le bureau.
desk-settings-slack-channel = Identifiant du canal Slack, par exemple C0123ABC
desk-settings-approvers = Identifiants Slack des approbateurs, séparés par des espaces
desk-settings-save = Enregistrer
desk-settings-saved = Réglages enregistrés.
desk-settings-invalid = Ces réglages ne peuvent pas être enregistrés : corrigez les champs signalés.
desk-settings-error = { $error ->
    [payment] Donnez un IBAN, un lien de paiement, ou les deux.
    [iban] Cet IBAN n'est pas valide (pays, longueur ou clé).
    [bic] Ce BIC n'est pas valide, ou il manque l'IBAN.
    [url] Saisissez une adresse web qui commence par https://.
    [slack] Saisissez des identifiants Slack, par exemple C0123ABC ou U0123ABC.
   *[text] Ce texte est trop long ou contient des caractères non autorisés.
  }
desk-settings-policy = Votre politique
desk-policy-installments = Jusqu'à { $count } échéances d'au moins { $min } chacune, sur { $days } jours au plus.
desk-policy-down-payment = Au-delà de { $count } échéances, un acompte d'au moins { $percent } % est demandé.
desk-policy-promise = Une date de règlement promise peut être fixée jusqu'à { $days } jours à l'avance.
desk-policy-approval = Ce qui sort de la politique vous est soumis. Sans réponse sous { $delay }, { $fallback ->
    [hand_over] le dossier attend qu'une personne le reprenne.
   *[decline] les options prévues par la politique sont proposées au client.
  }
desk-policy-window = Messages automatiques entre { $from } et { $to }, au plus { $cap } par semaine et par client.
desk-policy-how = La politique est fixée à la création de l'entreprise, par l'API ; elle ne se modifie pas encore ici.
desk-settings-signature = Signature des messages
desk-settings-signature-hint = Un prénom ou une équipe signe avec l'entreprise : « Claire, { $business } ». Laissez vide pour signer « { $business } » seulement.
desk-settings-sender = Qui signe (facultatif)
desk-settings-sender-role = Son rôle (facultatif), par exemple gérante
desk-settings-legal = Identité légale
desk-settings-legal-hint = Les étapes formelles (relance formelle, mise en demeure) sont signées par l'entreprise elle-même, avec ces mentions, plutôt que par une personne.
desk-settings-legal-name = Raison sociale, par exemple Atelier Lune SARL
desk-settings-legal-id = Immatriculation, par exemple SIREN 123 456 789
desk-settings-legal-address = Adresse du siège
## E-mail (avis envoyés quand aucune messagerie ne peut prévenir le client)

email-subject = Facture { $invoice } — { $business }
email-chat-link = Pour répondre ou choisir une solution, ouvrez notre conversation : { $url }
email-choices = Vous pourrez y choisir : { $choices }.
email-unsubscribe = Vous ne souhaitez plus recevoir ces rappels automatiques ? Désabonnez-vous : { $url }
unsubscribe-title = Rappels automatiques
unsubscribe-confirm = Ne plus recevoir de rappels automatiques au sujet de cette facture ? Vous pourrez toujours nous écrire dans la conversation.
unsubscribe-button = Me désabonner
unsubscribe-done = C'est noté : vous ne recevrez plus de rappels automatiques. Vous pouvez toujours nous écrire dans la conversation.
unsubscribe-unknown = Ce lien n'est plus valide.

## Bureau du propriétaire, lecture : dossiers, page d'un dossier, tableau de bord, exports (src/http/admin)

desk-nav-dashboard = Tableau de bord
desk-nav-cases = Dossiers
desk-nav-exports = Exports
case-status = { $status ->
    [scheduled] Programmé
    [reminded] Rappel envoyé
    [awaiting_reason] En attente d'une raison
    [offering] Solutions proposées
    [awaiting_confirmation] En attente de confirmation
    [awaiting_owner] En attente de votre décision
    [agreed] Accord en cours
    [paid] Réglé
    [disputed] Contesté
    [awaiting_payment_check] Paiement à vérifier
    [escalated] Étape formelle
    [opted_out] Rappels arrêtés
    [closed] Clos
   *[other] Autre
  }
case-age = { $when ->
    [late] { $days ->
        [one] { $days } jour de retard
       *[other] { $days } jours de retard
      }
    [today] Échéance aujourd'hui
   *[ahead] { $days ->
        [one] Échéance dans { $days } jour
       *[other] Échéance dans { $days } jours
      }
  }
cases-title = Dossiers
cases-search-label = Client ou numéro de facture
cases-business-label = Entreprise
cases-business-all = Toutes les entreprises
cases-status-label = Statut
cases-status-any = Tous les statuts
cases-filter = Afficher
cases-count = { $count ->
    [one] { $count } dossier
   *[other] { $count } dossiers
  }
cases-none = Aucun dossier ne correspond à ces filtres.
cases-export = Télécharger ces dossiers (CSV)
cases-col-debtor = Client
cases-col-invoice = Facture
cases-col-business = Entreprise
cases-col-due-date = Échéance
cases-col-still-due = Reste dû
cases-col-status = Statut
cases-col-age = Ancienneté
cases-pages = Pages
cases-previous = Page précédente
cases-next = Page suivante
cases-page = Page { $page } sur { $pages }
case-title = Facture { $invoice }, { $debtor }
case-back = Tous les dossiers
case-section-invoice = Facture
case-field-business = Entreprise
case-field-debtor = Client
case-field-amount = Montant
case-field-paid = Réglé
case-field-still-due = Reste dû
case-field-issued = Émise le
case-field-due-date = Échéance
case-field-status = Statut
case-field-reason = Raison donnée
case-section-payments = Paiements
case-section-invoices = Factures de ce dossier
case-invoices-intro = Un seul accord couvre ces factures ; chaque paiement va d'abord à la facture qu'il nomme, puis à la plus ancienne.
case-col-invoice = Facture
case-col-allocations = Paiements affectés
case-invoice-status = { $status ->
    [paid] Réglée
   *[open] À régler
  }
case-allocation = { $amount } le { $date } (réf. { $reference })
case-allocations-none = Aucun
case-payments-none = Aucun paiement reçu pour l'instant.
case-col-received = Reçu le
case-col-amount = Montant
case-col-reference = Référence
case-section-schedule = Accords et échéances
case-schedule-none = Pas encore d'accord.
case-agreement-kind = { $kind ->
    [installments] Paiement en plusieurs fois
    [promise] Promesse de paiement
    [pay_now] Paiement en une fois
   *[other] Accord
  }
case-agreement-status = { $status ->
    [active] En cours
    [completed] Tenu
    [broken] Rompu
   *[superseded] Remplacé par un accord plus récent
  }
case-agreement-summary = Confirmé le { $date } par { $channel }, total { $total }.
case-agreement-approved = Approuvé par vous.
case-agreement-in-policy = Dans le cadre de votre politique.
case-agreement-text = Texte confirmé par le client
case-col-seq = N°
case-col-due-date = Échéance
case-col-paid = Réglé
case-col-state = État
case-installment = { $status ->
    [paid] Réglée
    [missed] Manquée
   *[due] À venir
  }
case-channel = { $channel ->
    [telegram] Telegram
    [whatsapp] WhatsApp
    [webchat] le chat web
    [email] e-mail
    [slack] Slack
   *[other] un autre canal
  }
case-section-conversation = Conversation
case-conversation-none = Aucun message pour l'instant.
case-from-debtor = Client, sur { $channel }
case-from-us = Relance, sur { $channel }
case-from-us-automated = Relance, sur { $channel }, envoi automatique
case-pressed = A appuyé sur le bouton « { $label } »
case-offered = Boutons proposés :
case-section-timers = Prochaines étapes prévues
case-timers-none = Rien de prévu.
case-timer = { $kind ->
    [ladder_step] Prochain rappel
    [offer_expiry] Fin des solutions proposées
    [approval_timeout] Date limite de votre réponse
    [installment_reminder] Rappel d'échéance
    [installment_due] Échéance
    [installment_check] Vérification d'une échéance
    [promise_reminder] Rappel avant la date promise
    [promise_check] Vérification du paiement promis
   *[other] Suivi
  }
case-col-when = Quand
case-col-what = Quoi
case-section-moves = Reports de la date promise
case-col-from = Date prévue
case-col-to = Date demandée
case-col-outcome = Suite
case-move-outcome = { $outcome ->
    [promise_moved] Date reportée (report n° { $move })
    [promise_move_proposed] Proposée au client, à confirmer
    [needs_payment] Refusé : règlement partiel attendu ({ $amount })
    [too_far] Refusé : date trop lointaine
   *[max_moves] Refusé : plus de report possible
  }
case-section-decisions = Vos décisions
case-decisions-none = Aucune décision de votre part sur ce dossier.
case-section-links = Liens vers la conversation
case-links-intro = Le client ouvre la conversation avec ces liens. La première personne qui ouvre un lien obtient la conversation : si une conversation inattendue apparaît, ou si le client a perdu ses liens, émettez-en de nouveaux. Tous les liens précédents de ce client cessent de fonctionner, et les conversations ouvertes avec eux sont déliées.
case-links-chats = Conversations liées à ce client :
case-links-chat = { $channel }, depuis le { $date }
case-links-no-chat = Aucune conversation liée pour l'instant.
case-links-reissue = Émettre de nouveaux liens
case-links-reissued = Nouveaux liens émis : les précédents ne fonctionnent plus et les conversations ouvertes avec eux ont été déliées. Envoyez au client les liens ci-dessous.
case-links-over = Ce dossier est réglé ou clos : ses liens n'ouvrent plus rien.
case-section-audit = Journal d'audit
case-audit-ok = Le journal d'audit est intact : { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
  }, aucune modifiée ni supprimée.
case-audit-broken = Le journal d'audit n'est pas intact : l'entrée { $position } { $reason ->
    [hash_mismatch] a été modifiée après son écriture
   *[broken_link] ne suit pas l'entrée précédente
  }. Les entrées à partir de celle-ci ne sont pas fiables.
case-col-actor = Qui
case-col-action = Action
case-actor = { $actor ->
    [debtor] Client
    [owner] Propriétaire
    [api] Votre système (API)
    [system] Relance
   *[other] Autre
  }
dashboard-title = Tableau de bord
dashboard-filter = Afficher
dashboard-numbers = Les chiffres
dashboard-recovered = Montant recouvré par semaine
dashboard-recovered-total = { $amount } sur les { $weeks } dernières semaines
dashboard-col-week = Semaine du
dashboard-col-amount = Montant
dashboard-overdue = Montant en retard par ancienneté
dashboard-overdue-total = { $amount } en retard
dashboard-col-age = Jours de retard
dashboard-age = { $bucket ->
    [d0-15] 0 à 15 jours
    [d16-30] 16 à 30 jours
    [d31-60] 31 à 60 jours
   *[d60-plus] plus de 60 jours
  }
dashboard-reasons = Raisons des retards
dashboard-reasons-none = Aucune raison donnée pour l'instant.
dashboard-col-reason = Raison
dashboard-col-cases = Dossiers
dashboard-outcomes = Échéanciers et promesses tenus ou rompus
dashboard-col-kind = Type
dashboard-outcome = { $outcome ->
    [kept] Tenus
    [broken] Rompus
   *[running] En cours
  }
dashboard-median = Du premier rappel à l'accord
dashboard-median-value = { $days } jours (médiane de { $count ->
    [one] { $count } accord
   *[other] { $count } accords
  })
dashboard-median-none = Pas encore d'accord.
dashboard-dso = DSO (délai moyen de paiement)
dashboard-dso-value = { $days } jours
dashboard-dso-explain = { $due } restent dus pour { $invoiced } facturés sur les { $period } derniers jours.
dashboard-dso-none = Rien de facturé sur les { $period } derniers jours.
dashboard-empty = Rien à afficher pour l'instant.
exports-title = Exports
exports-intro = Des fichiers CSV (UTF-8, séparés par des virgules) qui s'ouvrent dans tout tableur. Ils contiennent exactement les lignes que les filtres sélectionnent.
exports-agreements = Accords
exports-status-label = Statut de l'accord
exports-status-any = Tous les statuts
exports-from = Créés à partir du
exports-to = Créés avant le
exports-download = Télécharger (CSV)
exports-cases = Dossiers
exports-cases-hint = Filtrez la liste des dossiers, puis utilisez son lien de téléchargement : le fichier contient les dossiers affichés.
exports-open-cases = Aller aux dossiers

## Expériences de formulation (/admin/experiments et le tableau de bord)

desk-nav-experiments = Expériences
experiments-title = Expériences de formulation
experiments-title-business = Expériences de formulation : { $business }
experiments-choose = Choisissez une entreprise :
experiments-intro = Comparez deux formulations d'un même message. Chaque dossier reçoit l'une d'elles, toujours la même, et les chiffres comptent ce qui suit son premier envoi. Terminez l'expérience pour garder la formulation qui marche le mieux : tous les dossiers la reçoivent ensuite.
experiments-none = Aucune expérience pour l'instant.
experiments-running = En cours
experiments-ended = Terminées
experiments-message = { $message ->
    [reminder-ask-reason] Relance : demander la raison du retard
    [reminder-options] Relance : proposer des solutions
   *[other] { $message }
  }
experiments-variant = { $variant ->
    [a] a (texte actuel)
   *[other] { $variant }
  }
experiments-status = { $status ->
    [running] En cours depuis le { $from }
   *[ended] Du { $from } au { $to } ; formulation gardée : { $winner }
  }
experiments-new = Nouvelle expérience
experiments-new-hint = Chaque variante a passé la relecture du ton. Les parts se répartissent les nouveaux dossiers ; un dossier garde toujours sa variante.
experiments-new-none = Tous les messages qui ont des variantes sont déjà en expérience.
experiments-message-label = Message
experiments-share-label = Part des nouveaux dossiers pour { $variant } (%)
experiments-start = Lancer l'expérience
experiments-weights = Modifier les parts
experiments-weights-hint = Les dossiers déjà dans l'expérience gardent leur variante.
experiments-end = Terminer et garder
experiments-end-label = Formulation à garder
experiments-started = Expérience lancée.
experiments-saved = Parts enregistrées.
experiments-ended-ok = Expérience terminée : tous les dossiers reçoivent maintenant la formulation gardée.
experiments-invalid = Cette expérience ne peut pas être enregistrée.
experiments-error = { $error ->
    [weights] Donnez à chaque variante une part entre 0 et 100, dont au moins deux positives.
    [running] Une expérience est déjà en cours pour ce message.
    [message] Choisissez un message qui a des variantes.
   *[winner] Choisissez une des variantes de l'expérience.
  }
experiments-see = Voir les expériences
experiments-col-variant = Variante
experiments-col-share = Part
experiments-col-cases = Dossiers
experiments-col-reply = Réponse du client
experiments-col-agreement = Accord
experiments-col-recovered = Encaissé par dossier
experiments-col-days = Jours jusqu'au paiement
experiments-interval = { $value } ({ $low } à { $high })
experiments-paid-count = { $count ->
    [one] { $count } dossier payé
   *[other] { $count } dossiers payés
  }
experiments-measure = { $measure ->
    [reply] taux de réponse
    [agreement] taux d'accord
    [recovered] encaissé par dossier
   *[days] jours jusqu'au paiement
  }
experiments-verdict = { $variant }, { $measure } : { $kind ->
    [higher] plus élevé qu'avec { $base }, différence significative ({ $p })
    [lower] plus bas qu'avec { $base }, différence significative ({ $p })
    [not_significant] différence avec { $base } pas encore significative ({ $p })
   *[too_few] pas encore assez de dossiers pour comparer avec { $base }
  }
experiments-method = Intervalles de confiance à 95 % : Wilson pour les taux, approximation normale pour les moyennes. Une différence avec { $base } est dite significative quand p < 0,05 (bilatéral) : test z de deux proportions pour les taux, test z de Welch pour les moyennes ; elle n'est testée qu'à partir de 5 succès et 5 échecs par variante pour un taux, de 30 dossiers pour une moyenne. Un dossier compte à partir du premier message envoyé dans sa variante ; la réponse, l'accord et les paiements sont ceux qui suivent.
dashboard-experiments = Expériences de formulation
dashboard-experiments-none = Aucune expérience de formulation.
