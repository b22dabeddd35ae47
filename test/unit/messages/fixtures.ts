import type { DebtorMessage, DebtorMessageKind, OwnerMessage } from "../../../src/core/messages.ts";
import type { Offer, PlanTerms } from "../../../src/core/types.ts";
import type { RenderContext } from "../../../src/messages/index.ts";

export const context: RenderContext = {
  locale: "fr",
  timezone: "Europe/Paris",
  currency: "EUR",
  businessName: "Atelier Dupont",
  debtorName: "Mme Martin",
  invoiceNumber: "F-2026-042",
  paymentInstructions: {
    iban: "FR76 3000 6000 0112 3456 7890 189",
    bic: "AGRIFRPP882",
    payUrl: "https://pay.example/i/F-2026-042",
  },
};

export const installmentTerms: PlanTerms = {
  kind: "installments",
  frequency: "monthly",
  installments: [
    { seq: 1, dueDate: "2026-12-01", amountMinor: 24_691, isDownPayment: true },
    { seq: 2, dueDate: "2027-01-01", amountMinor: 32_922 },
    { seq: 3, dueDate: "2027-02-01", amountMinor: 32_922 },
    { seq: 4, dueDate: "2027-03-01", amountMinor: 32_921 },
  ],
};

export const offers: readonly Offer[] = [
  { id: "o1_1", withinPolicy: true, terms: { kind: "pay_now", amountMinor: 123_456 } },
  { id: "o1_2", withinPolicy: true, terms: installmentTerms },
  {
    id: "o1_3",
    withinPolicy: true,
    terms: { kind: "promise", date: "2026-12-15", amountMinor: 123_456 },
  },
  {
    id: "o1_4",
    withinPolicy: false,
    terms: {
      kind: "installments",
      frequency: "weekly",
      installments: [
        { seq: 1, dueDate: "2026-12-01", amountMinor: 61_728 },
        { seq: 2, dueDate: "2026-12-08", amountMinor: 61_728 },
      ],
    },
  },
];

const firstInstallment = { seq: 2, dueDate: "2027-01-01", amountMinor: 32_922 };

/** One example per kind; typed so that a kind added to the contract fails typecheck here. */
export const exampleByKind: {
  readonly [K in DebtorMessageKind]: Extract<DebtorMessage, { kind: K }>;
} = {
  welcome: { kind: "welcome", amountDueMinor: 123_456, dueDate: "2026-11-15" },
  ladder_reminder: {
    kind: "ladder_reminder",
    step: "options",
    amountDueMinor: 123_456,
    dueDate: "2026-11-15",
    offers,
  },
  ask_reason: { kind: "ask_reason" },
  payment_methods: { kind: "payment_methods", amountDueMinor: 123_456 },
  offers: { kind: "offers", offers, reason: "cash_flow" },
  ask_counter_offer: { kind: "ask_counter_offer" },
  confirm_terms: {
    kind: "confirm_terms",
    offer: { id: "o1_2", withinPolicy: true, terms: installmentTerms },
  },
  agreement_confirmed: { kind: "agreement_confirmed", terms: installmentTerms },
  proposal_sent_to_owner: {
    kind: "proposal_sent_to_owner",
    proposal: { downPaymentMinor: 20_000, amountPerPeriodMinor: 15_000, period: "month", count: 7 },
  },
  counter_offer: {
    kind: "counter_offer",
    proposal: { amountPerPeriodMinor: 20_000, period: "month" },
    offers: offers.slice(1, 2),
    limits: [{ limit: "min_down_payment", allowed: 24_000, proposed: 0 }],
  },
  check_understanding: {
    kind: "check_understanding",
    proposal: { amountPerPeriodMinor: 20_000, period: "month" },
  },
  owner_declined: { kind: "owner_declined", offers: offers.slice(0, 2) },
  dispute_ack: { kind: "dispute_ack" },
  dispute_upheld: { kind: "dispute_upheld" },
  already_paid_ask_details: { kind: "already_paid_ask_details" },
  already_paid_ack: { kind: "already_paid_ack" },
  payment_not_found: { kind: "payment_not_found", amountDueMinor: 123_456 },
  invoice_details: { kind: "invoice_details", amountDueMinor: 123_456, dueDate: "2026-11-15" },
  installment_reminder: { kind: "installment_reminder", installment: firstInstallment },
  installment_due: { kind: "installment_due", installment: firstInstallment },
  installment_missed: {
    kind: "installment_missed",
    installment: firstInstallment,
    offers: offers.slice(0, 1),
  },
  plan_broken: { kind: "plan_broken", amountDueMinor: 98_765, missed: firstInstallment },
  promise_reminder: { kind: "promise_reminder", date: "2026-12-15", amountMinor: 123_456 },
  promise_missed: { kind: "promise_missed", amountDueMinor: 123_456, date: "2026-12-15" },
  payment_thanks: { kind: "payment_thanks", receivedMinor: 24_691, remainingMinor: 98_765 },
  paid_in_full: { kind: "paid_in_full" },
  invoice_addition: {
    kind: "invoice_addition",
    invoiceId: "3f0c2a52-5d7e-4c55-9a55-2d0f6f1b9a10",
    invoice: "F-2026-051",
    amountMinor: 45_000,
    dueDate: "2026-12-20",
    terms: installmentTerms,
  },
  invoice_added: { kind: "invoice_added", invoice: "F-2026-051", terms: installmentTerms },
  invoice_kept_apart: { kind: "invoice_kept_apart", invoice: "F-2026-051" },
  offer_expired: { kind: "offer_expired", offers: offers.slice(1, 3) },
  option_unavailable: {
    kind: "option_unavailable",
    actions: [
      { type: "pay_now" },
      { type: "counter_offer" },
      { type: "ask_human" },
      { type: "give_reason", reason: "dispute" },
    ],
  },
  not_understood: {
    kind: "not_understood",
    actions: [
      { type: "give_reason", reason: "forgot" },
      { type: "give_reason", reason: "cash_flow" },
    ],
  },
  human_handover: { kind: "human_handover" },
  opted_out: { kind: "opted_out" },
  help: { kind: "help" },
  ask_payday: {
    kind: "ask_payday",
    choices: [
      { kind: "month_end" },
      { kind: "day_of_month", day: 1 },
      { kind: "day_of_month", day: 5 },
      null,
    ],
  },
  promise_move_refused: {
    kind: "promise_move_refused",
    reason: "needs_payment",
    date: "2026-12-15",
    paymentMinor: 24_692,
  },
  promise_date_kept: { kind: "promise_date_kept", date: "2026-12-15" },
  payday_noted: { kind: "payday_noted", payday: { kind: "day_of_month", day: 5 } },
};

/** The fixture's plan on the 5th of the month (7 December: the 5th is a Saturday). */
export const onPaydayTerms: PlanTerms = {
  kind: "installments",
  frequency: "monthly",
  installments: [
    { seq: 1, dueDate: "2026-12-07", amountMinor: 24_691, isDownPayment: true },
    { seq: 2, dueDate: "2027-01-05", amountMinor: 32_922 },
    { seq: 3, dueDate: "2027-02-05", amountMinor: 32_922 },
    { seq: 4, dueDate: "2027-03-05", amountMinor: 32_921 },
  ],
};

/** Every kind once, plus the variants a single example cannot show (each ladder step, …). */
export function allDebtorExamples(): { name: string; message: DebtorMessage }[] {
  const examples: { name: string; message: DebtorMessage }[] = Object.values(exampleByKind).map(
    (message) => ({ name: message.kind, message }),
  );
  const steps = [
    "heads_up",
    "due_today",
    "ask_reason",
    "options",
    "formal_reminder",
    "formal_notice",
  ] as const;
  for (const step of steps) {
    examples.push({
      name: `ladder_reminder ${step}`,
      message: { kind: "ladder_reminder", step, amountDueMinor: 123_456, dueDate: "2026-11-15" },
    });
  }
  for (const reason of ["forgot", "dispute", "not_received", "already_paid", "other"] as const) {
    examples.push({ name: `offers for ${reason}`, message: { kind: "offers", offers, reason } });
  }
  examples.push(
    { name: "offers without a reason", message: { kind: "offers", offers, reason: null } },
    {
      name: "payment_thanks with nothing left",
      message: { kind: "payment_thanks", receivedMinor: 123_456, remainingMinor: 0 },
    },
    {
      name: "installment_reminder for a down payment",
      message: {
        kind: "installment_reminder",
        installment: { seq: 1, dueDate: "2026-12-01", amountMinor: 24_691, isDownPayment: true },
      },
    },
    {
      name: "installment_missed without offers",
      message: { kind: "installment_missed", installment: firstInstallment, offers: [] },
    },
    {
      name: "agreement_confirmed pay_now",
      message: {
        kind: "agreement_confirmed",
        terms: { kind: "pay_now", amountMinor: 120_000, discountMinor: 3_456 },
      },
    },
    {
      name: "agreement_confirmed promise",
      message: {
        kind: "agreement_confirmed",
        terms: { kind: "promise", date: "2026-12-15", amountMinor: 123_456 },
      },
    },
    {
      name: "proposal_sent_to_owner with a date",
      message: { kind: "proposal_sent_to_owner", proposal: { date: "2027-01-15" } },
    },
    {
      name: "already_paid_ask_details with the rest to come",
      message: { kind: "already_paid_ask_details", restDate: "2026-12-30" },
    },
    {
      name: "not_understood with the offers still standing",
      message: {
        kind: "not_understood",
        actions: [{ type: "pay_now" }, { type: "ask_human" }],
        offers: offers.slice(0, 3),
      },
    },
    {
      name: "proposal_sent_to_owner empty",
      message: { kind: "proposal_sent_to_owner", proposal: {} },
    },
    {
      name: "confirm_terms of a plan, payday unknown",
      message: {
        kind: "confirm_terms",
        offer: { id: "o1_2", withinPolicy: true, terms: installmentTerms },
        askPayday: true,
      },
    },
    {
      name: "confirm_terms of a plan on payday",
      message: {
        kind: "confirm_terms",
        offer: { id: "o2_1", withinPolicy: true, terms: onPaydayTerms },
      },
    },
    {
      name: "confirm_terms of a promise moved",
      message: {
        kind: "confirm_terms",
        offer: {
          id: "o3_1",
          withinPolicy: true,
          terms: { kind: "promise", date: "2026-12-22", amountMinor: 123_456 },
        },
        replaces: "2026-12-15",
      },
    },
    {
      name: "payday_noted, every other Friday",
      message: {
        kind: "payday_noted",
        payday: { kind: "biweekly", weekday: 5, anchor: "2026-11-27" },
      },
    },
    {
      name: "payday_noted, the end of the month",
      message: { kind: "payday_noted", payday: { kind: "month_end" } },
    },
    {
      name: "payday_noted, the 1st",
      message: { kind: "payday_noted", payday: { kind: "day_of_month", day: 1 } },
    },
    {
      name: "promise_move_refused, moved as often as allowed",
      message: { kind: "promise_move_refused", reason: "max_moves", date: "2026-12-15" },
    },
    {
      name: "promise_move_refused, too far",
      message: {
        kind: "promise_move_refused",
        reason: "too_far",
        date: "2026-12-15",
        latest: "2026-12-23",
      },
    },
    {
      name: "promise_missed, plans only",
      message: {
        kind: "promise_missed",
        amountDueMinor: 123_456,
        date: "2026-12-15",
        plansOnly: true,
      },
    },
  );
  return examples;
}

export const planRequest: Extract<OwnerMessage, { kind: "approval_request" }> = {
  kind: "approval_request",
  requestId: "req_42",
  subject: "plan",
  reason: "cash_flow",
  amountDueMinor: 123_456,
  proposal: { amountPerPeriodMinor: 10_000, period: "month", count: 12 },
  terms: installmentTerms,
  breaches: [
    { limit: "max_installments", allowed: 6, proposed: 12 },
    { limit: "min_installment", allowed: 5_000, proposed: 2_500 },
    { limit: "max_plan_days", allowed: 180, proposed: 1 },
    { limit: "frequency", allowed: 0, proposed: 7 },
    { limit: "discount", allowed: 0, proposed: 5_000 },
  ],
};

/** One owner message per kind; a kind added to the contract fails typecheck here. */
export const ownerExampleByKind: {
  readonly [K in OwnerMessage["kind"]]: Extract<OwnerMessage, { kind: K }>;
} = {
  approval_request: planRequest,
  approval_expiring: { kind: "approval_expiring", requestId: "req_42" },
  dispute: { kind: "dispute", text: "La porte livrée est rayée.", requestId: "req_43" },
  already_paid_claim: { kind: "already_paid_claim", text: null },
  opted_out: { kind: "opted_out" },
  personal_contact: { kind: "personal_contact", amountDueMinor: 123_456, daysLate: 15 },
  plan_broken: { kind: "plan_broken", amountDueMinor: 98_765 },
  promise_broken: { kind: "promise_broken", amountDueMinor: 123_456 },
  human_requested: { kind: "human_requested", text: "Je préfère en parler au téléphone" },
  agreement_reached: { kind: "agreement_reached", terms: installmentTerms },
  paid_in_full: { kind: "paid_in_full" },
  debtor_unreachable: { kind: "debtor_unreachable", about: "ladder_reminder" },
  chat_bound: { kind: "chat_bound", channel: "telegram", via: "link" },
  links_reissued: { kind: "links_reissued", by: "desk:claire@lune.test", unbound: 2 },
};

export const ownerSubjects = [
  "plan",
  "promise",
  "discount",
  "formal_reminder",
  "formal_notice",
  "escalation",
] as const;
/** Every owner message kind once, and an approval request for each subject. */
export function ownerExamples(): OwnerMessage[] {
  return [
    ...Object.values(ownerExampleByKind),
    ...ownerSubjects.map((subject): OwnerMessage => ({ ...planRequest, subject, breaches: [] })),
  ];
}
