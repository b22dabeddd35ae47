import type { Channel } from "../core/types.ts";
import type { ChannelBinding } from "./store.ts";

/** Channels that can reach a debtor who is not looking (a push notification on their phone). The
 *  web chat only shows what was said when its page is open. */
const PUSH_CHANNELS: ReadonlySet<Channel> = new Set(["telegram", "whatsapp"]);

/**
 * Where to say something to a debtor: back where they just wrote; otherwise the chat they used
 * most recently among those that can notify them, the web chat only when there is nothing else.
 * null when no chat is bound yet (a Telegram bot cannot write first: the debtor has to open the
 * invoice's deep link).
 */
export function pickDebtorChannel(
  bindings: readonly ChannelBinding[],
  replyTo: { readonly channel: Channel; readonly address: string } | null,
): { channel: Channel; address: string } | null {
  if (replyTo) return { channel: replyTo.channel, address: replyTo.address };
  const recency = (b: ChannelBinding) => (b.lastSeenAt ?? b.boundAt).getTime();
  const byRecency = [...bindings].sort((a, b) => recency(b) - recency(a));
  const best = byRecency.find((b) => PUSH_CHANNELS.has(b.channel)) ?? byRecency[0];
  return best ? { channel: best.channel, address: best.address } : null;
}
