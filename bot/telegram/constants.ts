/**
 * Telegram facts the adapter relies on, with their source. Limits that belong to one serializer
 * live next to it (render-card.ts); these are shared by several files.
 */

/** The update kinds we ask Telegram for (setWebhook / getUpdates `allowed_updates`). */
export const TELEGRAM_ALLOWED_UPDATES = ["message", "callback_query"] as const;

/**
 * A deep-link payload: "up to 64 characters, only A-Z, a-z, 0-9, _ and -"
 * (https://core.telegram.org/bots/features#deep-linking).
 */
export const TELEGRAM_START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** Header in which Telegram echoes setWebhook's `secret_token` (https://core.telegram.org/bots/api#setwebhook). */
export const TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

/**
 * Upper bound on one Bot API call made for delivery. grammY's default is 500 s; a send that hangs
 * that long would hold a worker slot for minutes, while the outbox relay retries a timed-out send
 * (transient) on its own bounded schedule.
 */
export const TELEGRAM_DELIVERY_TIMEOUT_SECONDS = 15;

/**
 * Long polling (development only): how long one getUpdates waits for updates, and the client
 * timeout of the polling bot, which must outlast it or every idle poll would be aborted.
 */
export const TELEGRAM_LONG_POLL_SECONDS = 25;
export const TELEGRAM_POLLING_CLIENT_TIMEOUT_SECONDS = TELEGRAM_LONG_POLL_SECONDS + 15;

/**
 * Telegram's flood limits for sending (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
 * about 30 messages per second per bot and 1 per second per chat (bursts are tolerated, then 429
 * with `retry_after`). The adapter does not throttle; a queue limiter can use these figures, and
 * a 429 still comes back as `rate_limited`.
 */
export const TELEGRAM_RATE_LIMITS = { perBotPerSecond: 30, perChatPerSecond: 1 } as const;

/** `text` of answerCallbackQuery: 0-200 characters (https://core.telegram.org/bots/api#answercallbackquery). */
export const TELEGRAM_CALLBACK_ANSWER_TEXT_MAX = 200;
