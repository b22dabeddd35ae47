import { RelanceErrorCode } from "../error-codes.ts";
import type { MetricsPort } from "./ports.ts";
import { CaseConflict } from "./store.ts";

/**
 * How many times one case transaction is run when concurrent writes keep getting in the way. Events
 * of one case take turns on its row lock, so a conflict is rare (a unique key taken by a writer
 * that does not hold the case, a serialization failure); five losses in a row mean something is
 * wrong, not busy.
 */
export const MAX_CONFLICT_ATTEMPTS = 5;

/** Every attempt lost to a concurrent write: nothing of this unit of work was committed. */
export class ConflictRetriesExhausted extends Error {
  override readonly name = "ConflictRetriesExhausted";
  readonly code = RelanceErrorCode.CaseConflictRetriesExhausted;
  constructor(
    readonly attempts: number,
    last: CaseConflict,
  ) {
    super(
      `gave up after ${attempts} attempts, each lost to a concurrent write (last: ${last.reason}); nothing was committed`,
      { cause: last },
    );
  }
}

/**
 * Runs a case transaction again when a concurrent write got in the way (`CaseConflict`: a moved
 * version, a unique key taken meanwhile, a serialization failure or a deadlock), up to
 * `MAX_CONFLICT_ATTEMPTS` times in all, counting each rerun. Any other error passes at once.
 */
export async function withConflictRetries<T>(
  metrics: MetricsPort | undefined,
  work: () => Promise<T>,
  attempts = MAX_CONFLICT_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof CaseConflict)) throw err;
      if (attempt >= attempts) throw new ConflictRetriesExhausted(attempt, err);
      metrics?.conflictRetried();
    }
  }
}
