import { describe, expect, it } from "vitest";
import {
  ConflictRetriesExhausted,
  MAX_CONFLICT_ATTEMPTS,
  withConflictRetries,
} from "../../../src/runtime/conflict-retry.ts";
import type { MetricsPort } from "../../../src/runtime/ports.ts";
import { CaseConflict } from "../../../src/runtime/store.ts";
import { describeError } from "../../../src/safe-error.ts";

/**
 * The one retry loop of every case transaction (events, case starts, delivery receipts): a
 * conflict reruns the work, counted, at most five runs in all; anything else passes at once.
 */

function counting(): MetricsPort & { reruns: number } {
  return {
    reruns: 0,
    deliveryDone() {},
    platformRateLimited() {},
    conflictRetried() {
      this.reruns += 1;
    },
  };
}

/** Work that loses `losses` times to a concurrent write, then succeeds. */
function losing(losses: number, reason = "version") {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    work: async () => {
      runs += 1;
      if (runs <= losses) throw new CaseConflict(reason);
      return `done after ${runs}`;
    },
  };
}

describe("withConflictRetries", () => {
  it("returns at once, counting nothing, when nothing gets in the way", async () => {
    const metrics = counting();
    const w = losing(0);
    await expect(withConflictRetries(metrics, w.work)).resolves.toBe("done after 1");
    expect(w.runs).toBe(1);
    expect(metrics.reruns).toBe(0);
  });

  it.each([1, 2, MAX_CONFLICT_ATTEMPTS - 1])(
    "reruns the work after each of %i conflict(s) and counts each rerun",
    async (losses) => {
      const metrics = counting();
      const w = losing(losses, "23505");
      await expect(withConflictRetries(metrics, w.work)).resolves.toBe(`done after ${losses + 1}`);
      expect(w.runs).toBe(losses + 1);
      expect(metrics.reruns).toBe(losses);
    },
  );

  it("gives up after five runs with an error that says so, carrying the last conflict", async () => {
    const metrics = counting();
    const w = losing(Number.POSITIVE_INFINITY, "40P01");
    const error = await withConflictRetries(metrics, w.work).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictRetriesExhausted);
    expect(error).not.toBeInstanceOf(CaseConflict);
    expect(w.runs).toBe(MAX_CONFLICT_ATTEMPTS);
    expect(metrics.reruns).toBe(MAX_CONFLICT_ATTEMPTS - 1);
    const exhausted = error as ConflictRetriesExhausted;
    expect(exhausted.attempts).toBe(5);
    expect(exhausted.cause).toBeInstanceOf(CaseConflict);
    expect(exhausted.message).toBe(
      "gave up after 5 attempts, each lost to a concurrent write (last: 40P01); nothing was committed",
    );
    // Logs and job failure reasons name it by its stable code.
    expect(describeError(error).code).toBe("relance_case_conflict_retries_exhausted");
  });

  it("passes any other error at once, without a rerun", async () => {
    const metrics = counting();
    let runs = 0;
    const boom = new Error("connection refused");
    await expect(
      withConflictRetries(metrics, async () => {
        runs += 1;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(runs).toBe(1);
    expect(metrics.reruns).toBe(0);
  });

  it("counts nothing without a metrics port, and still retries", async () => {
    const w = losing(2);
    await expect(withConflictRetries(undefined, w.work)).resolves.toBe("done after 3");
  });
});
