import { anchorOf, closestInPolicy, limitsToExplain } from "./anchor.ts";
import { daysBetween } from "./dates.ts";
import { installmentsOn, MAX_SCHEDULE_LENGTH, planDates } from "./installment-plan.ts";
import type { PolicyBreach } from "./messages.ts";
import { countByAmount, splitByAmount, splitEvenly } from "./money.ts";
import { preferredFrequency } from "./offers.ts";
import { breachesOf, type FitContext, isWithinBand, requiredDownPayment } from "./policy-fit.ts";
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
  /** Outside policy but within the approval band, or the bot's rounds are used up: the owner is
   *  asked for these exact terms, while `closest` (in policy, null when the terms themselves fit
   *  but the policy wants the owner to agree) is shown to the debtor meanwhile. */
  | {
      readonly kind: "ask_owner";
      readonly terms: PlanTerms;
      readonly breaches: readonly PolicyBreach[];
      readonly closest: PlanTerms | null;
      /** The limits that kept `closest` from matching the debtor's words. */
      readonly limits: readonly PolicyBreach[];
    }
  /** Too far out: the bot answers with the in-policy terms closest to the debtor's words. */
  | {
      readonly kind: "counter";
      readonly terms: PlanTerms;
      readonly proposed: PlanTerms;
      readonly breaches: readonly PolicyBreach[];
      readonly limits: readonly PolicyBreach[];
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
  const all = down > 0 ? [down, ...amounts] : amounts;
  const frequency = frequencyOf(proposal.period, ctx);
  // A plan long enough to need a down payment starts with one: the debtor's first payment is it
  // ("6 × 200 €" is 200 € down, then 5 × 200 €), measured against the policy's minimum like any.
  const firstIsDown = down > 0 || requiredDownPayment(ctx.policy, remaining, all.length) > 0;
  return {
    ok: true,
    terms: {
      kind: "installments",
      frequency,
      installments: installmentsOn(
        all,
        planDates(frequency, all.length, ctx, date ?? null),
        firstIsDown,
      ),
    },
  };
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
  return evaluateTerms(built.terms, ctx, proposal);
}

/**
 * Terms the debtor stated, against the policy. `proposal` is what they said (the anchor of the
 * in-policy answer); without it, the terms themselves are.
 */
export function evaluateTerms(
  terms: PlanTerms,
  ctx: CounterContext,
  proposal: Proposal = proposalOf(terms),
): ProposalOutcome {
  const breaches = breachesOf(terms, ctx);
  const rules = ctx.policy.counterOffer;
  if (breaches.length === 0) {
    return rules.autoAcceptWithinPolicy
      ? { kind: "accept", terms }
      : { kind: "ask_owner", terms, breaches, closest: null, limits: [] };
  }
  const closest = closestInPolicy(anchorOf(proposal), ctx);
  const limits = limitsToExplain(breaches);
  if (
    breaches.every((b) => isWithinBand(b, rules.approvalBandPercent)) ||
    ctx.rounds >= rules.maxBotRounds
  ) {
    return { kind: "ask_owner", terms, breaches, closest, limits };
  }
  return { kind: "counter", terms: closest, proposed: terms, breaches, limits };
}

/** The figures of stated terms, when only the terms are known (an anchor for `closestInPolicy`). */
export function proposalOf(terms: PlanTerms): Proposal {
  switch (terms.kind) {
    case "pay_now":
      return { count: 1 };
    case "promise":
      return { date: terms.date };
    case "installments": {
      const regular = terms.installments.filter((i) => i.isDownPayment !== true);
      const first = terms.installments[0];
      return {
        amountPerPeriodMinor: Math.max(...regular.map((i) => i.amountMinor)),
        ...(first?.isDownPayment === true ? { downPaymentMinor: first.amountMinor } : {}),
        ...(first !== undefined ? { date: first.dueDate } : {}),
        ...(terms.frequency === "weekly" ? { period: "week" as const } : {}),
        ...(terms.frequency === "monthly" ? { period: "month" as const } : {}),
      };
    }
  }
}
