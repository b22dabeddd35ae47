import type {
  DebtorAction,
  DebtorMessage,
  DebtorMessageKind,
  Installment,
  Offer,
  Payday,
  Reason,
} from "../core/index.ts";
import {
  CARD_PRIMARY_BUTTONS_MAX,
  type Card,
  type CardButton,
  type CardListItem,
} from "../core/index.ts";
import { BASE_VARIANT, hasMessage, t, variantMessageId } from "./bundle.ts";
import { formatDate, formatDayMonth, formatShortDate } from "./format.ts";
import type { RenderContext } from "./render-context.ts";
import {
  assertNever,
  common,
  day,
  fitLabel,
  formalDeadline,
  limitLines,
  money,
  offerLabel,
  offersText,
  proposalSummary,
  termsLines,
} from "./terms-text.ts";

/**
 * Kinds only ever sent on a timer, without the debtor having just written: each carries the
 * "reply STOP" line whatever the caller says. Any other kind gets it when `opts.automated` is set.
 */
const ALWAYS_AUTOMATED: ReadonlySet<DebtorMessageKind> = new Set<DebtorMessageKind>([
  "ladder_reminder",
  "installment_reminder",
  "installment_due",
  "installment_missed",
  "promise_reminder",
  "promise_missed",
  "plan_broken",
  "offer_expired",
  // Sent when the owner found no payment, not in answer to the debtor: it asks for the money again.
  "payment_not_found",
]);

/**
 * Everything a debtor can tap on one card (buttons and list rows together): four, so a phone
 * shows the choices without scrolling and each one can be read. Anything else is typed: the
 * interpreter understands "je n'ai pas reçu la facture" or "STOP" as well as a button would.
 */
export const CARD_CHOICES_MAX = 4;

export function isAutomatedReminder(kind: DebtorMessageKind, automated?: boolean): boolean {
  return kind !== "opted_out" && (automated === true || ALWAYS_AUTOMATED.has(kind));
}

/** The label of a button for `action` (≤ CARD_BUTTON_LABEL_MAX characters in both locales). */
export function renderActionLabel(action: DebtorAction, ctx: RenderContext): string {
  const { locale } = ctx;
  switch (action.type) {
    case "give_reason":
      return t(locale, "action-give-reason", { reason: action.reason });
    case "choose_offer":
      return t(locale, "action-choose-offer");
    case "confirm":
      return t(locale, "action-confirm");
    case "decline":
      return t(locale, "action-decline");
    case "counter_offer":
      return t(locale, "action-counter-offer");
    case "propose":
      return t(locale, "action-propose");
    case "more_options":
      return t(locale, "action-more-options");
    case "pay_now":
      return t(locale, "action-pay-now");
    case "ask_human":
      return t(locale, "action-ask-human");
    case "stop":
      return t(locale, "action-stop");
    case "align_payday":
      return t(locale, "action-align-payday");
    case "set_payday":
      return t(locale, "action-set-payday", paydayArgs(action.payday, ctx));
    case "add_invoice":
      return t(locale, "action-add-invoice");
    case "keep_invoice_apart":
      return t(locale, "action-keep-invoice-apart");
    default:
      return assertNever(action);
  }
}

/** A payday's words for Fluent: its kind, "1er"/"1st" for its day, its ISO weekday. */
export function paydayArgs(
  payday: Payday | null,
  ctx: RenderContext,
): Record<string, string | number> {
  if (payday === null) return { kind: "none", dayText: "", weekday: 0 };
  switch (payday.kind) {
    case "day_of_month":
      return { kind: payday.kind, dayText: ordinalDay(payday.day, ctx), weekday: 0 };
    case "month_end":
      return { kind: payday.kind, dayText: "", weekday: 0 };
    case "weekly":
    case "biweekly":
      return { kind: payday.kind, dayText: "", weekday: payday.weekday };
    default:
      return assertNever(payday);
  }
}

const EN_ORDINAL = new Intl.PluralRules("en-GB", { type: "ordinal" });
const EN_SUFFIX: Record<string, string> = { one: "st", two: "nd", few: "rd", other: "th" };

/** "1er", "5" in French; "1st", "5th" in English. */
function ordinalDay(day: number, ctx: RenderContext): string {
  if (ctx.locale === "fr") return day === 1 ? "1er" : String(day);
  return `${day}${EN_SUFFIX[EN_ORDINAL.select(day)] ?? "th"}`;
}

type Choice = { readonly label: string; readonly action: DebtorAction };

function choice(action: DebtorAction, ctx: RenderContext): Choice {
  return { label: renderActionLabel(action, ctx), action };
}

/**
 * Lays choices out as a card: the first CARD_PRIMARY_BUTTONS_MAX are buttons, the next go to the
 * list, CARD_CHOICES_MAX in all, most useful first. An automated reminder ends with how to stop
 * them ("Reply STOP"), and offers a stop button too when a slot is left.
 */
function card(
  blocks: readonly (string | undefined)[],
  primary: readonly Choice[],
  secondary: readonly Choice[],
  ctx: RenderContext,
  automated: boolean,
): Card {
  const text = [...blocks, automated ? t(ctx.locale, "stop-instruction") : undefined]
    .filter((block): block is string => block !== undefined && block !== "")
    .join("\n\n");
  const all: Choice[] = [...primary, ...secondary];
  if (automated) all.push(choice({ type: "stop" }, ctx));
  const seen = new Set<string>();
  const chosen: Choice[] = [];
  for (const item of all) {
    const key = JSON.stringify(item.action);
    if (seen.has(key) || chosen.length >= CARD_CHOICES_MAX) continue;
    seen.add(key);
    chosen.push(item);
  }
  const buttons: CardButton[] = chosen.slice(0, CARD_PRIMARY_BUTTONS_MAX);
  const items: CardListItem[] = chosen
    .slice(CARD_PRIMARY_BUTTONS_MAX)
    .map((item) => ({ label: item.label, action: item.action }));
  if (items.length === 0) return { text, buttons };
  return { text, buttons, list: { title: t(ctx.locale, "list-title-more"), items } };
}

/**
 * The business's ways to pay, one a line under « Pour régler : ». `lead`, when given, is a sentence
 * the block starts with instead of a paragraph of its own (the "pay now" answer is little else);
 * a lead that already says what follows (« Voici comment régulariser : ») stands for the heading.
 */
function paymentLines(ctx: RenderContext, lead?: { text: string; heading: boolean }): string {
  const args = common(ctx);
  const { locale } = ctx;
  const how = ctx.paymentInstructions;
  const reference = how?.reference ?? ctx.invoiceNumber;
  const ways: string[] = [];
  if (how?.payUrl) ways.push(t(locale, "payment-methods-link", { ...args, url: how.payUrl }));
  if (how?.iban) {
    ways.push(
      t(locale, "payment-methods-transfer", { ...args, iban: how.iban, invoice: reference }),
    );
    if (how.bic) ways.push(t(locale, "payment-methods-bic", { ...args, bic: how.bic }));
  } else if (how?.payUrl) {
    ways.push(t(locale, "payment-methods-reference", { ...args, reference }));
  }
  if (how?.text) ways.push(t(locale, "payment-methods-text", { ...args, text: how.text }));
  if (ways.length === 0) ways.push(t(locale, "payment-methods-none", args));
  const intro = t(locale, "payment-methods-intro");
  const heading = lead === undefined ? intro : lead.heading ? lead.text : `${lead.text} ${intro}`;
  return [heading, ...ways].join("\n");
}

/** One button per offer; duplicate labels (two "In 3 instalments") fall back to "Option n". */
function offerChoices(offers: readonly Offer[], ctx: RenderContext): Choice[] {
  const labels = offers.map((offer) => offerLabel(offer.terms, ctx));
  const unique = new Set(labels).size === labels.length;
  return offers.map((offer, index) => ({
    label: unique ? (labels[index] ?? "") : offerNumberLabel(index + 1, ctx),
    action: { type: "choose_offer", offerId: offer.id },
  }));
}

/**
 * Choices for a bare list of actions (option_unavailable, not_understood). Such a list does not
 * carry the offers' terms, so an offer can only be named by its rank: "Option 1", "Option 2" —
 * never two identical "Choose this option" buttons.
 */
function actionChoices(actions: readonly DebtorAction[], ctx: RenderContext): Choice[] {
  const offerCount = actions.filter((a) => a.type === "choose_offer").length;
  const reasons = actions.filter((a) => a.type === "give_reason");
  // The full list of reasons would crowd out everything else: the reason card's four, in its order.
  const shown =
    reasons.length > 1
      ? [
          ...REASON_CARD.filter((reason) =>
            reasons.some((r) => r.type === "give_reason" && r.reason === reason),
          ).map((reason): DebtorAction => ({ type: "give_reason", reason })),
          ...actions.filter((a) => a.type !== "give_reason"),
        ]
      : actions;
  let rank = 0;
  return shown.map((action) => {
    if (action.type !== "choose_offer" || offerCount < 2) return choice(action, ctx);
    rank += 1;
    return { label: offerNumberLabel(rank, ctx), action };
  });
}

function offerNumberLabel(rank: number, ctx: RenderContext): string {
  return fitLabel(t(ctx.locale, "offer-label-number", { number: rank }), "");
}

/**
 * The reason card's four answers. A concern about the invoice or the service, or an invoice never
 * received, is written in the debtor's words (the card says so); "Autre chose" leads to the ways
 * to pay with room to explain.
 */
const REASON_CARD: readonly Reason[] = ["forgot", "cash_flow", "already_paid", "other"];

function reasonChoices(ctx: RenderContext): Choice[] {
  return REASON_CARD.map((reason) => choice({ type: "give_reason", reason }, ctx));
}

/** Offers as buttons, then the counter-offer and a person if room is left; or the plain choices. */
function offersChoices(
  offers: readonly Offer[] | undefined,
  ctx: RenderContext,
): { primary: Choice[]; secondary: Choice[] } {
  const counter = choice({ type: "counter_offer" }, ctx);
  const human = choice({ type: "ask_human" }, ctx);
  if (offers === undefined || offers.length === 0) {
    return { primary: [choice({ type: "pay_now" }, ctx), counter, human], secondary: [] };
  }
  return { primary: offerChoices(offers, ctx), secondary: [counter, human] };
}

function installmentArgs(
  installment: Installment,
  ctx: RenderContext,
): Record<string, string | number> {
  return {
    ...common(ctx),
    seq: installment.seq,
    isDownPayment: installment.isDownPayment === true ? "yes" : "no",
    amount: money(installment.amountMinor, ctx),
    date: day(installment.dueDate, ctx),
  };
}

const LADDER_MESSAGE_ID = {
  heads_up: "reminder-heads-up",
  due_today: "reminder-due-today",
  ask_reason: "reminder-ask-reason",
  options: "reminder-options",
  formal_reminder: "reminder-formal-reminder",
  formal_notice: "reminder-formal-notice",
} as const;

/** The everyday reminders of a case of several invoices: one message lists them all. */
const GROUP_MESSAGE_ID = {
  heads_up: "reminder-heads-up-group",
  due_today: "reminder-due-today-group",
  ask_reason: "reminder-ask-reason-group",
  options: "reminder-options-group",
} as const;

/** A grouped reminder lists this many invoices; the rest are counted on one line. */
const GROUP_LISTED_MAX = 3;

/** The invoices still due, when the case covers several of them (else null: one invoice). */
function openInvoices(ctx: RenderContext): NonNullable<RenderContext["invoices"]> | null {
  const open = (ctx.invoices ?? []).filter((i) => i.amountDueMinor > 0);
  return open.length >= 2 ? open : null;
}

/**
 * The invoices of a grouped reminder, overdue first then coming due (as Chaser and Upflow group
 * them), oldest first within each, one line each: number, amount still due, due date.
 */
function invoiceListLines(
  open: NonNullable<RenderContext["invoices"]>,
  ctx: RenderContext,
): string {
  const { locale } = ctx;
  const today = ctx.today ?? "";
  const sorted = [...open].sort((a, b) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0,
  );
  const listed = sorted.slice(0, GROUP_LISTED_MAX);
  const line = (i: (typeof open)[number]) =>
    t(locale, "invoices-group-line", {
      invoice: i.number,
      amount: money(i.amountDueMinor, ctx),
      date: formatShortDate(i.dueDate, locale),
    });
  const overdue = listed.filter((i) => i.dueDate < today);
  const upcoming = listed.filter((i) => i.dueDate >= today);
  const lines = [
    ...(overdue.length > 0 ? [t(locale, "invoices-group-overdue"), ...overdue.map(line)] : []),
    ...(upcoming.length > 0 ? [t(locale, "invoices-group-upcoming"), ...upcoming.map(line)] : []),
  ];
  if (sorted.length > listed.length) {
    lines.push(t(locale, "invoices-group-more", { count: sorted.length - listed.length }));
  }
  return lines.join("\n");
}

/** A message whose wording the context chose (`RenderContext.wording`), and the variant said. */
export interface WordingUse {
  readonly messageId: string;
  readonly variant: string;
}

/** A card, and the wording variants it was said with: what an experiment records as shown. */
export interface RenderedCard {
  readonly card: Card;
  readonly wording: readonly WordingUse[];
}

/** Turns what the core asks to say into a Card in the debtor's locale. */
export function renderDebtorMessage(
  message: DebtorMessage,
  ctx: RenderContext,
  opts?: { automated?: boolean },
): Card {
  return renderDebtorCard(message, ctx, opts).card;
}

/**
 * `renderDebtorMessage`, saying each message in the variant `ctx.wording` names, and telling which
 * of those it used. A variant the catalogue no longer has is said as the message itself ("a"),
 * and reported so: what is recorded is what the debtor read.
 */
export function renderDebtorCard(
  message: DebtorMessage,
  ctx: RenderContext,
  opts?: { automated?: boolean },
): RenderedCard {
  const used: WordingUse[] = [];
  const pick = (id: string): string => {
    const key = ctx.wording?.[id];
    if (key === undefined) return id;
    const variant = hasMessage(ctx.locale, variantMessageId(id, key)) ? key : BASE_VARIANT;
    if (!used.some((u) => u.messageId === id)) used.push({ messageId: id, variant });
    return variantMessageId(id, variant);
  };
  const card = cardFor(message, ctx, opts, pick);
  return { card, wording: used };
}

function cardFor(
  message: DebtorMessage,
  ctx: RenderContext,
  opts: { automated?: boolean } | undefined,
  pick: (id: string) => string,
): Card {
  const { locale } = ctx;
  const args = common(ctx);
  const automated = isAutomatedReminder(message.kind, opts?.automated);
  const c = (action: DebtorAction): Choice => choice(action, ctx);
  const payNow = c({ type: "pay_now" });
  const human = c({ type: "ask_human" });
  const counter = c({ type: "counter_offer" });
  const seeOptions = c({ type: "more_options" });
  const suggestDate: Choice = {
    label: t(locale, "action-suggest-date"),
    action: { type: "counter_offer" },
  };
  const say = (id: string, extra?: Record<string, string | number>): string =>
    t(locale, pick(id), { ...args, ...extra });
  // A reminder signed by a person the debtor knows is a reminder read (Karlan, Morten & Zinman):
  // with a sender in the settings, the everyday reminders end with their name and role.
  const signed = ctx.senderName === undefined ? undefined : args.signature;

  switch (message.kind) {
    case "welcome":
      return card(
        [
          say("welcome", {
            amount: money(message.amountDueMinor, ctx),
            dueDate: formatDate(message.dueDate, locale),
          }),
          // An automated card ends with the standard stop line instead; one STOP line is enough.
          automated ? undefined : say("welcome-stop"),
        ],
        [payNow, c({ type: "give_reason", reason: "already_paid" }), human],
        [],
        ctx,
        automated,
      );

    case "ladder_reminder": {
      const group = openInvoices(ctx);
      const groupId =
        group === null || !(message.step in GROUP_MESSAGE_ID)
          ? null
          : GROUP_MESSAGE_ID[message.step as keyof typeof GROUP_MESSAGE_ID];
      // A grouped reminder lists the invoices; the options step names their count and total only
      // (its offers take the room), and the ways to pay are one tap away ("Payer maintenant"):
      // the list and a phone screen do not leave room for both.
      const grouped = group !== null && groupId !== null;
      const text =
        group !== null && groupId !== null
          ? [
              t(locale, groupId, {
                ...args,
                count: group.length,
                amount: money(message.amountDueMinor, ctx),
              }),
              ...(message.step === "options" ? [] : [invoiceListLines(group, ctx)]),
            ].join("\n")
          : say(LADDER_MESSAGE_ID[message.step], {
              amount: money(message.amountDueMinor, ctx),
              dueDate: formatDate(message.dueDate, locale),
              deadline: formalDeadline(message.dueDate, ctx),
            });
      // Only the options step carries offers (decide-ladder.ts); the others ignore the field.
      const offers = message.offers ?? [];
      switch (message.step) {
        case "heads_up":
        case "due_today":
          return card(
            [text, grouped ? undefined : paymentLines(ctx), signed],
            [payNow, c({ type: "give_reason", reason: "already_paid" }), human],
            [],
            ctx,
            automated,
          );
        case "ask_reason":
          return card([text, say("reason-hint"), signed], reasonChoices(ctx), [], ctx, automated);
        case "options": {
          const choices = offersChoices(offers, ctx);
          return card(
            offers.length > 0
              ? [
                  `${text} ${say("offers-lead")}\n${offersText(offers, ctx)}`,
                  say("offers-counter"),
                  signed,
                ]
              : [text, grouped ? undefined : paymentLines(ctx), signed],
            choices.primary,
            choices.secondary,
            ctx,
            automated,
          );
        }
        case "formal_reminder":
        case "formal_notice":
          // A letter, kept short: the ways to pay are one tap away ("Payer maintenant").
          return card([text], [payNow, seeOptions, human], [], ctx, automated);
        default:
          return assertNever(message.step);
      }
    }

    case "ask_reason":
      return card([say("ask-reason"), say("reason-hint")], reasonChoices(ctx), [], ctx, automated);

    case "payment_methods":
      return card(
        [
          paymentLines(ctx, {
            text: say("payment-methods", { amount: money(message.amountDueMinor, ctx) }),
            heading: false,
          }),
          say("payment-methods-later"),
        ],
        [suggestDate, human],
        [],
        ctx,
        automated,
      );

    case "offers": {
      const choices = offersChoices(message.offers, ctx);
      return card(
        [
          [
            say("offers-intro", { reason: message.reason ?? "other" }),
            offersText(message.offers, ctx),
          ].join("\n"),
          say(message.offers.length === 1 ? "offer-counter-single" : "offers-counter"),
        ],
        choices.primary,
        choices.secondary,
        ctx,
        automated,
      );
    }

    case "ask_counter_offer":
      return card(
        [
          say("ask-counter-offer", {
            example: money(20_000, ctx),
            // Any year: only the day and month are shown.
            exampleDate: formatDayMonth("2027-01-15", locale),
          }),
        ],
        [human],
        [],
        ctx,
        automated,
      );

    case "confirm_terms":
      return card(
        [
          [say("confirm-terms-intro"), ...termsLines(message.offer.terms, ctx)].join("\n"),
          message.replaces === undefined
            ? undefined
            : say("confirm-terms-replaces", { date: day(message.replaces, ctx) }),
          say("confirm-terms-question"),
        ],
        [
          c({ type: "confirm", offerId: message.offer.id }),
          c({ type: "decline" }),
          ...(message.askPayday ? [c({ type: "align_payday" })] : []),
        ],
        [],
        ctx,
        automated,
      );

    case "payday_noted":
      return card([say("payday-noted", paydayArgs(message.payday, ctx))], [], [], ctx, automated);

    case "ask_payday":
      return card(
        [say("ask-payday"), say("ask-payday-hint")],
        message.choices.map((payday) => c({ type: "set_payday", payday })),
        [],
        ctx,
        automated,
      );

    case "promise_move_refused":
      return card(
        [
          say("promise-move-refused", {
            reason: message.reason,
            date: day(message.date, ctx),
            amount: money(message.paymentMinor ?? 0, ctx),
            latest: message.latest === undefined ? "" : day(message.latest, ctx),
          }),
        ],
        message.reason === "too_far" ? [human] : [payNow, human],
        [],
        ctx,
        automated,
      );

    case "promise_date_kept":
      return card(
        [say("promise-date-kept", { date: day(message.date, ctx) })],
        [payNow],
        [],
        ctx,
        automated,
      );

    case "agreement_confirmed":
      return card(
        [
          [say("agreement-confirmed-intro"), ...termsLines(message.terms, ctx)].join("\n"),
          // How to pay comes with each reminder, or behind the "Payer maintenant" button.
          say("agreement-confirmed-next", {
            kind:
              ctx.remindable === false && message.terms.kind !== "pay_now"
                ? `${message.terms.kind}_no_reminder`
                : message.terms.kind,
          }),
        ],
        message.terms.kind === "pay_now" ? [payNow] : [],
        [],
        ctx,
        automated,
      );

    case "proposal_sent_to_owner": {
      // Up to four offers meanwhile (the closest first, then those shown before: decide-support.ts),
      // in one paragraph with the answer's delay. The policy's limits are not stated here: the
      // owner may well accept what the policy does not (the counter_offer card states them).
      const offers = message.offers ?? [];
      const choices = offersChoices(offers, ctx);
      const sent = t(locale, "proposal-sent", {
        ...args,
        summary: proposalSummary(message.proposal, ctx),
      });
      return card(
        offers.length > 0
          ? [`${sent} ${t(locale, "proposal-sent-meanwhile", args)}\n${offersText(offers, ctx)}`]
          : [sent],
        offers.length > 0 ? choices.primary : [],
        offers.length > 0 ? [human] : [],
        ctx,
        automated,
      );
    }

    case "counter_offer": {
      const choices = offersChoices(message.offers, ctx);
      // One paragraph: what we read, why it differs (the limits), then the options, the closest
      // first. No closing question: the "propose something else" button asks it, or, when four
      // offers take every button, the debtor writes it (the interpreter reads it).
      const lead = [
        t(locale, "counter-offer-intro", {
          ...args,
          summary: proposalSummary(message.proposal, ctx),
        }),
        limitLines(message.limits, ctx),
        t(locale, "counter-offer-lead", { count: message.offers.length }),
      ]
        .filter(Boolean)
        .join(" ");
      return card(
        [`${lead}\n${offersText(message.offers, ctx)}`],
        choices.primary,
        choices.secondary,
        ctx,
        automated,
      );
    }

    case "check_understanding":
      return card(
        [say("check-understanding", { summary: proposalSummary(message.proposal, ctx) })],
        [
          {
            label: t(locale, "action-check-yes"),
            action: { type: "propose", proposal: message.proposal },
          },
          { label: t(locale, "action-check-no"), action: { type: "counter_offer" } },
        ],
        [human],
        ctx,
        automated,
      );

    case "owner_declined": {
      const choices = offersChoices(message.offers, ctx);
      return card(
        [[say("owner-declined"), offersText(message.offers, ctx)].join("\n")],
        choices.primary,
        choices.secondary,
        ctx,
        automated,
      );
    }

    case "dispute_ack":
      return card([say("dispute-ack")], [human], [], ctx, automated);

    case "dispute_upheld":
      return card([say("dispute-upheld")], [], [], ctx, automated);

    case "already_paid_ask_details":
      return card(
        [
          say("already-paid-ask-details"),
          message.restDate === undefined
            ? undefined
            : say("already-paid-rest-date", { date: day(message.restDate, ctx) }),
        ],
        [human],
        [],
        ctx,
        automated,
      );

    case "already_paid_ack":
      return card([say("already-paid-ack")], [], [], ctx, automated);

    case "payment_not_found":
      // The debtor said it was paid: we ask for the proof first, and only then how to pay.
      return card(
        [say("payment-not-found", { amount: money(message.amountDueMinor, ctx) })],
        [human, payNow, counter],
        [],
        ctx,
        automated,
      );

    case "invoice_details":
      return card(
        [
          say("invoice-details", {
            amount: money(message.amountDueMinor, ctx),
            dueDate: formatDate(message.dueDate, locale),
          }),
          paymentLines(ctx),
        ],
        [payNow, human],
        [],
        ctx,
        automated,
      );

    case "installment_reminder":
      return card(
        [say("installment-reminder", installmentArgs(message.installment, ctx)), paymentLines(ctx)],
        [payNow, human],
        [],
        ctx,
        automated,
      );

    case "installment_due":
      return card(
        [say("installment-due", installmentArgs(message.installment, ctx)), paymentLines(ctx)],
        [payNow, human],
        [],
        ctx,
        automated,
      );

    case "installment_missed": {
      const choices = offersChoices(message.offers, ctx);
      return card(
        [
          // « Voici comment régulariser : » then the options, or the ways to pay.
          message.offers.length > 0
            ? [
                say("installment-missed", installmentArgs(message.installment, ctx)),
                offersText(message.offers, ctx),
              ].join("\n")
            : paymentLines(ctx, {
                text: say("installment-missed", installmentArgs(message.installment, ctx)),
                heading: true,
              }),
        ],
        choices.primary,
        choices.secondary,
        ctx,
        automated,
      );
    }

    case "plan_broken":
      return card(
        [
          say("plan-broken", {
            ...installmentArgs(message.missed, ctx),
            installmentAmount: money(message.missed.amountMinor, ctx),
            amount: money(message.amountDueMinor, ctx),
          }),
        ],
        [payNow, counter, human],
        [],
        ctx,
        automated,
      );

    case "promise_reminder":
      return card(
        [
          say("promise-reminder", {
            amount: money(message.amountMinor, ctx),
            date: day(message.date, ctx),
          }),
          paymentLines(ctx),
        ],
        [payNow, human],
        [],
        ctx,
        automated,
      );

    case "promise_missed":
      return card(
        [
          say("promise-missed", {
            amount: money(message.amountDueMinor, ctx),
            date: day(message.date, ctx),
            plansOnly: message.plansOnly === true ? "yes" : "no",
          }),
        ],
        message.plansOnly === true ? [payNow, counter, human] : [payNow, suggestDate, human],
        [],
        ctx,
        automated,
      );

    case "payment_thanks":
      return card(
        [
          [
            say("payment-thanks", {
              received: money(message.receivedMinor, ctx),
              remaining: money(message.remainingMinor, ctx),
              hasRemaining: message.remainingMinor > 0 ? "yes" : "no",
            }),
            message.settled && message.settled.length > 0
              ? say("payment-thanks-settled", {
                  count: message.settled.length,
                  invoices: message.settled.join(", "),
                })
              : undefined,
          ]
            .filter((x) => x !== undefined)
            .join(" "),
          message.plan !== undefined
            ? [say("payment-thanks-plan"), ...termsLines(message.plan, ctx).slice(1)].join("\n")
            : undefined,
        ],
        message.remainingMinor > 0 ? [payNow] : [],
        [],
        ctx,
        automated,
      );

    case "paid_in_full": {
      const all = ctx.invoices ?? [];
      return card(
        [
          all.length >= 2
            ? say("paid-in-full-group", {
                count: all.length,
                invoices: all.map((i) => i.number).join(", "),
              })
            : say("paid-in-full"),
        ],
        [],
        [],
        ctx,
        automated,
      );
    }

    // A new invoice mid-agreement: the plan it would make, every date and amount (the evidence the
    // debtor's yes confirms), then yes / no (decide-addition.ts).
    case "invoice_addition":
      return card(
        [
          [
            say("invoice-addition", {
              newInvoice: message.invoice,
              amount: money(message.amountMinor, ctx),
              dueDate: formatDate(message.dueDate, locale),
            }),
            ...termsLines(message.terms, ctx),
          ].join("\n"),
        ],
        [
          c({ type: "add_invoice", invoiceId: message.invoiceId }),
          c({ type: "keep_invoice_apart", invoiceId: message.invoiceId }),
          human,
        ],
        [],
        ctx,
        automated,
      );

    case "invoice_added":
      return card(
        [
          [
            say("invoice-added", { newInvoice: message.invoice }),
            ...termsLines(message.terms, ctx),
          ].join("\n"),
          say("agreement-confirmed-next", {
            kind:
              ctx.remindable === false && message.terms.kind !== "pay_now"
                ? `${message.terms.kind}_no_reminder`
                : message.terms.kind,
          }),
        ],
        [],
        [],
        ctx,
        automated,
      );

    case "invoice_kept_apart":
      return card(
        [say("invoice-kept-apart", { newInvoice: message.invoice })],
        [],
        [],
        ctx,
        automated,
      );

    case "offer_expired": {
      const choices = offersChoices(message.offers, ctx);
      return card(
        [[say("offer-expired"), offersText(message.offers, ctx)].join("\n")],
        choices.primary,
        choices.secondary,
        ctx,
        automated,
      );
    }

    case "option_unavailable":
      return card(
        [say("option-unavailable")],
        actionChoices(message.actions, ctx),
        [],
        ctx,
        automated,
      );

    case "not_understood": {
      const offers = message.offers ?? [];
      if (offers.length > 0) {
        const choices = offersChoices(offers, ctx);
        return card(
          [[t(locale, "not-understood-offers", args), offersText(offers, ctx)].join("\n")],
          choices.primary,
          [...choices.secondary, ...actionChoices(message.actions, ctx)].filter(
            (c) => c.action.type !== "choose_offer",
          ),
          ctx,
          automated,
        );
      }
      return card(
        [say("not-understood")],
        actionChoices(message.actions, ctx),
        [human],
        ctx,
        automated,
      );
    }

    case "human_handover":
      return card([say("human-handover")], [], [], ctx, automated);

    case "opted_out":
      return card([say("opted-out")], [], [], ctx, false);

    case "help": {
      // Only the ways this business offers; "ask for more time" rather than "propose something
      // else", since nothing has been proposed yet (it opens the same "what could you manage?").
      const how = ctx.paymentInstructions;
      const ways =
        how?.payUrl && how.iban
          ? "both"
          : how?.payUrl
            ? "online"
            : how?.iban
              ? "transfer"
              : "other";
      return card(
        [say("help", { ways }), automated ? undefined : say("welcome-stop")],
        [payNow, { label: t(locale, "action-ask-time"), action: { type: "counter_offer" } }, human],
        [c({ type: "stop" })],
        ctx,
        automated,
      );
    }

    default:
      return assertNever(message);
  }
}
