import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { instantAt } from "../../../src/core/dates.ts";
import { ladderStepInstant } from "../../../src/core/ladder.ts";
import { nextAllowedInstant, type SendWindow } from "../../../src/core/quiet-hours.ts";

const paris: SendWindow = {
  timezone: "Europe/Paris",
  sendWindow: { from: "08:00", to: "20:00" },
  allowedWeekdays: [1, 2, 3, 4, 5, 6],
};
const everyDay = { ...paris, allowedWeekdays: [1, 2, 3, 4, 5, 6, 7] };

function next(iso: string, window: SendWindow = paris): string {
  return nextAllowedInstant(new Date(iso), window).toISOString();
}

const MINUTE = 60_000;

/**
 * The oracle: walks UTC time from `instant` one hour at a time until it lands inside the window
 * (every allowed stretch lasts at least an hour, except around an offset change: the windows drawn
 * are two hours or more, but a repeated half hour — Lord Howe's fall-back — can leave a stretch of
 * a few minutes before the repeat), walking minute by minute any hour across which the offset
 * changes, then steps back minute by minute to where that stretch began. No day arithmetic, no DST
 * special case: it shares nothing with the code under test but luxon's zone conversion.
 */
function earliestAllowed(instant: Date, window: SendWindow, lo: number, hi: number): Date {
  const allowed = (ms: number) => {
    const local = DateTime.fromMillis(ms, { zone: window.timezone });
    const minutes = local.hour * 60 + local.minute;
    return window.allowedWeekdays.includes(local.weekday) && minutes >= lo && minutes < hi;
  };
  if (allowed(instant.getTime())) return instant;
  const firstMinute = Math.floor(instant.getTime() / MINUTE) * MINUTE + MINUTE;
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone: window.timezone }).offset;
  const firstIn = (from: number): number | null => {
    for (let hour = from; hour < from + 9 * 24 * 60 * MINUTE; hour += 60 * MINUTE) {
      if (offset(hour) !== offset(hour + 60 * MINUTE)) {
        for (let t = hour; t < hour + 60 * MINUTE; t += MINUTE) if (allowed(t)) return t;
      } else if (allowed(hour)) return hour;
    }
    return null;
  };
  const hour = firstIn(firstMinute);
  if (hour !== null) {
    let t = hour;
    while (t - MINUTE >= firstMinute && allowed(t - MINUTE)) t -= MINUTE;
    return new Date(t);
  }
  throw new Error("no allowed instant within nine days");
}

describe("quiet hours", () => {
  it("inside the window on an allowed day, the instant itself", () => {
    expect(next("2026-11-24T11:00:00.000Z")).toBe("2026-11-24T11:00:00.000Z");
  });

  it("before the window opens, the same day at 08:00 local", () => {
    // 06:00 in Paris (UTC+1) on a Tuesday.
    expect(next("2026-11-24T05:00:00.000Z")).toBe("2026-11-24T07:00:00.000Z");
  });

  it("at closing time or later, the next allowed morning (the end of the window is exclusive)", () => {
    // Tuesday 20:00 Paris → Wednesday 08:00.
    expect(next("2026-11-24T19:00:00.000Z")).toBe("2026-11-25T07:00:00.000Z");
  });

  it("on a Saturday evening, Sunday is skipped and Monday 08:00 comes next", () => {
    expect(next("2026-11-28T21:00:00.000Z")).toBe("2026-11-30T07:00:00.000Z");
  });

  it("the spring-forward Sunday keeps 08:00 local, which is 06:00 UTC that day", () => {
    // 29 March 2026: Paris moves from UTC+1 to UTC+2 at 02:00.
    expect(next("2026-03-29T04:30:00.000Z", everyDay)).toBe("2026-03-29T06:00:00.000Z");
    expect(next("2026-03-28T04:30:00.000Z", everyDay)).toBe("2026-03-28T07:00:00.000Z");
  });

  it("a window opening inside the spring-forward gap opens when the clock jumps past its start", () => {
    const early = { ...everyDay, sendWindow: { from: "02:30", to: "20:00" } };
    // 01:00 CET → 02:30 does not exist that night; the clock jumps from 02:00 CET to 03:00 CEST
    // (01:00 UTC), the first moment whose local time is past 02:30.
    expect(next("2026-03-29T00:00:00.000Z", early)).toBe("2026-03-29T01:00:00.000Z");
  });

  it("a window lying wholly inside the spring-forward gap does not open that day", () => {
    const gap = { ...everyDay, sendWindow: { from: "02:00", to: "02:15" } };
    // 29 March 2026 has no 02:00–02:15 in Paris: the next is 30 March 02:00 CEST (00:00 UTC).
    expect(next("2026-03-28T12:00:00.000Z", gap)).toBe("2026-03-30T00:00:00.000Z");
  });

  it("in the repeated fall-back hour, the window's second pass counts", () => {
    const repeated = { ...everyDay, sendWindow: { from: "02:00", to: "02:30" } };
    // 25 October 2026: 02:00–03:00 CEST, then 02:00–03:00 CET again. At 02:45 CEST (00:45 UTC)
    // the window's first pass is over; its second starts at 02:00 CET (01:00 UTC).
    expect(next("2026-10-25T00:45:00.000Z", repeated)).toBe("2026-10-25T01:00:00.000Z");
  });

  it("Lord Howe's half-hour fall-back: a window opening inside the repeated half hour opens at its first pass", () => {
    // 7 April 2024: 02:00 LHDT (UTC+11) becomes 01:30 LHST (UTC+10:30). 01:31 first comes at
    // 14:31 UTC — a 29-minute stretch before the repeat — the random property's counterexample
    // (seed -1894136217), where the oracle's hourly walk had stepped over it.
    const sunday = {
      timezone: "Australia/Lord_Howe",
      sendWindow: { from: "01:31", to: "04:00" },
      allowedWeekdays: [7],
    };
    expect(next("2024-04-02T17:59:00.000Z", sunday)).toBe("2024-04-06T14:31:00.000Z");
    // Inside the repeat's gap between passes (01:30 LHST), the second pass is next.
    expect(next("2024-04-06T15:00:00.000Z", sunday)).toBe("2024-04-06T15:01:00.000Z");
  });

  it("the fall-back Sunday: a night instant waits for 08:00 local, now UTC+1", () => {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET. 00:30 UTC is 02:30 CEST.
    expect(next("2026-10-25T00:30:00.000Z", everyDay)).toBe("2026-10-25T07:00:00.000Z");
  });

  it("an unknown zone falls back to UTC instead of failing", () => {
    expect(next("2026-11-24T05:00:00.000Z", { ...paris, timezone: "Mars/Olympus" })).toBe(
      "2026-11-24T08:00:00.000Z",
    );
  });

  it("for any instant, zone and window: exactly the earliest allowed instant (an independent walk finds the same)", () => {
    const zones = [
      "Europe/Paris",
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kolkata",
      "America/Santiago",
      "UTC",
    ];
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2024-01-01T00:00:00Z"),
          max: new Date("2030-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        hhmm,
        hhmm,
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        (instant, timezone, a, b, allowedWeekdays) => {
          const [lo, hi] = [a[0] * 60 + a[1], b[0] * 60 + b[1]].sort((x, y) => x - y) as [
            number,
            number,
          ];
          fc.pre(hi - lo >= 120);
          const fmt = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
          const window: SendWindow = {
            timezone,
            sendWindow: { from: fmt(lo), to: fmt(hi) },
            allowedWeekdays,
          };
          const result = nextAllowedInstant(instant, window);
          expect(result.toISOString()).toBe(earliestAllowed(instant, window, lo, hi).toISOString());
          const local = DateTime.fromJSDate(result, { zone: timezone });
          expect(allowedWeekdays).toContain(local.weekday);
          const minutes = local.hour * 60 + local.minute;
          expect(minutes).toBeGreaterThanOrEqual(lo);
          expect(minutes).toBeLessThan(hi);
          expect(nextAllowedInstant(result, window).getTime()).toBe(result.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("ladder instants", () => {
  it("a step is due at 09:00 local on its day, whatever the UTC offset that day", () => {
    const heads = { day: -7, kind: "heads_up" as const, ownerApproval: false };
    const due = { day: 0, kind: "due_today" as const, ownerApproval: false };
    expect(ladderStepInstant(heads, "2026-03-29", "Europe/Paris")).toBe("2026-03-22T08:00:00.000Z");
    expect(ladderStepInstant(due, "2026-03-29", "Europe/Paris")).toBe("2026-03-29T07:00:00.000Z");
    expect(instantAt("2026-11-10", "09:00", "America/New_York")).toBe("2026-11-10T14:00:00.000Z");
  });
});
