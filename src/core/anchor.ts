import { addDays, daysBetween, minDate } from "./dates.ts";
import { installmentsOn, planDates, termsProblem } from "./installment-plan.ts";
import type { PolicyBreach } from "./messages.ts";
import { splitEvenly } from "./money.ts";
import { payNowTerms, preferredFrequency } from "./offers.ts";
import { breachesOf, type FitContext, plansOnly, requiredDownPayment } from "./policy-fit.ts";
import type { Frequency, Installment, IsoDate, PlanTerms, Proposal } from "./types.ts";

/**
 * What the debtor said they can do, as figures — the anchor of the bot's answer. Every field is
 * optional: whatever the debtor stated is matched, whatever they left out is the bot's choice.
 */
export interface Anchor {
  /** "200 € par mois": the most they can pay per period (a down payment aside). */
  readonly amountPerPeriodMinor?: number;
  /** "en 8 fois": the number of installments (after the down payment when one is stated). */
  readonly count?: number;
  /** "300 maintenant": the down payment they offer. */
  readonly downPaymentMinor?: number;
  /** "à partir du 15": the first payment's day (a plan) or the promised day (no plan figures). */
  readonly date?: IsoDate;
  /** "par semaine": the period they named. */
  readonly frequency?: Frequency;
}

export function anchorOf(proposal: Proposal): Anchor {
  const frequency: Frequency | undefined =
    proposal.period === "week" ? "weekly" : proposal.period === "month" ? "monthly" : undefined;
  return {
    ...(proposal.amountPerPeriodMinor !== undefined
      ? { amountPerPeriodMinor: proposal.amountPerPeriodMinor }
      : {}),
    ...(proposal.count !== undefined ? { count: proposal.count } : {}),
    ...(proposal.downPaymentMinor !== undefined
      ? { downPaymentMinor: proposal.downPaymentMinor }
      : {}),
    ...(proposal.date !== undefined ? { date: proposal.date } : {}),
    ...(frequency !== undefined ? { frequency } : {}),
  };
}

function isPlanAnchor(anchor: Anchor): boolean {
  return anchor.amountPerPeriodMinor !== undefined || anchor.count !== undefined;
}

export function downPaymentOf(terms: PlanTerms): number {
  if (terms.kind !== "installments") return 0;
  const first = terms.installments[0];
  return first?.isDownPayment === true ? first.amountMinor : 0;
}

function regularParts(terms: PlanTerms): readonly Installment[] {
  return terms.kind === "installments"
    ? terms.installments.filter((i) => i.isDownPayment !== true)
    : [];
}

/** The largest payment after any down payment: what the plan asks per period. */
export function perPeriodOf(terms: PlanTerms): number {
  if (terms.kind !== "installments") return terms.amountMinor;
  return Math.max(0, ...regularParts(terms).map((i) => i.amountMinor));
}

/** How many payments the anchor's count is compared with: after a stated down payment, the rest. */
function countFor(terms: PlanTerms, anchor: Anchor): number {
  if (terms.kind !== "installments") return 1;
  return anchor.downPaymentMinor !== undefined
    ? regularParts(terms).length
    : terms.installments.length;
}

function firstDay(terms: PlanTerms): IsoDate | null {
  if (terms.kind === "promise") return terms.date;
  if (terms.kind === "installments") return terms.installments[0]?.dueDate ?? null;
  return null;
}

/**
 * How far `terms` are from `anchor`, as a tuple compared left to right (smaller is closer):
 *
 * 1. with a stated amount per period, a plan asking more per period than stated comes after every
 *    plan asking at most that (never more per period than stated when a plan at or under it fits);
 * 2. the gap between the plan's amount per period and the stated amount;
 * 3. the gap between the plan's number of installments and the stated count (after the down
 *    payment when the debtor stated one);
 * 4. the gap between the plan's down payment and the stated one;
 * 5. the days between the plan's first payment and the stated date;
 * 6. the stated period's frequency first (else the policy's preferred one);
 * 7. the smaller down payment, then the fewer installments.
 *
 * Figures the debtor did not state count as 0 on their line. `closestInPolicy` returns the plan
 * with the smallest tuple among the plans the bot builds (see `candidatePlans`): so no in-policy
 * plan the bot could offer is closer to what the debtor said than the one it offers.
 */
export function distance(terms: PlanTerms, anchor: Anchor, ctx: FitContext): number[] {
  const amount = anchor.amountPerPeriodMinor;
  const perPeriod = perPeriodOf(terms);
  const first = firstDay(terms);
  const wanted = anchor.frequency ?? preferredFrequency(ctx);
  const frequency = terms.kind === "installments" ? terms.frequency : null;
  return [
    amount !== undefined && perPeriod > amount ? 1 : 0,
    amount !== undefined ? Math.abs(perPeriod - amount) : 0,
    anchor.count !== undefined ? Math.abs(countFor(terms, anchor) - anchor.count) : 0,
    anchor.downPaymentMinor !== undefined
      ? Math.abs(downPaymentOf(terms) - anchor.downPaymentMinor)
      : 0,
    anchor.date !== undefined && first !== null ? Math.abs(daysBetween(anchor.date, first)) : 0,
    frequency === null || frequency === wanted ? 0 : 1,
    downPaymentOf(terms),
    terms.kind === "installments" ? terms.installments.length : 1,
  ];
}

export function compareDistance(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * One candidate plan: `count` payments in all at `frequency` from `start`, the first being a down
 * payment of at least the policy's minimum (and at least `statedDown` when the debtor named one),
 * the rest split evenly. Null when the amounts cannot be built.
 */
function buildPlan(
  count: number,
  frequency: Frequency,
  start: IsoDate | null,
  statedDown: number | undefined,
  ctx: FitContext,
): PlanTerms | null {
  const total = ctx.remainingMinor;
  if (count < 2 || total < count) return null;
  const down = Math.max(statedDown ?? 0, requiredDownPayment(ctx.policy, total, count));
  if (down > 0 && total - down < count - 1) return null;
  const amounts =
    down > 0 ? [down, ...splitEvenly(total - down, count - 1)] : splitEvenly(total, count);
  return {
    kind: "installments",
    frequency,
    installments: installmentsOn(amounts, planDates(frequency, count, ctx, start), down > 0),
  };
}

/**
 * The plans the bot can build for an anchor, in policy: for every frequency the policy allows and
 * every count from 2 to its maximum, even installments after the policy's minimum down payment (or
 * the debtor's own down payment when it is larger), starting on the debtor's day if they named one
 * and on the usual first due date (or on their payday) otherwise.
 */
export function candidatePlans(anchor: Anchor, ctx: FitContext): PlanTerms[] {
  // null: the usual first due date, or the debtor's payday when known.
  const starts: (IsoDate | null)[] = [null];
  if (anchor.date !== undefined && daysBetween(ctx.today, anchor.date) >= 0) {
    starts.unshift(anchor.date);
  }
  const plans: PlanTerms[] = [];
  for (const frequency of ctx.policy.installments.frequencies) {
    for (const start of starts) {
      for (let count = 2; count <= ctx.policy.installments.maxCount; count++) {
        const plan = buildPlan(count, frequency, start, anchor.downPaymentMinor, ctx);
        if (plan === null) continue;
        if (breachesOf(plan, ctx).length > 0) continue;
        if (termsProblem(plan, ctx.remainingMinor, ctx.today) !== null) continue;
        plans.push(plan);
      }
    }
  }
  return plans;
}

/** A promise for everything owed, on the stated day or the latest day the policy allows. */
function closestPromise(anchor: Anchor, ctx: FitContext): PlanTerms | null {
  if (ctx.promisesMade > ctx.policy.promise.maxReschedules || plansOnly(ctx)) return null;
  const latest = addDays(ctx.today, ctx.policy.promise.maxDaysAhead);
  const date = anchor.date === undefined ? addDays(ctx.today, 7) : minDate(anchor.date, latest);
  if (daysBetween(ctx.today, date) < 0) return null;
  const terms: PlanTerms = {
    kind: "promise",
    date: minDate(date, latest),
    amountMinor: ctx.remainingMinor,
  };
  return breachesOf(terms, ctx).length === 0 ? terms : null;
}

/**
 * The in-policy terms closest to what the debtor said (see `distance`). A stated plan (an amount
 * per period or a count) is answered with a plan when one fits, else a promise, else paying now;
 * a date alone with a promise on that day or the latest the policy allows, else a plan. Always
 * returns terms that fit the policy (paying now fits every policy).
 */
export function closestInPolicy(anchor: Anchor, ctx: FitContext): PlanTerms {
  const plans = candidatePlans(anchor, ctx);
  let best: PlanTerms | null = null;
  let bestDistance: number[] = [];
  for (const plan of plans) {
    const d = distance(plan, anchor, ctx);
    if (best === null || compareDistance(d, bestDistance) < 0) {
      best = plan;
      bestDistance = d;
    }
  }
  const amount = anchor.amountPerPeriodMinor;
  // Everything at once is what "I can pay 1,500 a month" means on a 1,200 invoice.
  if (amount !== undefined && amount >= ctx.remainingMinor) return payNowTerms(ctx);
  if (anchor.count === 1 && anchor.downPaymentMinor === undefined) return payNowTerms(ctx);
  if (!isPlanAnchor(anchor)) return closestPromise(anchor, ctx) ?? best ?? payNowTerms(ctx);
  return best ?? closestPromise(anchor, ctx) ?? payNowTerms(ctx);
}

/**
 * Why the closest in-policy terms differ from what the debtor said: the policy limits their own
 * terms break, said plainly to them ("the most we can spread it is 6 times"). Discounts and
 * reschedules are the owner's business and are not explained here.
 */
export function limitsToExplain(breaches: readonly PolicyBreach[]): PolicyBreach[] {
  return breaches.filter((b) => b.limit !== "discount" && b.limit !== "promise_max_reschedules");
}
