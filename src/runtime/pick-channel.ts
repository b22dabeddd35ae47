import type { Channel } from "../core/types.ts";
import type { ChannelBinding } from "./store.ts";

/**
 * Where to say something to a debtor: back where they just wrote, else the chat they bound most
 * recently. null when no chat is bound yet (a Telegram bot cannot write first: the debtor has to
 * open the invoice's deep link).
 */
export function pickDebtorChannel(
  bindings: readonly ChannelBinding[],
  replyTo: { readonly channel: Channel; readonly address: string } | null,
): { channel: Channel; address: string } | null {
  if (replyTo) return { channel: replyTo.channel, address: replyTo.address };
  let latest: ChannelBinding | null = null;
  for (const b of bindings) {
    if (!latest || b.boundAt.getTime() > latest.boundAt.getTime()) latest = b;
  }
  return latest ? { channel: latest.channel, address: latest.address } : null;
}
