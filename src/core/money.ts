/**
 * Money arithmetic on integer minor units (cents). Nothing here rounds through floats in a way that
 * could lose a cent: every split sums exactly to its total, and every part is positive.
 */

/** Largest amount the core accepts (types.ts: amounts are capped at 10^12 minor units). */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

export function isValidAmount(minor: number): boolean {
  return Number.isSafeInteger(minor) && minor > 0 && minor <= MAX_AMOUNT_MINOR;
}

export function sumMinor(amounts: readonly number[]): number {
  let total = 0;
  for (const a of amounts) total += a;
  return total;
}

/**
 * Splits `totalMinor` into `count` parts that differ by at most one cent. The remainder goes to the
 * FIRST parts (one cent each), so a debtor never meets a surprise larger payment at the end, and the
 * same inputs always give the same split.
 */
export function splitEvenly(totalMinor: number, count: number): number[] {
  if (!Number.isSafeInteger(totalMinor) || !Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`cannot split ${totalMinor} into ${count} parts`);
  }
  if (totalMinor < count) {
    throw new RangeError(`cannot split ${totalMinor} into ${count} positive parts`);
  }
  const base = Math.floor(totalMinor / count);
  const remainder = totalMinor - base * count;
  return Array.from({ length: count }, (_, i) => (i < remainder ? base + 1 : base));
}

/**
 * A down payment first, then the rest split evenly over `count - 1` parts (`count` includes the
 * down payment). The down payment must leave at least one cent per remaining part.
 */
export function splitWithDownPayment(
  totalMinor: number,
  downPaymentMinor: number,
  count: number,
): number[] {
  if (!Number.isSafeInteger(downPaymentMinor) || downPaymentMinor < 1) {
    throw new RangeError(`invalid down payment ${downPaymentMinor}`);
  }
  if (count < 2) throw new RangeError("a plan with a down payment has at least 2 parts");
  return [downPaymentMinor, ...splitEvenly(totalMinor - downPaymentMinor, count - 1)];
}

/**
 * Fixed parts of `perPartMinor` until the total is reached; the last part is the balance
 * (0 < last ≤ perPartMinor). This is how "I can pay €150 a month" becomes a schedule.
 */
export function splitByAmount(totalMinor: number, perPartMinor: number): number[] {
  if (!Number.isSafeInteger(perPartMinor) || perPartMinor < 1) {
    throw new RangeError(`invalid part ${perPartMinor}`);
  }
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 1) {
    throw new RangeError(`invalid total ${totalMinor}`);
  }
  const full = Math.floor(totalMinor / perPartMinor);
  const last = totalMinor - full * perPartMinor;
  const parts = Array.from({ length: full }, () => perPartMinor);
  if (last > 0) parts.push(last);
  return parts;
}

/** How many parts `splitByAmount` would produce, without building them. */
export function countByAmount(totalMinor: number, perPartMinor: number): number {
  return Math.ceil(totalMinor / perPartMinor);
}

/** `percent` of `totalMinor`, rounded up to the cent (a minimum the debtor must reach). */
export function percentCeil(totalMinor: number, percent: number): number {
  return Math.ceil((totalMinor * Math.round(percent * 100)) / 10_000);
}

/** `percent` of `totalMinor`, rounded down to the cent (a discount never exceeds its rate). */
export function percentFloor(totalMinor: number, percent: number): number {
  return Math.floor((totalMinor * Math.round(percent * 100)) / 10_000);
}
