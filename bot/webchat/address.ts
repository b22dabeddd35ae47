import { createHash } from "node:crypto";

/**
 * The chat address of a web chat link. The link token is a bearer secret sent only to the debtor,
 * reusable on any of their devices, so every opening of one link is the same chat: the address is
 * derived from the token (never the token itself, which must not sit in `messages.chat_id`, logs
 * or outbox payloads). 64 bits of SHA-256 are plenty to tell the links of one database apart.
 */
export function webchatAddress(token: string): string {
  return `wc_${createHash("sha256").update(token, "utf8").digest("hex").slice(0, 16)}`;
}
