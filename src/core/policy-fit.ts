import { daysBetween, periodDays } from "./dates.ts";
import type { PolicyBreach } from "./messages.ts";
import { percentCeil, percentFloor } from "./money.ts";
import type { Policy } from "./policy.ts";
import type { IsoDate, Payday, PlanTerms } from "./types.ts";

/** What the policy is measured against for one case, today. */
export interface FitContext {
  /** The debtor's payday when known: plans built for them fall on it (payday.ts). */
  readonly payday?: Payday | null;
  /** The debtor's country (ISO 3166), for public holidays; FR when absent. */
  readonly country?: string;
  /** Promises the debtor broke so far (absent = 0): enough of them and only plans are offered. */
  readonly promisesBroken?: number;
  readonly policy: Policy;
  /** What the terms must settle (after payments). */
  readonly remainingMinor: number;
  readonly today: IsoDate;
  readonly invoiceIssuedAt: IsoDate;
  /** Promises already agreed in this case (a new one beyond the first is a reschedule). */
  readonly promisesMade: number;
}

/** The discount the policy itself grants for paying now (early-payment rate), or 0. */
export function allowedPayNowDiscount(ctx: FitContext): number {
  const early = ctx.policy.earlyPaymentDiscount;
  if (early === null || early.percent <= 0) return 0;
  if (daysBetween(ctx.invoiceIssuedAt, ctx.today) > early.withinDays) return 0;
  return percentFloor(ctx.remainingMinor, early.percent);
}

/** The debtor broke enough promises that the bot offers plans only, never a new date. */
export function plansOnly(ctx: FitContext): boolean {
  return (ctx.promisesBroken ?? 0) >= ctx.policy.promise.brokenPromisesBeforePlansOnly;
}

/** The down payment a plan of `count` installments must start with (0 when none is required). */
export function requiredDownPayment(policy: Policy, totalMinor: number, count: number): number {
  if (count <= policy.installments.downPaymentAboveCount) return 0;
  return percentCeil(totalMinor, policy.installments.minDownPaymentPercent);
}

/** Every policy limit these terms exceed; empty means the bot may agree alone. */
export function breachesOf(terms: PlanTerms, ctx: FitContext): PolicyBreach[] {
  const { policy } = ctx;
  const breaches: PolicyBreach[] = [];
  switch (terms.kind) {
    case "pay_now": {
      const allowed = allowedPayNowDiscount(ctx);
      const proposed = terms.discountMinor ?? 0;
      if (proposed > allowed) breaches.push({ limit: "discount", allowed, proposed });
      break;
    }
    case "promise": {
      const days = daysBetween(ctx.today, terms.date);
      if (days > policy.promise.maxDaysAhead) {
        breaches.push({
          limit: "promise_max_days",
          allowed: policy.promise.maxDaysAhead,
          proposed: days,
        });
      }
      if (ctx.promisesMade > policy.promise.maxReschedules) {
        breaches.push({
          limit: "promise_max_reschedules",
          allowed: policy.promise.maxReschedules,
          proposed: ctx.promisesMade,
        });
      }
      if (plansOnly(ctx)) {
        breaches.push({
          limit: "promises_broken",
          allowed: policy.promise.brokenPromisesBeforePlansOnly,
          proposed: ctx.promisesBroken ?? 0,
        });
      }
      break;
    }
    case "installments": {
      const list = terms.installments;
      const count = list.length;
      const rules = policy.installments;
      if (!rules.frequencies.includes(terms.frequency)) {
        breaches.push({ limit: "frequency", allowed: 0, proposed: periodDays(terms.frequency) });
      }
      if (count > rules.maxCount) {
        breaches.push({ limit: "max_installments", allowed: rules.maxCount, proposed: count });
      }
      // The last installment is the balance and may be smaller; a down payment is checked apart.
      const regular = list.filter(
        (inst, i) => inst.isDownPayment !== true && (i < count - 1 || count === 1),
      );
      const smallest = Math.min(...regular.map((i) => i.amountMinor));
      if (regular.length > 0 && smallest < rules.minInstallmentMinor) {
        breaches.push({
          limit: "min_installment",
          allowed: rules.minInstallmentMinor,
          proposed: smallest,
        });
      }
      const last = list[count - 1];
      if (last !== undefined) {
        const days = daysBetween(ctx.today, last.dueDate);
        if (days > rules.maxPlanDays) {
          breaches.push({ limit: "max_plan_days", allowed: rules.maxPlanDays, proposed: days });
        }
      }
      const required = requiredDownPayment(policy, ctx.remainingMinor, count);
      const first = list[0];
      const down = first?.isDownPayment === true ? first.amountMinor : 0;
      if (down < required) {
        breaches.push({ limit: "min_down_payment", allowed: required, proposed: down });
      }
      const discount = terms.discountMinor ?? 0;
      if (discount > 0) breaches.push({ limit: "discount", allowed: 0, proposed: discount });
      break;
    }
  }
  return breaches;
}

/**
 * Whether a breach is close enough to the policy for the owner to be asked (rather than the bot
 * countering): a maximum exceeded by at most `bandPercent` percent, a minimum missed by at most
 * that much. Discounts, promise reschedules and a new date after broken promises are always the
 * owner's call; a frequency the policy does not offer never is.
 */
export function isWithinBand(breach: PolicyBreach, bandPercent: number): boolean {
  switch (breach.limit) {
    case "max_installments":
    case "max_plan_days":
    case "promise_max_days":
      return breach.proposed * 100 <= breach.allowed * (100 + bandPercent);
    case "min_installment":
    case "min_down_payment":
      return breach.proposed * 100 >= breach.allowed * (100 - bandPercent);
    case "discount":
    case "promise_max_reschedules":
    case "promises_broken":
      return true;
    case "frequency":
      return false;
  }
}
