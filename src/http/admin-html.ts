import { createHash } from "node:crypto";
import { VIEWS_STYLE } from "./admin/views-style.ts";

/** Text into HTML, attribute-safe: every value on an admin page goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The one inline stylesheet of the admin pages. It is a constant, so the CSP allows it by its
 * SHA-256 hash (as the web-chat page does): no nonce, no external asset, no script at all.
 */
export const ADMIN_STYLE = `
:root{color-scheme:light dark;font:14px/1.45 system-ui,sans-serif}
body{margin:0 auto;padding:1rem;max-width:90rem}
header{display:flex;gap:1.5rem;align-items:baseline;flex-wrap:wrap;border-bottom:1px solid #8884;margin-bottom:1rem}
header h1{font-size:1.2rem;margin:.5rem 0}
nav a{margin-right:1rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #8883;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
form.filters{display:flex;gap:.75rem;flex-wrap:wrap;align-items:end;margin-bottom:1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem}
pre{white-space:pre-wrap;border:1px solid #8886;padding:.75rem;max-width:60rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
.ok{color:#197a3a}.bad{color:#b3261e;font-weight:600}
.muted{opacity:.7}
`;

function cspHash(content: string): string {
  return `'sha256-${createHash("sha256").update(content, "utf8").digest("base64")}'`;
}

/** Nothing may load or run but the stylesheet above; the filter form may only submit here. */
export const ADMIN_CSP = [
  "default-src 'none'",
  `style-src ${cspHash(ADMIN_STYLE)} ${cspHash(VIEWS_STYLE)}`,
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers of every /admin response, pages and refusals alike. */
export const ADMIN_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": ADMIN_CSP,
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

/** A whole page around `body` (already HTML). `title` is text. */
export function adminPage(title: string, body: string): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${e(title)} · Relance admin</title>
<style>${ADMIN_STYLE}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
<nav><a href="/admin/agreements">Agreements</a><a href="/admin/audit">Audit chain</a></nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}
