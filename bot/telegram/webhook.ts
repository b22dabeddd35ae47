import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { unavailableDependency } from "../../src/outage-tracker.ts";
import { TELEGRAM_SECRET_HEADER } from "./constants.ts";
import type { TelegramLog } from "./log.ts";
import { callbackQueryIdOf, type OnInbound, processUpdate, updateIdOf } from "./process-update.ts";

export interface TelegramWebhookOptions {
  /**
   * TELEGRAM_WEBHOOK_SECRET, the `secret_token` given to setWebhook. Without one every request is
   * refused: an unauthenticated webhook would let anyone forge a debtor's button presses.
   */
  readonly secret: string | undefined;
  readonly onInbound: OnInbound;
  readonly log: TelegramLog;
  /** Commands addressed to another bot are read as text (see `parseUpdate`). */
  readonly botUsername?: string;
  /** See `ParseUpdateOptions.botId`. */
  readonly botId?: string;
}

/**
 * The Telegram webhook as a Hono sub-app; mount it at `/webhooks/telegram`
 * (`app.route("/webhooks/telegram", telegramWebhookApp(...))`).
 *
 * 1. check the secret header (timing-safe) — 401 and nothing read otherwise;
 * 2. read the raw body and parse it as JSON, validate the fields we read — malformed: 200, dropped;
 * 3. map it to an envelope — nothing to do (group, sticker…): 200;
 * 4. await the runtime, which commits the state change and the outbox rows and hands them to
 *    delivery — 200; if it throws: 500, so Telegram redelivers and the runtime dedupes.
 * A button press is answered in the 200 itself (`answerCallbackQuery` as the webhook reply, one
 * method the Bot API runs on our behalf — core.telegram.org/bots/api#making-requests-when-getting-
 * updates): it costs no API call, and a redelivered press is answered again.
 */
export function telegramWebhookApp(options: TelegramWebhookOptions): Hono {
  const app = new Hono();
  const expected = options.secret === undefined ? undefined : digest(options.secret);

  // 1. The secret first: nothing else is read from a request that does not carry it.
  app.use(async (c, next) => {
    const given = c.req.header(TELEGRAM_SECRET_HEADER);
    if (
      expected === undefined ||
      given === undefined ||
      !timingSafeEqual(expected, digest(given))
    ) {
      options.log.warn(
        { header: given === undefined ? "missing" : "wrong" },
        "telegram webhook refused: bad secret token",
      );
      return c.json({ error: "unauthorized" }, 401);
    }
    await next();
  });

  // An update is a few kilobytes; a larger body is no update. Acknowledged (a non-2xx would make
  // Telegram send it again and again) and dropped, without being buffered whole.
  app.use(
    bodyLimit({
      maxSize: TELEGRAM_UPDATE_MAX_BYTES,
      onError: (c) => {
        options.log.warn(
          { limit: TELEGRAM_UPDATE_MAX_BYTES },
          "telegram update too large, dropped",
        );
        return c.json({}, 200);
      },
    }),
  );

  app.post("/", async (c) => {
    const body = await c.req.text();
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      options.log.warn(
        { bytes: body.length },
        "telegram update is not JSON, acknowledged and dropped",
      );
      return c.json({}, 200);
    }

    const callbackQueryId = callbackQueryIdOf(raw);
    try {
      await processUpdate(raw, {
        onInbound: options.onInbound,
        log: options.log,
        ...(options.botUsername === undefined ? {} : { botUsername: options.botUsername }),
        ...(options.botId === undefined ? {} : { botId: options.botId }),
      });
    } catch (error) {
      // Postgres gone: the service's error boundary answers 503 and the outage is logged once
      // (src/outage-tracker.ts), not once per update. Telegram redelivers either way.
      if (unavailableDependency(error) !== null) throw error;
      options.log.error(
        { err: error, updateId: updateIdOf(raw) },
        "telegram update failed, Telegram will redeliver it",
      );
      return c.json({ error: "internal" }, 500);
    }
    return callbackQueryId === undefined
      ? c.json({}, 200)
      : c.json({ method: "answerCallbackQuery", callback_query_id: callbackQueryId }, 200);
  });

  return app;
}

/** Far above any real update (text ≤ 4096 characters plus entities and a keyboard). */
export const TELEGRAM_UPDATE_MAX_BYTES = 256 * 1024;

/** Hashing both sides gives equal lengths, so the comparison leaks neither content nor length. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
