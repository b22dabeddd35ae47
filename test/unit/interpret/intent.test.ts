import { describe, expect, it } from "vitest";
import { interpret } from "../../../src/core/interpret/index.ts";
import type { Interpretation } from "../../../src/core/types.ts";

const monday = { now: new Date("2026-11-23T10:00:00Z"), timezone: "Europe/Paris", currency: "EUR" };

function read(text: string, locale: "fr" | "en" = "fr"): Interpretation {
  return interpret(text, { ...monday, locale });
}

describe("what a free-text message asks for", () => {
  it("reads an amount per month as an installment proposal", () => {
    expect(read("je peux payer 150 € par mois")).toEqual({
      intent: "installments",
      amount: 15000,
      count: null,
      period: "month",
      date: null,
      confidence: 0.9,
    });
  });

  it("reads a number of payments as an installment proposal", () => {
    expect(read("je peux payer en 3 fois")).toMatchObject({ intent: "installments", count: 3 });
    expect(read("can I pay in 4 payments?", "en")).toMatchObject({
      intent: "installments",
      count: 4,
    });
  });

  it("reads a payment on a later day as a promise", () => {
    expect(read("je paierai le 15")).toMatchObject({ intent: "promise", date: "2026-12-15" });
  });

  it("reads a past payment as already paid, dated the day just gone", () => {
    expect(read("j'ai déjà payé vendredi")).toMatchObject({
      intent: "already_paid",
      date: "2026-11-20",
    });
  });

  it.each([
    ["je paie tout de suite", "pay_now"],
    ["ok d'accord", "accept"],
    ["non merci", "decline"],
    ["STOP", "stop"],
    ["arrêtez de m'écrire", "stop"],
    ["je veux parler à quelqu'un", "human"],
    ["le travail n'a pas été fait correctement", "dispute"],
    ["je n'ai jamais reçu la facture", "not_received"],
    ["j'ai oublié, désolé", "forgot"],
    ["c'est compliqué en ce moment financièrement", "cash_flow"],
    ["bonjour", "unknown"],
  ] as const)("reads %j as %s", (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });

  it("prefers a concrete proposal to the reason behind it", () => {
    expect(read("j'ai oublié, je paie demain").intent).toBe("promise");
    expect(read("c'est dur en ce moment, je peux faire 3 fois ?").intent).toBe("installments");
  });

  it("does not take money trouble 'right now' for an offer to pay now", () => {
    expect(read("I can't afford it right now", "en").intent).toBe("cash_flow");
  });

  it("hears an opt-out even inside a longer message", () => {
    expect(read("Merci mais ne me contactez plus, je paierai le 15").intent).toBe("stop");
  });

  it("does not take a refusal wrapped in accepting words for an acceptance", () => {
    expect(read("no thanks", "en").intent).toBe("decline");
    expect(read("je ne suis pas d'accord").intent).toBe("decline");
  });

  it("understands SMS spellings without accents", () => {
    expect(read("dsl jai oublie").intent).toBe("forgot");
    expect(read("g deja paye hier").intent).toBe("already_paid");
  });

  it("tells the debtor's own income from a payment to us", () => {
    expect(read("i get paid friday but rn i have nothing", "en")).toMatchObject({
      intent: "cash_flow",
      date: "2026-11-27",
    });
  });

  it("does not take a hypothetical payment for a reported one", () => {
    expect(read("what if I paid 50 bucks a week", "en")).toMatchObject({
      intent: "installments",
      amount: 5000,
      period: "week",
    });
  });

  it("falls back on telling words when no phrasing is known", () => {
    expect(read("Cessez de m'importuner avec ces relances").intent).toBe("stop");
    expect(read("the site you built is full of bugs", "en").intent).toBe("dispute");
    expect(read("Quels sont vos horaires d'ouverture ?").intent).toBe("unknown");
  });
});

describe("the forms issue 12 found misread", () => {
  const wednesday = {
    now: new Date("2026-12-02T10:00:00Z"),
    timezone: "Europe/Paris",
    currency: "EUR",
  };
  const at = (text: string, locale: "fr" | "en" = "fr") =>
    interpret(text, { ...wednesday, locale });

  it("reads amounts and counts written in words or shorthand", () => {
    expect(at("je peux payer deux cent cinquante euros par mois")).toMatchObject({
      intent: "installments",
      amount: 25000,
      period: "month",
    });
    expect(at("could I pay a hundred and twenty-five a week?", "en")).toMatchObject({
      amount: 12500,
      period: "week",
    });
    expect(at("septante euros par semaine")).toMatchObject({ amount: 7000, period: "week" });
    expect(at("I can do 1k now and the rest over two months", "en")).toMatchObject({
      intent: "installments",
      amount: 100000,
      count: 2,
    });
    expect(at("3 x 150 ça irait ?")).toMatchObject({ amount: 15000, count: 3 });
  });

  it("dates the days around today, Friday week and the end of next month", () => {
    expect(at("j'ai fait le virement avant-hier").date).toBe("2026-11-30");
    expect(at("je vous paie après-demain").date).toBe("2026-12-04");
    expect(at("I'll pay the day after tomorrow", "en").date).toBe("2026-12-04");
    expect(at("you'll have it Friday week", "en").date).toBe("2026-12-11");
    expect(at("je paie vendredi en huit").date).toBe("2026-12-11");
    expect(at("je règle fin du mois prochain").date).toBe("2027-01-31");
    expect(at("vous aurez le virement d'ici trois semaines").date).toBe("2026-12-23");
  });

  it("dates a reported payment in the past, never ahead", () => {
    expect(at("j'ai déjà payé le 5 décembre")).toMatchObject({
      intent: "already_paid",
      date: "2025-12-05",
    });
    expect(at("j'ai déjà payé la moitié, le reste fin du mois")).toMatchObject({
      intent: "already_paid",
      date: null,
    });
  });

  it("reads short replies, negated objections and refusals of a plan the right way round", () => {
    expect(at("agent", "en").intent).toBe("human");
    expect(at("Bet 👍", "en").intent).toBe("accept");
    expect(at("I have no objection", "en").intent).toBe("accept");
    expect(at("pas de souci, on fait comme ça").intent).toBe("accept");
    expect(at("I'll pass on the payment plan", "en").intent).toBe("decline");
    expect(at("je ne veux pas d'échéancier").intent).toBe("decline");
  });

  it("says how sure it is", () => {
    expect(at("STOP").confidence).toBe(0.9);
    expect(at("j'ai déjà payé, arrêtez de m'écrire").confidence).toBe(0.8);
    expect(at("hmm").confidence).toBe(0);
  });
});
