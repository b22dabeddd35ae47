import { type Api, GrammyError, HttpError } from "grammy";
import type { OutboundOp } from "../../src/runtime/index.ts";
import {
  type ChannelDelivery,
  DeliveryError,
  type DeliveryResult,
} from "../../src/runtime/index.ts";
import { TELEGRAM_CALLBACK_ANSWER_TEXT_MAX } from "./constants.ts";
import type { TelegramLog } from "./log.ts";
import { fitUtf16, renderCard, TelegramCardError } from "./render-card.ts";

/**
 * Delivers the Telegram ops of the outbox (send_card, clear_buttons, ack_button) through a grammY
 * `Api`, one API call per op, and reports every failure as a `DeliveryError` the relay can act on.
 *
 * Deliberately no retry here (no @grammyjs/auto-retry): the outbox relay owns retries, bounded and
 * visible, and a 429 is handed back with Telegram's `retry_after` so only that job waits.
 */
export class TelegramDelivery implements ChannelDelivery {
  constructor(
    private readonly api: Api,
    private readonly log: TelegramLog,
  ) {}

  async deliver(op: OutboundOp): Promise<DeliveryResult> {
    if (op.channel !== "telegram") {
      throw new DeliveryError(
        { kind: "permanent" },
        `the Telegram adapter cannot deliver ${op.op} for channel ${op.channel}`,
        "relance_telegram_wrong_channel",
      );
    }
    try {
      switch (op.op) {
        case "send_card":
          return await this.#sendCard(op);
        case "clear_buttons":
          return await this.#clearButtons(op);
        case "ack_button":
          return await this.#ackButton(op);
        default: {
          const unhandled: never = op;
          throw new Error(`unhandled op ${JSON.stringify(unhandled)}`);
        }
      }
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async #sendCard(op: Extract<OutboundOp, { op: "send_card" }>): Promise<DeliveryResult> {
    const { message, truncated } = renderCard(op.card);
    if (truncated) {
      this.log.warn(
        { messageKind: op.messageKind, length: op.card.text.length },
        "telegram card text truncated to fit one message",
      );
    }
    const sent = await this.api.sendMessage(op.address, message.text, {
      ...(message.reply_markup === undefined ? {} : { reply_markup: message.reply_markup }),
    });
    return { externalId: String(sent.message_id) };
  }

  /**
   * Takes the keyboard off a message once a choice is made, so an old button cannot be pressed
   * twice. Editing is cosmetic and idempotent: "not modified" (already cleared, e.g. a retried
   * job) and "not found" (the user deleted the message) leave nothing to do.
   */
  async #clearButtons(op: Extract<OutboundOp, { op: "clear_buttons" }>): Promise<DeliveryResult> {
    const messageId = Number(op.externalMessageId);
    if (!Number.isSafeInteger(messageId)) {
      throw new DeliveryError(
        { kind: "permanent" },
        "clear_buttons: externalMessageId is not a Telegram message id",
        "relance_telegram_bad_message_id",
      );
    }
    // Marking the chosen label needs the message's text (editMessageText replaces it whole); the
    // op carries it only when the runtime provides `originalText`, otherwise the keyboard just goes.
    const originalText =
      "originalText" in op && typeof op.originalText === "string" ? op.originalText : undefined;
    try {
      if (op.chosenLabel !== null && originalText !== undefined) {
        await this.api.editMessageText(
          op.address,
          messageId,
          chosenText(originalText, op.chosenLabel),
        );
      } else {
        await this.api.editMessageReplyMarkup(op.address, messageId, {
          reply_markup: { inline_keyboard: [] },
        });
      }
    } catch (error) {
      if (!isApiError(error, /message is not modified|message to edit not found/i)) throw error;
    }
    return { externalId: null };
  }

  /** Stops the button's spinner. A query older than Telegram's window cannot be answered any more,
   *  and the debtor already got the real answer as a message: nothing is left to do. */
  async #ackButton(op: Extract<OutboundOp, { op: "ack_button" }>): Promise<DeliveryResult> {
    try {
      // A toast: shortened rather than refused, since the spinner must stop whatever it says.
      const text =
        op.text === null ? undefined : fitUtf16(op.text, TELEGRAM_CALLBACK_ANSWER_TEXT_MAX).text;
      await this.api.answerCallbackQuery(op.callbackQueryId, text === undefined ? {} : { text });
    } catch (error) {
      if (!isApiError(error, /query is too old|query id is invalid/i)) throw error;
    }
    return { externalId: null };
  }
}

/** The message text after a choice: the original, then the chosen option, ticked. */
export function chosenText(originalText: string, chosenLabel: string): string {
  return `${originalText}\n\n✓ ${chosenLabel}`;
}

function isApiError(error: unknown, description: RegExp): boolean {
  return error instanceof GrammyError && description.test(error.description);
}

/**
 * Normalises anything a delivery throws. 429 → wait `retry_after`; 5xx and network failures
 * (grammY's HttpError, which includes our client timeout) → retry with backoff; any other Bot API
 * error (400 chat not found, 403 bot was blocked by the user, BUTTON_DATA_INVALID…) → never retry.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof TelegramCardError) {
    return new DeliveryError({ kind: "permanent" }, error.message, error.code);
  }
  if (error instanceof GrammyError) {
    const code = error.error_code;
    if (code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return new DeliveryError(
        { kind: "rate_limited", retryAfterMs: seconds * 1000 },
        error.description,
        code,
      );
    }
    if (code >= 500) return new DeliveryError({ kind: "transient" }, error.description, code);
    return new DeliveryError({ kind: "permanent" }, error.description, code);
  }
  if (error instanceof HttpError) {
    return new DeliveryError({ kind: "transient" }, error.message, "relance_telegram_network");
  }
  // A bug of ours, most likely: retried a bounded number of times, then visible in the outbox.
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError({ kind: "transient" }, message, "relance_telegram_unexpected");
}
