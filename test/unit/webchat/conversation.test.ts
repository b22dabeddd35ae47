import { describe, expect, it } from "vitest";
import { conversationView, parseAfter } from "../../../bot/webchat/conversation.ts";
import type { StoredChatMessage } from "../../../src/runtime/ports/webchat.ts";

const at = new Date("2026-11-23T10:00:00Z");
const card = (text: string, token: string) => ({
  text,
  buttons: [{ label: "Oui", token }],
  list: { title: "Autres", items: [{ label: "Non", token: `${token}n` }] },
});
const out = (id: string, c: unknown, text: string | null = null): StoredChatMessage => ({
  id,
  direction: "out",
  text,
  card: c,
  at,
});

describe("the page's view of a conversation", () => {
  it("keeps the buttons and list of the newest bot message only", () => {
    const view = conversationView({
      messages: [
        out("m1", card("Première", "t1")),
        { id: "m2", direction: "in", text: "bonjour", card: null, at },
        out("m3", card("Seconde", "t3")),
      ],
      liveBotMessageId: "m3",
    });
    expect(view.map((m) => [m.from, m.text, m.buttons.length, m.list !== undefined])).toEqual([
      ["bot", "Première", 0, false],
      ["you", "bonjour", 0, false],
      ["bot", "Seconde", 1, true],
    ]);
    expect(view[2]?.at).toBe("2026-11-23T10:00:00.000Z");
  });

  it("shows no button at all when the newest bot message is not on this page", () => {
    const view = conversationView({
      messages: [out("m1", card("Ancienne", "t1"))],
      liveBotMessageId: "m9",
    });
    expect(view[0]?.buttons).toEqual([]);
  });

  it("falls back to the stored text when a card does not parse", () => {
    const view = conversationView({
      messages: [out("m1", { nonsense: true }, "texte seul")],
      liveBotMessageId: "m1",
    });
    expect(view[0]).toMatchObject({ from: "bot", text: "texte seul", buttons: [] });
  });
});

describe("the ?after= cursor", () => {
  it("reads a message id or a zoned ISO instant, and nothing else", () => {
    expect(parseAfter(undefined)).toBeNull();
    expect(parseAfter("")).toBeNull();
    expect(parseAfter("0B5C8A52-1D2E-4F60-8A7B-9C0D1E2F3A4B")).toEqual({
      kind: "message",
      id: "0b5c8a52-1d2e-4f60-8a7b-9c0d1e2f3a4b",
    });
    expect(parseAfter("2026-11-23T10:00:00.123Z")).toEqual({
      kind: "instant",
      at: new Date("2026-11-23T10:00:00.123Z"),
    });
    expect(parseAfter("2026-11-23T11:00+01:00")).toEqual({
      kind: "instant",
      at: new Date("2026-11-23T10:00:00Z"),
    });
    for (const bad of ["2026-11-23", "yesterday", "2026-11-23T10:00:00", "2026-13-45T99:00Z"]) {
      expect(parseAfter(bad), bad).toBe("invalid");
    }
  });
});
