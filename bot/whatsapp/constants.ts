/**
 * WhatsApp Cloud API facts the adapter relies on, with their source
 * (developers.facebook.com/docs/whatsapp/cloud-api: messages/text-messages,
 * messages/interactive-reply-buttons-messages, messages/interactive-list-messages,
 * webhooks/components, support/error-codes).
 */

/** `text.body`: at most 4096 characters. */
export const WHATSAPP_TEXT_MAX = 4096;
/** Reply buttons: at most 3, titles 1-20 characters, ids 1-256; their body at most 1024. */
export const WHATSAPP_REPLY_BUTTONS_MAX = 3;
export const WHATSAPP_BUTTON_TITLE_MAX = 20;
export const WHATSAPP_BUTTON_BODY_MAX = 1024;
/** List messages: at most 10 rows in all, row titles 1-24 characters, descriptions ≤ 72,
 *  row ids ≤ 200, the button that opens the list ≤ 20, section titles ≤ 24; body ≤ 4096. */
export const WHATSAPP_LIST_ROWS_MAX = 10;
export const WHATSAPP_LIST_ROW_TITLE_MAX = 24;
export const WHATSAPP_LIST_ROW_DESCRIPTION_MAX = 72;
export const WHATSAPP_LIST_BUTTON_MAX = 20;
export const WHATSAPP_LIST_BODY_MAX = 4096;
/** Button and row ids we send are our opaque button tokens (12 characters), far under both. */
export const WHATSAPP_ROW_ID_MAX = 200;

/** A template's text parameter may not hold a line break or a tab, nor more than 4 spaces in a row
 *  (error 132000 otherwise). */
export const WHATSAPP_TEMPLATE_PARAM_MAX = 1024;

/** The customer-service window: free-form messages only within 24 hours of the user's last one. */
export const WHATSAPP_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Error codes the adapter acts on. */
export const WHATSAPP_ERRORS = {
  /** More than 24 hours since the user last wrote: only a template may go. */
  reEngagement: 131047,
  /** Throughput of the business number reached. */
  throughput: 130429,
  /** Too many messages to one user in a short time (pair rate limit). */
  pairRate: 131056,
  /** Spam rate limit, and the Graph API's generic rate limits. */
  spamRate: 131048,
  appRate: 4,
  userRate: 80007,
  /** "Something went wrong" / service unavailable: worth retrying. */
  generic: 131000,
  unavailable: 131016,
} as const;

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`. */
export const WHATSAPP_SIGNATURE_HEADER = "X-Hub-Signature-256";

/** Where the webhook is served (GET: subscription handshake, POST: notifications). */
export const WHATSAPP_WEBHOOK_PATH = "/webhooks/whatsapp";

/** A notification is a few kilobytes; a larger body is no notification. */
export const WHATSAPP_WEBHOOK_MAX_BYTES = 256 * 1024;

/** Upper bound on one send: a hung request must not hold a worker slot for minutes. */
export const WHATSAPP_SEND_TIMEOUT_MS = 15_000;

/**
 * Throughput per business number: 80 messages per second by default (Meta raises it to 1,000 for
 * numbers that qualify); the delivery queue of channel "whatsapp" is paced to it (jobs/workers.ts).
 * One user should not get more than about one message every 6 seconds over time (pair rate).
 */
export const WHATSAPP_RATE_LIMITS = { perNumberPerSecond: 80 } as const;

/** How long a 429-like answer (rate limits above) waits before the send is tried again. */
export const WHATSAPP_RATE_LIMIT_RETRY_MS = { throughput: 1_000, pairRate: 6_000 } as const;
