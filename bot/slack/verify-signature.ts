import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Slack signs every request it sends us: `x-slack-signature` is `v0=` + hex HMAC-SHA256 of
 * `v0:<x-slack-request-timestamp>:<raw body>` keyed with the app's signing secret
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack). The check runs over the
 * raw bytes as received — re-serialising a parsed body would change them — and refuses timestamps
 * outside a 5-minute window in BOTH directions: an old one may be a replay, a future one a forged
 * clock. "Now" is an argument so the window is tested exactly.
 */
export const SLACK_SIGNATURE_VERSION = "v0";
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** Stable codes for logs and tests (never the secret, never the expected signature). */
export type SlackSignatureFailure =
  | "relance_slack_signature_missing"
  | "relance_slack_timestamp_invalid"
  | "relance_slack_timestamp_stale"
  | "relance_slack_timestamp_future"
  | "relance_slack_signature_mismatch";

export type SlackSignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: SlackSignatureFailure };

export interface SlackSignatureInput {
  readonly signingSecret: string;
  /** `x-slack-signature` header. */
  readonly signature: string | null | undefined;
  /** `x-slack-request-timestamp` header: seconds since the epoch. */
  readonly timestamp: string | null | undefined;
  /** The body exactly as received. */
  readonly rawBody: Uint8Array | string;
  readonly now: Date;
}

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export function computeSlackSignature(
  signingSecret: string,
  timestamp: string,
  rawBody: Uint8Array | string,
): string {
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`${SLACK_SIGNATURE_VERSION}:${timestamp}:`);
  hmac.update(rawBody);
  return `${SLACK_SIGNATURE_VERSION}=${hmac.digest("hex")}`;
}

export function verifySlackSignature(input: SlackSignatureInput): SlackSignatureVerdict {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, code: "relance_slack_signature_missing" };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, code: "relance_slack_timestamp_invalid" };

  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  const skew = nowSeconds - Number(timestamp);
  if (skew > SLACK_SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, code: "relance_slack_timestamp_stale" };
  }
  if (skew < -SLACK_SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, code: "relance_slack_timestamp_future" };
  }

  // A malformed header cannot match; rejecting it early also keeps the buffers the same length,
  // which timingSafeEqual requires.
  if (!SIGNATURE.test(signature)) return { ok: false, code: "relance_slack_signature_mismatch" };
  const expected = Buffer.from(
    computeSlackSignature(input.signingSecret, timestamp, input.rawBody),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, code: "relance_slack_signature_mismatch" };
  }
  return { ok: true };
}
