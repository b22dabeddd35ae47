/**
 * A sliding-window limit per key, in memory: each key keeps the times of its recent hits (at most
 * `limit` of them), and a hit is allowed while fewer than `limit` fall within the last `windowMs`.
 *
 * Deliberately simple. It lives in one process, so N web processes allow N × `limit`, and a
 * restart forgets everything: good enough to stop a looping script or a stuck key from flooding
 * the runtime, which is all it is for (the runtime deduplicates, and the debtor is one person).
 *
 * Memory is bounded and every call is O(limit), whatever the number of keys: the map is kept in
 * least-recently-used order (a touched key is re-inserted at the end, JavaScript maps iterate in
 * insertion order), and past `maxKeys` the least recently used key is dropped — never a scan of
 * the whole map. Callers count only keys worth counting (the web chat checks the link first), so
 * an attacker's random keys neither fill the map nor slow it down.
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

  /** How many keys are held (never more than `maxKeys`). */
  get size(): number {
    return this.#hits.size;
  }

  /** Counts a hit for `key` if the window has room; otherwise says how long until it has. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = (this.options.now ?? Date.now)();
    const since = now - this.options.windowMs;
    const hits = this.#hits.get(key) ?? [];
    // Oldest first: drop those that left the window.
    while (hits.length > 0 && (hits[0] ?? now) <= since) hits.shift();
    // Re-inserted at the end: the most recently used.
    this.#hits.delete(key);
    this.#hits.set(key, hits);
    if (hits.length >= this.options.limit) {
      // The oldest hit in the window leaves it first.
      const oldest = hits[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.options.windowMs - now) };
    }
    hits.push(now);
    if (this.#hits.size > (this.options.maxKeys ?? 10_000)) {
      const leastRecent = this.#hits.keys().next();
      if (!leastRecent.done) this.#hits.delete(leastRecent.value);
    }
    return { ok: true };
  }
}
