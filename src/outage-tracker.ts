import { RelanceErrorCode } from "./error-codes.ts";
import type { Dependency, DependencyHealth, Log } from "./runtime/index.ts";
import { describeError } from "./safe-error.ts";

/**
 * One log line when a dependency becomes unavailable, one when it is back — not one per request,
 * job, retry and connection in between (a 30 s Redis outage used to print some 380 lines).
 *
 * Every part of the process reports what failed (`failed`): the HTTP boundaries, the enqueue after
 * a commit, the workers, the error events of every BullMQ queue and worker and ioredis connection.
 * The first report is confirmed by a probe (a passing failure — one query that lost its
 * connection while the pool had others — is no outage); once confirmed, the dependency is down:
 * one `warn` line, then a probe every `probeEveryMs` until one answers: one `info` line with how
 * long it lasted and how many failures were folded into it. While it is down, `isDown` lets
 * callers skip a round trip that cannot succeed (requests answer 503 at once, the enqueue after a
 * commit leaves the rows to the reconciler).
 */

/** The code each dependency's unavailability is logged and answered with. */
export const UNAVAILABLE_CODE: Readonly<Record<Dependency, RelanceErrorCode>> = {
  postgres: RelanceErrorCode.DbUnavailable,
  redis: RelanceErrorCode.RedisUnavailable,
};

/** A dependency known (or just found) to be unavailable; `cause` is what failed, if anything did. */
export class DependencyUnavailableError extends Error {
  override readonly name = "DependencyUnavailableError";
  readonly code: RelanceErrorCode;
  constructor(
    readonly dependency: Dependency,
    cause?: unknown,
  ) {
    super(`${dependency} is unavailable`, cause === undefined ? undefined : { cause });
    this.code = UNAVAILABLE_CODE[dependency];
  }
}

/** The dependency whose unavailability `error` shows (anywhere in its cause chain), or null. */
export function unavailableDependency(error: unknown): Dependency | null {
  switch (describeError(error).code) {
    case RelanceErrorCode.DbUnavailable:
      return "postgres";
    case RelanceErrorCode.RedisUnavailable:
      return "redis";
    default:
      return null;
  }
}

/**
 * Reports `error` to `health` when it shows a dependency gone and returns true; false otherwise
 * (the caller logs it as it would any other error).
 */
export function reportIfUnavailable(health: DependencyHealth | undefined, error: unknown): boolean {
  const dependency = unavailableDependency(error);
  if (dependency === null) return false;
  health?.failed(dependency, error);
  return true;
}

export interface OutageTrackerOptions {
  readonly log: Log;
  /** True when the dependency answers; must settle within a few seconds (each has a timeout). */
  readonly probes: Readonly<Record<Dependency, () => Promise<boolean>>>;
  /** How often a dependency that is down is probed (default 1 s). */
  readonly probeEveryMs?: number;
  /** Monotonic milliseconds, for the outage's duration (default `performance.now`). */
  readonly elapsedMs?: () => number;
  /** Runs `run` after `ms`; returns a cancel function (default `setTimeout`, unref'd). */
  readonly schedule?: (run: () => void, ms: number) => () => void;
}

type State =
  | { readonly status: "up" }
  | { readonly status: "checking"; failures: number; readonly cause: string }
  | {
      readonly status: "down";
      readonly since: number;
      failures: number;
      readonly cause: string;
      cancel: (() => void) | null;
    };

export const DEFAULT_PROBE_EVERY_MS = 1_000;

export class OutageTracker implements DependencyHealth {
  readonly #log: Log;
  readonly #probes: OutageTrackerOptions["probes"];
  readonly #probeEveryMs: number;
  readonly #elapsed: () => number;
  readonly #schedule: NonNullable<OutageTrackerOptions["schedule"]>;
  readonly #states = new Map<Dependency, State>();
  readonly #outages = new Map<Dependency, number>();
  readonly #probing = new Set<Dependency>();
  #stopped = false;

  constructor(options: OutageTrackerOptions) {
    this.#log = options.log;
    this.#probes = options.probes;
    this.#probeEveryMs = options.probeEveryMs ?? DEFAULT_PROBE_EVERY_MS;
    this.#elapsed = options.elapsedMs ?? (() => performance.now());
    this.#schedule =
      options.schedule ??
      ((run, ms) => {
        const timer = setTimeout(run, ms);
        timer.unref();
        return () => clearTimeout(timer);
      });
  }

  failed(dependency: Dependency, err: unknown): void {
    if (this.#stopped) return;
    const state = this.#state(dependency);
    if (state.status !== "up") {
      state.failures += 1;
      return;
    }
    this.#states.set(dependency, { status: "checking", failures: 1, cause: causeOf(err) });
    void this.#probe(dependency);
  }

  isDown(dependency: Dependency): boolean {
    return this.#state(dependency).status === "down";
  }

  /** A sign the dependency may be back (a connection's `ready`): probe now, not at the next tick. */
  answered(dependency: Dependency): void {
    const state = this.#state(dependency);
    if (this.#stopped || state.status !== "down") return;
    state.cancel?.();
    state.cancel = null;
    void this.#probe(dependency);
  }

  /** Outages seen since start, per dependency (for GET /metrics). */
  outages(dependency: Dependency): number {
    return this.#outages.get(dependency) ?? 0;
  }

  /** Stops probing and logging (the process is shutting down: failures now are its own doing). */
  stop(): void {
    this.#stopped = true;
    for (const state of this.#states.values()) if (state.status === "down") state.cancel?.();
  }

  #state(dependency: Dependency): State {
    return this.#states.get(dependency) ?? { status: "up" };
  }

  async #probe(dependency: Dependency): Promise<void> {
    if (this.#probing.has(dependency)) return;
    this.#probing.add(dependency);
    let answers: boolean;
    try {
      answers = await this.#probes[dependency]();
    } catch {
      answers = false;
    } finally {
      this.#probing.delete(dependency);
    }
    if (this.#stopped) return;
    const state = this.#state(dependency);
    if (answers) {
      if (state.status === "down") {
        this.#log.info(
          {
            dependency,
            downMs: Math.round(this.#elapsed() - state.since),
            failures: state.failures,
          },
          "dependency available again",
        );
      }
      // A failure the probe does not confirm (one connection lost among several) is no outage.
      this.#states.set(dependency, { status: "up" });
      return;
    }
    if (state.status === "checking") {
      this.#outages.set(dependency, this.outages(dependency) + 1);
      this.#log.warn(
        { dependency, code: UNAVAILABLE_CODE[dependency], cause: state.cause },
        "dependency unavailable",
      );
      this.#states.set(dependency, {
        status: "down",
        since: this.#elapsed(),
        failures: state.failures,
        cause: state.cause,
        cancel: this.#schedule(() => this.#again(dependency), this.#probeEveryMs),
      });
      return;
    }
    if (state.status === "down") {
      state.cancel = this.#schedule(() => this.#again(dependency), this.#probeEveryMs);
    }
  }

  #again(dependency: Dependency): void {
    const state = this.#state(dependency);
    if (state.status === "down") state.cancel = null;
    void this.#probe(dependency);
  }
}

/** What failed, in a few words and no data: a socket's code (ECONNREFUSED…) or a safe message. */
function causeOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && !code.startsWith("relance_")) return code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return describeError(error).message;
}
