import type { Channel } from "../core/index.ts";
import type { ChannelBinding } from "./store.ts";

/**
 * Where a message to a debtor goes — one pure rule, for every channel:
 * 1. a reply goes back where the debtor just wrote;
 * 2. otherwise, among the chats that can push a notification to their phone, the one they used
 *    last that can carry this message now: WhatsApp inside its 24-hour customer-service window
 *    (the card), or outside it the approved template when the message is a notice that has one;
 *    Telegram always;
 * 3. otherwise e-mail, when the debtor has an address and the message is a notice (the e-mail
 *    carries the web-chat link, where the card's buttons are);
 * 4. the web chat never notifies anyone: it keeps the card as a record (the page shows it when
 *    opened), next to the e-mail, or alone — and then nobody was told: `notified` is false and the
 *    owner must hear of it.
 */

/** The customer-service window: free-form WhatsApp messages only within 24 h of the user's last. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export type DebtorChannel = Channel | "email";

export interface RouteTarget {
  readonly channel: DebtorChannel;
  readonly address: string;
  /** WhatsApp outside its window: the template goes instead of the card. */
  readonly viaTemplate: boolean;
}

export interface Route {
  /** Where the message is written, in order: at most one push channel, then the web chat's record. */
  readonly targets: readonly RouteTarget[];
  /** Whether any target reaches the debtor without them opening a page. */
  readonly notified: boolean;
}

export interface RouteRequest {
  readonly bindings: readonly ChannelBinding[];
  readonly replyTo: { readonly channel: Channel; readonly address: string } | null;
  readonly now: Date;
  /** An automated notice with a summary: a WhatsApp template or an e-mail can carry it. */
  readonly notice: boolean;
  /** The debtor's e-mail address, when e-mail notices are on and the debtor has not opted out. */
  readonly email: string | null;
  /** Channels that already failed for this message (a `failed` status): skipped. */
  readonly exclude?: readonly DebtorChannel[];
}

export function routeDebtorMessage(req: RouteRequest): Route {
  const excluded = new Set<DebtorChannel>(req.exclude ?? []);
  if (req.replyTo && !excluded.has(req.replyTo.channel)) {
    return {
      targets: [{ ...req.replyTo, viaTemplate: false }],
      notified: req.replyTo.channel !== "webchat",
    };
  }
  const recency = (b: ChannelBinding) => (b.lastSeenAt ?? b.boundAt).getTime();
  const byRecency = [...req.bindings]
    .filter((b) => !excluded.has(b.channel))
    .sort((a, b) => recency(b) - recency(a));
  for (const b of byRecency) {
    const push = pushTarget(b, req);
    if (push) return { targets: [push], notified: true };
  }
  const webchat = byRecency.find((b) => b.channel === "webchat");
  const record: RouteTarget[] = webchat
    ? [{ channel: "webchat", address: webchat.address, viaTemplate: false }]
    : [];
  if (req.email !== null && req.notice && !excluded.has("email")) {
    return {
      targets: [{ channel: "email", address: req.email, viaTemplate: false }, ...record],
      notified: true,
    };
  }
  return { targets: record, notified: false };
}

function pushTarget(b: ChannelBinding, req: RouteRequest): RouteTarget | null {
  switch (b.channel) {
    case "telegram":
      return { channel: b.channel, address: b.address, viaTemplate: false };
    case "whatsapp": {
      const open =
        b.lastSeenAt !== null && req.now.getTime() - b.lastSeenAt.getTime() < WHATSAPP_WINDOW_MS;
      if (open) return { channel: b.channel, address: b.address, viaTemplate: false };
      return req.notice ? { channel: b.channel, address: b.address, viaTemplate: true } : null;
    }
    case "webchat":
      return null;
  }
}
