/**
 * The web chat's limits, in one place. It is our own page, so these are our choices (not a
 * platform's rules); each says why it has its value.
 */

/** A message body is `{ id, text }` with at most 2,000 characters: 8 KB is ample and stops floods
 *  of garbage before anything is parsed. */
export const WEBCHAT_BODY_LIMIT_BYTES = 8 * 1024;

/** Longest debtor message, in characters (code points), like a long chat message. */
export const WEBCHAT_TEXT_MAX = 2_000;

/** At most this many posts (messages, button presses, openings) per chat per minute: a person
 *  never needs more, a script hammering the runtime gets 429 with Retry-After. */
export const WEBCHAT_POSTS_PER_WINDOW = 20;
export const WEBCHAT_RATE_WINDOW_MS = 60_000;
/** Reads (the page, conversation polls) per chat per minute: the page polls every 2 s (30), plus
 *  a burst every 300 ms for 4 s after each post; 120 leaves room for two open tabs. */
export const WEBCHAT_READS_PER_WINDOW = 120;

/** Messages per page of `GET /chat/:token/messages`. */
export const WEBCHAT_HISTORY_MAX = 100;

/** How often the page asks for new messages (and right after each post); hidden tabs poll less. */
export const WEBCHAT_POLL_MS = 2_000;
export const WEBCHAT_POLL_HIDDEN_MS = 10_000;
/** After a post the answer comes from the outbox relay within a second or so: poll every 300 ms
 *  for 4 s, so the reply shows at once instead of at the next 2-second tick. */
export const WEBCHAT_POLL_AFTER_POST_MS = 300;
export const WEBCHAT_POLL_BURST_MS = 4_000;

/** Link tokens are base64url (src/intake/links.ts); anything else cannot name a link. */
export const WEBCHAT_LINK_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
