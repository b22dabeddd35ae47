import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildBundles } from "../../../src/messages/bundle.ts";
import { messageIds, t } from "../../../src/messages/index.ts";

const FSI = "\u2068";
const PDI = "\u2069";

describe("the Fluent catalogues", () => {
  it("hold exactly the same message ids in French and English", () => {
    expect([...messageIds("en")].sort()).toEqual([...messageIds("fr")].sort());
    expect(messageIds("fr").size).toBeGreaterThan(50);
  });

  it("hold no message the renderers never use", () => {
    const dir = new URL("../../../src/messages/", import.meta.url);
    const source = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(new URL(f, dir), "utf8"))
      .join("\n");
    const catalogue = readFileSync(new URL("locales/fr.ftl", dir), "utf8");
    // Owner texts are looked up as `${id}-title` / `${id}-body`; some messages reference others.
    // A wording variant (`<id>--<key>`) is said wherever its message is.
    const used = (id: string): boolean =>
      (id.includes("--") && used(id.slice(0, id.indexOf("--")))) ||
      source.includes(`"${id}"`) ||
      source.includes(`"${id.replace(/-(title|body)$/, "")}"`) ||
      catalogue.includes(`{ ${id} }`);
    expect([...messageIds("fr")].filter((id) => !used(id))).toEqual([]);
  });

  it("never put bidi isolation marks around interpolated values", () => {
    const text = t("fr", "invoice-details", {
      business: "Atelier Dupont",
      debtor: "Mme Martin",
      invoice: "F-1",
      amount: "12,00 €",
      dueDate: "15 décembre 2026",
    });
    expect(text).toContain("facture F-1\u00a0: montant dû 12,00 €, échéance le 15 décembre 2026.");
    expect(text).not.toMatch(new RegExp(`[${FSI}${PDI}]`));
  });

  it("picks plural forms: one installment, several installments", () => {
    const args = { total: "10 €" };
    expect(t("fr", "terms-installments", { ...args, count: 1 })).toBe(
      "10 € en une échéance\u00a0:",
    );
    expect(t("fr", "terms-installments", { ...args, count: 3 })).toBe("10 € en 3 échéances\u00a0:");
    expect(t("en", "proposal-count", { count: 1 })).toBe("in one payment");
    expect(t("fr", "proposal-count", { count: 1 })).toBe("en une fois");
    expect(t("en", "proposal-count", { count: 6 })).toBe("in 6 payments");
  });

  it("throws on an unknown id or a missing variable instead of showing a broken message", () => {
    expect(() => t("fr", "no-such-message")).toThrow(/unknown message "no-such-message"/);
    expect(() => t("en", "paid-in-full", {})).toThrow(/paid-in-full/);
  });
});

describe("loading catalogues", () => {
  it("fails fast, listing every syntax error and every id missing from a locale", () => {
    const fr = { file: "fr.ftl", text: "hello = Bonjour\nbroken = { $x\nonly-fr = Seulement\n" };
    const en = { file: "en.ftl", text: "hello = Hello\nbroken = fine\nthis line is junk\n" };
    let message = "";
    try {
      buildBundles({ fr, en });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('fr.ftl:2: syntax error in "broken"');
    expect(message).toContain("en.ftl:3: syntax error, not an entry or comment");
    expect(message).toContain('en.ftl: missing message "only-fr"');
  });

  it("finds wording variants, and refuses one without its message or one named 'a'", () => {
    const good = buildBundles({
      fr: { file: "fr.ftl", text: "hello = Bonjour\nhello--b = Salut\nhello--warm = Coucou\n" },
      en: { file: "en.ftl", text: "hello = Hello\nhello--b = Hi\nhello--warm = Hey there\n" },
    });
    expect(good.variants.get("hello")).toEqual(["a", "b", "warm"]);
    let message = "";
    try {
      buildBundles({
        fr: { file: "fr.ftl", text: "hello = Bonjour\nhello--a = Salut\nbye--b = Ciao\n" },
        en: { file: "en.ftl", text: "hello = Hello\nhello--a = Hi\nbye--b = Bye\n" },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('variant "a" is the message "hello" itself');
    expect(message).toContain('variant "bye--b" has no message "bye"');
  });

  it("reports a message defined twice", () => {
    const text = "hello = Bonjour\nhello = Salut\n";
    expect(() =>
      buildBundles({ fr: { file: "fr.ftl", text }, en: { file: "en.ftl", text: "hello = Hi\n" } }),
    ).toThrow(/hello/);
  });

  it("accepts well-formed catalogues with terms, comments and selectors", () => {
    const text =
      "# note\n-brand = Relance\nhello = { -brand } { $n ->\n    [one] un\n   *[other] plusieurs\n  }\n";
    const loaded = buildBundles({ fr: { file: "fr.ftl", text }, en: { file: "en.ftl", text } });
    expect([...loaded.ids.fr]).toEqual(["hello"]);
  });
});
