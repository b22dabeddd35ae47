import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SendRate } from "../../../jobs/send-rate.ts";
import type { OutboundOp } from "../../../src/runtime/outbound.ts";
import { fileBullmqPrefix } from "../../support/isolation.ts";

/**
 * The send rate's one Redis round trip (a GCRA Lua script on Redis's own clock) over the lane and
 * the chat at once. Rates are chosen so that every wait is longer than what a worker sleeps
 * through (1 s): `take` answers at once and nothing here waits on wall time.
 */

let redis: Redis;
let rate: SendRate;
let n = 0;

beforeAll(() => {
  redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
  rate = new SendRate(redis, `${fileBullmqPrefix()}:rate`);
});

afterAll(() => {
  redis?.disconnect();
});

/** A lane of its own per test, so no test sees another's slots. */
const lane = () => `lane${++n}`;
const card = (address: string): OutboundOp => ({
  op: "send_card",
  channel: "telegram",
  address,
  messageKind: "ladder:heads_up",
  automated: true,
  card: { text: "Bonjour", buttons: [] },
});
const ack: OutboundOp = {
  op: "ack_button",
  channel: "telegram",
  callbackQueryId: "q1",
  text: null,
};

describe("SendRate", () => {
  it("spaces the lane: at 0.5 message/s the second send waits about two seconds, another lane none", async () => {
    const slow = { perSecond: 0.5, perChatIntervalMs: 0 };
    const a = lane();
    expect(await rate.take(a, card("1"), slow)).toBe(0);
    const wait = await rate.take(a, card("2"), slow);
    // 1 / (0.5 × 98 %) = 2,041 ms, less the time between the two calls.
    expect(wait).toBeGreaterThan(1_500);
    expect(wait).toBeLessThanOrEqual(2_041);
    expect(await rate.take(lane(), card("2"), slow)).toBe(0);
  });

  it("paces one chat, not the others", async () => {
    const fastLane = { perSecond: 1_000, perChatIntervalMs: 5_000 };
    const b = lane();
    expect(await rate.take(b, card("10"), fastLane)).toBe(0);
    const wait = await rate.take(b, card("10"), fastLane);
    expect(wait).toBeGreaterThan(4_000);
    expect(wait).toBeLessThanOrEqual(5_000);
    expect(await rate.take(b, card("11"), fastLane)).toBe(0);
  });

  it("a send refused for its chat takes no slot of the lane", async () => {
    const paced = { perSecond: 0.5, perChatIntervalMs: 5_000 };
    const c = lane();
    expect(await rate.take(c, card("20"), paced)).toBe(0);
    // The same chat again: refused for the chat's interval (the longer wait).
    expect(await rate.take(c, card("20"), paced)).toBeGreaterThan(4_000);
    // Another chat waits for the lane's next slot only: the refusal did not book one (it would
    // then wait about 4 s).
    const next = await rate.take(c, card("21"), paced);
    expect(next).toBeGreaterThan(1_000);
    expect(next).toBeLessThanOrEqual(2_041);
  });

  it("does not pace what is not a message (answering a button press)", async () => {
    const d = lane();
    const pacedAcks = { perSecond: 1_000, perChatIntervalMs: 60_000 };
    expect(await rate.take(d, ack, pacedAcks)).toBe(0);
    expect(await rate.take(d, ack, pacedAcks)).toBe(0);
  });
  it("shares the lane across connections (two processes): of six sends at once, one goes", async () => {
    const other = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
    try {
      const rates = [rate, new SendRate(other, `${fileBullmqPrefix()}:rate`)];
      const slow = { perSecond: 0.1, perChatIntervalMs: 0 };
      const shared = lane();
      const waits = await Promise.all(
        Array.from({ length: 6 }, (_, i) => rates[i % 2]?.take(shared, card(String(i)), slow)),
      );
      expect(waits.filter((w) => w === 0)).toHaveLength(1);
      // Each other send waits for the next slot, about 10 s (98 %: 10.2 s) away.
      for (const w of waits.filter((w) => w !== 0)) {
        expect(w).toBeGreaterThan(9_000);
        expect(w).toBeLessThanOrEqual(10_205);
      }
    } finally {
      other.disconnect();
    }
  });
});
