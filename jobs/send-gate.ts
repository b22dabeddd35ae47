import type { Redis } from "ioredis";
import type { OutboundOp } from "../src/runtime/outbound.ts";

/**
 * Every sender of a deployment — each worker, and each process delivering right after its commit —
 * asks here before a platform call, in one Redis round trip: may this op go now, or in how many
 * milliseconds? Two limits are checked and taken together, atomically:
 * - the lane's rate for the whole bot (Telegram: about 30 messages/s), spacing sends evenly, so no
 *   sliding second ever holds more than the rate;
 * - one message per `perChatIntervalMs` to the same chat (Telegram: about one per second).
 * Both use GCRA (a theoretical arrival time per key, on Redis's clock so every process agrees): a
 * refused op takes no slot, so the wait returned is exact.
 */
const GCRA_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function tat(key)
  local v = tonumber(redis.call('GET', key))
  if v == nil or v < now then return now end
  return v
end
local bot = tat(KEYS[1])
local wait = bot - now
local chat = nil
if #KEYS > 1 then
  chat = tat(KEYS[2])
  if chat - now > wait then wait = chat - now end
end
if wait > 0 then return wait end
local botNext = bot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], botNext, 'PX', botNext - now + 1000)
if chat ~= nil then
  local chatNext = chat + tonumber(ARGV[2])
  redis.call('SET', KEYS[2], chatNext, 'PX', chatNext - now + 1000)
end
return 0
`;

export interface LaneRate {
  /** Messages per second for the whole bot/app on this lane. */
  readonly perSecond: number;
  /** Minimum milliseconds between two messages to the same chat (0: no per-chat pacing). */
  readonly perChatIntervalMs: number;
}

type GateRedis = Redis & {
  /** ioredis' form for a script with a varying number of keys: that number comes first. */
  relanceSendGate(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>;
};

export class SendGate {
  private readonly redis: GateRedis;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    if (!("relanceSendGate" in redis)) {
      redis.defineCommand("relanceSendGate", { lua: GCRA_SCRIPT });
    }
    this.redis = redis as GateRedis;
  }

  /** 0 when `op` may go now on `lane` (its slots are taken), else milliseconds to wait. */
  async reserve(op: OutboundOp, lane: string, rate: LaneRate): Promise<number> {
    const botKey = `${this.keyPrefix}:rate:${lane}`;
    const interval = Math.max(0, Math.ceil(1_000 / rate.perSecond));
    const chat = rate.perChatIntervalMs > 0 ? chatOf(op) : null;
    const wait =
      chat === null
        ? await this.redis.relanceSendGate(1, botKey, interval, 0)
        : await this.redis.relanceSendGate(
            2,
            botKey,
            `${this.keyPrefix}:pace:${op.channel}:${chat}`,
            interval,
            rate.perChatIntervalMs,
          );
    return Number(wait);
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
