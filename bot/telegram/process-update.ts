import type { InboundEnvelope } from "../../src/runtime/index.ts";
import type { TelegramLog } from "./log.ts";
import { type ParseUpdateOptions, parseUpdate } from "./parse-update.ts";
import { telegramUpdateSchema } from "./update-schema.ts";

/** Hands one debtor input to the runtime (`handleDebtorInbound` bound to its dependencies). */
export type OnInbound = (envelope: InboundEnvelope) => Promise<unknown>;

export type ProcessOutcome =
  /** Not an update we can read: acknowledged anyway, or Telegram would redeliver it forever. */
  | { readonly outcome: "malformed" }
  /** A valid update with nothing for us (group chat, sticker, unhandled kind). */
  | { readonly outcome: "ignored" }
  /** Handed to the runtime, which committed it. */
  | { readonly outcome: "handled"; readonly envelope: InboundEnvelope };

/**
 * One update, from webhook or polling alike: validate, map, hand over. Errors of `onInbound`
 * propagate so the caller can make Telegram redeliver (the runtime dedupes by update id).
 */
export async function processUpdate(
  raw: unknown,
  deps: { readonly onInbound: OnInbound; readonly log: TelegramLog } & ParseUpdateOptions,
): Promise<ProcessOutcome> {
  const parsed = telegramUpdateSchema.safeParse(raw);
  if (!parsed.success) {
    // Paths and codes only: the values may be personal data.
    deps.log.warn(
      {
        updateId: updateIdOf(raw),
        issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), code: i.code })),
      },
      "telegram update malformed, acknowledged and dropped",
    );
    return { outcome: "malformed" };
  }
  const envelope = parseUpdate(parsed.data, deps);
  if (envelope === null) {
    deps.log.debug({ updateId: parsed.data.update_id }, "telegram update ignored");
    return { outcome: "ignored" };
  }
  await deps.onInbound(envelope);
  return { outcome: "handled", envelope };
}

/**
 * The callback query id of an update that carries one, valid or not: every callback must be
 * answered, or the debtor's button spins for about 15 seconds, whatever we made of the press.
 */
export function callbackQueryIdOf(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || !("callback_query" in raw)) return undefined;
  const query = raw.callback_query;
  if (typeof query !== "object" || query === null || !("id" in query)) return undefined;
  return typeof query.id === "string" && query.id !== "" ? query.id : undefined;
}

/** The update id of a payload that may be malformed, for logs. */
export function updateIdOf(raw: unknown): number | undefined {
  if (typeof raw !== "object" || raw === null || !("update_id" in raw)) return undefined;
  return typeof raw.update_id === "number" ? raw.update_id : undefined;
}
