import { describe, expect, it } from "vitest";
import { normalize } from "../../../src/core/interpret/normalize.ts";
import { numbersAsDigits } from "../../../src/core/interpret/number-words.ts";

const digits = (text: string) => numbersAsDigits(normalize(text));

describe("numbers written in words", () => {
  it.each([
    ["deux cent cinquante euros", "250 euros"],
    ["vingt et un euros", "21 euros"],
    ["quatre-vingt-dix-sept", "97"],
    ["quatre-vingts euros", "80 euros"],
    ["soixante-dix", "70"],
    ["septante-cinq", "75"],
    ["huitante", "80"],
    ["nonante-cinq", "95"],
    ["mille deux cents euros", "1200 euros"],
    ["a hundred and twenty-five a week", "125 a week"],
    ["one thousand two hundred euros", "1200 euros"],
    ["three hundred and fifty", "350"],
    ["fifteen hundred", "1500"],
    ["en trois fois", "en 3 fois"],
  ])("reads %j as %j", (text, expected) => {
    expect(digits(text)).toBe(expected);
  });

  it("marks 1k, 1,5k and 2.5k as money in thousands", () => {
    expect(digits("1k")).toBe("1000¤");
    expect(digits("1,5k€")).toBe("1500¤€");
    expect(digits("2.5k")).toBe("2500¤");
  });

  it("leaves articles, the coin and the month alone", () => {
    expect(digits("une semaine")).toBe("une semaine");
    expect(digits("a week")).toBe("a week");
    expect(digits("50 cents")).toBe("50 cents");
    expect(digits("le 5 sept")).toBe("le 5 septembre");
    expect(digits("un échéancier")).toBe("un echeancier");
  });
});
