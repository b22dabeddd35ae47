import { z } from "zod";

/**
 * The typed job catalog: each queue's name, the zod schema of its payload and its retry settings.
 * Producers and workers share it, and workers re-validate what they read (a job is data from the
 * past: it may have been written by an older version of the code).
 *
 * Payloads carry ids only; the rows in Postgres are the truth.
 */
export const deliverPayload = z.object({ outboxId: z.uuid() });
export const timerPayload = z.object({ timerId: z.uuid() });
export const reconcilePayload = z.object({});

export const QUEUES = {
  /** One outbox queue per platform, because BullMQ's rate limiter is per queue. */
  deliverTelegram: "deliver-telegram",
  /** Telegram housekeeping (answering a callback, clearing a keyboard): not messages, so not under
   *  the bot's sending rate, and never stuck behind a backlog of reminders. */
  deliverTelegramInstant: "deliver-telegram-instant",
  deliverWhatsapp: "deliver-whatsapp",
  deliverWebchat: "deliver-webchat",
  deliverSlack: "deliver-slack",
  deliverEmail: "deliver-email",
  timers: "timers",
  /** The reconciler. */
  maintenance: "maintenance",
  /** The timer loader, on a queue of its own: a long reconciler run (starting a large import's
   *  cases) must not hold back the loading of timers that come due. */
  timerLoader: "timer-loader",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Delivery lanes: one per platform, plus Telegram's instant lane. Each lane is a queue with its
 *  own rate limiter (BullMQ's limiter is per queue). */
export const DELIVER_QUEUE_BY_CHANNEL = {
  telegram: QUEUES.deliverTelegram,
  "telegram-instant": QUEUES.deliverTelegramInstant,
  whatsapp: QUEUES.deliverWhatsapp,
  webchat: QUEUES.deliverWebchat,
  slack: QUEUES.deliverSlack,
  email: QUEUES.deliverEmail,
} as const;
export type DeliveryChannel = keyof typeof DELIVER_QUEUE_BY_CHANNEL;

/** Ops that answer or tidy up what the debtor just did, rather than send a message. */
const INSTANT_TELEGRAM_OPS: ReadonlySet<string> = new Set(["ack_button", "clear_buttons"]);

/** The lane of an outbox row: its channel's, or Telegram's instant lane for housekeeping ops. */
export function deliveryLane(channel: string, kind: string | undefined): DeliveryChannel | null {
  if (channel === "telegram" && kind !== undefined && INSTANT_TELEGRAM_OPS.has(kind)) {
    return "telegram-instant";
  }
  return Object.hasOwn(DELIVER_QUEUE_BY_CHANNEL, channel) ? (channel as DeliveryChannel) : null;
}

/** Bounded retries: a platform outage must not turn into an infinite retry loop. */
export const DELIVER_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export const TIMER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export const RECONCILE_SCHEDULER_ID = "reconcile";
/** The timer loader's job scheduler (no `:` in a scheduler id either). */
export const LOAD_TIMERS_SCHEDULER_ID = "load-timers";

/**
 * Redis holds the timers due within this window; the others wait in Postgres. A commit gives a job
 * at once to any timer it sets inside the window (the loader may not pass again before it is
 * due), and the loader passes every `TIMER_LOAD_EVERY_MS` for the rest: a timer due beyond the
 * window is loaded at least `TIMER_WINDOW_MS − TIMER_LOAD_EVERY_MS` (9 minutes) before it is due,
 * which leaves the scheduler minutes of slack.
 */
export const TIMER_WINDOW_MS = 10 * 60_000;
export const TIMER_LOAD_EVERY_MS = 60_000;
