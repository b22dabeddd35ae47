/**
 * A sliding-window limit per key, in memory: each key keeps the times of its recent hits (at most
 * `limit` of them), and a hit is allowed while fewer than `limit` fall within the last `windowMs`.
 *
 * Deliberately simple. It lives in one process, so N web processes allow N × `limit`, and a
 * restart forgets everything: good enough to stop a looping script or a stuck key from flooding
 * the runtime, which is all it is for (the runtime deduplicates, and the debtor is one person).
 *
 * Memory is bounded and every call is O(limit), whatever the number of keys: keys live in two
 * generations of at most `maxKeys / 2` each. A hit touches its key in the current generation
 * (moving it there from the previous one); when the current generation is full it becomes the
 * previous one and the old previous one is dropped whole — keys idle for a whole generation are
 * forgotten, busy ones survive. No scan, no iteration: a JavaScript Map used as an LRU (delete,
 * re-insert, evict the first key) degrades here, because V8 walks over the deleted slots at the
 * front to find the first key. Callers count only keys worth counting (the web chat checks the
 * link first), so an attacker's random keys neither fill the maps nor slow them down.
 */
export class SlidingWindowLimiter {
  #current = new Map<string, number[]>();
  #previous = new Map<string, number[]>();

  constructor(
    private readonly options: {
      readonly limit: number;
      readonly windowMs: number;
      /** Milliseconds since the epoch; tests pass their own. */
      readonly now?: () => number;
      /** At most this many keys are held (default 10,000). */
      readonly maxKeys?: number;
    },
  ) {}

  /** How many keys are held (never more than `maxKeys`). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** Counts a hit for `key` if the window has room; otherwise says how long until it has. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = (this.options.now ?? Date.now)();
    const since = now - this.options.windowMs;
    const hits = this.#touch(key);
    // Oldest first: drop those that left the window.
    while (hits.length > 0 && (hits[0] ?? now) <= since) hits.shift();
    if (hits.length >= this.options.limit) {
      // The oldest hit in the window leaves it first.
      const oldest = hits[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.options.windowMs - now) };
    }
    hits.push(now);
    return { ok: true };
  }

  /** The key's hits, now in the current generation; rotates the generations when it is full. */
  #touch(key: string): number[] {
    let hits = this.#current.get(key);
    if (hits !== undefined) return hits;
    hits = this.#previous.get(key) ?? [];
    this.#previous.delete(key);
    this.#current.set(key, hits);
    const generation = Math.max(1, Math.floor((this.options.maxKeys ?? 10_000) / 2));
    if (this.#current.size >= generation) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    return hits;
  }
}
