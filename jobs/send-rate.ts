import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { OutboundOp } from "../src/runtime/index.ts";

/**
 * The platforms' send rates, enforced across every worker process with one Redis round trip per
 * send: a GCRA (generic cell rate algorithm) over two keys at once — the lane's (the whole bot or
 * app: Telegram's ~30 messages/s) and the chat's (Telegram's ~1 message/s in one chat, Slack's ~1
 * per second in one channel). Each key holds a "theoretical arrival time": the send may go when
 * both are in the past, and then both move on by their interval. No burst is allowed (the
 * platforms and our fakes count in sliding windows, where a burst plus the steady rate would break
 * the limit). Time is Redis's own (`TIME`), the one clock every process shares.
 */

export interface ChannelRate {
  /** Messages per second for the whole bot/app on this platform. */
  readonly perSecond: number;
  /** Minimum milliseconds between two messages to the same chat (0: no per-chat pacing). */
  readonly perChatIntervalMs: number;
}

/**
 * The pace aimed at is this share of the configured limit: the check happens just before the HTTP
 * call, and a loaded machine delays one call more than the next, so sends spaced exactly at the
 * limit would reach the platform a little closer together than allowed.
 */
export const RATE_HEADROOM = 0.98;

/** A wait on the lane up to this long is slept through in the worker (the next slots, each a few
 *  ms away, shared by the jobs the worker holds); a longer one sends the job back to delayed. */
const MAX_INLINE_WAIT_MS = 1_000;

// KEYS[1] the lane's key, KEYS[2] the chat's key; ARGV[1] the lane's interval and ARGV[2] the
// chat's, in microseconds (the chat's 0: not paced). Returns { lane wait, chat wait } in ms,
// { 0, 0 } when the send may go (both slots taken).
const TAKE_SEND_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local laneInterval = tonumber(ARGV[1])
local chatInterval = tonumber(ARGV[2])
local lane = redis.call('GET', KEYS[1])
local laneTat = now
if lane then laneTat = math.max(tonumber(lane), now) end
local chatTat = now
if chatInterval > 0 then
  local chat = redis.call('GET', KEYS[2])
  if chat then chatTat = math.max(tonumber(chat), now) end
end
if laneTat > now or chatTat > now then
  return { math.ceil((laneTat - now) / 1000), math.ceil((chatTat - now) / 1000) }
end
redis.call('SET', KEYS[1], string.format('%.0f', now + laneInterval), 'PX', math.ceil(laneInterval / 1000) + 1000)
if chatInterval > 0 then
  redis.call('SET', KEYS[2], string.format('%.0f', now + chatInterval), 'PX', math.ceil(chatInterval / 1000) + 1000)
end
return { 0, 0 }
`;

type TakeSendSlot = (
  laneKey: string,
  chatKey: string,
  laneIntervalUs: number,
  chatIntervalUs: number,
) => Promise<[number, number]>;

export class SendRate {
  readonly #take: TakeSendSlot;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    if (!("relanceTakeSendSlot" in redis)) {
      redis.defineCommand("relanceTakeSendSlot", { numberOfKeys: 2, lua: TAKE_SEND_SLOT });
    }
    const command = (redis as unknown as { relanceTakeSendSlot: TakeSendSlot }).relanceTakeSendSlot;
    this.#take = command.bind(redis);
  }

  /**
   * Takes the next send slot of `lane` and of the op's chat: 0 when the message may go now, else
   * the milliseconds to wait (the chat is busy, or the lane is booked for longer than a few ms).
   */
  async take(lane: string, op: OutboundOp, rate: ChannelRate): Promise<number> {
    const chat = chatOf(op);
    const chatIntervalMs = chat === null ? 0 : rate.perChatIntervalMs;
    const laneKey = `${this.keyPrefix}:${lane}`;
    const chatKey = `${this.keyPrefix}:${op.channel}:chat:${chat ?? ""}`;
    const laneIntervalUs = Math.round(1_000_000 / (rate.perSecond * RATE_HEADROOM));
    for (;;) {
      const [laneWait, chatWait] = await this.#take(
        laneKey,
        chatKey,
        laneIntervalUs,
        Math.max(0, Math.round(chatIntervalMs * 1_000)),
      );
      if (chatWait > 0) return chatWait;
      if (laneWait === 0) return 0;
      if (laneWait > MAX_INLINE_WAIT_MS) return laneWait;
      await sleep(laneWait);
    }
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
