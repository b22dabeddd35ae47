import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * The desk's one stylesheet, read once at start-up and served under a name that carries its hash:
 * browsers may keep it for a year, and a new version is a new URL. It is the only thing a page
 * loads; the CSP allows styles from this origin and nothing else (no script at all).
 */
const STYLE = readFileSync(new URL("./style.css", import.meta.url), "utf8");
const STYLE_HASH = createHash("sha256").update(STYLE, "utf8").digest("hex").slice(0, 12);

export const DESK_STYLE_PATH = `/admin/assets/desk-${STYLE_HASH}.css`;

export function deskStylesheet(): Response {
  return new Response(STYLE, {
    headers: {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Nothing may load or run but the stylesheet above; forms may only submit here. */
export const DESK_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers of every /admin response, pages and refusals alike. */
export const DESK_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": DESK_CSP,
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};
