import { describe, expect, it } from "vitest";
import type { Offer } from "../../../src/core/types.ts";
import { renderDebtorMessage } from "../../../src/messages/index.ts";
import { context, installmentTerms, offers } from "./fixtures.ts";

/** French typography puts (narrow) no-break spaces before : ; ! ? — compare with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

const fr = context;
const en = { ...context, locale: "en" as const };
const one: readonly Offer[] = [{ id: "o2_1", withinPolicy: true, terms: installmentTerms }];

describe("one option reads as one option", () => {
  it("a single offer is neither numbered nor followed by 'none of these'", () => {
    const card = renderDebtorMessage({ kind: "offers", offers: one, reason: "cash_flow" }, fr);
    expect(plain(card.text)).not.toMatch(/Option 1/);
    expect(plain(card.text)).not.toMatch(/Aucune de ces options/);
    expect(plain(card.text)).toContain("Cette proposition ne vous convient pas ?");
    const several = renderDebtorMessage({ kind: "offers", offers, reason: "cash_flow" }, fr);
    expect(plain(several.text)).not.toMatch(/Option 1/);
    expect(plain(several.text)).toMatch(/Aucune ne vous convient/);
  });
});

describe("a counter-offer says why it differs from the debtor's words", () => {
  it("names what they proposed, the limit, and the closest plan", () => {
    const card = renderDebtorMessage(
      {
        kind: "counter_offer",
        proposal: { count: 8 },
        offers: one,
        limits: [{ limit: "max_installments", allowed: 6, proposed: 8 }],
      },
      en,
    );
    expect(plain(card.text)).toContain("We can go up to 6 payments.");
    expect(plain(card.text)).toMatch(/in 8 payments/);
    expect(card.buttons.map((b) => b.action)).toContainEqual({
      type: "choose_offer",
      offerId: "o2_1",
    });
    const french = renderDebtorMessage(
      {
        kind: "counter_offer",
        proposal: { amountPerPeriodMinor: 20_000, period: "month" },
        offers: one,
        limits: [{ limit: "min_down_payment", allowed: 24_000, proposed: 20_000 }],
      },
      fr,
    );
    expect(plain(french.text)).toMatch(/acompte d'au moins 240,00\s€/);
  });

  it("while the owner is asked, the offer to take meanwhile is shown with its button", () => {
    const card = renderDebtorMessage(
      {
        kind: "proposal_sent_to_owner",
        proposal: { amountPerPeriodMinor: 20_000, period: "month" },
        offers: one,
        limits: [],
      },
      fr,
    );
    expect(plain(card.text)).toContain("D'ici là, vous pouvez choisir :");
    expect(card.buttons.map((b) => b.action.type)).toContain("choose_offer");
    const alone = renderDebtorMessage(
      { kind: "proposal_sent_to_owner", proposal: { count: 8 } },
      fr,
    );
    expect(plain(alone.text)).not.toContain("D'ici là");
    expect(alone.buttons).toEqual([]);
  });
});

describe("when unsure, check", () => {
  it("'Vous proposez 200,00 € par mois, c'est bien cela ?' with yes and no", () => {
    const proposal = { amountPerPeriodMinor: 20_000, period: "month" as const };
    const card = renderDebtorMessage({ kind: "check_understanding", proposal }, fr);
    expect(plain(card.text)).toMatch(/^Vous proposez 200,00\s€ par mois, c'est bien cela \?$/);
    // Yes and no first; a person is always one tap away.
    expect(card.buttons.slice(0, 2).map((b) => [b.label, b.action])).toEqual([
      ["Oui, c'est cela", { type: "propose", proposal }],
      ["Non", { type: "counter_offer" }],
    ]);
  });

  it("a message not understood shows the live offers with their terms", () => {
    const card = renderDebtorMessage(
      {
        kind: "not_understood",
        actions: [{ type: "choose_offer", offerId: "o2_1" }, { type: "ask_human" }],
        offers: one,
      },
      fr,
    );
    expect(plain(card.text)).toContain("Vous pouvez toujours choisir l'une de ces options");
    expect(plain(card.text)).toMatch(/329,22\s€/);
    expect(card.buttons.map((b) => b.action)).toContainEqual({
      type: "choose_offer",
      offerId: "o2_1",
    });
  });
});

describe("a payment already made, the rest on a day", () => {
  it("acknowledges the day the rest will follow with the question", () => {
    const card = renderDebtorMessage(
      { kind: "already_paid_ask_details", restDate: "2026-11-30" },
      fr,
    );
    expect(plain(card.text)).toMatch(/régler le reste le 30 novembre 2026/);
  });
});

describe("pay now always leads somewhere", () => {
  it("the IBAN with its BIC and the reference to use, and the payment page", () => {
    const card = renderDebtorMessage(
      { kind: "payment_methods", amountDueMinor: 120_000 },
      {
        ...fr,
        paymentInstructions: {
          iban: "FR76 3000 6000 0112 3456 7890 189",
          bic: "BNPAFRPPXXX",
          payUrl: "https://pay.example/atelier",
        },
      },
    );
    expect(plain(card.text)).toContain("• En ligne : https://pay.example/atelier");
    expect(plain(card.text)).toContain(
      "• Virement : IBAN FR76 3000 6000 0112 3456 7890 189, réf. F-2026-042",
    );
    expect(plain(card.text)).toContain("• BIC BNPAFRPPXXX");
    expect(plain(card.text)).not.toContain("Contactez");
  });

  it("a payment page alone still gives the reference to use", () => {
    const card = renderDebtorMessage(
      { kind: "payment_methods", amountDueMinor: 120_000 },
      { ...en, paymentInstructions: { payUrl: "https://pay.example/atelier" } },
    );
    expect(plain(card.text)).toContain("• Online: https://pay.example/atelier");
    expect(plain(card.text)).toContain("• Reference to use: F-2026-042");
  });
});
