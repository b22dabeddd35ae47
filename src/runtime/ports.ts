/**
 * The runtime's small ports besides the store. Implementations live at the edges (jobs/ for the
 * queue, main.ts for the clock) and tests swap in their own (a manual clock).
 */

/** The only source of "now" outside tests. The core never reads a clock: it is handed `now`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * What happens after a transaction commits: jobs are enqueued only for committed rows. Each call is
 * safe to repeat (deterministic job ids); if Redis is unreachable the rows stay pending and the
 * reconciler enqueues them later, so a failure here never loses work.
 */
export interface JobPort {
  /** `kind` is the op (send_card, ack_button…): housekeeping goes on a lane of its own. */
  enqueueDeliveries(
    rows: readonly { id: string; channel: string; kind?: string; notBefore: Date }[],
  ): Promise<void>;
  enqueueTimers(rows: readonly { id: string; dueAt: Date }[]): Promise<void>;
  dropTimers(ids: readonly string[]): Promise<void>;
}

/** What the service cannot work without, watched by the outage tracker (src/outage-tracker.ts). */
export type Dependency = "postgres" | "redis";

/**
 * Where every part of the process reports a failure that may mean a dependency is gone, instead
 * of logging it: the tracker confirms it with a probe and logs one line when the dependency
 * becomes unavailable and one when it is back, however many requests, jobs and connections failed
 * in between. Parts that could avoid a doomed round trip ask `isDown` first.
 */
export interface DependencyHealth {
  /** A failure seen somewhere (never throws, never waits). */
  failed(dependency: Dependency, err: unknown): void;
  /** True from a confirmed failure until a probe answers again. */
  isDown(dependency: Dependency): boolean;
  /** A sign the dependency may be back (a connection is ready again): check now. */
  answered?(dependency: Dependency): void;
}

/** The subset of pino's logger the runtime uses; keeps the runtime testable without pino. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** How a delivery attempt ended, as counted by `MetricsPort.deliveryDone`. */
export type DeliveryResultLabel = "sent" | "skipped" | "postponed" | "retry" | "failed";

/**
 * Counters and timings an operator alerts on, incremented where they happen (the outbox relay, the
 * platform clients, the case store). Optional: without one nothing is counted. Implemented with
 * prom-client by `Telemetry` (src/http/telemetry.ts) and exposed on GET /metrics.
 */
export interface MetricsPort {
  /** One delivery attempt ended (`seconds`: from the job's start to the platform's answer). */
  deliveryDone(channel: string, result: DeliveryResultLabel, seconds: number): void;
  /** A platform answered 429 (or its equivalent) and the send waits for `retry_after`. */
  platformRateLimited(channel: string): void;
  /** A case transaction lost to a concurrent write (a moved version, a unique key, a serialization
   *  failure) and was run again. */
  conflictRetried(): void;
}
