/**
 * Slack posts three shapes to one URL (https://docs.slack.dev/apis/events-api,
 * https://docs.slack.dev/interactivity/handling-user-interaction):
 * - Events API: `application/json`, the event envelope itself;
 * - interactivity (buttons, modals): form-encoded, one `payload` field holding JSON;
 * - slash commands: form-encoded fields (`command`, `text`, `user_id`, …).
 * The body is parsed only after its signature was checked on the raw bytes.
 */
export type ParsedSlackBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

export function parseSlackBody(raw: Uint8Array, contentType: string | undefined): ParsedSlackBody {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(raw);
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json") return asRecord(parseJson(text));
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(text);
    const payload = form.get("payload");
    if (payload !== null) return asRecord(parseJson(payload));
    const fields: Record<string, string> = {};
    for (const [key, value] of form) fields[key] = value;
    return { ok: true, body: fields };
  }
  return { ok: false, reason: `unsupported content type "${type}"` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): ParsedSlackBody {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return { ok: true, body: value as Record<string, unknown> };
  }
  return { ok: false, reason: "the body is not a JSON object" };
}
