import { addDays, daysBetween, scheduleDate } from "./dates.ts";
import { sumMinor } from "./money.ts";
import { paydayDates } from "./payday.ts";
import type { Frequency, Installment, IsoDate, Payday, PlanTerms } from "./types.ts";

/**
 * The first payment of any plan (down payment included) falls this many days after the day it is
 * agreed: long enough for the two-day reminder to be in the future, short enough to keep momentum.
 */
export const PLAN_FIRST_DUE_AFTER_DAYS = 7;

/** A schedule longer than this is never built (a "€1 a month" proposal); it is refused instead. */
export const MAX_SCHEDULE_LENGTH = 400;

/** Turns amounts into installments on a schedule starting on `firstDueDate`. */
export function toInstallments(
  amounts: readonly number[],
  frequency: Frequency,
  firstDueDate: IsoDate,
  withDownPayment: boolean,
): Installment[] {
  return amounts.map((amountMinor, i) => ({
    seq: i + 1,
    dueDate: scheduleDate(firstDueDate, frequency, i),
    amountMinor,
    ...(withDownPayment && i === 0 ? { isDownPayment: true } : {}),
  }));
}

export function firstDueDate(today: IsoDate): IsoDate {
  return addDays(today, PLAN_FIRST_DUE_AFTER_DAYS);
}

/** What a plan's dates depend on: the day, and the debtor's payday and country when known. */
export interface ScheduleContext {
  readonly today: IsoDate;
  readonly payday?: Payday | null;
  /** ISO 3166 code, for public holidays (business-days.ts); FR when absent. */
  readonly country?: string;
}

/**
 * The dates of a plan of `count` payments at `frequency`: from `start` when the debtor named the
 * first day; else on their payday when it is known and carries the frequency (payday.ts); else
 * from the usual first due date.
 */
export function planDates(
  frequency: Frequency,
  count: number,
  ctx: ScheduleContext,
  start: IsoDate | null = null,
): IsoDate[] {
  if (start === null && ctx.payday) {
    const dates = paydayDates(ctx.payday, frequency, count, ctx.today, ctx.country ?? "FR");
    if (dates !== null) return dates;
  }
  const first = start ?? firstDueDate(ctx.today);
  return Array.from({ length: count }, (_, i) => scheduleDate(first, frequency, i));
}

/** Turns amounts into installments on the given dates (one date per amount). */
export function installmentsOn(
  amounts: readonly number[],
  dates: readonly IsoDate[],
  withDownPayment: boolean,
): Installment[] {
  return amounts.map((amountMinor, i) => ({
    seq: i + 1,
    dueDate: dates[i] ?? dates[dates.length - 1] ?? "",
    amountMinor,
    ...(withDownPayment && i === 0 ? { isDownPayment: true } : {}),
  }));
}

/** What the debtor pays under these terms (the discount, if any, is not paid). */
export function termsPayableMinor(terms: PlanTerms): number {
  switch (terms.kind) {
    case "pay_now":
      return terms.amountMinor;
    case "promise":
      return terms.amountMinor;
    case "installments":
      return sumMinor(terms.installments.map((i) => i.amountMinor));
  }
}

export function termsDiscountMinor(terms: PlanTerms): number {
  return terms.kind === "promise" ? 0 : (terms.discountMinor ?? 0);
}

/** What these terms settle: the payable amount plus any discount. */
export function termsCoverMinor(terms: PlanTerms): number {
  return termsPayableMinor(terms) + termsDiscountMinor(terms);
}

export type TermsProblem = "negative_amount" | "amount_mismatch" | "invalid_proposal";

/**
 * Checks terms are well formed for a case owing `remainingMinor` today: positive integer amounts,
 * seqs 1..n, strictly increasing dates not before today, and a total that settles exactly what is
 * owed. Returns the first problem found, or null.
 */
export function termsProblem(
  terms: PlanTerms,
  remainingMinor: number,
  today: IsoDate,
): { code: TermsProblem; message: string } | null {
  const discount = termsDiscountMinor(terms);
  if (!Number.isSafeInteger(discount) || discount < 0) {
    return { code: "negative_amount", message: "the discount must be a non-negative integer" };
  }
  switch (terms.kind) {
    case "pay_now":
    case "promise":
      if (!Number.isSafeInteger(terms.amountMinor) || terms.amountMinor <= 0) {
        return { code: "negative_amount", message: "the amount must be a positive integer" };
      }
      if (terms.kind === "promise" && daysBetween(today, terms.date) < 0) {
        return { code: "invalid_proposal", message: "the promised date is in the past" };
      }
      break;
    case "installments": {
      const list = terms.installments;
      if (list.length < 1 || list.length > MAX_SCHEDULE_LENGTH) {
        return {
          code: "invalid_proposal",
          message: `a plan has 1 to ${MAX_SCHEDULE_LENGTH} parts`,
        };
      }
      for (const [i, inst] of list.entries()) {
        if (!Number.isSafeInteger(inst.amountMinor) || inst.amountMinor <= 0) {
          return { code: "negative_amount", message: `installment ${inst.seq} is not positive` };
        }
        if (inst.seq !== i + 1) {
          return { code: "invalid_proposal", message: "installments must be numbered 1..n" };
        }
        const previous = list[i - 1];
        if (previous !== undefined && inst.dueDate <= previous.dueDate) {
          return { code: "invalid_proposal", message: "installment dates must strictly increase" };
        }
        if (i === 0 && daysBetween(today, inst.dueDate) < 0) {
          return { code: "invalid_proposal", message: "the first installment is in the past" };
        }
        if (inst.isDownPayment === true && i !== 0) {
          return {
            code: "invalid_proposal",
            message: "only the first installment can be a down payment",
          };
        }
      }
      break;
    }
  }
  const cover = termsCoverMinor(terms);
  if (cover !== remainingMinor) {
    return {
      code: "amount_mismatch",
      message: `the terms settle ${cover} but ${remainingMinor} is due`,
    };
  }
  return null;
}
