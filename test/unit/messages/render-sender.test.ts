import { describe, expect, it } from "vitest";
import type { Locale } from "../../../src/core/types.ts";
import { type RenderContext, renderDebtorMessage } from "../../../src/messages/index.ts";
import { context, exampleByKind } from "./fixtures.ts";

/** Issue 13: a named sender on the everyday messages, the business in law on the formal steps. */

const visible = (text: string): string => text.replace(/[\u202f\u00a0]/g, " ");

const named = (locale: Locale): RenderContext => ({
  ...context,
  locale,
  today: "2026-12-20",
  senderName: "Claire",
  senderRole: locale === "fr" ? "gérante" : "manager",
  legalIdentity: {
    name: "Atelier Dupont SARL",
    registration: locale === "fr" ? "SIREN 123 456 789" : "Company No. 01234567",
    address: "12 rue des Lilas, 75011 Paris",
  },
});

const reminder = (step: "heads_up" | "ask_reason" | "formal_reminder" | "formal_notice") =>
  ({ kind: "ladder_reminder", step, amountDueMinor: 123_456, dueDate: "2026-11-15" }) as const;

describe("a named sender", () => {
  it("signs the welcome with name and role", () => {
    expect(visible(renderDebtorMessage(exampleByKind.welcome, named("fr")).text)).toContain(
      "ici Claire, gérante — Atelier Dupont.",
    );
    expect(visible(renderDebtorMessage(exampleByKind.welcome, named("en")).text)).toContain(
      "this is Claire, manager at Atelier Dupont.",
    );
  });

  it("without a role, the name and the business", () => {
    const { senderRole: _, ...noRole } = named("fr");
    expect(visible(renderDebtorMessage(exampleByKind.welcome, noRole).text)).toContain(
      "ici Claire, Atelier Dupont.",
    );
  });

  it.each(["fr", "en"] as const)("ends the everyday reminders with the person (%s)", (locale) => {
    for (const step of ["heads_up", "ask_reason"] as const) {
      const text = renderDebtorMessage(reminder(step), named(locale), { automated: true }).text;
      expect(text, step).toContain("Claire");
      expect(text).toContain(locale === "fr" ? "gérante" : "manager");
    }
    // Without a sender, a reminder names nobody (the business speaks as « nous »).
    const plain = renderDebtorMessage(reminder("heads_up"), { ...context, locale }).text;
    expect(plain).not.toContain(context.businessName);
  });

  it.each(["fr", "en"] as const)(
    "signs the formal steps with the business's legal identity, never the person (%s)",
    (locale) => {
      for (const step of ["formal_reminder", "formal_notice"] as const) {
        const text = visible(renderDebtorMessage(reminder(step), named(locale)).text);
        expect(text, step).toContain("Atelier Dupont SARL");
        expect(text).toContain(locale === "fr" ? "SIREN 123 456 789" : "Company No. 01234567");
        expect(text).toContain("12 rue des Lilas, 75011 Paris");
        expect(text).not.toContain("Claire");
      }
    },
  );

  it("a formal step without a legal identity is signed with the business's name", () => {
    const text = renderDebtorMessage(reminder("formal_notice"), {
      ...context,
      senderName: "Claire",
    }).text;
    expect(text.split("\n")).toContain("Atelier Dupont");
    expect(text).not.toContain("Claire");
  });
});

describe("the payday question and the promise guardrails, as the debtor reads them", () => {
  it("asks when the debtor is paid with four answers, any other day written", () => {
    const card = renderDebtorMessage(exampleByKind.ask_payday, { ...context, locale: "fr" });
    expect(card.buttons.map((b) => b.label)).toEqual([
      "Fin du mois",
      "Le 1er du mois",
      "Le 5 du mois",
    ]);
    expect(card.list?.items.map((i) => i.label)).toEqual(["Pas de date fixe"]);
    expect(visible(card.text)).toContain("« le 15 »");
    const en = renderDebtorMessage(exampleByKind.ask_payday, { ...context, locale: "en" });
    expect([...en.buttons, ...(en.list?.items ?? [])].map((b) => b.label)).toEqual([
      "End of the month",
      "The 1st",
      "The 5th",
      "No fixed payday",
    ]);
  });

  it("offers to put a plan's dates on payday on its confirmation card", () => {
    const card = renderDebtorMessage(
      { ...exampleByKind.confirm_terms, askPayday: true },
      { ...context, locale: "en" },
    );
    expect(card.buttons.map((b) => b.label)).toEqual([
      "I confirm",
      "No, other terms",
      "Match my payday",
    ]);
  });

  it("a move refused says why and what to do: pay the part first", () => {
    const card = renderDebtorMessage(exampleByKind.promise_move_refused, {
      ...context,
      locale: "fr",
    });
    expect(visible(card.text)).toContain("au moins 246,92 €");
    expect(visible(card.text)).toContain("reste le 15 décembre 2026");
    expect(card.buttons.map((b) => b.action.type)).toEqual(["pay_now", "ask_human"]);
  });
});
