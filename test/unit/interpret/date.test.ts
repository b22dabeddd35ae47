import { describe, expect, it } from "vitest";
import { interpret } from "../../../src/core/interpret/index.ts";

/** Monday 23 November 2026, 11:00 in Paris. */
const monday = { now: new Date("2026-11-23T10:00:00Z"), timezone: "Europe/Paris", currency: "EUR" };

function dateOf(text: string, locale: "fr" | "en" = "fr", at = monday): string | null {
  return interpret(text, { ...at, locale }).date;
}

describe("relative dates follow now in the debtor's zone", () => {
  it("takes the coming day for a plan", () => {
    expect(dateOf("je paierai le 15")).toBe("2026-12-15");
    expect(dateOf("je paierai le 30")).toBe("2026-11-30");
    expect(dateOf("je paie vendredi")).toBe("2026-11-27");
    expect(dateOf("je paie vendredi prochain")).toBe("2026-11-27");
    expect(dateOf("je règle fin du mois")).toBe("2026-11-30");
    expect(dateOf("I'll pay at the end of the month", "en")).toBe("2026-11-30");
    expect(dateOf("I'll pay on the 15th", "en")).toBe("2026-12-15");
    expect(dateOf("I'll pay on Friday", "en")).toBe("2026-11-27");
  });

  it("takes the last matching day for a payment already made", () => {
    expect(dateOf("j'ai déjà payé vendredi")).toBe("2026-11-20");
    expect(dateOf("j'ai payé le 18")).toBe("2026-11-18");
    expect(dateOf("I paid on the 25th", "en")).toBe("2026-10-25");
    expect(dateOf("I already paid on Friday", "en")).toBe("2026-11-20");
  });

  it("counts tomorrow from the debtor's calendar day, not from UTC", () => {
    // 23:30 UTC on 31 December is already 1 January in Paris, still 31 December in New York.
    const newYearsEve = new Date("2026-12-31T23:30:00Z");
    const paris = { now: newYearsEve, timezone: "Europe/Paris", currency: "EUR" };
    const newYork = { now: newYearsEve, timezone: "America/New_York", currency: "USD" };
    expect(dateOf("je paierai demain", "fr", paris)).toBe("2027-01-02");
    expect(dateOf("I'll pay tomorrow", "en", newYork)).toBe("2027-01-01");
  });

  it("skips to the next month that has the day", () => {
    const jan31 = {
      now: new Date("2027-01-31T09:00:00Z"),
      timezone: "Europe/Paris",
      currency: "EUR",
    };
    expect(dateOf("je paierai le 30", "fr", jan31)).toBe("2027-03-30");
  });

  it("does not make a date out of an amount, a count, a rate or 'now'", () => {
    expect(dateOf("je peux payer 15 € par mois")).toBeNull();
    expect(dateOf("en 3 fois")).toBeNull();
    expect(dateOf("£75 a week?", "en")).toBeNull();
    expect(dateOf("I'll pay now", "en")).toBeNull();
    expect(dateOf("my accountant sent it over last week", "en")).toBeNull();
  });
});
