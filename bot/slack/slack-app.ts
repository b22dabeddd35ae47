import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Log } from "../../src/runtime/index.ts";
import { parseSlackBody } from "./parse-request.ts";
import type { HonoReceiver } from "./receiver.ts";
import { verifySlackSignature } from "./verify-signature.ts";

/** Slack's payloads are small; a modal submission stays far below this. */
export const SLACK_BODY_MAX_BYTES = 1024 * 1024;

export interface SlackRouteOptions {
  readonly signingSecret: string;
  readonly receiver: HonoReceiver;
  /** The clock of the signature window (injected in tests). */
  readonly now: () => Date;
  readonly log: Log;
}

/**
 * `POST /slack/events` — events, interactivity and slash commands, as the numbered flow:
 * 1. read the raw body, untouched — bounded while it streams in: a body over the limit is refused
 *    with 413 once the limit is crossed, never buffered whole;
 * 2. verify `x-slack-signature` over it, within 5 minutes either way: otherwise 401, nothing done;
 * 3. parse (JSON, or form with a `payload` field, or slash-command fields);
 * 4. answer Slack's `url_verification` challenge directly;
 * 5. hand everything else to Bolt (`processEvent` through our receiver) and answer with its ack.
 */
export function slackApp(opts: SlackRouteOptions): Hono {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: SLACK_BODY_MAX_BYTES,
    onError: (c) => c.json({ error: "relance_slack_body_too_large" }, 413),
  });
  app.post("/slack/events", limit, async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());

    const verdict = verifySlackSignature({
      signingSecret: opts.signingSecret,
      signature: c.req.header("x-slack-signature"),
      timestamp: c.req.header("x-slack-request-timestamp"),
      rawBody: raw,
      now: opts.now(),
    });
    if (!verdict.ok) {
      opts.log.warn({ code: verdict.code }, "Slack request refused");
      return c.json({ error: verdict.code }, 401);
    }

    const parsed = parseSlackBody(raw, c.req.header("content-type"));
    if (!parsed.ok) {
      opts.log.warn({ reason: parsed.reason }, "Slack request not understood");
      return c.json({ error: "relance_slack_bad_request" }, 400);
    }
    const { body } = parsed;
    if (body.type === "url_verification" && typeof body.challenge === "string") {
      return c.json({ challenge: body.challenge });
    }
    // Slack checks its certificate against slash-command URLs with this ping.
    if (body.ssl_check === "1") return c.body(null, 200);

    const retryNum = Number(c.req.header("x-slack-retry-num"));
    const retryReason = c.req.header("x-slack-retry-reason");
    const ack = await opts.receiver.dispatch(body, {
      ...(Number.isInteger(retryNum) && retryNum > 0 ? { num: retryNum } : {}),
      ...(retryReason ? { reason: retryReason } : {}),
    });
    return new Response(ack.body === "" ? null : ack.body, {
      status: ack.status,
      headers: ack.body === "" ? {} : { "content-type": `${ack.contentType}; charset=utf-8` },
    });
  });
  return app;
}
