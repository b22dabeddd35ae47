import type {
  ConversationCursor,
  ConversationPage,
  StoredChatMessage,
} from "../../src/runtime/index.ts";
import { type OutboundCard, outboundCardSchema } from "../../src/runtime/index.ts";

/** One message as the page receives it (`GET /chat/:token/messages`). */
export interface ChatMessageView {
  readonly id: string;
  readonly from: "bot" | "you";
  readonly text: string;
  readonly buttons: readonly { readonly label: string; readonly token: string }[];
  readonly list?: OutboundCard["list"];
  /** ISO 8601, UTC. */
  readonly at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?after=` is a message id or an ISO instant; null when absent, "invalid" when neither. */
export function parseAfter(value: string | undefined): ConversationCursor | null | "invalid" {
  if (value === undefined || value === "") return null;
  if (UUID.test(value)) return { kind: "message", id: value.toLowerCase() };
  // Only full ISO 8601 instants with a zone: "2026-11-23" alone would silently mean UTC midnight.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return { kind: "instant", at };
  }
  return "invalid";
}

/**
 * The page's view of a conversation. Only the newest bot message keeps its buttons: older ones
 * belong to a case version that has moved on, and pressing them would only earn "this option is
 * no longer available".
 */
export function conversationView(page: ConversationPage): ChatMessageView[] {
  return page.messages.map((m) => messageView(m, m.id === page.liveBotMessageId));
}

function messageView(m: StoredChatMessage, live: boolean): ChatMessageView {
  const at = m.at.toISOString();
  if (m.direction === "in") return { id: m.id, from: "you", text: m.text ?? "", buttons: [], at };
  const card = outboundCardSchema.safeParse(m.card);
  if (!card.success) return { id: m.id, from: "bot", text: m.text ?? "", buttons: [], at };
  return {
    id: m.id,
    from: "bot",
    text: card.data.text,
    buttons: live ? card.data.buttons : [],
    ...(live && card.data.list ? { list: card.data.list } : {}),
    at,
  };
}
