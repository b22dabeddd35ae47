import { DateTime } from "luxon";
import { onOrNextBusinessDay } from "./business-days.ts";
import { addDays, daysBetween, scheduleDate } from "./dates.ts";
import type { Frequency, IsoDate, Payday } from "./types.ts";

/**
 * Installment dates on the debtor's payday: each falls on a payday, or on the next business day
 * when the payday is a weekend or a public holiday in the debtor's country (business-days.ts).
 * Money arrives on payday; a payment asked for the day after is a payment the debtor can make.
 */

/** The first installment on a payday falls at least this many days ahead: time for its reminder. */
export const PAYDAY_MIN_LEAD_DAYS = 3;

function dt(date: IsoDate): DateTime {
  return DateTime.fromISO(date, { zone: "UTC" });
}

function iso(d: DateTime): IsoDate {
  const value = d.toISODate();
  if (value === null) throw new RangeError("invalid date");
  return value;
}

/** The payday of the month of `date` (clamped to the month's length), as a calendar day. */
function paydayInMonth(
  payday: { kind: "day_of_month"; day: number } | { kind: "month_end" },
  month: DateTime,
): DateTime {
  const last = month.endOf("month").day;
  const day = payday.kind === "month_end" ? last : Math.min(payday.day, last);
  return month.set({ day });
}

/** The first payday on or after `from` (before any move off a weekend or holiday). */
export function nextPayday(payday: Payday, from: IsoDate): IsoDate {
  const start = dt(from);
  switch (payday.kind) {
    case "day_of_month":
    case "month_end": {
      const here = paydayInMonth(payday, start.startOf("month"));
      return iso(
        here >= start ? here : paydayInMonth(payday, start.startOf("month").plus({ months: 1 })),
      );
    }
    case "weekly":
      return iso(start.plus({ days: (payday.weekday - start.weekday + 7) % 7 }));
    case "biweekly": {
      const offset = daysBetween(payday.anchor, from);
      const ahead = ((-offset % 14) + 14) % 14;
      return addDays(from, ahead);
    }
  }
}

/** How often the payday comes, in the plan frequencies it can carry. */
function carries(payday: Payday, frequency: Frequency): boolean {
  switch (payday.kind) {
    case "day_of_month":
    case "month_end":
      return frequency === "monthly";
    case "biweekly":
      return frequency !== "weekly";
    case "weekly":
      return true;
  }
}

/** The plan frequency a payday suggests: one payment per payday (monthly for a monthly payday). */
export function paydayFrequency(payday: Payday): Frequency {
  switch (payday.kind) {
    case "day_of_month":
    case "month_end":
      return "monthly";
    case "biweekly":
      return "biweekly";
    case "weekly":
      return "weekly";
  }
}

/**
 * `count` installment dates at `frequency`, each on the first payday on or after the plan's usual
 * rhythm from the first payday at least PAYDAY_MIN_LEAD_DAYS after `today`, moved to the next
 * business day in `country`. Null when the payday cannot carry the frequency (a monthly payday
 * under a weekly plan): the usual schedule applies then.
 */
export function paydayDates(
  payday: Payday,
  frequency: Frequency,
  count: number,
  today: IsoDate,
  country: string,
): IsoDate[] | null {
  if (!carries(payday, frequency)) return null;
  const first = nextPayday(payday, addDays(today, PAYDAY_MIN_LEAD_DAYS));
  const dates: IsoDate[] = [];
  for (let i = 0; i < count; i++) {
    const date = onOrNextBusinessDay(
      nextPayday(payday, scheduleDate(first, frequency, i)),
      country,
    );
    const previous = dates[dates.length - 1];
    // A move off a long holiday never reaches the next payday in practice; if it did, the plan
    // would no longer be one payment per payday, so the usual schedule is used instead.
    if (previous !== undefined && date <= previous) return null;
    dates.push(date);
  }
  return dates;
}

/** The payday from a day the debtor named in answer to "when are you paid?" ("le 5" → the 5th). */
export function paydayOfDate(date: IsoDate): Payday {
  const d = dt(date);
  return d.day === d.endOf("month").day && d.day >= 28
    ? { kind: "month_end" }
    : { kind: "day_of_month", day: d.day };
}

/**
 * The answers offered as buttons to "when are you paid?": the commonest paydays in France (the
 * month's end for most salaries, the first days for the rest and for benefits) and "no fixed day".
 * Any other day is written ("le 15", "un vendredi sur deux"): the interpreter reads it.
 */
export const PAYDAY_CHOICES: readonly (Payday | null)[] = [
  { kind: "month_end" },
  { kind: "day_of_month", day: 1 },
  { kind: "day_of_month", day: 5 },
  null,
];
