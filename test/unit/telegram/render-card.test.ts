import { describe, expect, it } from "vitest";
import {
  fitUtf16,
  listRowText,
  renderCard,
  TELEGRAM_LIST_ROW_MAX,
  TELEGRAM_TEXT_MAX,
  TelegramCardError,
} from "../../../bot/telegram/render-card.ts";

const button = (label: string, token = `t_${label.length}`) => ({ label, token });

describe("renderCard", () => {
  it("sends the text as plain text, with no parse mode", () => {
    const { message } = renderCard({ text: "Bonjour *Zoé_*, [montant dû](x)", buttons: [] });
    expect(message).toEqual({ text: "Bonjour *Zoé_*, [montant dû](x)" });
    expect(message).not.toHaveProperty("parse_mode");
    expect(message).not.toHaveProperty("reply_markup");
  });

  it("puts short primary buttons two to a row, with the tokens as callback data", () => {
    const { message } = renderCard({
      text: "Montant dû : 120 €",
      buttons: [button("Payer", "p1"), button("Plan", "p2"), button("Promesse", "p3")],
    });
    expect(message.reply_markup?.inline_keyboard).toEqual([
      [
        { text: "Payer", callback_data: "p1" },
        { text: "Plan", callback_data: "p2" },
      ],
      [{ text: "Promesse", callback_data: "p3" }],
    ]);
  });

  it("puts primary buttons one to a row when any label is long", () => {
    const { message } = renderCard({
      text: "Why is the payment late?",
      buttons: [button("I forgot", "a"), button("Cash flow is tight", "b")],
    });
    expect(message.reply_markup?.inline_keyboard).toEqual([
      [{ text: "I forgot", callback_data: "a" }],
      [{ text: "Cash flow is tight", callback_data: "b" }],
    ]);
  });

  it("adds the list as one row per item after the primary buttons, its title ending the text", () => {
    const { message } = renderCard({
      text: "Choose a plan",
      buttons: [button("Pay now", "now")],
      list: {
        title: "Installment plans",
        items: [
          { label: "3 × 40 €", description: "monthly", token: "l1" },
          { label: "6 × 20 €", token: "l2" },
        ],
      },
    });
    expect(message.text).toBe("Choose a plan\n\nInstallment plans");
    expect(message.reply_markup?.inline_keyboard).toEqual([
      [{ text: "Pay now", callback_data: "now" }],
      [{ text: "3 × 40 € — monthly", callback_data: "l1" }],
      [{ text: "6 × 20 €", callback_data: "l2" }],
    ]);
  });

  it("refuses a token over 64 bytes before anything is sent", () => {
    const card = { text: "x", buttons: [button("Pay", "a".repeat(70))] };
    expect(() => renderCard(card)).toThrow(TelegramCardError);
    expect(() => renderCard(card)).toThrow(/64 bytes/);
  });

  it("counts the token limit in UTF-8 bytes, not characters", () => {
    expect(() => renderCard({ text: "x", buttons: [button("Pay", "é".repeat(33))] })).toThrow(
      TelegramCardError,
    );
    expect(() => renderCard({ text: "x", buttons: [button("Pay", "a".repeat(64))] })).not.toThrow();
  });

  it("truncates a text over 4096 UTF-16 code units, keeps the list title, and says so", () => {
    const rendered = renderCard({
      text: "word ".repeat(2000),
      buttons: [],
      list: { title: "Options", items: [{ label: "A", token: "a" }] },
    });
    expect(rendered.truncated).toBe(true);
    expect(rendered.message.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX);
    expect(rendered.message.text.endsWith("…\n\nOptions")).toBe(true);
  });

  it("leaves a text of exactly 4096 code units alone", () => {
    const rendered = renderCard({ text: "a".repeat(TELEGRAM_TEXT_MAX), buttons: [] });
    expect(rendered).toEqual({
      message: { text: "a".repeat(TELEGRAM_TEXT_MAX) },
      truncated: false,
    });
  });
});

describe("fitUtf16", () => {
  it("never cuts an emoji in half", () => {
    const { text, truncated } = fitUtf16("💶".repeat(10), 8);
    expect(truncated).toBe(true);
    expect(text).toBe("💶💶💶…");
    expect(text.length).toBeLessThanOrEqual(8);
  });

  it("never splits a family emoji made of several code points", () => {
    const family = "👨‍👩‍👧";
    const { text } = fitUtf16(family.repeat(3), family.length + 3);
    expect(text).toBe(`${family}…`);
  });
});

describe("listRowText", () => {
  it("joins label and description when they fit", () => {
    expect(listRowText("3 × 40 €", "every month")).toBe("3 × 40 € — every month");
  });

  it("shortens a long description at a word, keeping the label whole", () => {
    const row = listRowText("3 × 40 €", "first on 1 December, then every month until February");
    expect(row.startsWith("3 × 40 € — first on")).toBe(true);
    expect(row.endsWith("…")).toBe(true);
    expect([...row].length).toBeLessThanOrEqual(TELEGRAM_LIST_ROW_MAX);
    expect(row).not.toMatch(/\s…$/);
  });

  it("drops the description when the label leaves no room for it", () => {
    const label = "x".repeat(TELEGRAM_LIST_ROW_MAX - 5);
    expect(listRowText(label, "monthly payments")).toBe(label);
  });

  it("cuts a label that alone is too long", () => {
    const row = listRowText("y".repeat(60));
    expect([...row].length).toBe(TELEGRAM_LIST_ROW_MAX);
    expect(row.endsWith("…")).toBe(true);
  });
});
