import { describe, expect, it } from "vitest";
import { interpret } from "../../../src/core/interpret/index.ts";

/** Monday 23 November 2026, 11:00 in Paris. */
const monday = { now: new Date("2026-11-23T10:00:00Z"), timezone: "Europe/Paris", currency: "EUR" };

function paydayOf(text: string, locale: "fr" | "en" = "fr") {
  return interpret(text, { ...monday, locale }).payday ?? null;
}

describe("when the debtor is paid, from what they wrote", () => {
  it.each([
    ["le 5 du mois", "fr"],
    ["je suis payé le 5", "fr"],
    ["je suis payée le 5 de chaque mois", "fr"],
    ["mon salaire tombe le 5", "fr"],
    ["I get paid on the 5th", "en"],
    ["payday is the 5th of the month", "en"],
  ] as const)("'%s' states a payday on the 5th", (text, locale) => {
    expect(paydayOf(text, locale)).toEqual({
      rule: { kind: "day_of_month", day: 5 },
      stated: true,
    });
  });

  it.each([
    ["toutes les deux semaines le vendredi", "fr"],
    ["un vendredi sur deux", "fr"],
    ["every other Friday", "en"],
    ["I'm paid fortnightly on Fridays", "en"],
  ] as const)("'%s' states a payday every other Friday, from the coming one", (text, locale) => {
    expect(paydayOf(text, locale)).toEqual({
      rule: { kind: "biweekly", weekday: 5, anchor: "2026-11-27" },
      stated: true,
    });
  });

  it.each([
    ["je suis payé en fin de mois", "fr"],
    ["à chaque fin de mois", "fr"],
    ["I get paid at the end of the month", "en"],
  ] as const)("'%s' states a payday at the end of the month", (text, locale) => {
    expect(paydayOf(text, locale)).toEqual({ rule: { kind: "month_end" }, stated: true });
  });

  it("'tous les vendredis' and 'every Friday' are a weekly payday", () => {
    expect(paydayOf("je suis payé tous les vendredis")).toEqual({
      rule: { kind: "weekly", weekday: 5 },
      stated: true,
    });
    expect(paydayOf("every Friday", "en")?.rule).toEqual({ kind: "weekly", weekday: 5 });
  });

  it("a bare day is a payday only as the answer to the question: it is not stated", () => {
    expect(paydayOf("le 5")).toEqual({ rule: { kind: "day_of_month", day: 5 }, stated: false });
    expect(paydayOf("fin du mois")).toEqual({ rule: { kind: "month_end" }, stated: false });
    expect(paydayOf("at the end of the month", "en")?.stated).toBe(false);
    // A promise for the end of the month stays a promise.
    const promise = interpret("je paierai fin du mois", { ...monday, locale: "fr" });
    expect(promise.date).toBe("2026-11-30");
    expect(promise.payday?.stated).toBe(false);
  });

  it("a payment made, an amount or a dated day is no payday", () => {
    expect(paydayOf("j'ai payé le 5")).toBeNull();
    expect(paydayOf("je paierai le 5 décembre")).toBeNull();
    expect(paydayOf("je peux payer 50 euros")).toBeNull();
    expect(paydayOf("en 3 fois")).toBeNull();
  });

  it("an amount a month with a payday keeps both", () => {
    const reading = interpret("je peux payer 100 euros par mois, je suis payé le 5", {
      ...monday,
      locale: "fr",
    });
    expect(reading).toMatchObject({ intent: "installments", amount: 10_000, period: "month" });
    expect(reading.payday).toEqual({ rule: { kind: "day_of_month", day: 5 }, stated: true });
  });
});
