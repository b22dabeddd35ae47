import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CARD_BUTTON_LABEL_MAX,
  CARD_LIST_ITEMS_MAX,
  CARD_PRIMARY_BUTTONS_MAX,
} from "../../../src/core/card.ts";
import type { DebtorAction } from "../../../src/core/events.ts";
import type { DebtorMessage } from "../../../src/core/messages.ts";
import type { Locale, PlanTerms } from "../../../src/core/types.ts";
import {
  CARD_CHOICES_MAX,
  cardText,
  formatDate,
  formatMoney,
  isAutomatedReminder,
  LOCALES,
  type RenderContext,
  registerOf,
  renderActionLabel,
  renderDebtorMessage,
  toneViolations,
} from "../../../src/messages/index.ts";
import { allDebtorExamples, context, exampleByKind, installmentTerms, offers } from "./fixtures.ts";

const STOP_LINE: Record<Locale, string> = {
  fr: "Répondez STOP pour ne plus recevoir de rappels automatiques.",
  en: "Reply STOP to stop automated reminders.",
};

const ctxFor = (locale: Locale): RenderContext => ({ ...context, locale });
const examples = allDebtorExamples();
const cases = LOCALES.flatMap((locale) => examples.map((e) => ({ locale, ...e })));

const visible = (text: string): string => text.replace(/[\u202f\u00a0]/g, " ");

describe("every debtor message", () => {
  it.each(cases)(
    "renders $name in $locale with text and no placeholder left",
    ({ locale, message }) => {
      const card = renderDebtorMessage(message, ctxFor(locale));
      expect(card.text.length).toBeGreaterThan(20);
      expect(cardText(card)).not.toMatch(/[{}]|undefined|NaN|\u2068|\u2069/);
    },
  );

  it.each(cases)(
    "uses the considerate vocabulary only in $name ($locale)",
    ({ locale, message }) => {
      const card = renderDebtorMessage(message, ctxFor(locale), { automated: true });
      expect(toneViolations(cardText(card), registerOf(message))).toEqual([]);
    },
  );

  it.each(cases)("respects the button limits in $name ($locale)", ({ locale, message }) => {
    const card = renderDebtorMessage(message, ctxFor(locale), { automated: true });
    expect(card.buttons.length).toBeLessThanOrEqual(CARD_PRIMARY_BUTTONS_MAX);
    for (const label of [...card.buttons, ...(card.list?.items ?? [])].map((b) => b.label)) {
      expect([...label].length, label).toBeLessThanOrEqual(CARD_BUTTON_LABEL_MAX);
      expect(label.trim()).not.toBe("");
    }
    expect(card.list?.items.length ?? 0).toBeLessThanOrEqual(CARD_LIST_ITEMS_MAX);
  });

  it("is written differently in French and English", () => {
    for (const message of Object.values(exampleByKind)) {
      const fr = renderDebtorMessage(message, ctxFor("fr")).text;
      const en = renderDebtorMessage(message, ctxFor("en")).text;
      expect(fr, message.kind).not.toBe(en);
    }
  });
});

describe("automated reminders", () => {
  const automatedByKind = cases.filter(({ message }) => isAutomatedReminder(message.kind));

  it("cover ladder, installment and promise reminders", () => {
    const kinds = new Set(automatedByKind.map((c) => c.message.kind));
    for (const kind of ["ladder_reminder", "installment_reminder", "promise_reminder"] as const) {
      expect(kinds.has(kind)).toBe(true);
    }
  });

  it.each(automatedByKind)(
    "$name ($locale) ends by telling how to stop them",
    ({ locale, message }) => {
      const card = renderDebtorMessage(message, ctxFor(locale));
      expect(card.text.endsWith(STOP_LINE[locale])).toBe(true);
      // A stop button too, unless the card's four choices are taken by what answers it.
      const choices = [...card.buttons, ...(card.list?.items ?? [])];
      expect(
        choices.some((i) => i.action.type === "stop") || choices.length === CARD_CHOICES_MAX,
      ).toBe(true);
    },
  );

  it("any message sent on a timer carries the stop line when the caller says it is automated", () => {
    for (const { locale, message } of cases.filter((c) => c.message.kind !== "opted_out")) {
      expect(renderDebtorMessage(message, ctxFor(locale), { automated: true }).text).toContain(
        STOP_LINE[locale],
      );
    }
  });

  it("says how to stop exactly once, even on a welcome sent automatically", () => {
    for (const kind of ["welcome", "help"] as const) {
      for (const automated of [true, false]) {
        const text = renderDebtorMessage(exampleByKind[kind], ctxFor("en"), { automated }).text;
        expect(text.match(/STOP/g), `${kind} automated=${automated}`).toHaveLength(1);
      }
    }
  });

  it("a reply to the debtor does not repeat the stop line", () => {
    const card = renderDebtorMessage({ kind: "dispute_ack" }, ctxFor("fr"));
    expect(card.text).not.toContain(STOP_LINE.fr);
  });

  it("the opt-out confirmation never asks to reply STOP again", () => {
    const card = renderDebtorMessage({ kind: "opted_out" }, ctxFor("en"), { automated: true });
    expect(card.text).not.toContain("STOP");
  });
});

describe("the terms a debtor confirms", () => {
  it.each(LOCALES)("list every installment's date and amount, and the total (%s)", (locale) => {
    const card = renderDebtorMessage(exampleByKind.confirm_terms, ctxFor(locale));
    if (installmentTerms.kind !== "installments") throw new Error("fixture must be a plan");
    for (const installment of installmentTerms.installments) {
      const line = card.text
        .split("\n")
        .find((l) => l.includes(formatDate(installment.dueDate, locale)));
      expect(line, installment.dueDate).toBeDefined();
      expect(line).toContain(formatMoney(installment.amountMinor, "EUR", locale));
    }
    expect(card.text).toContain(formatMoney(123_456, "EUR", locale));
  });

  it("shows the French plan exactly as the debtor will read it", () => {
    const card = renderDebtorMessage(exampleByKind.confirm_terms, ctxFor("fr"));
    expect(visible(card.text)).toContain(
      [
        "1 234,56 € en 4 échéances :",
        "– 1er décembre 2026 : 246,91 € (acompte)",
        "– 1er janvier 2027 : 329,22 €",
        "– 1er février 2027 : 329,22 €",
        "– 1er mars 2027 : 329,21 €",
      ].join("\n"),
    );
  });

  it("offers exactly two answers: confirm this offer, or decline", () => {
    const card = renderDebtorMessage(exampleByKind.confirm_terms, ctxFor("en"));
    expect(card.buttons.map((b) => b.action)).toEqual([
      { type: "confirm", offerId: "o1_2" },
      { type: "decline" },
    ]);
    expect(card.buttons.map((b) => b.label)).toEqual(["I confirm", "No, other terms"]);
  });

  it("states a reduction granted by the owner", () => {
    const card = renderDebtorMessage(
      {
        kind: "agreement_confirmed",
        terms: { kind: "pay_now", amountMinor: 100_000, discountMinor: 5_000 },
      },
      ctxFor("en"),
    );
    expect(card.text).toContain("Reduction granted: €50.00");
    expect(card.text).toContain("Single payment: €1,000.00");
  });
});

describe("choices on cards", () => {
  it("asks the reason with four answers: three reasons as buttons, 'something else' in the list", () => {
    const card = renderDebtorMessage({ kind: "ask_reason" }, ctxFor("fr"));
    expect(card.buttons.map((b) => b.label)).toEqual([
      "J'ai oublié",
      "Trésorerie difficile",
      "Déjà réglé",
    ]);
    const listed = card.list?.items.map((i) => i.action) ?? [];
    expect(listed).toEqual([{ type: "give_reason", reason: "other" }]);
    expect(card.list?.items.map((i) => i.label)).toEqual(["Autre chose"]);
  });

  it("gives one button per offer up to three, the next in the list, four choices in all", () => {
    const card = renderDebtorMessage(exampleByKind.offers, ctxFor("fr"));
    expect(card.buttons.map((b) => b.action)).toEqual([
      { type: "choose_offer", offerId: "o1_1" },
      { type: "choose_offer", offerId: "o1_2" },
      { type: "choose_offer", offerId: "o1_3" },
    ]);
    expect(card.buttons.map((b) => visible(b.label))).toEqual([
      "Régler 1 234,56 €",
      "En 4 fois",
      "Régler le 15 déc.",
    ]);
    expect(card.list?.items.map((i) => i.action)).toEqual([
      { type: "choose_offer", offerId: "o1_4" },
    ]);
    expect(visible(card.text)).toContain(
      "• 2 versements hebdomadaires : 617,28 €/semaine (à valider de notre côté)",
    );
  });

  it("adds the counter-offer, then a person, when the offers leave room", () => {
    const card = renderDebtorMessage(
      { kind: "offers", offers: offers.slice(0, 2), reason: "cash_flow" },
      ctxFor("en"),
    );
    expect([...card.buttons, ...(card.list?.items ?? [])].map((b) => b.action)).toEqual([
      { type: "choose_offer", offerId: "o1_1" },
      { type: "choose_offer", offerId: "o1_2" },
      { type: "counter_offer" },
      { type: "ask_human" },
    ]);
  });

  it("labels offers 'Option n' when two of them would read the same", () => {
    const plan = (id: string) => ({ id, withinPolicy: true, terms: installmentTerms });
    const card = renderDebtorMessage(
      { kind: "offers", offers: [plan("a"), plan("b")], reason: null },
      ctxFor("en"),
    );
    expect(card.buttons.map((b) => b.label)).toEqual(["Option 1", "Option 2", "Propose my terms"]);
  });

  it("names offers by rank on a card that only knows their ids", () => {
    const card = renderDebtorMessage(
      {
        kind: "option_unavailable",
        actions: [
          { type: "choose_offer", offerId: "o2_1" },
          { type: "choose_offer", offerId: "o2_2" },
          { type: "counter_offer" },
        ],
      },
      ctxFor("fr"),
    );
    expect(card.buttons.map((b) => b.label)).toEqual([
      "Option 1",
      "Option 2",
      "Proposer autre chose",
    ]);
  });

  it("falls back to a short label when an amount makes a button too long", () => {
    const card = renderDebtorMessage(
      {
        kind: "offers",
        offers: [
          { id: "x", withinPolicy: true, terms: { kind: "pay_now", amountMinor: 98_765_432_100 } },
        ],
        reason: null,
      },
      ctxFor("fr"),
    );
    expect(card.buttons[0]?.label).toBe("Régler en une fois");
  });

  it("shows the payment methods the business gave, or how to get them: never a dead end", () => {
    const withMethods = renderDebtorMessage(exampleByKind.payment_methods, ctxFor("en"));
    expect(withMethods.text).toContain("• Online: https://pay.example/i/F-2026-042");
    expect(withMethods.text).toContain(
      "• Bank transfer: IBAN FR76 3000 6000 0112 3456 7890 189, ref. F-2026-042",
    );
    const { paymentInstructions: _, ...bare } = ctxFor("en");
    const without = renderDebtorMessage(exampleByKind.payment_methods, bare);
    expect(without.text).toContain("• Reply here: we will tell you how to pay within 48 hours.");
    expect(without.text).not.toMatch(/contact Atelier Dupont/);
    const byCheque = renderDebtorMessage(exampleByKind.payment_methods, {
      ...bare,
      paymentInstructions: { text: "Cheque to Atelier Dupont, 12 rue des Lilas" },
    });
    expect(byCheque.text).toContain("• Cheque to Atelier Dupont, 12 rue des Lilas");
    expect(byCheque.text).not.toContain("Reply here");
  });

  it("keeps offer buttons within 20 characters for any amount and date", () => {
    const day = fc
      .date({ min: new Date("2026-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const terms = fc.oneof(
      fc.record({
        kind: fc.constant("pay_now" as const),
        amountMinor: fc.integer({ min: 1, max: 1e12 }),
      }),
      fc.record({
        kind: fc.constant("promise" as const),
        date: day,
        amountMinor: fc.integer({ min: 1, max: 1e12 }),
      }),
      fc.integer({ min: 1, max: 60 }).map(
        (count): PlanTerms => ({
          kind: "installments",
          frequency: "monthly",
          installments: Array.from({ length: count }, (_, i) => ({
            seq: i + 1,
            dueDate: "2027-01-01",
            amountMinor: 1e10,
          })),
        }),
      ),
    );
    fc.assert(
      fc.property(terms, fc.constantFrom(...LOCALES), (offerTerms, locale) => {
        const card = renderDebtorMessage(
          {
            kind: "offers",
            offers: [{ id: "o1_1", withinPolicy: true, terms: offerTerms }],
            reason: null,
          },
          ctxFor(locale),
        );
        for (const button of card.buttons) {
          expect([...button.label].length).toBeLessThanOrEqual(CARD_BUTTON_LABEL_MAX);
        }
      }),
    );
  });

  it("has a label of at most 20 characters for every action in both locales", () => {
    const actions: DebtorAction[] = [
      ...(["forgot", "cash_flow", "dispute", "not_received", "already_paid", "other"] as const).map(
        (reason): DebtorAction => ({ type: "give_reason", reason }),
      ),
      { type: "choose_offer", offerId: "o1_1" },
      { type: "confirm", offerId: "o1_1" },
      { type: "decline" },
      { type: "counter_offer" },
      { type: "propose", proposal: { count: 3 } },
      { type: "more_options" },
      { type: "pay_now" },
      { type: "ask_human" },
      { type: "stop" },
    ];
    for (const locale of LOCALES) {
      const labels = actions.map((a) => renderActionLabel(a, ctxFor(locale)));
      for (const label of labels)
        expect([...label].length, label).toBeLessThanOrEqual(CARD_BUTTON_LABEL_MAX);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});

describe("the formal steps", () => {
  const formal = (step: "formal_reminder" | "formal_notice", locale: Locale) =>
    renderDebtorMessage(
      { kind: "ladder_reminder", step, amountDueMinor: 123_456, dueDate: "2026-11-15" },
      ctxFor(locale),
    ).text;

  it.each(LOCALES)("state the amount, the missed due date and the next step (%s)", (locale) => {
    for (const step of ["formal_reminder", "formal_notice"] as const) {
      const text = formal(step, locale);
      expect(text).toContain(formatMoney(123_456, "EUR", locale));
      expect(text).toContain(formatDate("2026-11-15", locale));
    }
    expect(formal("formal_reminder", locale)).toMatch(/mise en demeure|formal notice/);
    expect(formal("formal_notice", locale)).toMatch(/procédure|procedure/);
  });

  it("are the only messages that use formal wording", () => {
    const ordinary = cases.filter(({ message }) => registerOf(message) === "ordinary");
    for (const { locale, message } of ordinary) {
      expect(renderDebtorMessage(message, ctxFor(locale)).text).not.toMatch(
        /Madame, Monsieur|Dear Sir or Madam/,
      );
    }
  });
});

describe("the tone lint itself", () => {
  it("catches forbidden words whatever their case, and only whole words", () => {
    expect(toneViolations("Votre DETTE est due")).toEqual(["DETTE"]);
    expect(toneViolations("We will sue you")).toEqual(["sue"]);
    expect(toneViolations("Pay immediately or else")).toEqual(["immediately"]);
    expect(toneViolations("C'est votre dernière   chance")).toHaveLength(1);
    expect(toneViolations("An issue with the pursuit")).toEqual([]);
    expect(toneViolations("Le débiteur")).toEqual(["débiteur"]);
  });

  it("allows the formal notice to name the procedure, and nothing else to", () => {
    const message: DebtorMessage = {
      kind: "ladder_reminder",
      step: "formal_notice",
      amountDueMinor: 1,
      dueDate: "2026-01-01",
    };
    expect(toneViolations("une procédure de recouvrement", registerOf(message))).toEqual([]);
    expect(toneViolations("une procédure de recouvrement")).toEqual(["procédure", "recouvrement"]);
    expect(toneViolations("facture impayée", "formal_reminder")).toEqual([]);
    expect(toneViolations("facture impayée")).toEqual(["impayée"]);
  });
});
