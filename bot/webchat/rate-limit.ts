/**
 * A sliding-window limit per key, in memory: each key keeps the times of its recent hits, and a hit
 * is allowed while fewer than `limit` fall within the last `windowMs`.
 *
 * Deliberately simple. It lives in one process, so N web processes allow N × `limit`, and a
 * restart forgets everything: good enough to stop a looping script or a stuck key from flooding
 * the runtime, which is all it is for (the runtime deduplicates, and the debtor is one person).
 * Memory stays bounded: idle keys are swept once the map passes `maxKeys`.
 */
export class SlidingWindowLimiter {
  readonly #hits = new Map<string, number[]>();

  constructor(
    private readonly options: {
      readonly limit: number;
      readonly windowMs: number;
      /** Milliseconds since the epoch; tests pass their own. */
      readonly now?: () => number;
      readonly maxKeys?: number;
    },
  ) {}

  /** Counts a hit for `key` if the window has room; otherwise says how long until it has. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = (this.options.now ?? Date.now)();
    const since = now - this.options.windowMs;
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.options.limit) {
      this.#hits.set(key, recent);
      // The oldest hit in the window leaves it first.
      const oldest = recent[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.options.windowMs - now) };
    }
    recent.push(now);
    this.#hits.set(key, recent);
    if (this.#hits.size > (this.options.maxKeys ?? 10_000)) this.#sweep(since);
    return { ok: true };
  }

  #sweep(since: number): void {
    for (const [key, hits] of this.#hits) {
      if (hits.every((at) => at <= since)) this.#hits.delete(key);
    }
  }
}
