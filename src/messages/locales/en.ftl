# Relance — English texts (British English, like the en-GB dates and amounts: "instalment").
# Tone: discreet, considerate, respectful. Say "amount due", "payment". Never threaten; formal wording
# only in the formal steps the business owner approved.
# One voice: "we", the business itself; never "I", never the business in the third person in a
# sentence to the client. Greet without the name ("Hello,").
# Common variables: $business (the business), $signature (who signs), $debtor (the client),
# $invoice (invoice number). What each message must contain: src/messages/COPY.md.

## Button labels (20 characters at most: a verb or a clear choice)

action-give-reason = { $reason ->
    [forgot] I forgot
    [cash_flow] Cash flow is tight
    [dispute] I have a concern
    [not_received] Invoice not received
    [already_paid] Already paid
   *[other] Something else
  }
action-choose-offer = Choose this option
action-confirm = I confirm
action-decline = No, other terms
action-counter-offer = Propose my terms
action-propose = Send my proposal
action-more-options = See payment options
action-pay-now = Pay now
action-ask-human = Talk to a person
action-stop = Stop reminders
action-suggest-date = Suggest a date
action-align-payday = Match my payday
action-set-payday = { $kind ->
    [month_end] End of the month
    [weekly] Every { weekday-name }
    [biweekly] Every other { weekday-name }
    [none] No fixed payday
   *[day_of_month] The { $dayText }
  }
weekday-name = { $weekday ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
  }
payday-words = { $kind ->
    [month_end] at the end of the month
    [weekly] every { weekday-name }
    [biweekly] every other { weekday-name }
   *[day_of_month] on the { $dayText } of the month
  }
action-add-invoice = Yes, add it
action-keep-invoice-apart = No, keep it apart
action-ask-time = Ask for more time

offer-label-pay-now = Pay { $amount }
offer-label-pay-now-short = Pay in full
offer-label-installments = In { $count } instalments
offer-label-number = Option { $number }
offer-label-promise = Pay on { $date }

list-title-more = More choices
# The button that opens a WhatsApp list of every choice (20 characters at most).
list-button-choose = See the choices

## Payment methods and common lines

payment-methods-intro = To pay:
payment-methods-link = • Online: { $url }
payment-methods-transfer = • Bank transfer: IBAN { $iban }, ref. { $invoice }
payment-methods-text = • { $text }
payment-methods-none = • Reply here: we will tell you how to pay within { $delay }.
stop-instruction = Reply STOP to stop automated reminders.
signature = { $hasSender ->
    [yes] { $hasRole ->
        [yes] { $sender }, { $role } at { $business }
       *[no] { $sender }, { $business }
      }
   *[no] { $business }
  }

## Offer descriptions (kept word for word as evidence of the agreement)

terms-pay-now = Single payment: { $amount }
terms-installments = { $total } in { $count ->
    [one] one payment
   *[other] { $count } instalments
  }:
terms-installment-line = { $isDownPayment ->
    [yes] – { $date }: { $amount } (down payment)
   *[no] – { $date }: { $amount }
  }
# A run of equal instalments on the plan's rhythm, in one line: "– 58 × €144.00, on the 5th of each
# month, from 5 January 2027 to 5 October 2031". Count, amount, rhythm, first and last date give
# every instalment again: still the exact terms of the agreement.
terms-installment-run = – { $count } × { $amount }, { $frequency ->
    [weekly] every week
    [biweekly] every two weeks
   *[monthly] { $monthEnd ->
        [last] on the last day of each month
        [february] on the { $day }th of each month (end of February)
       *[no] on the { $day }{ $dayOrdinal ->
            [one] st
            [two] nd
            [few] rd
           *[other] th
          } of each month
      }
  }, from { $from } to { $to }
terms-promise = Payment of { $amount } on { $date }
terms-discount = Reduction granted: { $discount }

## One offer on one line (the options card; the full schedule is on the confirmation card)

offer-line-pay-now = • Today: { $amount }
offer-line-installments = • { $count } instalments: { $hasDownPayment ->
    [yes] { $downPayment } down, then { $amount }
   *[no] { $amount }
  }{ $frequency ->
    [weekly] /week
    [biweekly] {" "}every two weeks
   *[monthly] /month
  }
offer-line-promise = • On { $date }: { $amount }
offer-line-discount = { $line }, after a { $discount } reduction
offer-line-needs-approval = { $line } (needs our approval)

## Messages to the client

welcome =
    Hello, this is { $signature }. We are writing about invoice { $invoice }: { $amount }, due on { $dueDate }.
    Here you can pay, tell us it is already paid, or ask to talk to a person.
welcome-stop = These reminders are automated: reply STOP at any time to stop them.

reminder-heads-up = Hello, a friendly reminder: invoice { $invoice } for { $amount } is due on { $dueDate }.
reminder-due-today = Hello, invoice { $invoice } for { $amount } is due today, { $dueDate }.
reminder-ask-reason = Hello, we have not yet received payment for invoice { $invoice } ({ $amount }, due on { $dueDate }). Could you tell us what is happening? Depending on your situation, there are several ways forward.
reminder-options = Hello, invoice { $invoice } ({ $amount }, due on { $dueDate }) is still outstanding.

# Wording variants (experiments, COPY.md): "<id>--<key>" says what "<id>" says, with the same
# variables; the message "<id>" itself is variant "a".
reminder-ask-reason--b = Hello, invoice { $invoice } ({ $amount }, due on { $dueDate }) does not show as paid on our side yet. What is happening? One tap is enough to let us know.
reminder-ask-reason--c = Hello, invoice { $invoice } ({ $amount }, due on { $dueDate }) is still to be paid. A forgotten invoice or a tight month happens to everyone: just tell us where things stand.
reminder-options--b = Hello, for invoice { $invoice } ({ $amount }, due on { $dueDate }), choose the way to pay that suits you best.
reminder-formal-reminder =
    Dear Sir or Madam,
    Unless we are mistaken, invoice { $invoice } for { $amount }, due on { $dueDate }, remains unpaid. Please settle it by { $deadline } at the latest. Otherwise, we will send you a formal notice.
    A payment plan is still possible: just reply here.
    { $legalSignature }
reminder-formal-notice =
    Dear Sir or Madam,
    Despite our reminders, invoice { $invoice } for { $amount }, due on { $dueDate }, remains unpaid. We hereby give you formal notice to pay it by { $deadline } at the latest. Otherwise, we may begin a recovery procedure.
    A payment plan is still possible: just reply here.
    { $legalSignature }

offers-lead = We can offer:

ask-reason = So that we can suggest the most suitable solution, could you tell us what is happening?
reason-hint = A problem with the invoice or the service? Just write it here.

payment-methods = Thank you! The amount due is { $amount }.
payment-methods-later = Paying today is difficult? Suggest a date.

offers-intro = { $reason ->
    [cash_flow] We understand, it happens. You can pay at your own pace:
    [dispute] Thank you for explaining. Here is what we can offer:
   *[other] Here are the ways to pay:
  }
offers-counter = None of these suits you? Tell us what you can do.

ask-counter-offer = Of course. What could you manage? Just write it, for example "{ $example } per month" or "on { $exampleDate }". We will reply here within { $delay }.

confirm-terms-intro = Here is the proposed agreement for invoice { $invoice }:
confirm-terms-question = If these terms suit you, tap "I confirm".
confirm-terms-replaces = This date replaces { $date }.
ask-payday = When does your income arrive (salary, pension or benefits)? We will put each instalment on that day, or the next working day if it falls on a weekend or a bank holiday.
ask-payday-hint = Another day? Write it, for example "the 15th" or "every other Friday".
payday-noted = Noted: your income arrives { payday-words }. Each instalment falls on that day, or the next working day if it is a weekend or a bank holiday.

agreement-confirmed-intro = Thank you! Written confirmation of our agreement, invoice { $invoice }:
agreement-confirmed-next = { $kind ->
    [installments] We will remind you of each instalment and how to pay.
    [promise] We will remind you the day before, with how to pay.
    [installments_no_reminder] Please note these dates: we cannot remind you of them.
    [promise_no_reminder] Please note this date: we cannot remind you of it.
   *[pay_now] You can pay right away.
  }

proposal-sent = Thank you for your proposal: { $summary }. We are looking at it and will reply here within { $delay }.
proposal-down-payment = a down payment of { $amount }
proposal-per-period = { $period ->
    [week] { $amount } per week
   *[month] { $amount } per month
  }
proposal-count = { $count ->
    [one] in one payment
   *[other] in { $count } payments
  }
proposal-date = on { $date }
proposal-empty = your message

owner-declined = Unfortunately we cannot accept this proposal. Here is what we can offer:

dispute-ack = Thank you for letting us know, and we are sorry for the inconvenience. Could you describe in a few words what did not meet your expectations? Reminders are paused while we look into it; we will reply here within { $delay }.

dispute-upheld =
    Thank you for your patience. Having looked into it, we agree with you: nothing more is due for invoice { $invoice }.
    We apologise for the inconvenience.

already-paid-ask-details = Thank you! So that we can find your payment, could you give its date and reference (or how you paid)?
already-paid-ack = Thank you, we are checking our receipts. Reminders are paused in the meantime; we will reply here within { $delay }.
payment-not-found = We have checked our receipts and not found your payment of { $amount } for invoice { $invoice }. A transfer can take a few days: could you send us its date and reference, or the transfer advice? If the payment did not go out after all, you can pay below.

invoice-details = Here is invoice { $invoice }: amount due { $amount }, due on { $dueDate }.

installment-name = { $isDownPayment ->
    [yes] the down payment
   *[no] instalment no. { $seq }
  }
installment-reminder = Hello, a short reminder: { installment-name } for invoice { $invoice }, { $amount }, is due on { $date }.
installment-due = Hello, { installment-name } for invoice { $invoice }, { $amount }, is due today, { $date }.
installment-missed = Hello, we have not yet received { installment-name } for invoice { $invoice } ({ $amount }, due on { $date }). Something unexpected? Here is how to catch up:
plan-broken = Hello, { installment-name } for invoice { $invoice } ({ $installmentAmount }, due on { $date }) has not been paid, so the plan has stopped. The remaining amount due is { $amount }; let us talk and agree on a new solution.

promise-reminder = Hello, a short reminder: you planned to pay { $amount } on { $date } for invoice { $invoice }. Thank you!
promise-missed = Hello, we have not received the payment planned for { $date } for invoice { $invoice }. The amount due is { $amount }. { $plansOnly ->
    [yes] We now suggest paying in instalments.
   *[no] Would you like to agree on a new date or a payment plan?
  }
promise-move-refused = { $reason ->
    [needs_payment] This date has already been moved. To move it again, we first need a part payment of at least { $amount }; the date stays { $date }. You can pay that amount below, then write to us with the new date.
    [too_far] We cannot agree to a date that far ahead: { $latest } at the latest. The date stays { $date }; write to us with another day before then.
   *[max_moves] This date has already been moved as often as we can: it stays { $date }. If that day is difficult, someone from our team can talk it through with you.
  }
promise-date-kept = Noted: the date stays { $date }.

payment-thanks = { $hasRemaining ->
    [yes] Thank you, we have received your payment of { $received }. The remaining amount due is { $remaining }.
   *[no] Thank you, we have received your payment of { $received }.
  }
# Several invoices of one client, one message (COPY.md, "-group"): the list follows.
reminder-heads-up-group = Hello, a friendly reminder: { $count } invoices, { $amount } in total.
reminder-due-today-group = Hello, { $count } invoices, { $amount } in total, one of them due today.
reminder-ask-reason-group = Hello, these { $count } invoices ({ $amount }) are still to be paid. What is happening?
reminder-options-group = Hello, { $count } invoices ({ $amount } in total) are still to be paid, together.
invoices-group-overdue = Overdue:
invoices-group-upcoming = Coming due:
invoices-group-line = – { $invoice }: { $amount }, on { $date }
invoices-group-more = – and { $count ->
    [one] one more invoice
   *[other] { $count } more invoices
  }
payment-thanks-settled = { $count ->
    [one] Invoice { $invoices } is paid.
   *[other] Invoices { $invoices } are paid.
  }
payment-thanks-plan = Your instalment plan is lowered by as much, on the same dates:

# A new invoice during a running agreement: offered as an addition, never merged silently (COPY.md).
invoice-addition = Hello, invoice { $newInvoice } ({ $amount }, due on { $dueDate }) has just arrived. Add it to your current arrangement? It would become:
invoice-added = Noted, invoice { $newInvoice } is added. Written confirmation of our new arrangement:
invoice-kept-apart = Noted: invoice { $newInvoice } will be followed separately, with its own reminders. Your current arrangement does not change.
paid-in-full = Invoice { $invoice } is paid in full: nothing more is due. Thank you very much!
paid-in-full-group = Your { $count } invoices ({ $invoices }) are paid in full: nothing more is due. Thank you very much!

offer-expired = The options offered earlier are no longer available. Here are the current ones:
option-unavailable = This option is no longer available. Here are the current choices:
not-understood = Sorry, we did not quite understand. You can pick one of the answers below, or write to us differently.
human-handover = Noted: a person from our team will reply to you here within { $delay }. You can already write your question.
opted-out = Noted: you will no longer receive automated reminders. You can still write to us here.
help =
    This is { $signature }, about invoice { $invoice }.
    You can { $ways ->
        [both] pay online or by bank transfer
        [online] pay online
        [transfer] pay by bank transfer
       *[other] pay
    }, ask for more time (a payment plan or a date), tell us about a concern, or talk to a person.

## Messages to the business owner (Slack) — never read by the client

owner-field-client = Client
owner-field-invoice = Invoice
owner-field-amount-due = Amount due
owner-field-reason = Reason
owner-field-proposal = Client's proposal
owner-field-terms = Terms
owner-field-breaches = Outside policy
owner-field-days-late = Days late
owner-field-request = Request
owner-field-message = Client's message
owner-field-channel = Messaging app
owner-field-by = By
owner-by-api = the API
owner-channel = { $channel ->
    [telegram] Telegram
    [whatsapp] WhatsApp
   *[webchat] web chat
  }
owner-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
  }
owner-count = { $count }
owner-no-text = (no details yet)
owner-reason = { $reason ->
    [forgot] Forgot
    [cash_flow] Cash-flow difficulty
    [dispute] Unhappy with the product or service
    [not_received] Invoice not received
    [already_paid] Says it is already paid
    [other] Other
   *[none] Not given
  }
owner-breach = { $limit ->
    [max_installments] Number of instalments: { $proposed } (maximum { $allowed })
    [min_installment] Instalment amount: { $proposed } (minimum { $allowed })
    [max_plan_days] Plan length: { $proposed } (maximum { $allowed })
    [min_down_payment] Down payment: { $proposed } (minimum { $allowed })
    [promise_max_days] Time to the promised date: { $proposed } (maximum { $allowed })
    [promise_max_reschedules] Date changes: { $proposed } (maximum { $allowed })
    [promises_broken] Dates not kept: { $proposed } (no new date from { $allowed } on)
    [frequency] Frequency: every { $proposed } (not offered by your policy)
    [discount_none] Reduction: { $proposed } (none without your approval)
   *[discount] Reduction: { $proposed } (maximum { $allowed })
  }
owner-approval-title = { $subject ->
    [plan] Payment plan to approve
    [promise] Payment date to approve
    [discount] Reduction to approve
    [formal_reminder] Formal reminder to approve
    [formal_notice] Formal notice to approve
   *[escalation] Next step for this invoice
  }
owner-approval-body = { $subject ->
    [plan] { $debtor } proposes a payment plan for invoice { $invoice } that is outside your policy. You can accept it, decline it or suggest other terms.
    [promise] { $debtor } proposes a payment date for invoice { $invoice } that is outside your policy. You can accept or decline it.
    [discount] { $debtor } disputes invoice { $invoice }. A reduction is only offered with your approval.
    [formal_reminder] The friendly reminders for invoice { $invoice } got no answer. Send the formal reminder (amount, missed due date, next step)?
    [formal_notice] The formal reminder for invoice { $invoice } got no answer. Send the formal notice?
   *[escalation] The amicable path is exhausted for invoice { $invoice }. How would you like to proceed: collection agency, mediation, or something else?
  }
owner-approval-expiring-title = Approval request expiring soon
owner-approval-expiring-body = Request { $requestId } for invoice { $invoice } ({ $debtor }) is still waiting for your answer and expires soon.
owner-dispute-title = The client reports a concern
owner-dispute-body = { $debtor } is unhappy with the product or service behind invoice { $invoice }. Reminders are paused; a reduction will only be offered with your approval.
owner-already-paid-title = The client says they already paid
owner-already-paid-body = { $debtor } says invoice { $invoice } is already paid. Please check your incoming payments and confirm whether it was received. Reminders are paused meanwhile.
owner-opted-out-title = Automated reminders stopped
owner-unreachable-title = Debtor unreachable: invoice { $invoice }
owner-unreachable-body = For invoice { $invoice }, { $debtor } has linked no messaging app that can notify them, and we have no e-mail address: our last message could only be kept in the web chat. A personal contact is advised.
owner-opted-out-body = { $debtor } no longer wants automated reminders for invoice { $invoice }. You can still contact them personally.
owner-personal-contact-title = A personal call is advised
owner-personal-contact-body = Invoice { $invoice } ({ $debtor }) is { $daysLate } late and the reminders have not helped. A personal call often unblocks the situation.
owner-plan-broken-title = Payment plan not followed
owner-plan-broken-body = { $debtor } has not followed the agreed payment plan for invoice { $invoice }. The client has been invited to talk about it.
owner-promise-broken-title = Payment date missed
owner-promise-broken-body = { $debtor } did not pay on the promised date for invoice { $invoice }. The client has been invited to agree on a new date.
owner-human-requested-title = The client would like to talk to a person
owner-human-requested-body = { $debtor } asks to talk to a person about invoice { $invoice }. The bot waits for you to take over the conversation.
owner-agreement-reached-title = Agreement reached
owner-agreement-reached-body = { $debtor } confirmed the following terms in writing for invoice { $invoice }:
owner-paid-in-full-title = Invoice paid in full
owner-paid-in-full-body = Invoice { $invoice } ({ $debtor }) is paid in full. The case is closed.
owner-chat-bound-title = New chat linked: invoice { $invoice }
owner-chat-bound-body = { $via ->
    [number] { $debtor } wrote from the WhatsApp number given with invoice { $invoice }: this chat now receives the messages about their invoices.
   *[link] The { $channel } link of invoice { $invoice } ({ $debtor }) was just opened: this chat now receives the messages about their invoices. If it was not the client, reissue the links from the case page: the chat will be unlinked.
  }
owner-links-reissued-title = Links reissued: invoice { $invoice }
owner-links-reissued-body = The links of { $debtor } (invoice { $invoice } and any other of theirs) were replaced: the old ones no longer work and { $unbound ->
    [0] no chat had been opened with them.
    [one] one chat opened with them was unlinked.
   *[other] { $unbound } chats opened with them were unlinked.
  } Send the new links to the client.

## Notices outside any case (a chat not linked to an invoice yet)

notice-link-invalid = Hello! This link is no longer valid, or it was already used in another chat. Please use the link that came with your most recent invoice, or contact the business that sent it.
notice-chat-unbound = Hello! We can help as soon as this chat is linked to an invoice: please open the link that came with your invoice.
notice-number-unknown = Hello! We cannot find an invoice linked to this number. Which invoice is it about? To find it, open the link that came with it: it links this chat to the invoice.
notice-link-revoked = Hello, this is { $business }. This link is no longer valid: please contact us for a new one.
notice-link-expired = Hello, this is { $business }. This link has expired: please contact us for a new one.
notice-link-closed = Hello, this is { $business }. This link is for an invoice that is settled or closed: there is nothing more to do. If you have a question, please contact us.
notice-button-elsewhere = This button was sent in another conversation: please answer it there, or write to us here.

## Web chat page (the page's own wording, not the bot's messages)

webchat-title = Chat with { $business }
webchat-intro = Messages about your invoice. This link is personal to you: please don't share it.
webchat-conversation = Conversation
webchat-options = Suggested replies
webchat-input-label = Your message
webchat-input-placeholder = Type your message…
webchat-send = Send
webchat-connecting = Connecting…
webchat-offline = Connection lost, trying again…
webchat-send-failed = Your message could not be sent. Please try again.
webchat-rate-limited = That's a lot of messages at once: please wait a moment before trying again.
webchat-button-refused = This option is no longer available.
webchat-you = You
webchat-not-found-title = Link not found
webchat-not-found-body = This chat link does not exist or is no longer valid. Please use the link that came with your most recent invoice, or contact the business that sent it.
webchat-closed-title = Link expired
webchat-closed-body = { $reason ->
    [case_finished] This link is for an invoice that is settled or closed: there is nothing more to do. If you have a question, please contact { $business }.
   *[other] This link is no longer valid. Please ask { $business } for a new one.
  }

## A request the owner never answered, as its Slack message then reads

owner-request-expired-title = Expired without an answer
owner-request-expired-body = No one answered in time. { $fallback ->
    [hand_over] The case now waits for a person to take it over.
   *[decline] The client was offered the options within your policy instead.
  }

## Counter-offers anchored on the client's words, checks, payment instructions

counter-offer-intro = Thank you for your proposal ({ $summary }).
counter-offer-lead = { $count ->
    [one] Here is the closest we can offer:
   *[other] Our options, the closest first:
  }
offer-counter-single = Does this not suit you? Tell us what you can do.
proposal-sent-meanwhile = Meanwhile, you can choose:
limit-line = { $limit ->
    [max_installments] We can go up to { $allowed } payments.
    [min_installment] Each payment must be at least { $amount }.
    [min_down_payment] That needs a down payment of at least { $amount }.
    [max_plan_days] Everything must be paid within { $allowed } days.
    [promise_max_days] The date must be within { $allowed } days.
    [promises_broken] As { $allowed } dates could not be kept, we now suggest instalments.
   *[frequency] That rhythm is not possible.
  }
check-understanding = You are proposing { $summary }, is that right?
action-check-yes = Yes, that's right
action-check-no = No
not-understood-offers = Sorry, we did not quite understand. You can still choose one of these options, or write to us differently:
payment-methods-bic = • BIC { $bic }
payment-methods-reference = • Reference to use: { $reference }
already-paid-rest-date = Noted too: you plan to pay the rest on { $date }. We will first check the amount already received.

## Owner's desk (/admin pages): common frame

desk-app = Relance
desk-page-title = { $title } · Relance
desk-skip = Skip to content
desk-nav-label = Main navigation
desk-nav-inbox = To decide
desk-nav-agreements = Agreements
desk-nav-settings = Settings
desk-nav-audit = Audit log
desk-signed-in-as = Signed in as { $email }
desk-logout = Sign out
desk-not-found-title = Page not found
desk-not-found-body = This page does not exist, or you do not have access to it.
desk-error-title = Error
desk-error-body = Something went wrong on our side. Please try again in a moment.

## Desk: agreement log and audit log check

desk-agreements-title = Agreements
desk-filter = Filter
desk-filter-business = Business
desk-filter-status = Status
desk-filter-any = Any
desk-filter-from = Created from
desk-filter-to = Created before
desk-bad-filter-title = Invalid filter
desk-bad-filter-body = Some filters are not valid:
desk-bad-filter-field = { $field ->
    [businessId] Business: choose a business from the list.
    [status] Status: choose a status from the list.
    [from] Start date: enter a date, for example 2026-11-30.
    [to] End date: enter a date, for example 2026-11-30.
    [q] Search: at most 100 characters, without control characters.
    [page] Page: enter a page number.
    [cursor] Page: this page link is no longer valid.
   *[other] A parameter of the page is not valid.
  }
desk-all-agreements = All agreements
desk-agreement-status = { $status ->
    [active] Active
    [completed] Completed
    [broken] Broken
   *[superseded] Superseded
  }
desk-channel = { $channel ->
    [telegram] Telegram
    [whatsapp] WhatsApp
    [webchat] Web chat
   *[other] Other
  }
desk-col-confirmed = Confirmed on
desk-col-business = Business
desk-col-invoice = Invoice
desk-col-debtor = Client
desk-col-terms = Terms
desk-col-total = Total
desk-col-channel = Channel
desk-col-approved = Approved by
desk-col-status = Status
desk-col-paid = Instalments paid
desk-within-policy = Within policy
desk-paid-of = { $paid } of { $count }
desk-no-agreement = No agreement matches.
desk-next-page = Next page
desk-terms-pay-now = In one payment: { $amount }
desk-terms-promise = { $amount } on { $date }
desk-terms-installments = { $frequency ->
    [weekly] { $count } weekly instalments from { $date } (first: { $amount })
    [biweekly] { $count } instalments, one every two weeks, from { $date } (first: { $amount })
   *[monthly] { $count } monthly instalments from { $date } (first: { $amount })
  }
desk-terms-discount = { $amount } off
desk-terms-unreadable = Unreadable terms
desk-agreement-title = Agreement, invoice { $invoice }
desk-confirmed-text = Text the client confirmed
desk-installments = Instalments
desk-col-seq = No.
desk-col-due = Due
desk-col-amount = Amount
desk-col-paid-amount = Paid
desk-installment-status = { $status ->
    [paid] Paid
   *[pending] Upcoming
  }
desk-no-installments = No instalment plan.
desk-audit-title = Audit log
desk-audit-ok = The audit log's hash chain is intact.
desk-audit-counts = { $entries } entries checked, in { $chains } cases.
desk-audit-broken = The chain is broken at entry no. { $entry }: { $reason ->
    [hash_mismatch] its content no longer matches its hash.
   *[broken_link] it does not follow the previous entry of its case.
  }
desk-audit-note = Entries are checked in order; the check stops at the first broken entry.

## Desk: signing in

desk-login-title = Sign in
desk-login-email = E-mail address
desk-login-password = Password
desk-login-submit = Sign in
desk-login-failed = Wrong e-mail address or password.
desk-login-throttled = Too many attempts. Please try again in { $minutes ->
    [one] a minute.
   *[other] { $minutes } minutes.
  }
desk-csrf-title = Form expired
desk-csrf-failed = This form has expired or does not come from this page. Please reload the page and try again.

## Desk: the requests waiting for a decision

desk-inbox-title = To decide
desk-inbox-empty = Nothing is waiting for your decision at the moment.
desk-inbox-count = { $count ->
    [one] One request is waiting for your decision.
   *[other] { $count } requests are waiting for your decision.
  }
desk-inbox-deadline = Decide by { $when }
desk-inbox-deadline-hint = Without an answer by then, your policy's fallback applies.
desk-inbox-no-deadline = No automatic deadline: reminders are paused until you answer.
desk-inbox-asked = Asked on { $when }
desk-action = { $action ->
    [approve] Approve
    [decline] Decline
    [skip] Do not send
    [uphold] Side with the client
    [reject] Keep the amount
    [payment_received] Payment received
   *[payment_not_received] Payment not received
  }
desk-done = Your decision is recorded; the client is told.
desk-already-decided = This request was already decided by { $user }, on { $when }. Nothing was changed.
desk-no-longer-pending = This request is no longer pending: the case has moved on meanwhile. Nothing was changed.
desk-recent-title = For your information
desk-recent-empty = Nothing new.
desk-via-slack = Slack ({ $user })

## Desk: the owner's counter-offer (the same checks as in Slack)

desk-counter-open = Propose other terms
desk-counter-amount-due = Amount due: { $amount }
desk-counter-count = Number of instalments
desk-counter-count-hint = 2 to 60. Leave empty for a single payment with a discount.
desk-counter-amount = Amount per instalment
desk-counter-amount-hint = Optional: otherwise the amount is split into equal parts.
desk-counter-first-date = First payment date
desk-counter-frequency = Frequency
desk-counter-frequency-choice = { $frequency ->
    [weekly] Weekly
    [biweekly] Every two weeks
   *[monthly] Monthly
  }
desk-counter-discount = Discount
desk-counter-discount-hint = Optional: an amount taken off what is due.
desk-counter-submit = Send the counter-offer
desk-counter-invalid = These terms cannot be sent: correct the fields marked.
desk-counter-error = { $error ->
    [nothing] Enter a number of instalments, a discount, or both.
    [count] Enter a whole number between 2 and 60.
    [amount] Enter a positive amount, for example 150 or 150.50.
    [decimals] Use at most { $digits } decimal places for this currency.
    [too-small] { $count } instalments of this amount cover less than { $total }. Try at least { $min }.
    [too-large] Fewer instalments would already cover { $total }: lower the amount or the number of instalments.
    [date-missing] Choose the first payment date.
    [date-past] The first payment date cannot be in the past.
    [discount] Enter a discount smaller than the amount due.
   *[terms] These terms do not settle exactly the amount due.
  }

## Desk: a business's settings

desk-settings-title = Settings: { $business }
desk-settings-choose = Choose a business:
desk-settings-payment = Ways to pay
desk-settings-payment-hint = An IBAN, a payment link, or both: every "pay now" answer shows them to the client, with the reference to give.
desk-settings-iban = IBAN
desk-settings-bic = BIC (with the IBAN)
desk-settings-pay-url = Payment link
desk-settings-text = Other instructions
desk-settings-slack = Slack
desk-settings-slack-hint = Optional: every request also arrives here, on the desk.
desk-settings-slack-channel = Slack channel id, for example C0123ABC
desk-settings-approvers = Slack ids of the approvers, separated by spaces
desk-settings-save = Save
desk-settings-saved = Settings saved.
desk-settings-invalid = These settings cannot be saved: correct the fields marked.
desk-settings-error = { $error ->
    [payment] Give an IBAN, a payment link, or both.
    [iban] This IBAN is not valid (country, length or check digits).
    [bic] This BIC is not valid, or the IBAN is missing.
    [url] Enter a web address starting with https://.
    [slack] Enter Slack ids, for example C0123ABC or U0123ABC.
   *[text] This text is too long or holds characters that are not allowed.
  }
desk-settings-policy = Your policy
desk-policy-installments = Up to { $count } instalments of at least { $min } each, over { $days } days at most.
desk-policy-down-payment = Beyond { $count } instalments, a down payment of at least { $percent } % is asked.
desk-policy-promise = A promised payment date can be set up to { $days } days ahead.
desk-policy-approval = What falls outside the policy comes to you. Without an answer within { $delay }, { $fallback ->
    [hand_over] the case waits for a person to take it over.
   *[decline] the options of the policy are offered to the client.
  }
desk-policy-window = Automated messages between { $from } and { $to }, at most { $cap } a week per client.
desk-policy-how = The policy is set when the business is created, through the API; it cannot be changed here yet.
desk-settings-signature = Message signature
desk-settings-signature-hint = A first name or a team signs with the business: "Claire, { $business }". Leave empty to sign "{ $business }" alone.
desk-settings-sender = Who signs (optional)
desk-settings-sender-role = Their role (optional), for example manager
desk-settings-legal = Legal identity
desk-settings-legal-hint = The formal steps (formal reminder, formal notice) are signed by the business itself, with these details, rather than by a person.
desk-settings-legal-name = Registered name, for example Atelier Lune Ltd
desk-settings-legal-id = Registration, for example Company No. 01234567
desk-settings-legal-address = Registered address
## E-mail (notices sent when no messaging app can notify the debtor)

email-subject = Invoice { $invoice } — { $business }
email-chat-link = To reply or choose a solution, open our conversation: { $url }
email-choices = You can choose there: { $choices }.
email-unsubscribe = Would you rather not receive these automated reminders? Unsubscribe: { $url }
unsubscribe-title = Automated reminders
unsubscribe-confirm = Stop receiving automated reminders about this invoice? You can still write to us in the conversation.
unsubscribe-button = Unsubscribe
unsubscribe-done = Done: you will receive no more automated reminders. You can still write to us in the conversation.
unsubscribe-unknown = This link is no longer valid.

## Owner's desk, read side: cases, a case's page, the dashboard, the exports (src/http/admin)

desk-nav-dashboard = Dashboard
desk-nav-cases = Cases
desk-nav-exports = Exports
case-status = { $status ->
    [scheduled] Scheduled
    [reminded] Reminded
    [awaiting_reason] Waiting for a reason
    [offering] Options offered
    [awaiting_confirmation] Waiting for confirmation
    [awaiting_owner] Waiting for you
    [agreed] Agreement running
    [paid] Paid
    [disputed] Disputed
    [awaiting_payment_check] Payment to check
    [escalated] Escalated
    [opted_out] Reminders stopped
    [closed] Closed
   *[other] Other
  }
case-age = { $when ->
    [late] { $days ->
        [one] { $days } day late
       *[other] { $days } days late
      }
    [today] Due today
   *[ahead] { $days ->
        [one] Due in { $days } day
       *[other] Due in { $days } days
      }
  }
cases-title = Cases
cases-search-label = Debtor or invoice number
cases-business-label = Business
cases-business-all = All businesses
cases-status-label = Status
cases-status-any = Any status
cases-filter = Show
cases-count = { $count ->
    [one] { $count } case
   *[other] { $count } cases
  }
cases-none = No case matches these filters.
cases-export = Download these cases (CSV)
cases-col-debtor = Debtor
cases-col-invoice = Invoice
cases-col-business = Business
cases-col-due-date = Due date
cases-col-still-due = Still due
cases-col-status = Status
cases-col-age = Age
cases-pages = Pages
cases-previous = Previous page
cases-next = Next page
cases-page = Page { $page } of { $pages }
case-title = Invoice { $invoice }, { $debtor }
case-back = All cases
case-section-invoice = Invoice
case-field-business = Business
case-field-debtor = Debtor
case-field-amount = Amount
case-field-paid = Paid
case-field-still-due = Still due
case-field-issued = Issued on
case-field-due-date = Due date
case-field-status = Status
case-field-reason = Reason given
case-section-payments = Payments
case-section-invoices = Invoices in this case
case-invoices-intro = One agreement covers these invoices; each payment goes first to the invoice it names, then to the oldest.
case-col-invoice = Invoice
case-col-allocations = Payments allocated
case-invoice-status = { $status ->
    [paid] Paid
   *[open] Open
  }
case-allocation = { $amount } on { $date } (ref. { $reference })
case-allocations-none = None
case-payments-none = No payment received yet.
case-col-received = Received on
case-col-amount = Amount
case-col-reference = Reference
case-section-schedule = Agreements and instalments
case-schedule-none = No agreement yet.
case-agreement-kind = { $kind ->
    [installments] Instalment plan
    [promise] Promise to pay
    [pay_now] Payment in full
   *[other] Agreement
  }
case-agreement-status = { $status ->
    [active] Running
    [completed] Kept
    [broken] Broken
   *[superseded] Replaced by a later agreement
  }
case-agreement-summary = Confirmed on { $date } by { $channel }, total { $total }.
case-agreement-approved = Approved by the owner.
case-agreement-in-policy = Within your policy.
case-agreement-text = Text the debtor confirmed
case-col-seq = No.
case-col-due-date = Due date
case-col-paid = Paid
case-col-state = State
case-installment = { $status ->
    [paid] Paid
    [missed] Missed
   *[due] Due
  }
case-channel = { $channel ->
    [telegram] Telegram
    [whatsapp] WhatsApp
    [webchat] web chat
    [email] e-mail
    [slack] Slack
   *[other] another channel
  }
case-section-conversation = Conversation
case-conversation-none = No message yet.
case-from-debtor = Debtor, on { $channel }
case-from-us = Relance, on { $channel }
case-from-us-automated = Relance, on { $channel }, automatic
case-pressed = Pressed the button “{ $label }”
case-offered = Buttons offered:
case-section-timers = Scheduled next
case-timers-none = Nothing scheduled.
case-timer = { $kind ->
    [ladder_step] Next reminder
    [offer_expiry] Options expire
    [approval_timeout] Your answer is due
    [installment_reminder] Instalment reminder
    [installment_due] Instalment due
    [installment_check] Instalment check
    [promise_reminder] Reminder before the promised date
    [promise_check] Check of the promised payment
   *[other] Follow-up
  }
case-col-when = When
case-col-what = What
case-section-moves = Promised date moves
case-col-from = Date planned
case-col-to = Date asked
case-col-outcome = Outcome
case-move-outcome = { $outcome ->
    [promise_moved] Date moved (move { $move })
    [promise_move_proposed] Shown to the client, to confirm
    [needs_payment] Refused: part payment expected ({ $amount })
    [too_far] Refused: date too far ahead
   *[max_moves] Refused: no more moves allowed
  }
case-section-decisions = Your decisions
case-decisions-none = No decision of yours on this case.
case-section-links = Links to the chat
case-links-intro = The client opens the chat with these links. Whoever opens a link first gets the chat: if a chat you do not expect appears, or the client lost their links, issue new ones. Every earlier link of this client stops working, and the chats opened with them are unlinked.
case-links-chats = Chats linked to this client:
case-links-chat = { $channel }, since { $date }
case-links-no-chat = No chat linked yet.
case-links-reissue = Issue new links
case-links-reissued = New links issued: the earlier ones no longer work and the chats opened with them were unlinked. Send the links below to the client.
case-links-over = This case is paid or closed: its links no longer open anything.
case-section-audit = Audit trail
case-audit-ok = The audit trail verifies: { $count ->
    [one] { $count } entry
   *[other] { $count } entries
  }, none altered or removed.
case-audit-broken = The audit trail does not verify: entry { $position } { $reason ->
    [hash_mismatch] was changed after it was written
   *[broken_link] does not follow the entry before it
  }. The entries from there on cannot be trusted.
case-col-actor = Who
case-col-action = Action
case-actor = { $actor ->
    [debtor] Debtor
    [owner] Owner
    [api] Your system (API)
    [system] Relance
   *[other] Other
  }
dashboard-title = Dashboard
dashboard-filter = Show
dashboard-numbers = The figures
dashboard-recovered = Amount recovered per week
dashboard-recovered-total = { $amount } over the last { $weeks } weeks
dashboard-col-week = Week of
dashboard-col-amount = Amount
dashboard-overdue = Overdue amount by age
dashboard-overdue-total = { $amount } overdue
dashboard-col-age = Days late
dashboard-age = { $bucket ->
    [d0-15] 0–15 days
    [d16-30] 16–30 days
    [d31-60] 31–60 days
   *[d60-plus] over 60 days
  }
dashboard-reasons = Reasons for lateness
dashboard-reasons-none = No reason given yet.
dashboard-col-reason = Reason
dashboard-col-cases = Cases
dashboard-outcomes = Plans and promises, kept and broken
dashboard-col-kind = Kind
dashboard-outcome = { $outcome ->
    [kept] Kept
    [broken] Broken
   *[running] Running
  }
dashboard-median = From first reminder to agreement
dashboard-median-value = { $days } days (median of { $count ->
    [one] { $count } agreement
   *[other] { $count } agreements
  })
dashboard-median-none = No agreement yet.
dashboard-dso = DSO (days sales outstanding)
dashboard-dso-value = { $days } days
dashboard-dso-explain = { $due } still due for { $invoiced } invoiced over the last { $period } days.
dashboard-dso-none = Nothing invoiced over the last { $period } days.
dashboard-empty = Nothing to show yet.
exports-title = Exports
exports-intro = CSV files (UTF-8, comma-separated) that open in any spreadsheet. They hold exactly the rows the filters select.
exports-agreements = Agreements
exports-status-label = Agreement status
exports-status-any = Any status
exports-from = Created from
exports-to = Created before
exports-download = Download (CSV)
exports-cases = Cases
exports-cases-hint = Filter the case list, then use its download link: the file holds the cases shown.
exports-open-cases = Go to the cases

## Wording experiments (/admin/experiments and the dashboard)

desk-nav-experiments = Experiments
experiments-title = Wording experiments
experiments-title-business = Wording experiments: { $business }
experiments-choose = Choose a business:
experiments-intro = Compare two wordings of one message. Each case gets one of them, always the same, and the figures count what follows its first sending. End the experiment to keep the wording that works best: every case gets it from then on.
experiments-none = No experiment yet.
experiments-running = Running
experiments-ended = Ended
experiments-message = { $message ->
    [reminder-ask-reason] Reminder: asking why the payment is late
    [reminder-options] Reminder: offering ways to pay
   *[other] { $message }
  }
experiments-variant = { $variant ->
    [a] a (current text)
   *[other] { $variant }
  }
experiments-status = { $status ->
    [running] Running since { $from }
   *[ended] From { $from } to { $to }; wording kept: { $winner }
  }
experiments-new = New experiment
experiments-new-hint = Every variant has passed the tone review. The shares split new cases between the variants; a case always keeps its variant.
experiments-new-none = Every message that has variants is already in an experiment.
experiments-message-label = Message
experiments-share-label = Share of new cases for { $variant } (%)
experiments-start = Start the experiment
experiments-weights = Change the shares
experiments-weights-hint = Cases already in the experiment keep their variant.
experiments-end = End and keep
experiments-end-label = Wording to keep
experiments-started = Experiment started.
experiments-saved = Shares saved.
experiments-ended-ok = Experiment ended: every case now gets the wording kept.
experiments-invalid = This experiment cannot be saved.
experiments-error = { $error ->
    [weights] Give each variant a share between 0 and 100, at least two of them above 0.
    [running] An experiment on this message is already running.
    [message] Choose a message that has variants.
   *[winner] Choose one of the experiment's variants.
  }
experiments-see = See the experiments
experiments-col-variant = Variant
experiments-col-share = Share
experiments-col-cases = Cases
experiments-col-reply = Client replied
experiments-col-agreement = Agreement
experiments-col-recovered = Recovered per case
experiments-col-days = Days to payment
experiments-interval = { $value } ({ $low } to { $high })
experiments-paid-count = { $count ->
    [one] { $count } case paid
   *[other] { $count } cases paid
  }
experiments-measure = { $measure ->
    [reply] reply rate
    [agreement] agreement rate
    [recovered] recovered per case
   *[days] days to payment
  }
experiments-verdict = { $variant }, { $measure }: { $kind ->
    [higher] higher than with { $base }, a significant difference ({ $p })
    [lower] lower than with { $base }, a significant difference ({ $p })
    [not_significant] not yet significantly different from { $base } ({ $p })
   *[too_few] not enough cases yet to compare with { $base }
  }
experiments-method = 95% confidence intervals: Wilson for rates, the normal approximation for means. A difference from { $base } is called significant when p < 0.05 (two-sided): the two-proportion z-test for rates, Welch's z-test for means; it is tested only from 5 successes and 5 failures per variant for a rate, and from 30 cases for a mean. A case counts from the first message sent to it in its variant; the reply, the agreement and the payments are those that follow.
dashboard-experiments = Wording experiments
dashboard-experiments-none = No wording experiment.
