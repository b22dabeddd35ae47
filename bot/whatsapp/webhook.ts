import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { unavailableDependency } from "../../src/outage-tracker.ts";
import type { DeliveryStatus, InboundEnvelope } from "../../src/runtime/index.ts";
import { WHATSAPP_SIGNATURE_HEADER, WHATSAPP_WEBHOOK_MAX_BYTES } from "./constants.ts";
import type { WhatsAppLog } from "./log.ts";
import { parseChanges } from "./parse-notification.ts";
import { sameSecret, validSignature } from "./signature.ts";
import { messageChanges, notificationSchema } from "./webhook-schema.ts";

export interface WhatsAppWebhookOptions {
  /** WHATSAPP_APP_SECRET: without it every notification is refused (anyone could forge one). */
  readonly appSecret: string | undefined;
  /** WHATSAPP_VERIFY_TOKEN: the token typed in the Meta app's webhook settings. */
  readonly verifyToken: string | undefined;
  /** Notifications about another business number are acknowledged and dropped. */
  readonly phoneNumberId: string;
  /** `(env) => handleDebtorInbound(deps, env)`: commits the input, sends nothing itself. */
  readonly onInbound: (envelope: InboundEnvelope) => Promise<unknown>;
  /** Records a delivery receipt (and reroutes a failed notice). */
  readonly onStatus: (status: DeliveryStatus) => Promise<unknown>;
  readonly log: WhatsAppLog;
}

/**
 * The Cloud API webhook as a Hono sub-app (mount it at `/webhooks/whatsapp`):
 * - GET: the subscription handshake — `hub.mode=subscribe` and our verify token → the challenge,
 *   echoed as plain text; anything else 403.
 * - POST: the signature over the raw bytes first (401 and nothing parsed otherwise); then the JSON
 *   and its shape (malformed: 200 and dropped — Meta would redeliver it for days); then each
 *   message and status is handed to the runtime, which commits it (deduplicated by message id) —
 *   200. If the runtime throws: 500, so Meta redelivers and the runtime dedupes. Sends happen
 *   afterwards from the outbox, so the answer comes in milliseconds.
 */
export function whatsappWebhookApp(options: WhatsAppWebhookOptions): Hono {
  const app = new Hono();

  app.get("/", (c) => {
    const mode = c.req.query("hub.mode");
    const token = c.req.query("hub.verify_token");
    const challenge = c.req.query("hub.challenge");
    if (
      mode === "subscribe" &&
      token !== undefined &&
      options.verifyToken !== undefined &&
      challenge !== undefined &&
      /^[A-Za-z0-9_-]{1,128}$/.test(challenge) &&
      sameSecret(token, options.verifyToken)
    ) {
      return c.text(challenge, 200);
    }
    options.log.warn({ mode: mode ?? "missing" }, "whatsapp webhook verification refused");
    return c.text("forbidden", 403);
  });

  app.post(
    "/",
    bodyLimit({
      maxSize: WHATSAPP_WEBHOOK_MAX_BYTES,
      onError: (c) => {
        options.log.warn({ limit: WHATSAPP_WEBHOOK_MAX_BYTES }, "whatsapp notification too large");
        return c.json({ error: "payload_too_large" }, 413);
      },
    }),
    async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const secret = options.appSecret;
      if (
        secret === undefined ||
        !validSignature(raw, c.req.header(WHATSAPP_SIGNATURE_HEADER), secret)
      ) {
        options.log.warn(
          { header: c.req.header(WHATSAPP_SIGNATURE_HEADER) === undefined ? "missing" : "wrong" },
          "whatsapp webhook refused: bad signature",
        );
        return c.json({ error: "invalid_signature" }, 401);
      }

      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(raw).toString("utf8"));
      } catch {
        options.log.warn({ bytes: raw.length }, "whatsapp notification is not JSON, dropped");
        return c.json({}, 200);
      }
      const notification = notificationSchema.safeParse(json);
      if (!notification.success) {
        options.log.warn(
          {
            issues: notification.error.issues.map((i) => ({
              path: i.path.join("."),
              code: i.code,
            })),
          },
          "whatsapp notification malformed, acknowledged and dropped",
        );
        return c.json({}, 200);
      }
      const changes = messageChanges(notification.data, options.phoneNumberId);
      const parsed = parseChanges(changes);
      if (parsed.malformed > 0 || changes.otherNumber) {
        options.log.warn(
          { malformed: parsed.malformed, otherNumber: changes.otherNumber },
          "whatsapp notification: some entries dropped",
        );
      }
      try {
        // In order: two messages of one notification are one debtor's words, in sequence.
        for (const envelope of parsed.envelopes) await options.onInbound(envelope);
        for (const status of parsed.statuses) await options.onStatus(status);
      } catch (error) {
        // Postgres gone: the service's boundary answers 503 and logs the outage once.
        if (unavailableDependency(error) !== null) throw error;
        options.log.error({ err: error }, "whatsapp notification failed, Meta will redeliver it");
        return c.json({ error: "internal" }, 500);
      }
      return c.json({}, 200);
    },
  );

  return app;
}
