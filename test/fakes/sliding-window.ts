/** At most `max` events in any `windowMs`; the caller's clock decides what "now" is. */
export interface WindowLimit {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * A sliding-window counter for the fakes' rate limits. `tryAcquire` either records the event or
 * says how many whole seconds to wait, as the platforms' 429s do (never less than 1).
 */
export class SlidingWindow {
  readonly #events: number[] = [];

  constructor(private readonly limit: WindowLimit) {}

  tryAcquire(now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    while (this.#events.length > 0 && (this.#events[0] ?? 0) <= now - this.limit.windowMs) {
      this.#events.shift();
    }
    if (this.#events.length >= this.limit.max) {
      const oldest = this.#events[0] ?? now;
      const waitMs = oldest + this.limit.windowMs - now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    this.#events.push(now);
    return { ok: true };
  }
}
