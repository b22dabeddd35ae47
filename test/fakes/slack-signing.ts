import { createHmac } from "node:crypto";
import type { SlackRequestBody } from "./slack-payloads.ts";

export {
  type BlockActionsInput,
  blockActionsPayload,
  type EventCallbackInput,
  eventCallbackBody,
  type SlackRequestBody,
  type SlashCommandInput,
  slashCommandBody,
  urlVerificationBody,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from "./slack-payloads.ts";

export interface SlackSignatureHeaders {
  "x-slack-signature": string;
  "x-slack-request-timestamp": string;
}

/**
 * Signs a raw body as Slack does (https://docs.slack.dev/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` keyed with the signing secret.
 */
export function signSlackRequest(
  body: string,
  secret: string,
  timestampSeconds: number,
): SlackSignatureHeaders {
  const base = `v0:${timestampSeconds}:${body}`;
  const digest = createHmac("sha256", secret).update(base, "utf8").digest("hex");
  return {
    "x-slack-signature": `v0=${digest}`,
    "x-slack-request-timestamp": String(timestampSeconds),
  };
}

/** POSTs a built body to our Slack endpoint, signed; reports status and response text. */
export async function postSignedToApp(
  url: string,
  request: SlackRequestBody,
  options: { secret: string; timestampSeconds: number; headers?: Record<string, string> },
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": request.contentType,
      ...signSlackRequest(request.body, options.secret, options.timestampSeconds),
      ...options.headers,
    },
    body: request.body,
  });
  return { status: response.status, body: await response.text() };
}
