import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type FieldErrors, fieldErrors } from "../../src/intake/index.ts";
import {
  renderWebchatChrome,
  renderWebchatClosed,
  renderWebchatNotFound,
} from "../../src/messages/index.ts";
import { unavailableDependency } from "../../src/outage-tracker.ts";
import type {
  DebtorInbound,
  InboundEnvelope,
  InboundOutcome,
  WebchatLink,
  WebchatLinkLookup,
  WebchatStore,
} from "../../src/runtime/index.ts";
import { webchatAddress } from "./address.ts";
import {
  WEBCHAT_BODY_LIMIT_BYTES,
  WEBCHAT_HISTORY_MAX,
  WEBCHAT_LINK_TOKEN,
  WEBCHAT_POSTS_PER_WINDOW,
  WEBCHAT_RATE_WINDOW_MS,
  WEBCHAT_READS_PER_WINDOW,
} from "./constants.ts";
import { conversationView, parseAfter } from "./conversation.ts";
import { webchatMessageBodySchema } from "./message-body.ts";
import { renderChatPage, renderNotFoundPage } from "./page.ts";
import { PAGE_CSP } from "./page-assets.ts";
import { SlidingWindowLimiter } from "./rate-limit.ts";

/** The log calls the web chat makes (pino's shape). */
export interface WebchatLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WebchatRoutesDeps {
  readonly store: WebchatStore;
  /** `(env) => handleDebtorInbound(runtimeDeps, env)`: commits the input, sends nothing itself. */
  readonly onInbound: (env: InboundEnvelope) => Promise<InboundOutcome>;
  readonly log: WebchatLog;
  /** The runtime clock: link expiry is judged on it. */
  readonly now: () => Date;
  /** Per-chat post limit; defaults to 20 a minute on the wall clock. */
  readonly limiter?: SlidingWindowLimiter;
  /** Per-chat read limit (the page, the conversation polls); defaults to 120 a minute. */
  readonly readLimiter?: SlidingWindowLimiter;
}

/** Stable error codes of the web chat routes (the body is `{ error: { code, message, fields? } }`,
 *  like the REST API's). */
export const WebchatErrorCode = {
  NotFound: "not_found",
  ValidationFailed: "validation_failed",
  InvalidJson: "invalid_json",
  PayloadTooLarge: "payload_too_large",
  UnsupportedMediaType: "unsupported_media_type",
  RateLimited: "rate_limited",
  ButtonRefused: "button_refused",
  /** A link that was revoked by a reissue, expired unused, or whose case is over (410). */
  LinkClosed: "link_closed",
  Internal: "internal_error",
} as const;
export type WebchatErrorCode = (typeof WebchatErrorCode)[keyof typeof WebchatErrorCode];

/**
 * The first-party web chat, mounted at `/chat` (outside /api: the link token in the path is the
 * credential, so no bearer token; its own body limit and JSON parsing):
 *
 * - `GET  /chat/:token`           the page (HTML), or a 404 page in every locale; writes nothing;
 * - `POST /chat/:token/start`     the page opens the chat: binds the link, welcome once per chat;
 * - `POST /chat/:token/messages`  `{ id, text }` or `{ id, button }` → the runtime, deduplicated by id;
 * - `GET  /chat/:token/messages?after=<message id | ISO instant>` the conversation, oldest first.
 *
 * Opening is a POST the page's script makes, not a side effect of the GET: mail scanners and link
 * previews fetch URLs, and must not bind a chat or start a conversation on the debtor's behalf.
 */
export function webchatApp(deps: WebchatRoutesDeps): Hono {
  const app = new Hono();
  const limiter =
    deps.limiter ??
    new SlidingWindowLimiter({ limit: WEBCHAT_POSTS_PER_WINDOW, windowMs: WEBCHAT_RATE_WINDOW_MS });
  const readLimiter =
    deps.readLimiter ??
    new SlidingWindowLimiter({ limit: WEBCHAT_READS_PER_WINDOW, windowMs: WEBCHAT_RATE_WINDOW_MS });

  app.use(async (c, next) => {
    await next();
    // The token is in the URL: never cached, never sent on as a referrer, never framed.
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    c.header("X-Content-Type-Options", "nosniff");
  });

  app.onError((error, c) => {
    // Postgres gone: the service's boundary answers 503 and logs the outage once, not per poll.
    if (unavailableDependency(error) !== null) throw error;
    deps.log.error({ err: error, route: c.req.routePath }, "web chat request failed");
    return fail(c, 500, WebchatErrorCode.Internal, "something went wrong on our side");
  });

  /** The link behind `:token`: open, closed (revoked, expired, its case over), or null
   *  (malformed, unknown, or not a web chat link). */
  const lookup = async (
    c: Context,
  ): Promise<{ link: WebchatLinkLookup; address: string } | null> => {
    const token = c.req.param("token") ?? "";
    if (!WEBCHAT_LINK_TOKEN.test(token)) return null;
    const address = webchatAddress(token);
    const link = await deps.store.findLink(token, address, deps.now());
    return link ? { link, address } : null;
  };

  /** The open link behind `:token`, or the answer to give instead: 404 for no link, 410 for one
   *  that is over (the page's script then says so and stops). */
  const linkOf = async (
    c: Context,
  ): Promise<{ link: WebchatLink; address: string } | { refused: Response }> => {
    const found = await lookup(c);
    if (!found) return { refused: fail(c, 404, WebchatErrorCode.NotFound, "no such chat") };
    if (found.link.status === "closed") {
      return {
        refused: fail(
          c,
          410,
          WebchatErrorCode.LinkClosed,
          "this link is no longer valid: ask the business for a new one",
        ),
      };
    }
    return { link: found.link, address: found.address };
  };

  /**
   * Counts a request against its chat, once the link is known to exist: an unknown token costs
   * no limiter state, so random tokens can neither fill the limiter nor evict real chats.
   */
  const throttled = (
    c: Context,
    address: string,
    which: SlidingWindowLimiter = limiter,
  ): Response | null => {
    const verdict = which.take(address);
    if (verdict.ok) return null;
    c.header("Retry-After", String(Math.ceil(verdict.retryAfterMs / 1000)));
    return fail(c, 429, WebchatErrorCode.RateLimited, "too many requests, wait a moment");
  };

  app.get("/:token", async (c) => {
    const found = await lookup(c);
    c.header("Content-Security-Policy", PAGE_CSP);
    if (!found) return c.html(renderNotFoundPage(renderWebchatNotFound()), 404);
    const { link } = found;
    if (link.status === "closed") {
      // Ours, but over: say so in the debtor's language, and whom to ask for a new one.
      return c.html(
        renderNotFoundPage([renderWebchatClosed(link.locale, link.businessName, link.reason)]),
        410,
      );
    }
    const limited = throttled(c, found.address, readLimiter);
    if (limited) return limited;
    return c.html(renderChatPage(renderWebchatChrome(link.locale, link.businessName)));
  });

  app.post("/:token/start", async (c) => {
    const found = await linkOf(c);
    if ("refused" in found) return found.refused;
    const limited = throttled(c, found.address);
    if (limited) return limited;
    const token = c.req.param("token");
    const outcome = await deps.onInbound({
      channel: "webchat",
      address: found.address,
      // Once per chat: reloading the page, or opening it on another device, says hello only once.
      externalId: `wc-start-${found.address}`,
      input: { kind: "start", token },
    });
    // The link expired between the check and the binding: the same answer as an unknown link.
    if (outcome.outcome === "invalid_link") {
      return fail(c, 404, WebchatErrorCode.NotFound, "no such chat");
    }
    return c.json({ outcome: outcome.outcome });
  });

  app.post(
    "/:token/messages",
    async (c, next) => {
      const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (mediaType !== "application/json") {
        return fail(
          c,
          415,
          WebchatErrorCode.UnsupportedMediaType,
          "send the body as application/json",
        );
      }
      await next();
    },
    bodyLimit({
      maxSize: WEBCHAT_BODY_LIMIT_BYTES,
      onError: (c) =>
        fail(
          c,
          413,
          WebchatErrorCode.PayloadTooLarge,
          `the body is larger than ${WEBCHAT_BODY_LIMIT_BYTES} bytes`,
        ),
    }),
    async (c) => {
      // The link first, then the limit: every post to a real chat counts (malformed ones too),
      // and an unknown token costs no limiter state.
      const found = await linkOf(c);
      if ("refused" in found) return found.refused;
      const limited = throttled(c, found.address);
      if (limited) return limited;
      let raw: unknown;
      try {
        raw = JSON.parse(await c.req.text());
      } catch {
        return fail(c, 400, WebchatErrorCode.InvalidJson, "the body is not valid JSON");
      }
      const parsed = webchatMessageBodySchema.safeParse(raw);
      if (!parsed.success) {
        return fail(
          c,
          400,
          WebchatErrorCode.ValidationFailed,
          "the request is invalid",
          fieldErrors(parsed.error),
        );
      }
      const body = parsed.data;
      // "stop" and "/stop" stay text: the interpreter understands a request to stop.
      let input: DebtorInbound;
      if (body.button !== undefined) {
        const label = await deps.store.buttonLabel({
          debtorId: found.link.debtorId,
          address: found.address,
          token: body.button,
        });
        input = {
          kind: "button",
          token: body.button,
          messageId: null,
          ...(label === null ? {} : { label }),
        };
      } else {
        input = { kind: "text", text: body.text ?? "" };
      }
      const outcome = await deps.onInbound({
        channel: "webchat",
        address: found.address,
        externalId: `wc-${found.address}-${body.id.toLowerCase()}`,
        input,
      });
      if (outcome.outcome === "foreign_button") {
        return fail(c, 403, WebchatErrorCode.ButtonRefused, "this button is not for this chat");
      }
      return c.json({ outcome: outcome.outcome });
    },
  );

  app.get("/:token/messages", async (c) => {
    const found = await linkOf(c);
    if ("refused" in found) return found.refused;
    const limited = throttled(c, found.address, readLimiter);
    if (limited) return limited;
    const after = parseAfter(c.req.query("after"));
    if (after === "invalid") {
      return fail(c, 400, WebchatErrorCode.ValidationFailed, "the request is invalid", {
        after: "expected a message id or an ISO 8601 instant",
      });
    }
    const page = await deps.store.conversation({
      debtorId: found.link.debtorId,
      address: found.address,
      after,
      limit: WEBCHAT_HISTORY_MAX,
    });
    if (page === "unknown_cursor") {
      return fail(c, 400, WebchatErrorCode.ValidationFailed, "the request is invalid", {
        after: "no such message in this chat",
      });
    }
    return c.json(conversationView(page));
  });

  return app;
}

function fail(
  c: Context,
  status: 400 | 403 | 404 | 410 | 413 | 415 | 429 | 500,
  code: WebchatErrorCode,
  message: string,
  fields?: FieldErrors,
): Response {
  return c.json({ error: { code, message, ...(fields === undefined ? {} : { fields }) } }, status);
}
