/**
 * Throttles failed logins with token buckets, one per client address and one per user name: each
 * failure takes a token, tokens come back at a steady rate, and an empty bucket refuses further
 * attempts — before the password is even checked — until it refills. Per address stops one client
 * guessing fast; per user stops many addresses guessing one account together.
 *
 * Memory is bounded: at most `maxKeys` buckets per kind, kept in least-recently-used order (a map
 * iterates in insertion order; a touched key is re-inserted), the least recent dropped in O(1).
 */
export interface BucketRule {
  /** Failures allowed in a burst. */
  readonly capacity: number;
  /** One token comes back every `refillEveryMs`. */
  readonly refillEveryMs: number;
}

export interface LoginThrottleOptions {
  readonly perAddress: BucketRule;
  readonly perUser: BucketRule;
  /** Milliseconds since the epoch (tests pass their own). */
  readonly now?: () => number;
  readonly maxKeys?: number;
}

/** 10 failures in a row from one address, then one a minute; 50 for one user, then 10 a minute. */
export const ADMIN_LOGIN_THROTTLE: LoginThrottleOptions = {
  perAddress: { capacity: 10, refillEveryMs: 60_000 },
  perUser: { capacity: 50, refillEveryMs: 6_000 },
};

interface Bucket {
  tokens: number;
  at: number;
}

class Buckets {
  readonly #buckets = new Map<string, Bucket>();
  constructor(
    private readonly rule: BucketRule,
    private readonly maxKeys: number,
  ) {}

  get size(): number {
    return this.#buckets.size;
  }

  /** The bucket refilled to `now`, touched (moved to the most-recent end). */
  #current(key: string, now: number): Bucket {
    const found = this.#buckets.get(key);
    const bucket = found
      ? {
          tokens: Math.min(
            this.rule.capacity,
            found.tokens + (now - found.at) / this.rule.refillEveryMs,
          ),
          at: now,
        }
      : { tokens: this.rule.capacity, at: now };
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.maxKeys) {
      const leastRecent = this.#buckets.keys().next();
      if (!leastRecent.done) this.#buckets.delete(leastRecent.value);
    }
    return bucket;
  }

  /** 0 when an attempt may be made, else milliseconds until one may. */
  waitMs(key: string, now: number): number {
    const bucket = this.#current(key, now);
    return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) * this.rule.refillEveryMs);
  }

  take(key: string, now: number): void {
    const bucket = this.#current(key, now);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }
}

export class LoginThrottle {
  readonly #addresses: Buckets;
  readonly #users: Buckets;
  readonly #now: () => number;

  constructor(options: LoginThrottleOptions = ADMIN_LOGIN_THROTTLE) {
    const maxKeys = options.maxKeys ?? 10_000;
    this.#addresses = new Buckets(options.perAddress, maxKeys);
    this.#users = new Buckets(options.perUser, maxKeys);
    this.#now = options.now ?? Date.now;
  }

  /** Buckets held, per kind (bounded by `maxKeys`). */
  get size(): { readonly addresses: number; readonly users: number } {
    return { addresses: this.#addresses.size, users: this.#users.size };
  }

  /** Whether an attempt may be checked now; otherwise how long to wait. */
  check(address: string, user: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.#now();
    const wait = Math.max(this.#addresses.waitMs(address, now), this.#users.waitMs(user, now));
    return wait === 0 ? { ok: true } : { ok: false, retryAfterMs: wait };
  }

  failed(address: string, user: string): void {
    const now = this.#now();
    this.#addresses.take(address, now);
    this.#users.take(user, now);
  }

  /** A successful login clears its address's failures (the user's bucket refills on its own). */
  succeeded(address: string): void {
    this.#addresses.forget(address);
  }
}
