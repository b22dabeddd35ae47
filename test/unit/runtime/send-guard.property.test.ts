import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { policySchema } from "../../../src/core/policy.ts";
import { checkSendGuard } from "../../../src/runtime/send-guard.ts";

/**
 * The send-time guard over random IANA zones, days around their DST transitions, random send
 * windows, allowed weekdays and recent sends: an automated message never leaves outside the window
 * or on a day that is not allowed, in the debtor's zone; a blocked one is postponed to the EARLIEST
 * moment that passes every check (so nothing is held longer than needed), and always to a finite
 * moment at which the guard then lets it go (so nothing is lost).
 */

const ZONES = Intl.supportedValuesOf("timeZone");
const WEEK_MS = 7 * 24 * 3_600_000;
const STEP_MS = 5 * 60_000;
/** More runs on demand: `GUARD_RUNS=20000 npx vitest run test/unit/runtime`. */
const RUNS = Number(process.env.GUARD_RUNS ?? 300);

/** Instants where the zone's UTC offset changes in `year` (DST transitions), found day by day. */
const transitionsCache = new Map<string, number[]>();
function transitions(zone: string, year: number): number[] {
  const key = `${zone}/${year}`;
  const cached = transitionsCache.get(key);
  if (cached) return cached;
  const found: number[] = [];
  let prev = DateTime.fromObject({ year, month: 1, day: 1, hour: 12 }, { zone: "UTC" });
  for (let d = 1; d <= 366; d++) {
    const next = prev.plus({ days: 1 });
    if (prev.setZone(zone).offset !== next.setZone(zone).offset) found.push(prev.toMillis());
    prev = next;
  }
  transitionsCache.set(key, found);
  return found;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

interface Setup {
  readonly zone: string;
  readonly debtorZoneKnown: boolean;
  readonly now: Date;
  readonly from: number;
  readonly to: number;
  readonly weekdays: number[];
  readonly cap: number;
  readonly recent: Date[];
}

/** A window of whole quarter hours, `from` < `to`, both inside the day. */
const windowArb = fc
  .tuple(fc.integer({ min: 0, max: 94 }), fc.integer({ min: 1, max: 95 }))
  .filter(([a, b]) => a < b)
  .map(([a, b]) => ({ from: a * 15, to: b * 15 }));

const setupArb: fc.Arbitrary<Setup> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    debtorZoneKnown: fc.boolean(),
    year: fc.integer({ min: 2024, max: 2030 }),
    pick: fc.nat(),
    // Within 36 hours either side of a DST transition, or anywhere in the year (zones without DST).
    offsetMs: fc.integer({ min: -36 * 3_600_000, max: 36 * 3_600_000 }),
    anyMs: fc.integer({ min: 0, max: 365 * 24 * 3_600_000 }),
    window: windowArb,
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    cap: fc.integer({ min: 1, max: 5 }),
    recentAgoMs: fc.array(fc.integer({ min: 0, max: WEEK_MS - 1 }), { maxLength: 6 }),
  })
  .map((r) => {
    const list = transitions(r.zone, r.year);
    const base = list.length > 0 ? (list[r.pick % list.length] ?? 0) + r.offsetMs : 0;
    const nowMs = list.length > 0 ? base : Date.UTC(r.year, 0, 1) + r.anyMs;
    const now = new Date(Math.floor(nowMs / 60_000) * 60_000);
    return {
      zone: r.zone,
      debtorZoneKnown: r.debtorZoneKnown,
      now,
      from: r.window.from,
      to: r.window.to,
      weekdays: r.weekdays,
      cap: r.cap,
      recent: r.recentAgoMs
        .map((ago) => new Date(now.getTime() - ago))
        .sort((a, b) => a.getTime() - b.getTime()),
    };
  });

function contextOf(s: Setup) {
  return {
    debtorId: "d1",
    // An unknown debtor zone falls back to the business's, which is then the zone under test.
    debtorTimezone: s.debtorZoneKnown ? s.zone : "Mars/Olympus_Mons",
    businessTimezone: s.debtorZoneKnown ? "Pacific/Kiritimati" : s.zone,
    optedOut: false,
    caseClosed: false,
    policy: policySchema.parse({
      sendWindow: { from: hhmm(s.from), to: hhmm(s.to) },
      allowedWeekdays: s.weekdays,
      frequencyCap: s.cap,
    }),
  };
}

/** Inside the window on an allowed weekday, in the zone's local wall-clock time. */
function insideWindow(s: Setup, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: s.zone });
  const minutes = local.hour * 60 + local.minute;
  return s.weekdays.includes(local.weekday) && minutes >= s.from && minutes < s.to;
}

function underCap(s: Setup, at: Date): boolean {
  return s.recent.filter((t) => at.getTime() - t.getTime() < WEEK_MS).length < s.cap;
}

// Thousands of zone conversions per property: seconds alone, minutes on a machine shared by
// several test runs (two tests here hit the 30 s default in a full run under load).
describe("the send-time guard", { timeout: 180_000 }, () => {
  it("lets a message go only inside the window, on an allowed day, under the cap", () => {
    fc.assert(
      fc.property(setupArb, (s) => {
        const verdict = checkSendGuard(contextOf(s), s.now, s.recent);
        if (verdict.ok) {
          expect(insideWindow(s, s.now)).toBe(true);
          expect(underCap(s, s.now)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("postpones a blocked message to the earliest allowed moment, where it then goes", () => {
    fc.assert(
      fc.property(setupArb, (s) => {
        const ctx = contextOf(s);
        const verdict = checkSendGuard(ctx, s.now, s.recent);
        if (verdict.ok) return;
        expect(verdict.cancel).toBe(false);
        if (verdict.cancel) return;
        const until = verdict.until;
        // Finite and later: the message is kept, never dropped.
        expect(Number.isFinite(until.getTime())).toBe(true);
        expect(until.getTime()).toBeGreaterThan(s.now.getTime());
        // The moment it is postponed to passes every check, so it leaves then.
        expect(insideWindow(s, until)).toBe(true);
        expect(underCap(s, until)).toBe(true);
        expect(checkSendGuard(ctx, until, s.recent)).toEqual({ ok: true });
        // And no earlier moment would have done (checked every 5 minutes: windows are whole
        // quarter hours, DST shifts are multiples of 15 minutes).
        for (let t = s.now.getTime(); t < until.getTime(); t += STEP_MS) {
          const at = new Date(t);
          if (insideWindow(s, at) && underCap(s, at)) {
            throw new Error(
              `allowed at ${at.toISOString()} but postponed to ${until.toISOString()} (${s.zone})`,
            );
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("drops nothing silently: an opted-out debtor's message is cancelled, never postponed", () => {
    fc.assert(
      fc.property(setupArb, (s) => {
        const verdict = checkSendGuard({ ...contextOf(s), optedOut: true }, s.now, s.recent);
        expect(verdict).toEqual({ ok: false, cancel: true, why: "opted_out" });
      }),
      { numRuns: 50 },
    );
  });

  it("a reminder asking for money is dropped, never sent, once the case is paid or closed", () => {
    fc.assert(
      fc.property(setupArb, (s) => {
        const closed = { ...contextOf(s), caseClosed: true };
        expect(checkSendGuard(closed, s.now, s.recent, { asksForPayment: true })).toEqual({
          ok: false,
          cancel: true,
          why: "case_closed",
        });
        // A thank-you for the payment that closed the case still goes (when the window allows).
        expect(checkSendGuard(closed, s.now, s.recent, { asksForPayment: false })).toEqual(
          checkSendGuard(contextOf(s), s.now, s.recent),
        );
      }),
      { numRuns: 50 },
    );
  });
});
