import { randomBytes } from "node:crypto";
import type { Card } from "../core/index.ts";
import type { OutboundCard } from "./outbound.ts";
import type { ButtonChat, ButtonTokenCopy, NewButtonToken } from "./store.ts";

/**
 * Buttons leave the service as short random tokens, never as the action itself: Telegram's
 * callback_data is at most 64 bytes, and a token the server resolves can be checked against the
 * chat that pressed it and the case version it was shown for. 9 random bytes = 12 base64url
 * characters, 72 bits: unguessable, and far under every platform's limit.
 */
export const BUTTON_TOKEN_BYTES = 9;

export function newButtonToken(): string {
  return randomBytes(BUTTON_TOKEN_BYTES).toString("base64url");
}

/**
 * The card with a fresh token behind each choice, for one chat: a token is honoured only from the
 * chat it was sent to, so a card sent to two places has two sets of tokens.
 */
export function tokenizeCard(
  card: Card,
  owner: { caseId: string; debtorId: string; caseVersion: number; chat: ButtonChat },
): { outbound: OutboundCard; tokens: NewButtonToken[] } {
  const tokens: NewButtonToken[] = [];
  const issue = (action: unknown): string => {
    const token = newButtonToken();
    tokens.push({ token, action, ...owner });
    return token;
  };
  const outbound: OutboundCard = {
    text: card.text,
    buttons: card.buttons.map((b) => ({ label: b.label, token: issue(b.action) })),
    ...(card.list
      ? {
          list: {
            title: card.list.title,
            items: card.list.items.map((item) => ({
              label: item.label,
              ...(item.description ? { description: item.description } : {}),
              token: issue(item.action),
            })),
          },
        }
      : {}),
  };
  return { outbound, tokens };
}

/**
 * The same card for another chat (a failed notice sent again elsewhere): every token is replaced
 * by a new one that copies it — same action, same case version — for `chat`. The old tokens stay
 * with the chat they were sent to.
 */
export function retokenizeCard(
  card: OutboundCard,
  chat: ButtonChat,
): { outbound: OutboundCard; copies: ButtonTokenCopy[] } {
  const copies: ButtonTokenCopy[] = [];
  const copy = (from: string): string => {
    const token = newButtonToken();
    copies.push({ from, token, chat });
    return token;
  };
  const outbound: OutboundCard = {
    ...card,
    buttons: card.buttons.map((b) => ({ ...b, token: copy(b.token) })),
    ...(card.list
      ? {
          list: {
            ...card.list,
            items: card.list.items.map((i) => ({ ...i, token: copy(i.token) })),
          },
        }
      : {}),
  };
  return { outbound, copies };
}
