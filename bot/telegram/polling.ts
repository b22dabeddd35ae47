import type { Bot } from "grammy";
import { TELEGRAM_ALLOWED_UPDATES, TELEGRAM_LONG_POLL_SECONDS } from "./constants.ts";
import type { TelegramLog } from "./log.ts";
import { type OnInbound, processUpdate } from "./process-update.ts";

export interface TelegramPoller {
  /** Starts polling in the background; idempotent. Removes any webhook first (grammY does). */
  start(): void;
  /** Stops after the current long poll is aborted and confirms the last update to Telegram. */
  stop(): Promise<void>;
}

/**
 * Long polling for development (TELEGRAM_MODE=polling): the same `processUpdate` as the webhook,
 * fed by grammY's polling loop, which already backs off on network errors. Production uses the
 * webhook: there a failed update gets a 500 and Telegram redelivers it, whereas grammY's loop
 * moves past an update whose handler threw (it is logged at error, and lost).
 */
export function createPoller(
  bot: Bot,
  deps: {
    readonly onInbound: OnInbound;
    readonly log: TelegramLog;
    readonly botUsername?: string;
    readonly botId?: string;
  },
): TelegramPoller {
  bot.use(async (ctx) => {
    await processUpdate(ctx.update, {
      onInbound: deps.onInbound,
      log: deps.log,
      botUsername: deps.botUsername ?? ctx.me.username,
      ...(deps.botId === undefined ? {} : { botId: deps.botId }),
    });
    // Polling has no webhook reply to carry the answer: every callback gets its own call.
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  });
  bot.catch((error) => {
    deps.log.error(
      { err: error.error, updateId: error.ctx.update.update_id },
      "telegram update failed while polling; it will not be redelivered",
    );
  });

  let running: Promise<void> | undefined;
  return {
    start() {
      if (running !== undefined) return;
      running = bot
        .start({
          allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
          timeout: TELEGRAM_LONG_POLL_SECONDS,
          drop_pending_updates: false,
          onStart: (me) => deps.log.info({ bot: me.username }, "telegram long polling started"),
        })
        .catch((error: unknown) => {
          // 401 (bad token) or 409 (a webhook is set, or another poller runs): polling is over.
          deps.log.error({ err: error }, "telegram long polling stopped");
        })
        .finally(() => {
          running = undefined;
        });
    },
    async stop() {
      if (running === undefined) return;
      const done = running;
      await bot.stop();
      await done;
    },
  };
}
