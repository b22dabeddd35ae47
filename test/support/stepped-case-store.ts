import type {
  CaseStore,
  CommitPlan,
  CommitResult,
  EventOutcome,
  InboundKey,
  LoadedCase,
} from "../../src/runtime/store.ts";

/**
 * A `CaseStore` for concurrency tests: it delegates every call to a real store and stops an event
 * at a chosen commit point — after the case was loaded and the event decided and planned, before
 * the plan is written — until the test lets it go. Meanwhile the test writes from another
 * connection, or runs another event, exactly where the race it wants to provoke happens.
 *
 * Two ways to reach that point:
 * - `locked` (the store's own way): the pause sits inside the store's transaction, the case row
 *   still locked by the load. What can get in then is a writer that does not take the case's lock
 *   (a row of another table whose unique key the plan also wants).
 * - `optimistic`: the case is loaded and decided in one transaction of the inner store (which
 *   writes nothing), and the plan is committed by `commit` in another. The lock is gone in
 *   between, so another event of the case can commit there: the plan's compare-and-set on the
 *   case's version and audit head is then all that stands between the event and a lost update.
 *   The Postgres store's row lock makes that race unreachable on its own; this mode is how the
 *   compare-and-set — the last line of defence should the lock ever go — is proven to hold.
 */
export type StepMode = "locked" | "optimistic";

/** Where an event stands when it reaches the commit point. */
export interface CommitPoint {
  /** 1 for the event's first run, 2 after one conflict… (counted per `withCase` call). */
  readonly attempt: number;
  readonly caseId: string;
  readonly loaded: LoadedCase;
  /** What the event is about to write (null: nothing, e.g. a redelivery). */
  readonly plan: CommitPlan | null;
}

/** A one-shot gate: `wait` resolves once `open` was called (Node 20 has no Promise.withResolvers). */
export class Gate<T = void> {
  #open!: (value: T) => void;
  readonly opened: Promise<T> = new Promise<T>((resolve) => {
    this.#open = resolve;
  });
  open(value: T): void {
    this.#open(value);
  }
}

/** A commit point the test waits for, then releases. */
export class Pause {
  readonly #reached = new Gate<CommitPoint>();
  readonly #released = new Gate();

  /** Resolves when the event is held at the commit point. */
  get reached(): Promise<CommitPoint> {
    return this.#reached.opened;
  }

  /** Lets the held event go on and write its plan. */
  release(): void {
    this.#released.open();
  }

  /** Called by the store: announces the point and waits for `release`. */
  async hold(at: CommitPoint): Promise<void> {
    this.#reached.open(at);
    await this.#released.opened;
  }
}

export class SteppedCaseStore implements CaseStore {
  /** Every `withCase` call so far: one per attempt of every event run through this store. */
  readonly attempts: CommitPoint[] = [];
  /** What the inner store threw, in order (a `CaseConflict` says which conflict it was). */
  readonly failures: unknown[] = [];
  readonly #pauses: Pause[] = [];

  constructor(
    private readonly inner: CaseStore,
    private readonly options: {
      readonly mode: StepMode;
      /** Runs at every commit point, after any pause (e.g. to provoke a conflict each time). */
      readonly beforeWrite?: (at: CommitPoint) => Promise<void>;
    },
  ) {}

  /** Holds the next event that reaches the commit point (one pause per call, in order). */
  pauseNextWrite(): Pause {
    const pause = new Pause();
    this.#pauses.push(pause);
    return pause;
  }

  async withCase<T>(
    caseId: string,
    inbound: InboundKey | null,
    decide: (loaded: LoadedCase) => Promise<EventOutcome<T>>,
  ): Promise<{ readonly result: T; readonly committed: CommitResult | null } | null> {
    const attempt = this.attempts.filter((a) => a.caseId === caseId).length + 1;
    const atCommitPoint = async (loaded: LoadedCase, plan: CommitPlan | null) => {
      const at = { attempt, caseId, loaded, plan };
      this.attempts.push(at);
      await this.#pauses.shift()?.hold(at);
      await this.options.beforeWrite?.(at);
    };
    try {
      return await this.#withCase(caseId, inbound, decide, atCommitPoint);
    } catch (err) {
      this.failures.push(err);
      throw err;
    }
  }

  async #withCase<T>(
    caseId: string,
    inbound: InboundKey | null,
    decide: (loaded: LoadedCase) => Promise<EventOutcome<T>>,
    atCommitPoint: (loaded: LoadedCase, plan: CommitPlan | null) => Promise<void>,
  ): Promise<{ readonly result: T; readonly committed: CommitResult | null } | null> {
    if (this.options.mode === "locked") {
      return this.inner.withCase(caseId, inbound, async (loaded) => {
        const outcome = await decide(loaded);
        await atCommitPoint(loaded, outcome.plan);
        return outcome;
      });
    }
    let decided: { loaded: LoadedCase; outcome: EventOutcome<T> } | null = null;
    const read = await this.inner.withCase(caseId, inbound, async (loaded) => {
      decided = { loaded, outcome: await decide(loaded) };
      return { result: decided.outcome.result, plan: null };
    });
    if (read === null || decided === null) return null;
    const { loaded, outcome } = decided as { loaded: LoadedCase; outcome: EventOutcome<T> };
    await atCommitPoint(loaded, outcome.plan);
    const committed = outcome.plan ? await this.inner.commit(outcome.plan) : null;
    return { result: outcome.result, committed };
  }

  commit(plan: CommitPlan): Promise<CommitResult> {
    return this.inner.commit(plan);
  }

  ownerRequestMessage(
    caseId: string,
    requestId: string,
  ): Promise<{ slackChannel: string; messageTs: string } | null> {
    return this.inner.ownerRequestMessage(caseId, requestId);
  }
}
