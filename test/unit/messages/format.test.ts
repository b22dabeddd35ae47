import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDayMonth,
  formatInstant,
  formatMoney,
  formatShortDate,
} from "../../../src/messages/index.ts";

/**
 * Node's ICU separates French thousands with U+202F (narrow no-break space) and puts U+00A0 before
 * "€". We keep those (they stop an amount from wrapping) and compare what a reader sees.
 */
const visible = (text: string): string => text.replace(/[\u202f\u00a0]/g, " ");

describe("formatMoney", () => {
  it("shows euros the French way: 1 234,56 €", () => {
    expect(visible(formatMoney(123_456, "EUR", "fr"))).toBe("1 234,56 €");
  });

  it("shows euros the English way: €1,234.56", () => {
    expect(formatMoney(123_456, "EUR", "en")).toBe("€1,234.56");
  });

  it("keeps French thousands apart with a no-break space so an amount never wraps", () => {
    expect(formatMoney(123_456, "EUR", "fr")).not.toContain(" ");
  });

  it("formats large amounts exactly, cents included", () => {
    expect(formatMoney(123_456_789_012, "EUR", "en")).toBe("€1,234,567,890.12");
    expect(formatMoney(5, "EUR", "en")).toBe("€0.05");
  });

  it("uses the currency's own minor unit (yen have none)", () => {
    expect(formatMoney(1_500, "JPY", "en")).toBe("JP¥1,500");
  });

  it("refuses a fractional number of minor units", () => {
    expect(() => formatMoney(12.5, "EUR", "fr")).toThrow(RangeError);
  });
});

describe("formatDate", () => {
  it("writes a calendar day in words: 15 décembre 2026 / 15 December 2026", () => {
    expect(formatDate("2026-12-15", "fr")).toBe("15\u00a0décembre\u00a02026");
    expect(formatDate("2026-12-15", "en")).toBe("15\u00a0December\u00a02026");
  });

  it("writes the first of the month as « 1er » in French", () => {
    expect(formatDate("2027-01-01", "fr")).toBe("1er\u00a0janvier\u00a02027");
    expect(formatDate("2027-01-01", "en")).toBe("1\u00a0January\u00a02027");
  });

  it("rejects a day that does not exist", () => {
    expect(() => formatDate("2026-02-30", "fr")).toThrow(RangeError);
    expect(() => formatDate("15/12/2026", "fr")).toThrow(RangeError);
  });

  it("binds day, month and year with no-break spaces, so a phone never wraps inside a date", () => {
    for (const locale of ["fr", "en"] as const) {
      expect(formatDate("2026-11-18", locale)).not.toContain(" ");
      expect(formatDayMonth("2026-11-18", locale)).toBe(
        locale === "fr" ? "18\u00a0novembre" : "18\u00a0November",
      );
    }
  });

  it("gives a short day for buttons", () => {
    expect(formatShortDate("2026-12-15", "fr")).toBe("15\u00a0déc.");
    expect(formatShortDate("2026-12-15", "en")).toBe("15\u00a0Dec");
  });
});

describe("formatInstant", () => {
  it("shows an instant in the debtor's zone, not UTC", () => {
    expect(formatInstant("2026-12-15T23:30:00.000Z", "fr", "Europe/Paris")).toBe(
      "16 décembre 2026 à 00:30",
    );
    expect(formatInstant("2026-12-15T23:30:00.000Z", "en", "America/New_York")).toBe(
      "15 December 2026 at 18:30",
    );
  });
});

describe("formatMoney on any amount", () => {
  it("never loses or invents a cent, in either locale", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom("fr", "en"),
        (minor, locale) => {
          const text = formatMoney(minor, "EUR", locale as "fr" | "en");
          expect(text.replace(/\D/g, "")).toBe(Math.abs(minor).toString().padStart(3, "0"));
          expect(text.includes("-")).toBe(minor < 0);
        },
      ),
    );
  });
});
