import { allocatePayments } from "./installment-progress.ts";
import { splitEvenly, sumMinor } from "./money.ts";
import type { Installment, PlanTerms } from "./types.ts";

/**
 * A running plan after a payment made outside it — a bank transfer that pays one invoice off
 * early. The payment does not stand in for the next installments (the debtor did not pay
 * "ahead"): it lowers what is still to pay, and the plan shrinks by exactly that much.
 *
 * The choice: the remaining installments are reduced **from the last one backwards**. The next
 * payment the debtor budgeted for stays as agreed and the plan ends sooner — what a debtor who
 * pays an invoice off early expects, and the dates never move. (Reducing every remaining
 * installment evenly would leave the same number of payments, each a few cents smaller, and a
 * plan that never gets shorter.) An installment brought down to nothing is dropped; one already
 * paid is never touched, and one partly paid is never brought below what was paid on it.
 */

/**
 * The installments once `extraMinor` is taken off, from the last backwards. `paidTowardsMinor`
 * is what was paid towards the plan so far (allocated to installments in order, as
 * installment-progress.ts does). Throws when `extraMinor` exceeds what the plan still asks for:
 * such a payment settles everything and the caller ends the plan instead.
 */
export function rebalanceInstallments(
  installments: readonly Installment[],
  paidTowardsMinor: number,
  extraMinor: number,
): Installment[] {
  if (!Number.isSafeInteger(extraMinor) || extraMinor < 0) {
    throw new RangeError(`cannot take ${extraMinor} off a plan`);
  }
  const ordered = [...installments].sort((a, b) => a.seq - b.seq);
  const progress = allocatePayments(ordered, paidTowardsMinor);
  const unpaid = sumMinor(ordered.map((i, n) => i.amountMinor - (progress[n]?.paidMinor ?? 0)));
  if (extraMinor > unpaid) {
    throw new RangeError(`${extraMinor} is more than the ${unpaid} the plan still asks for`);
  }
  let left = extraMinor;
  const amounts = ordered.map((i) => i.amountMinor);
  for (let n = ordered.length - 1; n >= 0 && left > 0; n--) {
    const reducible = (amounts[n] ?? 0) - (progress[n]?.paidMinor ?? 0);
    const take = Math.min(reducible, left);
    amounts[n] = (amounts[n] ?? 0) - take;
    left -= take;
  }
  return ordered.flatMap((i, n) =>
    (amounts[n] ?? 0) > 0 ? [{ ...i, amountMinor: amounts[n] ?? 0 }] : [],
  );
}

/**
 * The terms of a running agreement once `extraMinor` was paid outside it: a plan re-balanced as
 * above, a promise lowered by the payment. Null for terms a payment simply settles (pay now), or
 * when the payment covers everything the agreement still asks for.
 */
export function rebalanceTerms(
  terms: PlanTerms,
  paidTowardsMinor: number,
  extraMinor: number,
): PlanTerms | null {
  switch (terms.kind) {
    case "installments": {
      const unpaid = sumMinor(terms.installments.map((i) => i.amountMinor)) - paidTowardsMinor;
      if (extraMinor >= unpaid) return null;
      return {
        ...terms,
        installments: rebalanceInstallments(terms.installments, paidTowardsMinor, extraMinor),
      };
    }
    case "promise": {
      if (extraMinor >= terms.amountMinor - paidTowardsMinor) return null;
      return { ...terms, amountMinor: terms.amountMinor - extraMinor };
    }
    case "pay_now":
      return null;
  }
}

/**
 * The terms of a running agreement once a new invoice of `addedMinor` joins it (the debtor said
 * yes to adding it): the amount is spread evenly over the installments not yet fully paid, on
 * the same dates — the debtor keeps the rhythm they agreed to, and nothing already paid moves.
 * A promise is raised by the amount, on its date. Null for a pay-now (nothing left to spread
 * over) or when every installment is already paid.
 */
export function addToTerms(
  terms: PlanTerms,
  paidTowardsMinor: number,
  addedMinor: number,
): PlanTerms | null {
  if (!Number.isSafeInteger(addedMinor) || addedMinor <= 0) {
    throw new RangeError(`cannot add ${addedMinor} to a plan`);
  }
  switch (terms.kind) {
    case "installments": {
      const ordered = [...terms.installments].sort((a, b) => a.seq - b.seq);
      const progress = allocatePayments(ordered, paidTowardsMinor);
      const open = ordered.filter((i, n) => (progress[n]?.paidMinor ?? 0) < i.amountMinor);
      if (open.length === 0) return null;
      const shares = splitEvenly(addedMinor, open.length);
      const extra = new Map(open.map((i, n) => [i.seq, shares[n] ?? 0]));
      return {
        ...terms,
        installments: ordered.map((i) => ({
          ...i,
          amountMinor: i.amountMinor + (extra.get(i.seq) ?? 0),
        })),
      };
    }
    case "promise":
      return { ...terms, amountMinor: terms.amountMinor + addedMinor };
    case "pay_now":
      return null;
  }
}
