import { describe, expect, it } from "vitest";
import { webchatAddress } from "../../../bot/webchat/address.ts";
import { WebchatDelivery } from "../../../bot/webchat/delivery.ts";
import { webchatMessageBodySchema } from "../../../bot/webchat/message-body.ts";
import { renderChatPage, renderNotFoundPage } from "../../../bot/webchat/page.ts";
import { cspHash, PAGE_CSP, PAGE_SCRIPT, PAGE_STYLE } from "../../../bot/webchat/page-assets.ts";
import {
  renderWebchatChrome,
  renderWebchatNotFound,
} from "../../../src/messages/render-webchat.ts";
import { DeliveryError } from "../../../src/runtime/delivery.ts";

describe("the web chat page", () => {
  it("escapes a hostile business name in the markup and in the script's data block", () => {
    const name = `</script><img src=x onerror=alert(1)> "Dupont" & Fils`;
    const html = renderChatPage(renderWebchatChrome("fr", name));
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;");
    const block = /<script type="application\/json" id="webchat-config">(.*?)<\/script>/s.exec(
      html,
    );
    expect(JSON.parse(block?.[1] ?? "null").bot).toBe(name);
    // Exactly two <script> elements: the data block and the hashed script.
    expect(html.match(/<script/g)?.length).toBe(2);
  });

  it("is allowed to run only its own inline script and style, by hash", () => {
    expect(PAGE_CSP).toContain(`script-src ${cspHash(PAGE_SCRIPT)}`);
    expect(PAGE_CSP).toContain(`style-src ${cspHash(PAGE_STYLE)}`);
    expect(PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // The script is a template literal itself: an unexpanded placeholder would be a bug.
    expect(PAGE_SCRIPT).not.toContain("${");
    expect(PAGE_SCRIPT).toContain("document.hidden ? 10000 : soon");
    expect(PAGE_SCRIPT).toContain("burstUntil ? 300 : 2000");
  });

  it("labels the composer and announces new messages", () => {
    const html = renderChatPage(renderWebchatChrome("en", "Acme"));
    expect(html).toContain('<label class="sr-only" for="message">Your message</label>');
    expect(html).toMatch(
      /<ol id="log" role="log" aria-live="polite"[^>]*aria-label="Conversation"/,
    );
    expect(html).toContain('role="group" aria-label="Suggested replies"');
    expect(html).toContain('<p id="status" role="status">Connecting…</p>');
  });

  it("says an unknown link is unknown in French and in English", () => {
    const html = renderNotFoundPage(renderWebchatNotFound());
    expect(html).toContain('<section lang="fr">');
    expect(html).toContain('<section lang="en">');
    expect(html).toContain("Lien introuvable");
    expect(html).toContain("Link not found");
    expect(html).not.toContain("<script");
  });
});

describe("the web chat address", () => {
  it("is stable for a token, differs between tokens, and never contains the token", () => {
    const token = "AbCdEfGhIjKlMnOpQrStUvWx";
    expect(webchatAddress(token)).toBe(webchatAddress(token));
    expect(webchatAddress(token)).toMatch(/^wc_[0-9a-f]{16}$/);
    expect(webchatAddress(`${token}y`)).not.toBe(webchatAddress(token));
    expect(webchatAddress(token)).not.toContain(token);
  });
});

describe("what the page may post", () => {
  const id = "0b5c8a52-1d2e-4f60-8a7b-9c0d1e2f3a4b";
  it("is a text or a button, with a uuid", () => {
    expect(webchatMessageBodySchema.safeParse({ id, text: "stop" }).success).toBe(true);
    expect(webchatMessageBodySchema.safeParse({ id, button: "aB3_-x" }).success).toBe(true);
    expect(webchatMessageBodySchema.safeParse({ id, text: "😀".repeat(2_000) }).success).toBe(true);
    expect(webchatMessageBodySchema.safeParse({ id, text: "😀".repeat(2_001) }).success).toBe(
      false,
    );
    expect(webchatMessageBodySchema.safeParse({ id }).success).toBe(false);
    expect(webchatMessageBodySchema.safeParse({ id, text: "a", button: "b" }).success).toBe(false);
    expect(webchatMessageBodySchema.safeParse({ id: "1", text: "a" }).success).toBe(false);
  });
});

describe("web chat delivery", () => {
  it("gives every card a fresh id and treats a cleared keyboard as done", async () => {
    const delivery = new WebchatDelivery();
    const card = {
      op: "send_card" as const,
      channel: "webchat" as const,
      address: "wc_0123456789abcdef",
      messageKind: "welcome",
      automated: false,
      card: { text: "Bonjour", buttons: [] },
    };
    const a = await delivery.deliver(card);
    const b = await delivery.deliver(card);
    expect(a.externalId).toMatch(/^wc_/);
    expect(a.externalId).not.toBe(b.externalId);
    expect(
      await delivery.deliver({
        op: "clear_buttons",
        channel: "webchat",
        address: "wc_0123456789abcdef",
        externalMessageId: "x",
        chosenLabel: null,
      }),
    ).toEqual({ externalId: null });
  });

  it("refuses another channel's op for good", async () => {
    const error = await new WebchatDelivery()
      .deliver({
        op: "send_card",
        channel: "telegram",
        address: "1",
        messageKind: "welcome",
        automated: false,
        card: { text: "Bonjour", buttons: [] },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure.kind).toBe("permanent");
  });
});
