import { describe, expect, it } from "vitest";
import { hasControlCharacter, stripControlCharacters } from "../../src/intake/fields.ts";

describe("text Postgres cannot store", () => {
  it("finds NUL, C0 controls and lone surrogates, and lets emoji and accents through", () => {
    expect(hasControlCharacter("A\u0000B")).toBe(true);
    expect(hasControlCharacter("Qxzvwk\udfff")).toBe(true);
    expect(hasControlCharacter("\ud83dQ")).toBe(true);
    expect(hasControlCharacter("Réglé 👍\tmerci\n")).toBe(false);
  });

  it("strips them from chat text and keeps the rest", () => {
    expect(stripControlCharacters("ok\udfff 👍\u0007")).toBe("ok 👍");
  });
});
