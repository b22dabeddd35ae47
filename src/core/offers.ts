import { addDays, minDate } from "./dates.ts";
import { installmentsOn, planDates } from "./installment-plan.ts";
import { splitEvenly, splitWithDownPayment } from "./money.ts";
import { paydayFrequency } from "./payday.ts";
import {
  allowedPayNowDiscount,
  breachesOf,
  type FitContext,
  plansOnly,
  requiredDownPayment,
} from "./policy-fit.ts";
import type { Frequency, PlanTerms, Reason } from "./types.ts";

/** A promise offered by the bot falls this many days ahead (or at the policy's limit if sooner). */
export const OFFERED_PROMISE_DAYS = 7;
/** The "short" plan the bot offers first (DOMAIN.md: "3 monthly installments"). */
export const SHORT_PLAN_COUNT = 3;

/**
 * One payment per payday when the debtor's payday is known and the policy allows its rhythm
 * ("toutes les deux semaines le vendredi": every other Friday); else monthly when the policy
 * allows it (the gentlest on cash flow), else the policy's first choice.
 */
export function preferredFrequency(ctx: FitContext): Frequency {
  const allowed = ctx.policy.installments.frequencies;
  const payday = ctx.payday ? paydayFrequency(ctx.payday) : null;
  if (payday !== null && allowed.includes(payday)) return payday;
  return allowed.includes("monthly") ? "monthly" : (allowed[0] ?? "monthly");
}

export function payNowTerms(ctx: FitContext): PlanTerms {
  const discount = allowedPayNowDiscount(ctx);
  return discount > 0
    ? { kind: "pay_now", amountMinor: ctx.remainingMinor - discount, discountMinor: discount }
    : { kind: "pay_now", amountMinor: ctx.remainingMinor };
}

/** A promise for the whole amount on the offered date, if the policy still allows a promise. */
export function promiseTerms(ctx: FitContext): PlanTerms | null {
  if (ctx.promisesMade > ctx.policy.promise.maxReschedules || plansOnly(ctx)) return null;
  const date = minDate(
    addDays(ctx.today, OFFERED_PROMISE_DAYS),
    addDays(ctx.today, ctx.policy.promise.maxDaysAhead),
  );
  return { kind: "promise", date, amountMinor: ctx.remainingMinor };
}

/**
 * The plan of exactly `count` installments at `frequency`, with the policy's minimum down payment
 * when the plan is long enough to require one — or null when it cannot fit the policy.
 */
export function planOf(count: number, frequency: Frequency, ctx: FitContext): PlanTerms | null {
  const total = ctx.remainingMinor;
  if (count < 2 || total < count) return null;
  const down = requiredDownPayment(ctx.policy, total, count);
  if (down > 0 && total - down < count - 1) return null;
  const amounts = down > 0 ? splitWithDownPayment(total, down, count) : splitEvenly(total, count);
  const terms: PlanTerms = {
    kind: "installments",
    frequency,
    installments: installmentsOn(amounts, planDates(frequency, count, ctx), down > 0),
  };
  return breachesOf(terms, ctx).length === 0 ? terms : null;
}

/** All in-policy plans at `frequency`, from the fewest installments to the most. */
export function fittingPlans(frequency: Frequency, ctx: FitContext): PlanTerms[] {
  const plans: PlanTerms[] = [];
  for (let count = 2; count <= ctx.policy.installments.maxCount; count++) {
    const plan = planOf(count, frequency, ctx);
    if (plan !== null) plans.push(plan);
  }
  return plans;
}

/** In-policy plans, trying the preferred frequency first and then the others the policy allows. */
function plansForOffers(ctx: FitContext): PlanTerms[] {
  const frequencies = [
    preferredFrequency(ctx),
    ...ctx.policy.installments.frequencies.filter((f) => f !== preferredFrequency(ctx)),
  ];
  for (const frequency of frequencies) {
    const plans = fittingPlans(frequency, ctx);
    if (plans.length > 0) return plans;
  }
  return [];
}

function countOf(terms: PlanTerms): number {
  return terms.kind === "installments" ? terms.installments.length : 1;
}

/**
 * Two or three concrete, in-policy options for a reason (DOMAIN.md, "Reasons and what each leads
 * to"): a short plan (three installments, or the nearest that fits) and the longest plan that fits
 * (with its down payment), besides paying now or promising a date. Every option returned fits the
 * policy; the order is the order of the buttons.
 */
export function proposeTerms(reason: Reason | null, ctx: FitContext): PlanTerms[] {
  const payNow = payNowTerms(ctx);
  const promise = promiseTerms(ctx);
  const plans = plansForOffers(ctx);
  const short =
    plans.find((p) => countOf(p) === SHORT_PLAN_COUNT) ??
    plans.find((p) => countOf(p) > SHORT_PLAN_COUNT) ??
    plans[plans.length - 1] ??
    null;
  const longest = plans[plans.length - 1] ?? null;
  const long =
    longest !== null && short !== null && countOf(longest) > countOf(short) ? longest : null;
  let chosen: (PlanTerms | null)[];
  switch (reason) {
    case "forgot":
      chosen = [payNow, promise];
      break;
    case "cash_flow":
      chosen = short === null ? [payNow, promise] : [short, long ?? promise, payNow];
      break;
    default:
      chosen = [payNow, short, promise];
  }
  const result = chosen.filter((t): t is PlanTerms => t !== null).slice(0, 3);
  // Always at least two choices when the amount allows nothing else: pay now and a promise.
  return result.length > 0 ? result : [payNow];
}
