import { describe, expect, it } from "vitest";
import { REENGAGEMENT_ERROR, rerouteFailed } from "../../../src/runtime/delivery-status.ts";
import type { OutboundOp } from "../../../src/runtime/outbound.ts";
import type { ChannelBinding } from "../../../src/runtime/store.ts";

/** Where a notice goes after its platform reported it failed (pure). */

const NOW = new Date("2026-11-23T10:00:00Z");
const summary = {
  locale: "fr" as const,
  businessName: "Atelier Lune",
  debtorName: "Camille Martin",
  invoiceNumber: "F-1",
  amountDue: "900,00 €",
  dueDate: "27 novembre 2026",
};
const failed = {
  op: "send_card",
  channel: "whatsapp",
  address: "33612345678",
  messageKind: "ladder_reminder",
  automated: true,
  locale: "fr",
  card: { text: "Bonjour, petit rappel.", buttons: [{ label: "Payer", token: "tok000000001" }] },
  summary,
} satisfies Extract<OutboundOp, { op: "send_card" }>;
const whatsapp: ChannelBinding = {
  channel: "whatsapp",
  address: "33612345678",
  boundAt: new Date("2026-11-01T10:00:00Z"),
  lastSeenAt: new Date("2026-11-23T09:00:00Z"),
};
const telegram: ChannelBinding = {
  channel: "telegram",
  address: "42",
  boundAt: new Date("2026-11-01T10:00:00Z"),
  lastSeenAt: new Date("2026-11-10T10:00:00Z"),
};
const webchat: ChannelBinding = {
  channel: "webchat",
  address: "wc_1",
  boundAt: new Date("2026-11-01T10:00:00Z"),
  lastSeenAt: null,
};

describe("a failed notice goes again", () => {
  it("as the template when the window had closed (131047), on the same number", () => {
    expect(rerouteFailed(failed, REENGAGEMENT_ERROR, [whatsapp, telegram], NOW)).toEqual({
      ...failed,
      viaTemplate: true,
    });
  });

  it("on the next channel for any other failure, or when the template itself failed", () => {
    const next = rerouteFailed(failed, 131026, [whatsapp, telegram], NOW);
    expect(next).toMatchObject({ channel: "telegram", address: "42", card: failed.card });
    expect(next).not.toHaveProperty("viaTemplate");
    const templateFailed = { ...failed, viaTemplate: true };
    expect(
      rerouteFailed(templateFailed, REENGAGEMENT_ERROR, [whatsapp, telegram], NOW)?.channel,
    ).toBe("telegram");
  });

  it("by e-mail with the web-chat link when no other chat pushes", () => {
    const next = rerouteFailed(failed, 131026, [whatsapp, webchat], NOW, {
      address: "camille@example.org",
      webchatToken: "AbCdEfGhIjKlMnOpQrStUvWx",
    });
    expect(next).toMatchObject({
      channel: "email",
      address: "camille@example.org",
      webchatToken: "AbCdEfGhIjKlMnOpQrStUvWx",
    });
  });

  it("nowhere when only the web chat is left: the caller records the debtor unreachable", () => {
    expect(rerouteFailed(failed, 131026, [whatsapp, webchat], NOW)).toBeNull();
    expect(rerouteFailed(failed, 131026, [whatsapp], NOW)).toBeNull();
  });
});
