/**
 * Throttles failed logins with token buckets, one per client address and one per user name: each
 * failure takes a token, tokens come back at a steady rate, and an empty bucket refuses further
 * attempts — before the password is even checked — until it refills. Per address stops one client
 * guessing fast; per user stops many addresses guessing one account together.
 *
 * Memory is bounded: at most `maxKeys` buckets per kind, in two generations of `maxKeys / 2` (as
 * the web chat's limiter does): a touched bucket moves to the current generation, and when that
 * is full the previous one is dropped whole — constant time, no scan. A dropped bucket was full
 * or refilling: forgetting it gives back at most its capacity.
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
  #current = new Map<string, Bucket>();
  #previous = new Map<string, Bucket>();
  constructor(
    private readonly rule: BucketRule,
    private readonly maxKeys: number,
  ) {}

  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** The bucket refilled to `now`, in the current generation. */
  #refilled(key: string, now: number): Bucket {
    const found = this.#current.get(key) ?? this.#previous.get(key);
    const bucket = found
      ? {
          tokens: Math.min(
            this.rule.capacity,
            found.tokens + (now - found.at) / this.rule.refillEveryMs,
          ),
          at: now,
        }
      : { tokens: this.rule.capacity, at: now };
    this.#previous.delete(key);
    this.#current.set(key, bucket);
    if (this.#current.size >= Math.max(1, Math.floor(this.maxKeys / 2))) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    return bucket;
  }

  /** 0 when an attempt may be made, else milliseconds until one may. */
  waitMs(key: string, now: number): number {
    const bucket = this.#refilled(key, now);
    return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) * this.rule.refillEveryMs);
  }

  take(key: string, now: number): void {
    const bucket = this.#refilled(key, now);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  forget(key: string): void {
    this.#current.delete(key);
    this.#previous.delete(key);
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
