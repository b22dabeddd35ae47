# Relance — English texts.
# Tone: discreet, considerate, respectful. Say "amount due", "payment". Never threaten; formal wording
# only in the formal steps the business owner approved.
# Common variables: $business (the business), $debtor (the client), $invoice (invoice number).

## Button labels (20 characters at most)

action-give-reason = { $reason ->
    [forgot] I forgot
    [cash_flow] Cash flow is tight
    [dispute] I have a concern
    [not_received] Invoice not received
    [already_paid] Already paid
   *[other] Other reason
  }
action-choose-offer = Choose this option
action-confirm = I confirm
action-decline = No, thanks
action-counter-offer = Propose my terms
action-propose = Send my proposal
action-more-options = More options
action-pay-now = Pay now
action-ask-human = Talk to a person
action-stop = Stop reminders
action-suggest-date = Suggest a date

offer-label-pay-now = Pay { $amount }
offer-label-pay-now-short = Pay in full
offer-label-installments = In { $count } instalments
offer-label-number = Option { $number }
offer-label-promise = Pay on { $date }

list-title-more = More choices

## Payment methods and common lines

payment-methods-intro = To pay:
payment-methods-link = • Online: { $url }
payment-methods-transfer = • By bank transfer: IBAN { $iban }, reference { $invoice }
payment-methods-text = • { $text }
payment-methods-none = • Please contact { $business } for payment details.
stop-instruction = Reply STOP to stop automated reminders.

## Offer descriptions (kept word for word as evidence of the agreement)

frequency = { $frequency ->
    [weekly] weekly
    [biweekly] fortnightly
   *[monthly] monthly
  }
terms-pay-now = Single payment: { $amount }
terms-installments = { $count ->
    [one] { $count } payment
   *[other] { $count } { frequency } instalments
  }, { $total } in total:
terms-installment-line = { $isDownPayment ->
    [yes] – { $date }: { $amount } (down payment)
   *[no] – { $date }: { $amount }
  }
terms-promise = Payment of { $amount } on { $date }
terms-discount = Reduction granted by { $business }: { $discount }
offer-needs-approval = (subject to { $business }'s approval)
offer-heading = Option { $number }:

## Messages to the client

welcome =
    Hello { $debtor },
    I am { $business }'s assistant for invoice { $invoice }: amount due { $amount }, due on { $dueDate }.
    I can share the payment methods, arrange a payment plan or a date with you, and pass your questions on to { $business }.
welcome-stop = You can reply STOP at any time to stop automated reminders.

reminder-heads-up =
    Hello { $debtor },
    A friendly reminder: invoice { $invoice } from { $business }, for { $amount }, is due on { $dueDate }.
reminder-due-today =
    Hello { $debtor },
    Invoice { $invoice } from { $business }, for { $amount }, is due today ({ $dueDate }).
reminder-ask-reason =
    Hello { $debtor },
    We have not yet received payment for invoice { $invoice } ({ $amount }, due on { $dueDate }). Is everything all right?
    If something is getting in the way, just let us know: we will find a solution together.
reminder-options =
    Hello { $debtor },
    The amount due of { $amount } for invoice { $invoice } (due on { $dueDate }) is still open. Several options are available, whichever suits you best.
reminder-formal-reminder =
    Dear Sir or Madam,
    Unless we are mistaken, invoice { $invoice } issued by { $business }, for { $amount } and due on { $dueDate }, remains unpaid to date.
    We kindly ask you to settle it at your earliest convenience. Without payment or an agreement from you, the next planned step is a formal notice.
    Should you be facing difficulties, we remain willing to agree on a payment plan with you.
    Yours faithfully,
    { $business }
reminder-formal-notice =
    Subject: formal notice to pay — invoice { $invoice }
    Dear Sir or Madam,
    Despite our previous reminders, invoice { $invoice } issued by { $business }, for { $amount } and due on { $dueDate }, remains unpaid to date.
    By this message, { $business } gives you formal notice to pay this amount at your earliest convenience. Without payment or an agreement from you, { $business } may begin a recovery procedure.
    A payment plan is still possible: simply ask us.
    Yours faithfully,
    { $business }

ask-reason = So that we can suggest the most suitable solution, could you tell us what is happening?

payment-methods =
    Thank you, { $debtor }! The amount due is { $amount }.
payment-methods-later = If paying today is not possible, just tell us a date that suits you.

offers-intro = { $reason ->
    [cash_flow] We understand, it happens. Here are ways to pay the amount due at your own pace:
    [dispute] Thank you for explaining. Here is what { $business } can offer:
   *[other] Here are the ways to pay:
  }
offers-counter = None of these suits you? Tell us what you can do.

ask-counter-offer =
    Of course. What could you manage? Just write it, for example "{ $example } per month" or "on { $exampleDate }".
    We will look at your proposal with { $business }.

confirm-terms-intro = Here is a summary of the proposed agreement for invoice { $invoice } from { $business }:
confirm-terms-question = Do you confirm these terms?

agreement-confirmed-intro = All noted, thank you { $debtor }! Here is the written confirmation of our agreement for invoice { $invoice } from { $business }:
agreement-confirmed-next = { $kind ->
    [installments] We will send you a short reminder before each instalment.
    [promise] We will send you a short reminder the day before.
   *[pay_now] You can pay right away.
  }

proposal-sent = Thank you for your proposal: { $summary }. I am passing it on to { $business } and will get back to you as soon as possible.
proposal-down-payment = a down payment of { $amount }
proposal-per-period = { $period ->
    [week] { $amount } per week
   *[month] { $amount } per month
  }
proposal-count = { $count ->
    [one] in { $count } payment
   *[other] in { $count } payments
  }
proposal-date = on { $date }
proposal-empty = your message

owner-declined = Unfortunately { $business } cannot accept this proposal. Here are the options available:

dispute-ack =
    Thank you for letting us know, and sorry for the inconvenience.
    Could you describe in a few words what did not meet your expectations? I am passing it on to { $business }, and reminders are paused while the matter is looked at.

dispute-upheld =
    Thank you for your patience. Having looked into it, { $business } agrees with you: nothing more is due for invoice { $invoice }.
    We apologise for the inconvenience.

already-paid-ask-details = Thank you! So that { $business } can find your payment, could you give its date and reference (or how you paid)?
already-paid-ack = Thank you, this has been passed on to { $business } to check. Reminders are paused in the meantime; we will get back to you shortly.
payment-not-found =
    { $business } has not found this payment yet, so the amount due of { $amount } is still open.
    If you have a proof of payment (date, reference), please send it to us.

invoice-details = Here are the details of invoice { $invoice } from { $business }: amount due { $amount }, due on { $dueDate }.

installment-name = { $isDownPayment ->
    [yes] the down payment
   *[no] instalment no. { $seq }
  }
installment-reminder =
    Hello { $debtor },
    A short reminder: { installment-name } of your payment plan, for { $amount }, is due on { $date }.
installment-due = Hello { $debtor }, { installment-name } of your payment plan, for { $amount }, is due today ({ $date }).
installment-missed =
    Hello { $debtor },
    We have not yet received { installment-name } ({ $amount }, due on { $date }). Something unexpected? Here is how to catch up:
plan-broken =
    Hello { $debtor },
    The agreed payment plan could not be followed; the remaining amount due is { $amount }.
    Let us talk and find a suitable solution together.

promise-reminder =
    Hello { $debtor },
    A short reminder: you planned to pay { $amount } on { $date }. Thank you!
promise-missed =
    Hello { $debtor },
    We have not received the planned payment; the amount due is { $amount }.
    Would you like to agree on a new date or a payment plan?

payment-thanks = { $hasRemaining ->
    [yes] Thank you, we have received your payment of { $received }. The remaining amount due is { $remaining }.
   *[no] Thank you, we have received your payment of { $received }.
  }
paid-in-full = The amount due for invoice { $invoice } is fully paid. Thank you very much, { $debtor }! This file is now closed.

offer-expired = The options offered earlier are no longer available. Here are the current ones:
option-unavailable = This option is no longer available. Here are the current choices:
not-understood = Sorry, I did not quite understand. You can pick one of the options below, or ask to talk to a person.
human-handover = I am handing the conversation over to { $business }, who will reply to you personally here.
opted-out = Noted: you will no longer receive automated reminders. You can still write to us here, and { $business } remains available if needed.
help =
    I am { $business }'s assistant for invoice { $invoice }.
    You can: pay online or by bank transfer, propose a payment plan or a date, report a concern, or ask to talk to a person.

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
owner-paid-in-full-body = Invoice { $invoice } ({ $debtor }) is fully paid. The file is closed.

## Notices outside any case (a chat not linked to an invoice yet)

notice-link-invalid = Hello! This link is no longer valid, or it was already used in another chat. Please use the link that came with your most recent invoice, or contact the business that sent it.
notice-chat-unbound = Hello! I can help as soon as this chat is linked to an invoice: please open the link that came with your invoice.

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

## A request the owner never answered, as its Slack message then reads

owner-request-expired-title = Expired without an answer
owner-request-expired-body = No one answered in time. { $fallback ->
    [hand_over] The case now waits for a person to take it over.
   *[decline] The client was offered the options within your policy instead.
  }

## Counter-offers anchored on the client's words, checks, payment instructions

counter-offer-intro = Thank you for your proposal ({ $summary }). We cannot accept it as it is, but here is the closest we can offer:
offer-counter-single = Does this not suit you? Tell us what you can do.
proposal-sent-meanwhile = While you wait for the answer, here is what we can offer you right away:
limit-line = { $limit ->
    [max_installments] The most we can spread it is { $allowed } payments.
    [min_installment] Each payment must be at least { $amount }.
    [min_down_payment] A plan with this many payments starts with a down payment of at least { $amount }.
    [max_plan_days] The plan must be complete within { $allowed } days.
    [promise_max_days] We can agree to a date within { $allowed } days at most.
   *[frequency] Payments cannot follow that rhythm.
  }
check-understanding = You are proposing { $summary }, is that right?
action-check-yes = Yes, that's right
action-check-no = No
not-understood-offers = Here are the options still open to you:
payment-methods-bic = • BIC { $bic }
payment-methods-reference = • Reference to use: { $reference }
already-paid-rest-date = Noted too: you plan to pay the rest on { $date }. { $business } will first check the amount already received.
