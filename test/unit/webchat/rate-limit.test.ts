import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "../../../bot/webchat/rate-limit.ts";

function limiter(limit = 3, windowMs = 60_000) {
  let now = 1_000_000;
  const l = new SlidingWindowLimiter({ limit, windowMs, now: () => now, maxKeys: 4 });
  return { l, advance: (ms: number) => (now += ms) };
}

describe("the web chat's sliding-window limiter", () => {
  it("allows `limit` hits in a window, then says how long until the oldest leaves it", () => {
    const { l, advance } = limiter();
    expect(l.take("a")).toEqual({ ok: true });
    advance(10_000);
    expect(l.take("a")).toEqual({ ok: true });
    expect(l.take("a")).toEqual({ ok: true });
    advance(5_000);
    expect(l.take("a")).toEqual({ ok: false, retryAfterMs: 45_000 });
  });

  it("slides: a hit leaves the window exactly windowMs later, and refused hits do not count", () => {
    const { l, advance } = limiter(2, 1_000);
    l.take("a");
    advance(500);
    l.take("a");
    expect(l.take("a").ok).toBe(false);
    advance(499);
    expect(l.take("a")).toEqual({ ok: false, retryAfterMs: 1 });
    advance(1);
    expect(l.take("a")).toEqual({ ok: true });
    expect(l.take("a").ok).toBe(false);
  });

  it("counts each key on its own", () => {
    const { l } = limiter(1);
    expect(l.take("a").ok).toBe(true);
    expect(l.take("a").ok).toBe(false);
    expect(l.take("b").ok).toBe(true);
  });

  it("forgets idle keys once it holds too many, without forgetting busy ones", () => {
    const { l, advance } = limiter(1, 1_000);
    l.take("idle");
    advance(2_000);
    l.take("busy");
    l.take("new"); // three keys > maxKeys 2: "idle" is swept
    expect(l.take("busy").ok).toBe(false);
    expect(l.take("idle").ok).toBe(true);
  });
});

describe("the limiter's memory", () => {
  it("never holds more than maxKeys keys, and keys in use keep their count", () => {
    const { l } = limiter(2, 60_000);
    l.take("busy");
    for (let i = 0; i < 100; i += 1) {
      l.take(`k${i}`);
      expect(l.size).toBeLessThanOrEqual(4);
      // Used every other hit: never forgotten, so its window fills up.
      if (i === 0) expect(l.take("busy")).toEqual({ ok: true });
      else expect(l.take("busy").ok).toBe(false);
    }
  });
});
