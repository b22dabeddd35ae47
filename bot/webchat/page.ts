import type { WebchatChrome } from "../../src/messages/index.ts";
import { PAGE_SCRIPT, PAGE_STYLE } from "./page-assets.ts";

/** Text into HTML, attribute-safe. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON inside a <script> data block: nothing in it may close the element or start a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const HEAD = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">`;

/**
 * The chat page: a header, the conversation (a live log, so screen readers announce new
 * messages), the reply buttons of the newest bot message, a status line and the composer.
 * Messages arrive from the script; the HTML carries only the wording.
 */
export function renderChatPage(chrome: WebchatChrome): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${e(chrome.lang)}">
<head>
${HEAD}
<title>${e(chrome.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><div>
<h1>${e(chrome.title)}</h1>
<p>${e(chrome.intro)}</p>
</div></header>
<main>
<ol id="log" role="log" aria-live="polite" aria-relevant="additions" aria-label="${e(chrome.conversation)}"></ol>
<div id="actions" role="group" aria-label="${e(chrome.options)}" hidden></div>
<p id="status" role="status">${e(chrome.connecting)}</p>
<form id="composer" action="#" autocomplete="off">
<label class="sr-only" for="message">${e(chrome.inputLabel)}</label>
<textarea id="message" name="message" rows="1" required enterkeyhint="send" placeholder="${e(chrome.placeholder)}"></textarea>
<button type="submit">${e(chrome.send)}</button>
</form>
</main>
<script type="application/json" id="webchat-config">${scriptJson(chrome)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** An unknown or expired link, said in every locale: we cannot know the reader's. */
export function renderNotFoundPage(
  texts: readonly { readonly lang: string; readonly title: string; readonly body: string }[],
): string {
  const e = escapeHtml;
  const first = texts[0];
  return `<!doctype html>
<html lang="${e(first?.lang ?? "fr")}">
<head>
${HEAD}
<title>${texts.map((t) => e(t.title)).join(" · ")}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main class="notfound">
${texts
  .map(
    (t) => `<section lang="${e(t.lang)}">
<h1>${e(t.title)}</h1>
<p>${e(t.body)}</p>
</section>`,
  )
  .join("\n")}
</main>
</body>
</html>
`;
}
