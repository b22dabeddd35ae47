import type { Clock } from "../../src/runtime/ports.ts";

/**
 * The one "now" of the suite. Every test that runs the service, its workers or its timers runs on
 * a `TestClock` (fixtures derive their dates from it), so the real calendar never reaches the code
 * under test: a test written today behaves the same next year. test/unit/no-wall-clock.test.ts
 * fails when a test file reads the system clock outside its allow-list.
 */
export const TEST_EPOCH = "2026-11-23T10:00:00.000Z";

/** A clock tests move by hand; it satisfies the runtime's `Clock`. */
export class TestClock implements Clock {
  #now: number;
  constructor(start: string | Date = TEST_EPOCH) {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  /** For fakes that take `() => number`. */
  readonly millis = (): number => this.#now;
  advance(ms: number): void {
    this.#now += ms;
  }
  set(at: string | Date): void {
    this.#now = new Date(at).getTime();
  }
}

const DAY_MS = 86_400_000;

/** `at` shifted by whole days, as an ISO calendar date (UTC). */
export function isoDateDaysFrom(at: Date, days: number): string {
  return new Date(at.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
