import { renderEmailWords } from "../../src/messages/index.ts";
import type { OutboundOp } from "../../src/runtime/index.ts";

/** One e-mail: plain text and a simple HTML part from the same words, and its headers. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Where the links of an e-mail point: `${publicUrl}/chat/<token>` and `/unsubscribe/<token>`. */
export function emailUrls(publicUrl: string, webchatToken: string) {
  return {
    chat: `${publicUrl}/chat/${webchatToken}`,
    unsubscribe: `${publicUrl}/unsubscribe/${webchatToken}`,
  };
}

/**
 * A notice card as an e-mail. The one-click unsubscribe of RFC 8058: `List-Unsubscribe` with the
 * HTTPS link and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so a mail client's
 * "unsubscribe" POSTs to it without opening anything.
 */
export function renderEmail(
  op: Extract<OutboundOp, { op: "send_card" }>,
  publicUrl: string,
  webchatToken: string,
): RenderedEmail {
  const summary = op.summary;
  const locale = op.locale ?? summary?.locale ?? "fr";
  const urls = emailUrls(publicUrl, webchatToken);
  const choices = [
    ...op.card.buttons.map((b) => b.label),
    ...(op.card.list?.items ?? []).map((i) => i.label),
  ];
  const words = renderEmailWords({
    locale,
    business: summary?.businessName ?? "",
    invoice: summary?.invoiceNumber ?? "",
    cardText: op.card.text,
    choices,
    chatUrl: urls.chat,
    unsubscribeUrl: urls.unsubscribe,
  });
  const paragraphs = [words.body, words.chatLink, words.choices, words.unsubscribe].filter(
    (p): p is string => p !== null && p !== "",
  );
  const text = `${paragraphs.join("\n\n")}\n`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(words.subject)}</title></head>`,
    `<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36em">`,
    ...words.body.split("\n\n").map((block) => `<p>${lines(block)}</p>`),
    `<p><a href="${escapeHtml(urls.chat)}">${escapeHtml(words.chatLink)}</a></p>`,
    ...(words.choices === null ? [] : [`<p>${escapeHtml(words.choices)}</p>`]),
    `<p style="font-size: 0.85em; color: #555"><a href="${escapeHtml(urls.unsubscribe)}">${escapeHtml(words.unsubscribe)}</a></p>`,
    `</body></html>`,
  ].join("\n");
  return {
    subject: words.subject,
    text,
    html,
    headers: {
      "List-Unsubscribe": `<${urls.unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      // Automated: auto-responders must not answer it (RFC 3834).
      "Auto-Submitted": "auto-generated",
    },
  };
}

function lines(block: string): string {
  return block.split("\n").map(escapeHtml).join("<br>");
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
