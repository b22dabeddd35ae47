import { describe, expect, it } from "vitest";
import type { OwnerMessage } from "../../../src/core/messages.ts";
import type { Locale } from "../../../src/core/types.ts";
import { LOCALES, type RenderContext, renderOwnerMessage } from "../../../src/messages/index.ts";
import {
  context,
  ownerExampleByKind as exampleByKind,
  ownerExamples,
  planRequest,
  ownerSubjects as subjects,
} from "./fixtures.ts";

const ctxFor = (locale: Locale): RenderContext => ({ ...context, locale });
const visible = (text: string): string => text.replace(/[\u202f\u00a0]/g, " ");

const messages: OwnerMessage[] = ownerExamples();
const cases = LOCALES.flatMap((locale) =>
  messages.map((message) => ({ locale, kind: message.kind, message })),
);

describe("owner messages", () => {
  it.each(cases)(
    "render $kind in $locale with a title, a body and the client",
    ({ locale, message }) => {
      const text = renderOwnerMessage(message, ctxFor(locale));
      expect(text.title.length).toBeGreaterThan(5);
      expect(text.body).toContain("F-2026-042");
      expect(text.fields.map((f) => f.value)).toContain("Mme Martin");
      const all = [text.title, text.body, ...text.fields.flatMap((f) => [f.label, f.value])].join(
        "\n",
      );
      expect(all).not.toMatch(/[{}]|undefined|NaN|\u2068|\u2069/);
    },
  );

  it("gives a distinct title for each approval subject", () => {
    for (const locale of LOCALES) {
      const titles = subjects.map(
        (subject) => renderOwnerMessage({ ...planRequest, subject }, ctxFor(locale)).title,
      );
      expect(new Set(titles).size).toBe(subjects.length);
    }
  });

  it("shows each policy breach in its own unit", () => {
    const fields = renderOwnerMessage(planRequest, ctxFor("fr")).fields;
    const breaches = visible(fields.find((f) => f.label === "Hors politique")?.value ?? "");
    expect(breaches.split("\n")).toEqual([
      "Nombre d'échéances : 12 (maximum 6)",
      "Montant d'une échéance : 25,00 € (minimum 50,00 €)",
      "Durée de l'échéancier : 1 jour (maximum 180 jours)",
      "Fréquence : tous les 7 jours (non prévue par votre politique)",
      "Remise : 50,00 € (aucune sans votre accord)",
    ]);
  });

  it("lays out the client's proposal, the exact terms and the reason for the owner", () => {
    const fields = renderOwnerMessage(planRequest, ctxFor("en")).fields;
    const byLabel = new Map(fields.map((f) => [f.label, f.value]));
    expect(byLabel.get("Client's proposal")).toBe("€100.00 per month, in 12 payments");
    expect(visible(byLabel.get("Terms") ?? "")).toContain(
      "– 1 December 2026: €246.91 (down payment)",
    );
    expect(byLabel.get("Reason")).toBe("Cash-flow difficulty");
    expect(byLabel.get("Amount due")).toBe("€1,234.56");
    expect(byLabel.get("Request")).toBe("req_42");
  });

  it("says when the client gave no reason", () => {
    const fields = renderOwnerMessage({ ...planRequest, reason: null }, ctxFor("fr")).fields;
    expect(fields.find((f) => f.label === "Motif")?.value).toBe("Non précisé");
  });

  it("says when the client gave no details", () => {
    const fields = renderOwnerMessage(exampleByKind.already_paid_claim, ctxFor("en")).fields;
    expect(fields.find((f) => f.label === "Client's message")?.value).toBe("(no details yet)");
  });

  it("counts the days late with the right plural", () => {
    const one = renderOwnerMessage(
      { kind: "personal_contact", amountDueMinor: 1, daysLate: 1 },
      ctxFor("en"),
    );
    expect(one.body).toContain("is 1 day late");
    const many = renderOwnerMessage(exampleByKind.personal_contact, ctxFor("fr"));
    expect(many.body).toContain("a 15 jours de retard");
  });
});
