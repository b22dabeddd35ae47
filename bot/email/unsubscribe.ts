import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Locale } from "../../src/core/index.ts";
import { type UnsubscribeWord, unsubscribeWord } from "../../src/messages/index.ts";
import { escapeHtml } from "./render-email.ts";

/** The link tokens of e-mails are web-chat link tokens (24 base64url characters, or up to 64). */
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

export interface UnsubscribeDeps {
  /** The case and the debtor's language behind an e-mail's link token, or null. */
  readonly findLink: (token: string) => Promise<{ caseId: string; locale: Locale } | null>;
  /** Feeds the opt-out through the commit path (like STOP in a chat), deduplicated by `key`. */
  readonly optOut: (caseId: string, key: string) => Promise<unknown>;
  readonly log: { warn(obj: object, msg?: string): void };
}

/**
 * `/unsubscribe/:token`:
 * - GET shows a page with one button (writes nothing: mail scanners fetch every link);
 * - POST opts out — what a mail client sends for RFC 8058's one-click (`List-Unsubscribe=One-Click`)
 *   and what the page's button sends. Repeating it is harmless. An unknown token is a 404 page.
 */
export function unsubscribeApp(deps: UnsubscribeDeps): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
  });

  app.get("/:token", async (c) => {
    const token = c.req.param("token");
    const link = TOKEN.test(token) ? await deps.findLink(token) : null;
    if (link === null) return c.html(page("fr", "unknown", null), 404);
    return c.html(page(link.locale, "confirm", token), 200);
  });

  app.post(
    "/:token",
    bodyLimit({ maxSize: 4 * 1024, onError: (c) => c.text("payload too large", 413) }),
    async (c) => {
      const token = c.req.param("token");
      const link = TOKEN.test(token) ? await deps.findLink(token) : null;
      if (link === null) return c.html(page("fr", "unknown", null), 404);
      try {
        await deps.optOut(link.caseId, `unsubscribe:${link.caseId}`);
      } catch (error) {
        deps.log.warn({ err: error }, "unsubscribe failed; the client may retry");
        return c.text("try again later", 500);
      }
      return c.html(page(link.locale, "done", null), 200);
    },
  );
  return app;
}

function page(locale: Locale, state: UnsubscribeWord, token: string | null): string {
  const say = (w: UnsubscribeWord) => escapeHtml(unsubscribeWord(locale, w));
  const form =
    token === null
      ? ""
      : `<form method="post" action="${escapeHtml(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${say("button")}</button></form>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${say("title")}</title></head><body style="font-family: system-ui, sans-serif; max-width: 32em; margin: 2em auto; padding: 0 1em"><h1>${say("title")}</h1><p>${say(state)}</p>${form}</body></html>`;
}
