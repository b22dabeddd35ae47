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

/** The subset of pino's logger the runtime uses; keeps the runtime testable without pino. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
