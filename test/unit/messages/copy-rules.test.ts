import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLACK_STRING_IDS, slackText } from "../../../bot/slack/strings.ts";
import { toInstallments } from "../../../src/core/installment-plan.ts";
import {
  asksForPayment,
  type DebtorMessage,
  type PolicyBreach,
} from "../../../src/core/messages.ts";
import type { Frequency, Locale, Offer, PlanTerms, Proposal } from "../../../src/core/types.ts";
import {
  BASE_VARIANT,
  cardText,
  formatDate,
  formatMoney,
  frenchSpacingFaults,
  isAutomatedReminder,
  LOCALES,
  messagesWithVariants,
  messageVariants,
  type Notice,
  phoneLines,
  type RenderContext,
  registerOf,
  renderDebtorCard,
  renderDebtorMessage,
  renderNotice,
  renderOwnerMessage,
  t,
  toneViolations,
} from "../../../src/messages/index.ts";
import {
  allDebtorExamples,
  context,
  exampleByKind,
  installmentTerms,
  offers,
  ownerExamples,
} from "./fixtures.ts";

/**
 * Issue 15, "words a French business would sign": every card in both languages, read by rules a
 * careful editor would apply. Each rule below failed on the catalogue as it was before.
 */

const ctxFor = (locale: Locale): RenderContext => ({
  ...context,
  locale,
  today: "2026-12-20",
  replyWithinHours: 48,
});
/**
 * The limits, written here rather than imported: a change to the renderer's constants must
 * not quietly loosen the test. About 12 lines is a phone screen at 390 px with the buttons and the
 * composer; four choices (buttons and list) is what the issue allows; 20 characters a label.
 */
const LINES_MAX = 12;
const CHOICES_MAX = 4;
const LABEL_MAX = 20;

const money = (minor: number, locale: Locale): string => formatMoney(minor, "EUR", locale);
const visible = (text: string): string => text.replace(/[\u202f\u00a0]/g, " ");
const STOP_LINE: Record<Locale, string> = {
  fr: "Répondez STOP pour ne plus recevoir de rappels automatiques.",
  en: "Reply STOP to stop automated reminders.",
};

/**
 * Where a text speaks as "je"/"I" rather than "nous"/"we". What is quoted (« Je confirme », a
 * button's words) is the debtor's voice, not ours.
 */
function firstPersonSingular(text: string, locale: Locale): string | undefined {
  const ours = text.replace(/«[^»]*»|"[^"]*"/g, "");
  const found =
    locale === "fr"
      ? /(?<!\p{L})(je|j'|me|moi)(?!\p{L})/iu.exec(ours)
      : /(?<!\p{L})(I|I'm|me|my)(?!\p{L})/u.exec(ours);
  return found?.[0];
}

/**
 * What an editor strikes in our English: American "installment" (the catalogue is British, like
 * its dates), "a proof of payment", "still open" for an amount or for options (outstanding,
 * still available), "Do you confirm", and "file" for a case, which is office jargon to a client
 * and reads as a computer file to an owner.
 */
const ENGLISH_FAULTS =
  /installment|a proof of payment|still open|Do you confirm|(?<!\p{L})files?(?!\p{L})/giu;
const englishFaults = (text: string): string[] =>
  [...text.matchAll(ENGLISH_FAULTS)].map((m) => m[0]);

const MONTHS =
  "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|" +
  "January|February|March|April|May|June|July|August|September|October|November|December";
/**
 * Where a phone could wrap inside a date ("18" at a line's end, "novembre 2026" on the next) or
 * between « n° » and its number: each of those spaces must be a no-break one.
 */
const BREAKABLE = new RegExp(`\\d(er)? (${MONTHS})|(${MONTHS}) \\d{4}|n° \\d`, "gu");
const breakable = (text: string): string[] => [...text.matchAll(BREAKABLE)].map((m) => m[0]);

/**
 * A fresh set of offers has at most three (offers.ts, proposeTerms); the fixture's fourth (one to
 * be approved) is left out here. Four offers at once, as the core shows them after a counter-offer
 * (decide-support.ts keeps those shown before), have their own test below ("the busiest cards").
 */
function asTheCoreSendsIt(message: DebtorMessage): DebtorMessage {
  return "offers" in message && message.offers !== undefined
    ? ({ ...message, offers: message.offers.slice(0, 3) } as DebtorMessage)
    : message;
}

const baseCards = LOCALES.flatMap((locale) =>
  allDebtorExamples().flatMap(({ name, message }) =>
    [false, true].map((automated) => ({
      locale,
      name,
      automated,
      message,
      card: renderDebtorMessage(asTheCoreSendsIt(message), ctxFor(locale), { automated }),
    })),
  ),
);

/** Every wording variant of the catalogues (`<id>--<key>`, an experiment's alternative), said
 *  in every example that says its message: each passes every rule below, in both languages. */
const VARIANTS = messagesWithVariants().flatMap((messageId) =>
  messageVariants(messageId)
    .filter((variant) => variant !== BASE_VARIANT)
    .map((variant) => ({ messageId, variant })),
);
const variantCards = LOCALES.flatMap((locale) =>
  VARIANTS.flatMap(({ messageId, variant }) =>
    allDebtorExamples().flatMap(({ name, message }) =>
      [false, true].flatMap((automated) => {
        const rendered = renderDebtorCard(
          asTheCoreSendsIt(message),
          { ...ctxFor(locale), wording: { [messageId]: variant } },
          { automated },
        );
        if (rendered.wording.length === 0) return [];
        return [
          {
            locale,
            name: `${name} [${messageId}--${variant}]`,
            automated,
            message,
            card: rendered.card,
          },
        ];
      }),
    ),
  ),
);

/**
 * A case of several invoices (one debtor, one conversation): the everyday reminders list them in
 * one message (`-group` ids), the thanks names the invoices settled and the plan re-balanced.
 * Five invoices, one overdue: the busiest list a reminder shows (three, then « et 2 autres »).
 */
const GROUP: RenderContext["invoices"] = [
  { number: "F-2026-038", amountDueMinor: 35_000, dueDate: "2026-11-30" },
  { number: "F-2026-041", amountDueMinor: 55_000, dueDate: "2026-12-10" },
  { number: "F-2026-042", amountDueMinor: 30_000, dueDate: "2026-12-30" },
  { number: "F-2026-045", amountDueMinor: 12_345, dueDate: "2027-01-15" },
  { number: "F-2026-047", amountDueMinor: 9_900, dueDate: "2027-01-30" },
];
const groupedExamples: { name: string; message: DebtorMessage }[] = [
  ...(["heads_up", "due_today", "ask_reason", "options"] as const).map((step) => ({
    name: `ladder_reminder ${step} [grouped]`,
    message: {
      kind: "ladder_reminder",
      step,
      amountDueMinor: 142_245,
      dueDate: "2026-11-30",
      ...(step === "options" ? { offers } : {}),
    } as DebtorMessage,
  })),
  {
    name: "payment_thanks settling one invoice, the plan re-balanced [grouped]",
    message: {
      kind: "payment_thanks",
      receivedMinor: 30_000,
      remainingMinor: 112_245,
      settled: ["F-2026-042"],
      plan: installmentTerms,
    },
  },
  {
    name: "payment_thanks settling two invoices [grouped]",
    message: {
      kind: "payment_thanks",
      receivedMinor: 90_000,
      remainingMinor: 52_245,
      settled: ["F-2026-038", "F-2026-041"],
    },
  },
  { name: "paid_in_full [grouped]", message: { kind: "paid_in_full" } },
];
const groupedCards = LOCALES.flatMap((locale) =>
  groupedExamples.flatMap(({ name, message }) =>
    [false, true].map((automated) => ({
      locale,
      name,
      automated,
      message,
      card: renderDebtorMessage(
        asTheCoreSendsIt(message),
        { ...ctxFor(locale), invoices: GROUP },
        { automated },
      ),
    })),
  ),
);

const cards = [...baseCards, ...variantCards, ...groupedCards];

describe("one message for a debtor's several invoices", () => {
  it.each(LOCALES)("lists them overdue then coming due, three at most (%s)", (locale) => {
    const card = groupedCards.find(
      (c) => c.locale === locale && c.name === "ladder_reminder heads_up [grouped]" && c.automated,
    );
    const text = visible(card?.card.text ?? "");
    const overdue = locale === "fr" ? "Échues :" : "Overdue:";
    const upcoming = locale === "fr" ? "À venir :" : "Coming due:";
    expect(text).toContain(overdue);
    expect(text.indexOf(overdue)).toBeLessThan(text.indexOf(upcoming));
    expect(text.indexOf("F-2026-038")).toBeLessThan(text.indexOf(upcoming));
    expect(text.indexOf("F-2026-042")).toBeGreaterThan(text.indexOf(upcoming));
    expect(text).not.toContain("F-2026-045");
    expect(text).toContain(locale === "fr" ? "et 2 autres factures" : "and 2 more invoices");
    expect(text).toContain(visible(money(142_245, locale)));
  });

  it.each(LOCALES)(
    "names the invoices a payment settled and the plan that remains (%s)",
    (locale) => {
      const card = groupedCards.find(
        (c) => c.locale === locale && c.name.startsWith("payment_thanks settling one"),
      );
      const text = visible(card?.card.text ?? "");
      expect(text).toContain("F-2026-042");
      expect(text).toContain(visible(money(32_922, locale)));
    },
  );
});

describe("wording variants", () => {
  it("the catalogues hold variants of the ask-reason and options steps", () => {
    expect(messageVariants("reminder-ask-reason")).toEqual(["a", "b", "c"]);
    expect(messageVariants("reminder-options")).toEqual(["a", "b"]);
    expect(messageVariants("welcome")).toEqual(["a"]);
  });

  it.each(LOCALES)(
    "each variant is said by some card, and differs from its message (%s)",
    (locale) => {
      for (const { messageId, variant } of VARIANTS) {
        const said = variantCards.filter(
          (c) => c.locale === locale && c.name.endsWith(`[${messageId}--${variant}]`),
        );
        expect(said.length, `${messageId}--${variant}`).toBeGreaterThan(0);
        const base = baseCards.find(
          (c) =>
            c.locale === locale &&
            said[0] !== undefined &&
            c.name === said[0].name.replace(/ \[.*\]$/, "") &&
            c.automated === said[0].automated,
        );
        expect(said[0]?.card.text).not.toBe(base?.card.text);
      }
    },
  );

  it("reports the variant said, and says the message itself for a variant the catalogue lacks", () => {
    const message = exampleByKind.ladder_reminder;
    const b = renderDebtorCard(message, { ...ctxFor("fr"), wording: { "reminder-options": "b" } });
    expect(b.wording).toEqual([{ messageId: "reminder-options", variant: "b" }]);
    expect(b.card.text).toContain("choisissez la façon de régler");
    const gone = renderDebtorCard(message, {
      ...ctxFor("fr"),
      wording: { "reminder-options": "zz" },
    });
    expect(gone.wording).toEqual([{ messageId: "reminder-options", variant: "a" }]);
    expect(gone.card.text).toBe(renderDebtorMessage(message, ctxFor("fr")).text);
    // A message the card does not say is not reported as shown.
    const other = renderDebtorCard(message, { ...ctxFor("fr"), wording: { "paid-in-full": "b" } });
    expect(other.wording).toEqual([]);
  });
});

/** Kinds that ask the debtor for money (an amount due, an installment, a choice of ways to pay). */
const ASKS_FOR_MONEY = new Set([
  "ladder_reminder",
  "installment_reminder",
  "installment_due",
  "installment_missed",
  "plan_broken",
  "promise_reminder",
  "promise_missed",
  "offer_expired",
  "payment_not_found",
]);

describe("every card, in both languages", () => {
  it.each(cards)(
    "$name ($locale, automated: $automated) fits a phone screen",
    ({ card, automated, message }) => {
      const stop = isAutomatedReminder(message.kind, automated);
      const body = stop ? card.text.slice(0, card.text.lastIndexOf("\n\n")) : card.text;
      expect(phoneLines(body), visible(body)).toBeLessThanOrEqual(LINES_MAX);
      // The stop line adds a blank line and at most two more.
      expect(phoneLines(card.text)).toBeLessThanOrEqual(LINES_MAX + (stop ? 3 : 0));
    },
  );

  it.each(cards)(
    "$name ($locale, automated: $automated) offers at most four short choices",
    ({ card }) => {
      const choices = [...card.buttons, ...(card.list?.items ?? [])];
      expect(choices.length).toBeLessThanOrEqual(CHOICES_MAX);
      for (const { label } of choices) {
        expect([...label].length, label).toBeLessThanOrEqual(LABEL_MAX);
        expect(label.trim()).not.toBe("");
      }
      expect(new Set(choices.map((c) => JSON.stringify(c.action))).size).toBe(choices.length);
    },
  );

  it.each(cards.filter((c) => c.locale === "fr"))(
    "$name (fr, automated: $automated) has French spacing before : ; ! ? and inside « »",
    ({ card }) => {
      expect(frenchSpacingFaults(cardText(card))).toEqual([]);
    },
  );

  it.each(cards)(
    "$name ($locale, automated: $automated) keeps each date and « n° 2 » on one line",
    ({ card }) => {
      expect(breakable(cardText(card))).toEqual([]);
    },
  );

  it.each(
    cards.filter(
      (c) => c.automated && (asksForPayment(c.message.kind) || ASKS_FOR_MONEY.has(c.message.kind)),
    ),
  )(
    "$name ($locale) asks for money and ends with how to stop the reminders",
    ({ card, locale }) => {
      expect(card.text.endsWith(STOP_LINE[locale])).toBe(true);
    },
  );

  it.each(cards)(
    "$name ($locale) keeps formal words for the formal steps",
    ({ card, message, locale }) => {
      expect(toneViolations(cardText(card), registerOf(message), locale)).toEqual([]);
    },
  );

  it.each(cards)(
    "$name ($locale) speaks as 'nous', never 'je', never of the business in the third person",
    ({ card, locale, message }) => {
      expect(firstPersonSingular(card.text, locale)).toBeUndefined();
      // The business's name appears where it introduces or signs, nowhere else.
      const signs =
        message.kind === "welcome" || message.kind === "help" || registerOf(message) !== "ordinary";
      if (!signs) expect(card.text).not.toContain(context.businessName);
    },
  );

  it.each(cards)("$name ($locale) greets without the full name", ({ card }) => {
    expect(card.text).not.toContain(context.debtorName);
  });
});

describe("notices for a chat not linked to any case yet", () => {
  // Written out, not imported: a notice added to render-notice.ts must be added here too (typecheck).
  const NOTICES = {
    link_invalid: 0,
    chat_unbound: 0,
    number_unknown: 0,
    link_revoked: 0,
    link_expired: 0,
    link_closed: 0,
    button_elsewhere: 0,
  } satisfies Record<Notice, 0>;
  const notices = LOCALES.flatMap((locale) =>
    (Object.keys(NOTICES) as Notice[]).map((notice) => ({
      locale,
      notice,
      text: renderNotice(locale, notice, { business: "Atelier Lune" }),
    })),
  );

  it.each(notices)("$notice ($locale) speaks as 'nous' / 'we'", ({ text, locale }) => {
    expect(firstPersonSingular(text, locale)).toBeUndefined();
  });

  it.each(notices)("$notice ($locale) has French spacing and plain English", ({ text, locale }) => {
    if (locale === "fr") expect(frenchSpacingFaults(text)).toEqual([]);
    else expect(englishFaults(text)).toEqual([]);
    expect(phoneLines(text)).toBeLessThanOrEqual(LINES_MAX);
  });
});

describe("payment_not_found, sent when the owner found no payment", () => {
  it.each(LOCALES)(
    "carries the stop line although the caller did not mark it automated (%s)",
    (locale) => {
      const card = renderDebtorMessage(exampleByKind.payment_not_found, ctxFor(locale));
      expect(card.text.endsWith(STOP_LINE[locale])).toBe(true);
    },
  );

  it.each(LOCALES)(
    "asks for the proof before asking to pay, and does not call the amount 'open' (%s)",
    (locale) => {
      const card = renderDebtorMessage(exampleByKind.payment_not_found, ctxFor(locale));
      expect(card.text).toMatch(locale === "fr" ? /date et sa référence/ : /date and reference/);
      expect(card.text).not.toMatch(/ouvert|still open|a proof/);
      expect(card.buttons[0]?.action).toEqual({ type: "ask_human" });
    },
  );
});

describe("no dead ends", () => {
  it.each(LOCALES)(
    "says who answers and when: human handover, proposal, dispute, already paid (%s)",
    (locale) => {
      const delay = locale === "fr" ? "48 heures" : "48 hours";
      for (const kind of [
        "human_handover",
        "proposal_sent_to_owner",
        "dispute_ack",
        "already_paid_ack",
      ] as const) {
        const text = visible(renderDebtorMessage(exampleByKind[kind], ctxFor(locale)).text);
        expect(text, kind).toContain(delay);
        expect(text).not.toMatch(/dès que possible|as soon as possible|rapidement|shortly/);
      }
    },
  );

  it("promises the owner's own delay, from the policy", () => {
    const text = renderDebtorMessage(exampleByKind.human_handover, {
      ...ctxFor("fr"),
      replyWithinHours: 24,
    }).text;
    expect(visible(text)).toContain("sous 24 heures");
    const days = renderDebtorMessage(exampleByKind.proposal_sent_to_owner, {
      ...ctxFor("en"),
      replyWithinHours: 96,
    }).text;
    expect(days).toContain("within 4 days");
  });

  it.each(LOCALES)(
    "the written confirmation never ends on 'contact the business' (%s)",
    (locale) => {
      const { paymentInstructions: _, ...bare } = ctxFor(locale);
      for (const message of [exampleByKind.agreement_confirmed, exampleByKind.payment_methods]) {
        const text = renderDebtorMessage(message, bare).text;
        expect(text).not.toMatch(/Contactez|Please contact/);
      }
    },
  );

  it("every fact a message may use comes from the runtime: no field of the render context, and so no line of a card, is left for a setting that does not exist", () => {
    const source = (path: string) =>
      readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
    const fields = [
      ...(source("src/messages/render-context.ts")
        .split("export interface RenderContext {")[1]
        ?.split("\n}")[0]
        ?.matchAll(/^ {2}readonly (\w+)\??:/gm) ?? []),
    ].map((m) => m[1]);
    expect(fields).toContain("senderName");
    const runtime = source("src/runtime/plan-event.ts").split("function renderContext(")[1] ?? "";
    for (const field of fields) {
      expect(runtime, `RenderContext.${field} is never set by plan-event.ts`).toMatch(
        new RegExp(`\\b${field}\\b`),
      );
    }
  });

  it.each(LOCALES)("'decline' says what comes next, not just 'no, thanks' (%s)", (locale) => {
    const label = renderDebtorMessage(exampleByKind.confirm_terms, ctxFor(locale)).buttons[1]
      ?.label;
    expect(label).not.toMatch(/^(Non, merci|No, thanks)$/);
    expect(label).toMatch(/autre|other/i);
  });

  it.each(LOCALES)(
    "help names only the ways to pay this business has, and offers a clear choice, not 'something else' (%s)",
    (locale) => {
      const helpWith = (paymentInstructions: RenderContext["paymentInstructions"]) =>
        renderDebtorMessage({ kind: "help" }, { ...ctxFor(locale), paymentInstructions });
      const online = /en ligne|online/;
      const transfer = /virement|bank transfer/;
      expect(helpWith(context.paymentInstructions).text).toMatch(online);
      expect(helpWith(context.paymentInstructions).text).toMatch(transfer);
      expect(helpWith({ payUrl: "https://pay.example/x" }).text).not.toMatch(transfer);
      expect(helpWith({ iban: "FR76 3000 6000 0112 3456 7890 189" }).text).not.toMatch(online);
      const labels = helpWith(context.paymentInstructions).buttons.map((b) => b.label);
      expect(labels).not.toContain(locale === "fr" ? "Proposer autre chose" : "Propose my terms");
      expect(labels[1]).toBe(locale === "fr" ? "Demander un délai" : "Ask for more time");
    },
  );

  it.each(LOCALES)("the welcome promises only what its buttons do (%s)", (locale) => {
    const card = renderDebtorMessage(exampleByKind.welcome, ctxFor(locale));
    expect(card.text).not.toMatch(/échéancier|payment plan/);
    expect(card.buttons.map((b) => b.action.type)).toEqual(["pay_now", "give_reason", "ask_human"]);
  });
});

describe("facts a debtor needs", () => {
  it.each(
    LOCALES.flatMap((locale) =>
      (["formal_reminder", "formal_notice"] as const).map((step) => ({ locale, step })),
    ),
  )(
    "the $step sets a date: eight days from today, 'au plus tard le' ($locale)",
    ({ locale, step }) => {
      const text = visible(
        renderDebtorMessage(
          { kind: "ladder_reminder", step, amountDueMinor: 123_456, dueDate: "2026-11-15" },
          ctxFor(locale),
        ).text,
      );
      const deadline = visible(formatDate("2026-12-28", locale));
      expect(text).toContain(
        locale === "fr" ? `au plus tard le ${deadline}` : `by ${deadline} at the latest`,
      );
      expect(text).not.toMatch(/meilleurs délais|earliest convenience|as soon as possible/);
    },
  );

  it("a deadline is never counted from a past day when today is unknown", () => {
    const { today: _, ...noToday } = ctxFor("fr");
    const text = visible(
      renderDebtorMessage(
        {
          kind: "ladder_reminder",
          step: "formal_notice",
          amountDueMinor: 1_000,
          dueDate: "2026-11-15",
        },
        noToday,
      ).text,
    );
    expect(text).toContain("au plus tard le 23 novembre 2026");
  });

  it.each(LOCALES)(
    "plan_broken names the invoice, the missed installment, its amount and date (%s)",
    (locale) => {
      const text = visible(renderDebtorMessage(exampleByKind.plan_broken, ctxFor(locale)).text);
      expect(text).toContain("F-2026-042");
      expect(text).toContain(visible(locale === "fr" ? "329,22 €" : "€329.22"));
      expect(text).toContain(visible(formatDate("2027-01-01", locale)));
      expect(text).toContain(visible(locale === "fr" ? "987,65 €" : "€987.65"));
    },
  );

  it("agrees in gender whether the installment is 'l'échéance' or 'l'acompte'", () => {
    const downPayment = { seq: 1, dueDate: "2026-12-01", amountMinor: 24_691, isDownPayment: true };
    for (const message of [
      { kind: "installment_missed", installment: downPayment, offers: [] },
      { kind: "plan_broken", amountDueMinor: 123_456, missed: downPayment },
      { kind: "installment_due", installment: downPayment },
    ] as const) {
      const text = renderDebtorMessage(message, ctxFor("fr")).text;
      expect(text, message.kind).toContain("l'acompte");
      expect(text, message.kind).not.toMatch(/prévue|réglée|due le/);
    }
  });

  it.each(LOCALES)(
    "promise_missed names the invoice, the promised date and the amount due (%s)",
    (locale) => {
      const text = visible(renderDebtorMessage(exampleByKind.promise_missed, ctxFor(locale)).text);
      expect(text).toContain("F-2026-042");
      expect(text).toContain(visible(formatDate("2026-12-15", locale)));
      expect(text).toContain(locale === "fr" ? "1 234,56 €" : "€1,234.56");
    },
  );
});

/** A plan as the core builds it (toInstallments): a down payment, equal parts, the rest last. */
function planOf(
  count: number,
  frequency: Frequency,
  first: string,
  downMinor: number,
  eachMinor: number,
  lastExtraMinor: number,
): PlanTerms & { kind: "installments" } {
  const amounts = Array.from({ length: count }, (_, i) =>
    i === 0 && downMinor > 0 ? downMinor : i === count - 1 ? eachMinor + lastExtraMinor : eachMinor,
  );
  return {
    kind: "installments",
    frequency,
    installments: toInstallments(amounts, frequency, first, downMinor > 0),
  };
}

const minor = (amount: string): number => Number(amount.replace(/[^\d]/g, ""));

describe("a schedule of any length, on the confirmation", () => {
  // Up to the policy's maximum (60 installments), every rhythm, with and without a down payment
  // and a rounding cent on the last, from days of the month that months do not all have.
  const plans = [2, 3, 4, 5, 6, 7, 12, 24, 36, 59, 60].flatMap((count) =>
    (["monthly", "biweekly", "weekly"] as const).flatMap((frequency) =>
      ["2027-01-05", "2027-01-29", "2027-01-30", "2026-12-31", "2027-09-28"].flatMap((first) =>
        [
          [0, 14_400],
          [18_000, 14_400],
          // Five-figure installments: the longest amounts a line has to hold.
          [1_234_567, 1_234_500],
        ].flatMap(([down = 0, each = 0]) =>
          [0, 7].map((extra) => planOf(count, frequency, first, down, each, extra)),
        ),
      ),
    ),
  );

  it.each(LOCALES)(
    "fits a phone screen and still gives every date and amount, so it stays the evidence (%s)",
    (locale) => {
      for (const terms of plans) {
        const name = `${terms.installments.length} ${terms.frequency} from ${terms.installments[0]?.dueDate}`;
        for (const message of [
          { kind: "confirm_terms", offer: { id: "o", withinPolicy: true, terms } },
          { kind: "agreement_confirmed", terms },
        ] as const) {
          const text = renderDebtorMessage(message, ctxFor(locale)).text;
          expect(phoneLines(text), `${name}\n${visible(text)}`).toBeLessThanOrEqual(LINES_MAX);
          const lines = visible(text)
            .split("\n")
            .filter((l) => l.startsWith("– "));
          let count = 0;
          let total = 0;
          for (const line of lines) {
            const run = /^– (\d+) × (.+?), (le |chaque |toutes |on the |every )/.exec(line);
            if (run !== null) {
              count += Number(run[1]);
              total += Number(run[1]) * minor(run[2] ?? "");
              continue;
            }
            const single = terms.installments.find((i) =>
              line.startsWith(`– ${visible(formatDate(i.dueDate, locale))}`),
            );
            expect(single, `${name}: ${line}`).toBeDefined();
            expect(line).toContain(visible(money(single?.amountMinor ?? 0, locale)));
            count += 1;
            total += single?.amountMinor ?? 0;
          }
          expect(count, name).toBe(terms.installments.length);
          expect(total, name).toBe(terms.installments.reduce((s, i) => s + i.amountMinor, 0));
          const last = terms.installments[terms.installments.length - 1];
          expect(visible(text)).toContain(visible(formatDate(last?.dueDate ?? "", locale)));
        }
      }
    },
  );

  it("says a month-end plan's days exactly: the 5th, the 30th (February's last), the last day", () => {
    const line = (first: string, locale: Locale) =>
      visible(
        renderDebtorMessage(
          { kind: "agreement_confirmed", terms: planOf(6, "monthly", first, 0, 10_000, 0) },
          ctxFor(locale),
        ).text,
      )
        .split("\n")
        .find((l) => l.includes(" × ")) ?? "";
    expect(line("2027-01-01", "fr")).toBe(
      "– 6 × 100,00 €, le 1er de chaque mois, du 1er janvier au 1er juin 2027",
    );
    expect(line("2027-01-05", "en")).toBe(
      "– 6 × €100.00, on the 5th of each month, from 5 January to 5 June 2027",
    );
    expect(line("2027-01-22", "en")).toContain("on the 22nd of each month");
    expect(line("2027-01-30", "fr")).toContain("le 30 de chaque mois (fin février)");
    expect(line("2026-12-31", "fr")).toBe(
      "– 6 × 100,00 €, le dernier jour de chaque mois, du 31 décembre 2026 au 31 mai 2027",
    );
  });
});

describe("one rhythm, one wording: 'toutes les deux semaines' / 'every two weeks'", () => {
  const biweekly = planOf(6, "biweekly", "2027-01-04", 20_000, 30_000, 0);
  const once = (text: string, words: string) => text.split(words).length - 1;

  it.each(LOCALES)("on the offers card, the confirmation and the owner's desk (%s)", (locale) => {
    const words = locale === "fr" ? "toutes les deux semaines" : "every two weeks";
    const offer = { id: "o", withinPolicy: true, terms: biweekly };
    const noDown = {
      id: "p",
      withinPolicy: true,
      terms: planOf(3, "biweekly", "2027-01-04", 0, 30_000, 0),
    };
    const texts = {
      offers: renderDebtorMessage({ kind: "offers", offers: [offer], reason: null }, ctxFor(locale))
        .text,
      offersNoDown: renderDebtorMessage(
        { kind: "offers", offers: [noDown], reason: null },
        ctxFor(locale),
      ).text,
      confirm: renderDebtorMessage({ kind: "confirm_terms", offer }, ctxFor(locale)).text,
      desk: t(locale, "desk-terms-installments", {
        count: 4,
        frequency: "biweekly",
        date: "4 janvier 2027",
        amount: "200 €",
      }),
    };
    for (const [where, text] of Object.entries(texts)) {
      expect(once(visible(text), words), `${where}: ${text}`).toBe(1);
      // Never "échéances toutes les deux semaines" (all of the installments?), "tous les 15 jours"
      // (the dates are 14 days apart), "espacées", "fortnight".
      expect(visible(text)).not.toMatch(
        /(échéances|versements|instalments) (toutes les deux semaines|every two weeks)|15 jours|espacées|fortnight/,
      );
    }
    const line = visible(texts.offers)
      .split("\n")
      .find((l) => l.startsWith("•"));
    expect(line).toBe(
      locale === "fr"
        ? "• 6 versements : 200,00 € d'acompte puis 300,00 € toutes les deux semaines"
        : "• 6 instalments: €200.00 down, then €300.00 every two weeks",
    );
    expect(t(locale, "desk-counter-frequency-choice", { frequency: "biweekly" })).toBe(
      locale === "fr" ? "Toutes les deux semaines" : "Every two weeks",
    );
    expect(slackText(locale, "modal.frequency.biweekly")).toBe(
      locale === "fr" ? "Toutes les deux semaines" : "Every two weeks",
    );
  });
});

describe("the busiest cards the core can produce", () => {
  // After a counter-offer the core shows the closest in-policy plan first, then every offer shown
  // a moment before (decide-support.ts, openOfferSetKeeping): four offers. Written out here, not
  // taken from the core's constant, so a change there cannot quietly loosen this test.
  const OFFERS_MAX = 4;
  const plan = (id: string, count: number, down: number, each: number): Offer => ({
    id,
    withinPolicy: true,
    terms: planOf(count, "monthly", "2026-12-30", down, each, 0),
  });
  const standing: Record<string, Offer[]> = {
    // cash_flow: a short plan, the longest with its down payment, paying now.
    cash_flow: [
      plan("s", 3, 0, 41_152),
      plan("l", 12, 24_691, 10_169),
      { id: "p", withinPolicy: true, terms: { kind: "pay_now", amountMinor: 123_456 } },
    ],
    // any other reason: paying now, a short plan, a date.
    other: [
      { id: "p", withinPolicy: true, terms: { kind: "pay_now", amountMinor: 123_456 } },
      plan("s", 3, 0, 41_152),
      {
        id: "d",
        withinPolicy: true,
        terms: { kind: "promise", date: "2027-01-29", amountMinor: 123_456 },
      },
    ],
  };
  const closest = plan("c", 6, 24_000, 19_891);
  const limits: PolicyBreach[] = [
    { limit: "frequency", allowed: 0, proposed: 7 },
    { limit: "max_installments", allowed: 12, proposed: 25 },
    { limit: "min_installment", allowed: 1_000_000, proposed: 5_000 },
    { limit: "max_plan_days", allowed: 365, proposed: 700 },
    { limit: "min_down_payment", allowed: 2_400_000, proposed: 0 },
    { limit: "promise_max_days", allowed: 30, proposed: 90 },
  ];
  // Everything a debtor can say at once, with five-figure amounts: the longest summary.
  const proposals: Proposal[] = [
    {
      downPaymentMinor: 2_000_000,
      amountPerPeriodMinor: 1_500_000,
      period: "month",
      count: 12,
      date: "2027-01-15",
    },
    { count: 25 },
  ];
  const busiest = LOCALES.flatMap((locale) =>
    Object.entries(standing).flatMap(([reason, others]) => {
      const shown = [closest, ...others].slice(0, OFFERS_MAX);
      return proposals.flatMap((proposal) =>
        [...limits.map((l) => [l]), limits].flatMap((breaches) => [
          {
            name: `counter_offer (${reason}, ${breaches.map((b) => b.limit).join("+")})`,
            locale,
            message: { kind: "counter_offer", proposal, offers: shown, limits: breaches } as const,
          },
          {
            name: `proposal_sent_to_owner (${reason}, ${breaches.map((b) => b.limit).join("+")})`,
            locale,
            message: {
              kind: "proposal_sent_to_owner",
              proposal,
              offers: shown,
              limits: breaches,
            } as const,
          },
          {
            name: `not_understood (${reason})`,
            locale,
            message: {
              kind: "not_understood",
              actions: [{ type: "counter_offer" }, { type: "ask_human" }],
              offers: shown,
            } as const,
          },
        ]),
      );
    }),
  );

  it("shows four offers at once", () => {
    expect(busiest.every(({ message }) => message.offers.length === OFFERS_MAX)).toBe(true);
  });

  it.each(busiest)(
    "$name ($locale) fits a phone screen, each offer choosable",
    ({ message, locale }) => {
      const card = renderDebtorMessage(message, ctxFor(locale));
      expect(phoneLines(card.text), visible(card.text)).toBeLessThanOrEqual(LINES_MAX);
      const choices = [...card.buttons, ...(card.list?.items ?? [])];
      expect(choices.length).toBeLessThanOrEqual(CHOICES_MAX);
      for (const offer of message.offers) {
        expect(choices.map((c) => c.action)).toContainEqual({
          type: "choose_offer",
          offerId: offer.id,
        });
      }
      expect(card.text.split("\n").filter((l) => l.startsWith("•"))).toHaveLength(OFFERS_MAX);
    },
  );
});

describe("short cards", () => {
  it.each(LOCALES)(
    "every way to pay (a link, IBAN and BIC, a note from the business) still fits a phone screen (%s)",
    (locale) => {
      const how = context.paymentInstructions;
      const full = {
        ...ctxFor(locale),
        paymentInstructions: { ...how, text: "Chèque à l'ordre d'Atelier Dupont" },
      };
      const ways = allDebtorExamples().filter(({ message }) =>
        renderDebtorMessage(message, full).text.includes("AGRIFRPP882"),
      );
      expect(ways.map((w) => w.name)).toEqual(
        expect.arrayContaining(["payment_methods", "invoice_details", "installment_due"]),
      );
      for (const { name, message } of ways) {
        for (const automated of [false, true]) {
          const card = renderDebtorMessage(message, full, { automated });
          const stop = isAutomatedReminder(message.kind, automated);
          const body = stop ? card.text.slice(0, card.text.lastIndexOf("\n\n")) : card.text;
          expect(phoneLines(body), `${name}\n${visible(body)}`).toBeLessThanOrEqual(LINES_MAX);
        }
      }
    },
  );

  it.each(LOCALES)(
    "an offers card gives each option in one line, the schedule only on the confirmation (%s)",
    (locale) => {
      const card = renderDebtorMessage(
        { kind: "offers", offers: offers.slice(0, 3), reason: "cash_flow" },
        ctxFor(locale),
      );
      const lines = card.text.split("\n").filter((l) => l.startsWith("•"));
      expect(lines).toHaveLength(3);
      expect(visible(lines[1] ?? "")).toBe(
        locale === "fr"
          ? "• 4 mensualités : 246,91 € d'acompte puis 329,22 €/mois"
          : "• 4 instalments: €246.91 down, then €329.22/month",
      );
      // No installment dates on the offers card; all of them on the confirmation.
      expect(card.text).not.toContain(formatDate("2027-02-01", locale));
      const confirm = renderDebtorMessage(exampleByKind.confirm_terms, ctxFor(locale)).text;
      expect(confirm).toContain(formatDate("2027-02-01", locale));
    },
  );

  it.each(LOCALES)(
    "only the options step of the ladder lists offers: the others are the same card with or without (%s)",
    (locale) => {
      for (const step of ["heads_up", "due_today", "formal_reminder", "formal_notice"] as const) {
        const bare = {
          kind: "ladder_reminder",
          step,
          amountDueMinor: 1_000,
          dueDate: "2026-11-15",
        } as const;
        expect(renderDebtorMessage({ ...bare, offers }, ctxFor(locale)), step).toEqual(
          renderDebtorMessage(bare, ctxFor(locale)),
        );
      }
    },
  );

  it.each(
    LOCALES.flatMap((locale) =>
      messageVariants("reminder-ask-reason").map((variant) => ({ locale, variant })),
    ),
  )(
    "the reason card asks a question its four answers fit ($locale, variant $variant)",
    ({ locale, variant }) => {
      const card = renderDebtorMessage(
        {
          kind: "ladder_reminder",
          step: "ask_reason",
          amountDueMinor: 1_000,
          dueDate: "2026-11-15",
        },
        { ...ctxFor(locale), wording: { "reminder-ask-reason": variant } },
        { automated: true },
      );
      expect(card.text).toMatch(/\?/);
      expect(card.text).not.toMatch(/Tout va bien|Is everything all right/);
      expect(card.text).not.toMatch(/trouverons une solution|will find a solution/);
      const choices = [...card.buttons, ...(card.list?.items ?? [])];
      expect(choices.map((c) => c.action)).toEqual([
        { type: "give_reason", reason: "forgot" },
        { type: "give_reason", reason: "cash_flow" },
        { type: "give_reason", reason: "already_paid" },
        { type: "give_reason", reason: "other" },
      ]);
    },
  );
});

describe("French and English as an editor reads them", () => {
  const ALL_TEXT = (locale: Locale) =>
    cards
      .filter((c) => c.locale === locale)
      .map((c) => visible(cardText(c.card)))
      .join("\n");

  it("French: no 'en 1 fois', no ambiguous 'toutes les deux semaines', no 'revenir vers vous', no 'Merci X !'", () => {
    const fr = ALL_TEXT("fr");
    expect(fr).not.toMatch(/en 1 fois|1 échéance\b/);
    expect(fr).not.toMatch(/échéances toutes les deux semaines/);
    expect(fr).not.toMatch(/revenir vers vous|reviens vers vous|revenons vers vous/);
    expect(fr).not.toMatch(/Merci [A-Z][^,!]* !/);
    // `\b` knows no "é": without the u flag and a letter class, this never matched.
    expect(fr).not.toMatch(/et désolé(?!\p{L})/u);
    expect(t("fr", "proposal-count", { count: 1 })).toBe("en une fois");
  });

  it("English: 'instalments' throughout, 'outstanding', no 'a proof of payment', no 'Do you confirm', no 'file'", () => {
    expect(englishFaults(ALL_TEXT("en"))).toEqual([]);
    expect(slackText("en", "modal.count")).toBe("Number of instalments");
  });

  it("English rules hold for the owner's Slack messages and the Slack widgets too", () => {
    for (const message of ownerExamples()) {
      const text = renderOwnerMessage(message, ctxFor("en"));
      const words = [text.title, text.body, ...text.fields.map((f) => `${f.label}: ${f.value}`)];
      expect(englishFaults(words.join("\n")), message.kind).toEqual([]);
    }
    const args = { amount: "€1.00", count: 2, from: "1 December", discount: "", debtor: "A" };
    for (const id of SLACK_STRING_IDS) {
      expect(englishFaults(slackText("en", id, args)), id).toEqual([]);
    }
  });

  it("Slack owner texts get the same French spacing", () => {
    const owner = renderOwnerMessage({ kind: "paid_in_full" }, ctxFor("fr"));
    expect(frenchSpacingFaults([owner.title, owner.body].join("\n"))).toEqual([]);
    expect(frenchSpacingFaults(slackText("fr", "error.nothing"))).toEqual([]);
    expect(slackText("fr", "refusal.human")).toBe(slackText("fr", "refusal.human"));
  });
});

describe("the tone lint, per language and register", () => {
  it("keeps French late-payment costs for the formal steps", () => {
    for (const words of [
      "une pénalité de retard",
      "l'indemnité forfaitaire de 40 €",
      "des intérêts de retard",
    ]) {
      expect(toneViolations(words, "ordinary", "fr"), words).not.toEqual([]);
      expect(toneViolations(words, "formal_reminder", "fr"), words).toEqual([]);
      expect(toneViolations(words, "formal_notice", "fr"), words).toEqual([]);
    }
  });

  it("keeps English 'penalty', 'late fee' and 'interest' for the formal steps, where they are allowed", () => {
    for (const words of [
      "a late payment penalty",
      "a late fee of €40",
      "interest at the legal rate",
    ]) {
      expect(toneViolations(words, "ordinary", "en"), words).not.toEqual([]);
      expect(toneViolations(words, "formal_notice", "en"), words).toEqual([]);
    }
  });

  it("reads each language with its own list", () => {
    // "court" is English for a tribunal, and French for "short": only the English list has it.
    expect(toneViolations("un délai court", "ordinary", "fr")).toEqual([]);
    expect(toneViolations("we will go to court", "ordinary", "en")).toEqual(["court"]);
  });
});
