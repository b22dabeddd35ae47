/** A clock tests move by hand, so rate limits and expiries are tested without sleeping. */
export class ManualClock {
  #now: number;

  constructor(start: number | Date = Date.UTC(2026, 0, 15, 9, 0, 0)) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  /** Pass as `now: clock.now` (it is bound). */
  readonly now = (): number => this.#now;

  advance(ms: number): void {
    this.#now += ms;
  }

  set(at: number | Date): void {
    this.#now = typeof at === "number" ? at : at.getTime();
  }
}
