import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { interpret, toMinorUnits } from "../../../src/core/interpret/index.ts";

const options = {
  locale: "fr",
  now: new Date("2026-11-23T10:00:00Z"),
  timezone: "Europe/Paris",
  currency: "EUR",
} as const;

function amountOf(text: string, locale: "fr" | "en" = "fr", currency = "EUR"): number | null {
  return interpret(text, { ...options, locale, currency }).amount;
}

describe("amounts in free text", () => {
  it.each([
    ["je peux payer 1 200,50 € demain", 120050],
    ["je peux payer 1\u202f200,50\u00a0€", 120050],
    ["I can pay 1,200.50 euros", 120050],
    ["je vous dois 1.200,50 €", 120050],
    ["200 euros", 20000],
    ["200€", 20000],
    ["€ 45", 4500],
    ["$1,000", 100000],
    ["£12.5", 1250],
    ["0,99 €", 99],
  ])("reads %j as %i minor units", (text, minor) => {
    expect(amountOf(text)).toBe(minor);
  });

  it("reads an amount without a currency sign when it is a rate or a payment size", () => {
    expect(amountOf("je peux payer 150 par mois")).toBe(15000);
    expect(amountOf("100 per week", "en")).toBe(10000);
    expect(amountOf("three payments of 400", "en")).toBe(40000);
    expect(amountOf("je peux verser 300")).toBe(30000);
  });

  it("does not read days, counts or durations as amounts", () => {
    expect(amountOf("je paierai le 15")).toBeNull();
    expect(amountOf("en 3 fois")).toBeNull();
    expect(amountOf("I can pay in 4 payments", "en")).toBeNull();
    expect(amountOf("I can do 3 monthly installments", "en")).toBeNull();
    expect(amountOf("payé le 20 par chèque")).toBeNull();
  });

  it("uses the currency's own minor unit", () => {
    expect(amountOf("je peux payer 1 500 € par mois", "fr", "EUR")).toBe(150000);
    expect(amountOf("je peux payer 1 500 par mois", "fr", "JPY")).toBe(1500);
  });

  it("turns any integer number of cents written the French or English way back into the same cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_99 }), fc.boolean(), (cents, french) => {
        const units = Math.floor(cents / 100);
        const fraction = String(cents % 100).padStart(2, "0");
        const grouped = units.toString().replace(/\B(?=(\d{3})+(?!\d))/g, french ? " " : ",");
        const written = french ? `${grouped},${fraction}` : `${grouped}.${fraction}`;
        expect(toMinorUnits(written, 2)).toBe(cents);
      }),
    );
  });
});
