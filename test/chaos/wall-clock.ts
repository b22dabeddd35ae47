/**
 * The chaos run (test/chaos/run.ts) drives the real service as separate processes, which keep
 * time with the system clock: there is no TestClock to share with them. Its checks (quiet hours
 * at the moment a message reached the fake Telegram, timers due, leases) are judged against that
 * same clock, read here and nowhere else in test/chaos (see test/unit/suite/no-wall-clock.test.ts).
 */
export function wallNow(): number {
  return Date.now();
}

export function wallDate(): Date {
  return new Date(wallNow());
}
