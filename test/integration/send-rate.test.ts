import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SendRate } from "../../jobs/send-rate.ts";
import { type OutboundOp, outboundOpSchema } from "../../src/runtime/outbound.ts";
import { serviceBullmqPrefix } from "../support/isolation.ts";

/**
 * The send rate every sender of a deployment shares, on a real Redis: the bot-wide rate spaces
 * sends evenly, a chat's pace holds its next message, and a refusal takes no slot.
 */

let redis: Redis;
let other: Redis;

beforeAll(() => {
  redis = new Redis(inject("redisUrl"));
  other = new Redis(inject("redisUrl"));
});

afterAll(async () => {
  await redis.quit();
  await other.quit();
});

function card(address: string): OutboundOp {
  return outboundOpSchema.parse({
    op: "send_card",
    channel: "telegram",
    address,
    card: { text: "Bonjour", buttons: [] },
    automated: false,
    messageKind: "welcome",
  });
}

describe("the send rate", () => {
  it("lets one message per interval go to a chat; another chat is not held up", async () => {
    const gate = new SendRate(redis, serviceBullmqPrefix());
    const rate = { perSecond: 1_000, perChatIntervalMs: 60_000 };
    expect(await gate.take("telegram", card("1"), rate)).toBe(0);
    const wait = await gate.take("telegram", card("1"), rate);
    // The second message waits for the rest of the minute (less what the round trips took).
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await gate.take("telegram", card("2"), rate)).toBe(0);
  });

  it("spaces a lane's sends at its rate, across two connections (two processes)", async () => {
    const prefix = serviceBullmqPrefix();
    const gates = [new SendRate(redis, prefix), new SendRate(other, prefix)];
    // 1 per 10 s (a little more: the rate keeps 2 % headroom): exactly one send may go.
    const rate = { perSecond: 0.1, perChatIntervalMs: 0 };
    const waits = await Promise.all(
      Array.from({ length: 6 }, (_, i) => gates[i % 2]?.take("telegram", card(String(i)), rate)),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(1);
    for (const w of waits.filter((w) => w !== 0)) {
      expect(w).toBeGreaterThan(9_000);
      expect(w).toBeLessThanOrEqual(10_300);
    }
  });

  it("a refused send takes no slot: the bot's limit is not used up by a chat that must wait", async () => {
    const gate = new SendRate(redis, serviceBullmqPrefix());
    const rate = { perSecond: 0.1, perChatIntervalMs: 60_000 };
    expect(await gate.take("telegram", card("7"), rate)).toBe(0);
    // Chat 7 again: held by both limits, three times over; nothing is taken…
    for (let i = 0; i < 3; i++) {
      expect(await gate.take("telegram", card("7"), rate)).toBeGreaterThan(0);
    }
    // …so chat 8 waits for one bot slot only (10 s), not four.
    const wait = await gate.take("telegram", card("8"), rate);
    expect(wait).toBeGreaterThan(9_000);
    expect(wait).toBeLessThanOrEqual(10_300);
    // Answering a callback is not a message to a chat: only the lane's rate applies to it, and
    // on a lane of its own it goes at once.
    const ack = outboundOpSchema.parse({
      op: "ack_button",
      channel: "telegram",
      callbackQueryId: "q",
      text: null,
    });
    expect(await gate.take("telegram-instant", ack, rate)).toBe(0);
  });
});
