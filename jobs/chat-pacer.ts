import type { Redis } from "ioredis";
import type { OutboundOp } from "../src/runtime/outbound.ts";

/**
 * Per-chat pacing across every worker process: at most one message per `intervalMs` to the same
 * chat (Telegram allows about one per second per chat). A Redis key with a TTL marks the chat busy;
 * a job that finds it busy goes back to delayed for the time left — other chats are not paused,
 * which BullMQ's per-queue rate limiter alone could not give us.
 */
export class ChatPacer {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** 0 when the message may go now (and the slot is taken), else milliseconds to wait. */
  async reserve(op: OutboundOp, intervalMs: number): Promise<number> {
    const chat = chatOf(op);
    if (intervalMs <= 0 || chat === null) return 0;
    const key = `${this.keyPrefix}:${op.channel}:${chat}`;
    const taken = await this.redis.set(key, "1", "PX", intervalMs, "NX");
    if (taken === "OK") return 0;
    const left = await this.redis.pttl(key);
    return Math.max(1, left);
  }
}

/** Only new messages count against a chat's pace; answering a callback or editing does not. */
function chatOf(op: OutboundOp): string | null {
  switch (op.op) {
    case "send_card":
      return op.address;
    case "owner_message":
      return op.slackChannel;
    case "clear_buttons":
    case "ack_button":
    case "owner_update":
    case "owner_ephemeral":
      return null;
  }
}
