import { describe, expect, it } from "vitest";
import { LOCALES, messageIds, t } from "../../../src/messages/index.ts";
import {
  frenchSpacing,
  frenchSpacingFaults,
  NBSP,
  NNBSP,
  typeset,
} from "../../../src/messages/typography.ts";

describe("French spacing, applied by the renderer", () => {
  it("puts a no-break space before ':' and a narrow one before ; ! ? (Imprimerie nationale)", () => {
    expect(frenchSpacing("Tout va bien ? Oui !")).toBe(`Tout va bien${NNBSP}? Oui${NNBSP}!`);
    expect(frenchSpacing("Pour régler :")).toBe(`Pour régler${NBSP}:`);
    expect(frenchSpacing("Merci; à bientôt")).toBe(`Merci${NNBSP}; à bientôt`);
    expect(frenchSpacing("« le 15 janvier »")).toBe(`«${NNBSP}le 15 janvier${NNBSP}»`);
  });

  it("adds the space a translator forgot, and replaces a breaking one", () => {
    expect(frenchSpacing("Vraiment?")).toBe(`Vraiment${NNBSP}?`);
    expect(frenchSpacing("«oui»")).toBe(`«${NNBSP}oui${NNBSP}»`);
  });

  it("leaves links, times, runs of marks and already-correct text alone", () => {
    expect(frenchSpacing("En ligne : https://pay.example/i/F-1?x=1")).toBe(
      `En ligne${NBSP}: https://pay.example/i/F-1?x=1`,
    );
    expect(frenchSpacing("à 09:30")).toBe("à 09:30");
    expect(frenchSpacing("Vraiment ?!")).toBe(`Vraiment${NNBSP}?!`);
    const once = frenchSpacing("Merci ! Pour régler : « ici ».");
    expect(frenchSpacing(once)).toBe(once);
  });

  it("keeps « n° » with its number", () => {
    expect(typeset("l'échéance n° 2", "fr")).toBe(`l'échéance n°${NBSP}2`);
  });

  it("does nothing to English", () => {
    expect(typeset("To pay: now!", "en")).toBe("To pay: now!");
  });

  it("finds what is missing, so a regression fails the card tests", () => {
    expect(frenchSpacingFaults("Tout va bien ?")).toHaveLength(1);
    expect(frenchSpacingFaults("Pour régler:")).toHaveLength(1);
    expect(frenchSpacingFaults("« ici »")).toHaveLength(2);
    expect(frenchSpacingFaults(frenchSpacing("Tout va bien ? « ici » : oui ; non !"))).toEqual([]);
  });

  it("reaches every French message, without anyone typing a no-break space", () => {
    for (const locale of LOCALES) {
      for (const id of messageIds(locale)) {
        let text: string;
        try {
          text = t(locale, id);
        } catch {
          continue; // needs variables: covered by the card tests
        }
        if (locale === "fr") expect(frenchSpacingFaults(text), id).toEqual([]);
        else expect(text, id).not.toMatch(/[\u202f]/);
      }
    }
  });
});
