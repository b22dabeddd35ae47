import type { Interpretation, Proposal } from "./types.ts";

/**
 * How sure the bot is that it read a message right, from 0 to 1. Below CONFIDENCE_THRESHOLD it
 * never acts on its reading: it says what it understood and asks (DOMAIN.md, "other / free text").
 *
 * The interpreter may give its own figure (`interpretation.confidence`); until it does, one is
 * derived here from what it returns:
 * - an intent with the figures it needs: sure (0.9);
 * - figures but no intent ("200 euros", "le 15"): unsure (0.4) — a guess worth checking;
 * - a plan with an amount alone, neither period nor count ("je peux 200"): unsure (0.5) — a total,
 *   a down payment or a monthly amount?
 * - nothing at all: 0 — the message cannot be read.
 */
export const CONFIDENCE_THRESHOLD = 0.6;

export function confidenceOf(interpretation: Interpretation): number {
  if (interpretation.confidence !== undefined) return interpretation.confidence;
  const { intent, amount, count, period, date } = interpretation;
  const figures = [amount, count, date].filter((x) => x !== null).length;
  if (intent === "unknown") return figures > 0 ? 0.4 : 0;
  if (intent === "installments" && amount !== null && count === null && period === null) {
    return 0.5;
  }
  return 0.9;
}

export type Understanding =
  | { readonly kind: "sure" }
  /** A guess to check with the debtor before acting on it. */
  | { readonly kind: "unsure"; readonly guess: Proposal }
  | { readonly kind: "unreadable" };

/** Whether to act on a reading, check it with the debtor, or say it was not understood. */
export function understand(interpretation: Interpretation): Understanding {
  if (confidenceOf(interpretation) >= CONFIDENCE_THRESHOLD) return { kind: "sure" };
  const guess = guessProposal(interpretation);
  return guess === null ? { kind: "unreadable" } : { kind: "unsure", guess };
}

/**
 * The likeliest proposal behind figures read without certainty: an amount is per month (or the
 * period read), a count is a number of installments, a date alone a promise, a date with a plan
 * its first payment.
 */
export function guessProposal(interpretation: Interpretation): Proposal | null {
  const { amount, count, period, date } = interpretation;
  if (amount === null && count === null && date === null) return null;
  return {
    ...(amount !== null ? { amountPerPeriodMinor: amount, period: period ?? "month" } : {}),
    ...(count !== null ? { count } : {}),
    ...(count !== null && amount === null && period !== null ? { period } : {}),
    ...(date !== null ? { date } : {}),
  };
}
