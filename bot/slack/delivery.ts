import { webApi } from "@slack/bolt";
import type { Locale } from "../../src/core/index.ts";
import type { OutboundOp } from "../../src/runtime/index.ts";
import {
  type ChannelDelivery,
  DeliveryError,
  type DeliveryResult,
} from "../../src/runtime/index.ts";
import { escapeMrkdwn, ownerMessageBlocks, ownerUpdateBlocks } from "./blocks.ts";

/**
 * Delivers the owner ops of the outbox through Slack's Web API. Retries inside the client are few
 * and short: the outbox relay owns retrying (with its own backoff and a bounded number of
 * attempts), so a slow Slack must not hold a worker for the client's default 30 minutes.
 */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;
export const SLACK_CLIENT_RETRIES = 2;
export const SLACK_CLIENT_MAX_RETRY_TIME_MS = 10_000;
/** When Slack says "ratelimited" in the body without a Retry-After header. */
export const SLACK_DEFAULT_RETRY_AFTER_MS = 30_000;

export interface SlackClientOptions {
  readonly botToken: string;
  /** Base URL of the Web API, ending with "/" (SLACK_API_URL): a fake in tests and demos. */
  readonly slackApiUrl: string;
  readonly timeoutMs?: number;
}

export type SlackWebClient = InstanceType<typeof webApi.WebClient>;

export function slackWebClientOptions(opts: Omit<SlackClientOptions, "botToken">) {
  return {
    slackApiUrl: opts.slackApiUrl.endsWith("/") ? opts.slackApiUrl : `${opts.slackApiUrl}/`,
    timeout: opts.timeoutMs ?? SLACK_REQUEST_TIMEOUT_MS,
    // A 429 becomes an error at once, carrying Retry-After: the relay postpones that row only,
    // instead of the client pausing its whole queue while a worker waits.
    rejectRateLimitedCalls: true,
    retryConfig: {
      retries: SLACK_CLIENT_RETRIES,
      factor: 2,
      minTimeout: 250,
      maxTimeout: 2_000,
      maxRetryTime: SLACK_CLIENT_MAX_RETRY_TIME_MS,
    },
    // Every Slack API call goes to the configured base URL, never to an absolute URL from a payload.
    allowAbsoluteUrls: false,
    logLevel: webApi.LogLevel.ERROR,
  };
}

export function createSlackWebClient(opts: SlackClientOptions): SlackWebClient {
  return new webApi.WebClient(opts.botToken, slackWebClientOptions(opts));
}

/** Slack `error` codes that retrying cannot fix. https://docs.slack.dev/reference/methods/chat.postMessage#errors */
const PERMANENT_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "user_not_in_channel",
  "user_not_found",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "invalid_arg_name",
  "msg_too_long",
  "no_text",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "restricted_action",
]);
const TRANSIENT_ERRORS = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "team_added_to_org",
]);

/** Turns whatever the Slack client threw into a DeliveryError the relay knows how to treat. */
export function toDeliveryError(err: unknown, method: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError(
      { kind: "rate_limited", retryAfterMs: Math.max(1, err.retryAfter) * 1000 },
      `${method}: rate limited for ${err.retryAfter}s`,
      "ratelimited",
    );
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    if (code === "ratelimited" || code === "rate_limited") {
      return new DeliveryError(
        { kind: "rate_limited", retryAfterMs: SLACK_DEFAULT_RETRY_AFTER_MS },
        `${method}: ${code}`,
        code,
      );
    }
    if (TRANSIENT_ERRORS.has(code)) {
      return new DeliveryError({ kind: "transient" }, `${method}: ${code}`, code);
    }
    // Unknown refusals are treated as permanent: Slack's error codes describe the request, and
    // resending the same request gets the same answer.
    const known = PERMANENT_ERRORS.has(code) ? "" : " (unknown code, not retried)";
    return new DeliveryError({ kind: "permanent" }, `${method}: ${code}${known}`, code);
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const kind = err.statusCode >= 500 || err.statusCode === 408 ? "transient" : "permanent";
    return new DeliveryError({ kind }, `${method}: HTTP ${err.statusCode}`, err.statusCode);
  }
  if (err instanceof webApi.WebAPIRequestError) {
    return new DeliveryError(
      { kind: "transient" },
      `${method}: request failed: ${err.original.message}`,
      "request_error",
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError({ kind: "transient" }, `${method}: ${message}`);
}

export interface SlackDeliveryDeps {
  readonly client: SlackWebClient;
  /** The locale of the business behind a Slack channel (button texts are localised here). */
  readonly localeFor: (slackChannel: string) => Promise<Locale>;
}

export class SlackDelivery implements ChannelDelivery {
  constructor(private readonly deps: SlackDeliveryDeps) {}

  async deliver(op: OutboundOp): Promise<DeliveryResult> {
    switch (op.op) {
      case "owner_message": {
        const locale = await this.deps.localeFor(op.slackChannel);
        const message = ownerMessageBlocks(op, locale);
        const res = await this.call("chat.postMessage", () =>
          this.deps.client.chat.postMessage({
            channel: op.slackChannel,
            text: message.text,
            blocks: [...message.blocks],
            unfurl_links: false,
            unfurl_media: false,
          }),
        );
        return { externalId: typeof res.ts === "string" ? res.ts : null };
      }
      case "owner_update": {
        const message = ownerUpdateBlocks(op);
        const res = await this.call("chat.update", () =>
          this.deps.client.chat.update({
            channel: op.slackChannel,
            ts: op.messageTs,
            text: message.text,
            blocks: [...message.blocks],
          }),
        );
        return { externalId: typeof res.ts === "string" ? res.ts : op.messageTs };
      }
      case "owner_ephemeral": {
        const res = await this.call("chat.postEphemeral", () =>
          this.deps.client.chat.postEphemeral({
            channel: op.slackChannel,
            user: op.userId,
            // Plain text from the runtime (it may quote a refusal's detail): escaped for mrkdwn.
            text: escapeMrkdwn(op.text),
          }),
        );
        return { externalId: typeof res.message_ts === "string" ? res.message_ts : null };
      }
      case "send_card":
      case "clear_buttons":
      case "ack_button":
        throw new DeliveryError({ kind: "permanent" }, `slack cannot deliver ${op.op}`);
      default: {
        const unhandled: never = op;
        throw new DeliveryError({ kind: "permanent" }, `unknown op ${JSON.stringify(unhandled)}`);
      }
    }
  }

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toDeliveryError(err, method);
    }
  }
}
