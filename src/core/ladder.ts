import { addDays, instantAt, isBefore } from "./dates.ts";
import type { Effect } from "./effects.ts";
import type { LadderStep, Policy } from "./policy.ts";
import type { IsoDate, IsoInstant } from "./types.ts";

/**
 * Ladder steps go out at this local time on their day. Quiet hours and allowed weekdays are applied
 * later, at send time (see quiet-hours.ts), so this is only the intended moment.
 */
export const LADDER_SEND_TIME = "09:00";

export function ladderTimerKey(stepIndex: number): string {
  return `ladder_${stepIndex}`;
}

/** The instant a step is due: its day (due date + `step.day`) at 09:00 in the debtor's zone. */
export function ladderStepInstant(
  step: LadderStep,
  dueDate: IsoDate,
  timezone: string,
): IsoInstant {
  return instantAt(addDays(dueDate, step.day), LADDER_SEND_TIME, timezone);
}

/** Personal contact is the owner's step; every other step speaks to the debtor (some after approval). */
export function isDebtorFacing(step: LadderStep): boolean {
  return step.kind !== "personal_contact";
}

function timer(stepIndex: number, at: IsoInstant): Effect {
  return {
    type: "schedule_timer",
    kind: "ladder_step",
    key: ladderTimerKey(stepIndex),
    at,
    payload: { stepIndex },
  };
}

/**
 * Timers for a new case: every step still in the future; of the steps already past, only the latest
 * debtor-facing one, due now — a case imported late gets one reminder, not a flood of old ones.
 * Also returns the index of the last step considered handled (skipped past steps).
 */
export function initialLadderTimers(
  policy: Policy,
  dueDate: IsoDate,
  timezone: string,
  now: Date,
): { effects: Effect[]; skippedThrough: number | null } {
  const effects: Effect[] = [];
  let latestPastDebtorFacing: number | null = null;
  let lastPast: number | null = null;
  policy.ladder.forEach((step, index) => {
    const at = ladderStepInstant(step, dueDate, timezone);
    if (isBefore(at, now)) {
      lastPast = index;
      if (isDebtorFacing(step)) latestPastDebtorFacing = index;
    } else {
      effects.push(timer(index, at));
    }
  });
  if (latestPastDebtorFacing !== null) {
    effects.unshift(timer(latestPastDebtorFacing, now.toISOString()));
  }
  // Steps before the one scheduled now count as handled, so their timers would be stale.
  const skippedThrough = latestPastDebtorFacing !== null ? latestPastDebtorFacing - 1 : lastPast;
  return {
    effects,
    skippedThrough: skippedThrough !== null && skippedThrough >= 0 ? skippedThrough : null,
  };
}
