import { addDays, daysBetween, maxDate, minDate } from "./dates.ts";
import { firstDueDate, MAX_SCHEDULE_LENGTH, toInstallments } from "./installment-plan.ts";
import type { PolicyBreach } from "./messages.ts";
import { countByAmount, splitByAmount, splitEvenly } from "./money.ts";
import {
  fittingPlans,
  OFFERED_PROMISE_DAYS,
  payNowTerms,
  planOf,
  preferredFrequency,
} from "./offers.ts";
import { breachesOf, type FitContext, isWithinBand } from "./policy-fit.ts";
import type { Frequency, Offer, PlanTerms, Proposal } from "./types.ts";

export interface CounterContext extends FitContext {
  /** Bot counter-offers already made in this negotiation. */
  readonly rounds: number;
  /** The offers currently shown: the bot's last position, for meeting the debtor halfway. */
  readonly previousOffers: readonly Offer[];
}

export type ProposalProblem = {
  readonly code: "negative_amount" | "amount_mismatch" | "invalid_proposal";
  readonly message: string;
};

export type ProposalOutcome =
  /** Inside policy: the bot may agree alone (after the debtor confirms the exact terms). */
  | { readonly kind: "accept"; readonly terms: PlanTerms }
  /** Outside policy but within the approval band, or the bot's rounds are used up. */
  | {
      readonly kind: "ask_owner";
      readonly terms: PlanTerms;
      readonly breaches: readonly PolicyBreach[];
    }
  /** Too far out: the bot answers with the nearest in-policy terms. */
  | {
      readonly kind: "counter";
      readonly terms: PlanTerms;
      readonly proposed: PlanTerms;
      readonly breaches: readonly PolicyBreach[];
    }
  | ({ readonly kind: "invalid" } & ProposalProblem);

function frequencyOf(period: Proposal["period"], ctx: FitContext): Frequency {
  if (period === "week") return "weekly";
  if (period === "month") return "monthly";
  return preferredFrequency(ctx);
}

function checkPositive(value: number | undefined, what: string): ProposalProblem | null {
  if (value === undefined) return null;
  if (!Number.isFinite(value) || value <= 0) {
    return { code: "negative_amount", message: `${what} must be positive` };
  }
  if (!Number.isSafeInteger(value))
    return { code: "invalid_proposal", message: `${what} must be an integer` };
  return null;
}

/**
 * Turns what the debtor said they can do into exact terms for what is owed. "€150 a month" becomes
 * 150-a-month installments with the balance last; "in 4 times" an even split; a date alone a
 * promise; a date with an amount the first installment's date. With `strictCount`, an amount AND a
 * count that do not multiply to what is owed is refused (a button flow); otherwise the count is
 * dropped in favour of the amount (free text, where "3 fois 100 €" is often approximate).
 */
export function proposalToTerms(
  proposal: Proposal,
  ctx: FitContext,
  strictCount: boolean,
): { ok: true; terms: PlanTerms } | ({ ok: false } & ProposalProblem) {
  const problem =
    checkPositive(proposal.amountPerPeriodMinor, "the amount per period") ??
    checkPositive(proposal.count, "the number of installments") ??
    checkPositive(proposal.downPaymentMinor, "the down payment");
  if (problem !== null) return { ok: false, ...problem };
  const remaining = ctx.remainingMinor;
  const { amountPerPeriodMinor: amount, downPaymentMinor: down = 0, date } = proposal;
  let count = proposal.count;
  if (date !== undefined && daysBetween(ctx.today, date) < 0) {
    return { ok: false, code: "invalid_proposal", message: "the date is in the past" };
  }
  if (down >= remaining) {
    return {
      ok: false,
      code: "amount_mismatch",
      message: "the down payment covers everything owed",
    };
  }
  if (amount === undefined && count === undefined) {
    if (date === undefined)
      return { ok: false, code: "invalid_proposal", message: "nothing proposed" };
    if (down > 0) {
      return { ok: false, code: "invalid_proposal", message: "a down payment needs installments" };
    }
    return { ok: true, terms: { kind: "promise", date, amountMinor: remaining } };
  }
  const rest = remaining - down;
  if (amount !== undefined && count !== undefined && Math.abs(amount * count - rest) > count) {
    if (strictCount) {
      return {
        ok: false,
        code: "amount_mismatch",
        message: `${count} × ${amount} does not make the ${rest} owed`,
      };
    }
    count = undefined;
  }
  let amounts: number[];
  if (amount !== undefined) {
    if (countByAmount(rest, amount) + (down > 0 ? 1 : 0) > MAX_SCHEDULE_LENGTH) {
      return { ok: false, code: "invalid_proposal", message: "the plan would be far too long" };
    }
    amounts = splitByAmount(rest, amount);
  } else {
    const n = count ?? 1;
    if (n + (down > 0 ? 1 : 0) > MAX_SCHEDULE_LENGTH) {
      return { ok: false, code: "invalid_proposal", message: "the plan would be far too long" };
    }
    if (rest < n) return { ok: false, code: "amount_mismatch", message: "too many installments" };
    amounts = splitEvenly(rest, n);
  }
  if (amounts.length === 1 && down === 0) {
    return {
      ok: true,
      terms:
        date === undefined || date === ctx.today
          ? { kind: "pay_now", amountMinor: remaining }
          : { kind: "promise", date, amountMinor: remaining },
    };
  }
  const first = date ?? firstDueDate(ctx.today);
  const all = down > 0 ? [down, ...amounts] : amounts;
  const frequency = frequencyOf(proposal.period, ctx);
  return {
    ok: true,
    terms: {
      kind: "installments",
      frequency,
      installments: toInstallments(all, frequency, first, down > 0),
    },
  };
}

function regularAmount(terms: PlanTerms): number {
  if (terms.kind !== "installments") return terms.amountMinor;
  const regular = terms.installments.find((i) => i.isDownPayment !== true) ?? terms.installments[0];
  return regular?.amountMinor ?? 0;
}

/**
 * The in-policy terms nearest to what the debtor proposed, meeting them halfway where the policy
 * allows: the target is the midpoint between the debtor's figure and the bot's last one, clamped
 * into the policy. Always returns terms that fit (paying now fits every policy).
 */
export function nearestFit(proposed: PlanTerms, ctx: CounterContext): PlanTerms {
  if (proposed.kind === "promise") {
    const botPromise = ctx.previousOffers.find((o) => o.terms.kind === "promise")?.terms;
    const botDate =
      botPromise?.kind === "promise" ? botPromise.date : addDays(ctx.today, OFFERED_PROMISE_DAYS);
    const gap = daysBetween(botDate, proposed.date);
    const midpoint = addDays(botDate, Math.ceil(gap / 2));
    const date = maxDate(
      ctx.today,
      minDate(midpoint, addDays(ctx.today, ctx.policy.promise.maxDaysAhead)),
    );
    const terms: PlanTerms = { kind: "promise", date, amountMinor: ctx.remainingMinor };
    if (breachesOf(terms, ctx).length === 0) return terms;
  }
  if (proposed.kind === "installments" || proposed.kind === "promise") {
    const frequency =
      proposed.kind === "installments" &&
      ctx.policy.installments.frequencies.includes(proposed.frequency)
        ? proposed.frequency
        : preferredFrequency(ctx);
    const plans = fittingPlans(frequency, ctx);
    if (plans.length > 0) {
      const previousPlans = ctx.previousOffers.filter((o) => o.terms.kind === "installments");
      const botAmount =
        previousPlans.length > 0
          ? Math.min(...previousPlans.map((o) => regularAmount(o.terms)))
          : regularAmount(planOf(3, frequency, ctx) ?? plans[0] ?? proposed);
      const target = Math.ceil((regularAmount(proposed) + botAmount) / 2);
      // Plans are ordered by count, so amounts decrease: the last one still at or above the target
      // is the closest to the debtor that does not go below halfway.
      const atOrAbove = plans.filter((p) => regularAmount(p) >= target);
      const chosen = atOrAbove[atOrAbove.length - 1] ?? plans[0];
      if (chosen !== undefined) return chosen;
    }
  }
  return payNowTerms(ctx);
}

/**
 * Evaluates a debtor's counter-offer against the policy: accept inside it; inside the approval band
 * ask the owner; further out counter with the nearest fitting terms — at most `maxBotRounds` times,
 * after which the owner decides.
 */
export function evaluateProposal(
  proposal: Proposal,
  ctx: CounterContext,
  strictCount: boolean,
): ProposalOutcome {
  const built = proposalToTerms(proposal, ctx, strictCount);
  if (!built.ok) return { kind: "invalid", code: built.code, message: built.message };
  return evaluateTerms(built.terms, ctx);
}

export function evaluateTerms(terms: PlanTerms, ctx: CounterContext): ProposalOutcome {
  const breaches = breachesOf(terms, ctx);
  const rules = ctx.policy.counterOffer;
  if (breaches.length === 0) {
    return rules.autoAcceptWithinPolicy
      ? { kind: "accept", terms }
      : { kind: "ask_owner", terms, breaches };
  }
  if (breaches.every((b) => isWithinBand(b, rules.approvalBandPercent))) {
    return { kind: "ask_owner", terms, breaches };
  }
  if (ctx.rounds >= rules.maxBotRounds) return { kind: "ask_owner", terms, breaches };
  return { kind: "counter", terms: nearestFit(terms, ctx), proposed: terms, breaches };
}
