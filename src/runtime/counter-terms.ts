import type { Frequency, IsoDate, PlanTerms } from "../core/index.ts";
import {
  daysBetween,
  isIsoDate,
  splitEvenly,
  termsProblem,
  toInstallments,
} from "../core/index.ts";

/**
 * An owner's counter-offer, typed into a form — the Slack modal (bot/slack/counter-modal.ts) or
 * the desk (src/http/admin) — checked field by field and turned into terms that settle exactly
 * what is due. One validation for both places; each says the errors in its own words.
 */
export const COUNTER_INSTALLMENTS_MIN = 2;
export const COUNTER_INSTALLMENTS_MAX = 60;
export const COUNTER_FREQUENCIES: readonly Frequency[] = ["monthly", "biweekly", "weekly"];

export type CounterField = "count" | "amount" | "firstDate" | "frequency" | "discount";

/** What the owner typed, as text (empty when left blank). */
export type CounterFields = Readonly<Record<CounterField, string>>;

export interface CounterTermsContext {
  readonly amountDueMinor: number;
  readonly currency: string;
  /** Today in the business's zone: the first date may not be earlier. */
  readonly today: IsoDate;
}

export type CounterErrorId =
  | "error.nothing"
  | "error.count"
  | "error.amount"
  | "error.amount_too_many_decimals"
  | "error.amount_too_small"
  | "error.amount_too_large"
  | "error.first_date_missing"
  | "error.first_date_past"
  | "error.discount";

export type CounterError =
  | {
      readonly id: CounterErrorId;
      /** Amounts in minor units (`total`, `min`), counts and digits as numbers. */
      readonly args?: Readonly<Record<string, number>>;
    }
  /** The core refused the terms: its own explanation. */
  | { readonly id: "core"; readonly message: string };

export type CounterTermsResult =
  | { readonly ok: true; readonly terms: PlanTerms }
  | { readonly ok: false; readonly errors: Readonly<Partial<Record<CounterField, CounterError>>> };

/** Minor-unit digits of a currency (EUR 2, JPY 0), from Intl. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * "150", "150.5", "150,50", "1 200,50" → minor units. Returns "invalid" for anything else and
 * "too_many_decimals" when the currency has fewer minor digits than typed. No float ever: the
 * digits are concatenated as a string and parsed as an integer.
 */
export function parseMajorAmount(
  text: string,
  currency: string,
): number | "invalid" | "too_many_decimals" {
  const digits = currencyDigits(currency);
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, "").replace(/[€$£]/g, "");
  const match = /^(\d{1,10})(?:[.,](\d+))?$/.exec(cleaned);
  if (!match) return "invalid";
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return "too_many_decimals";
  const minor = Number.parseInt(whole + fraction.padEnd(digits, "0"), 10);
  return Number.isSafeInteger(minor) && minor > 0 ? minor : "invalid";
}

/** Validates the fields and turns them into terms that settle exactly what is due. */
export function parseCounterFields(v: CounterFields, ctx: CounterTermsContext): CounterTermsResult {
  const errors: Partial<Record<CounterField, CounterError>> = {};
  const digits = { digits: currencyDigits(ctx.currency) };

  let discount = 0;
  if (v.discount !== "") {
    const d = parseMajorAmount(v.discount, ctx.currency);
    if (typeof d !== "number" || d >= ctx.amountDueMinor) {
      errors.discount =
        d === "too_many_decimals"
          ? { id: "error.amount_too_many_decimals", args: digits }
          : { id: "error.discount" };
    } else discount = d;
  }
  const payable = ctx.amountDueMinor - discount;

  if (v.count === "") {
    if (v.discount === "") return { ok: false, errors: { count: { id: "error.nothing" } } };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return finish({ kind: "pay_now", amountMinor: payable, discountMinor: discount }, ctx);
  }

  const count = /^\d{1,3}$/.test(v.count) ? Number(v.count) : Number.NaN;
  if (
    !(count >= COUNTER_INSTALLMENTS_MIN && count <= COUNTER_INSTALLMENTS_MAX) ||
    count > payable
  ) {
    errors.count = { id: "error.count" };
  }
  if (v.firstDate === "" || !isIsoDate(v.firstDate)) {
    errors.firstDate = { id: "error.first_date_missing" };
  } else if (daysBetween(ctx.today, v.firstDate) < 0) {
    errors.firstDate = { id: "error.first_date_past" };
  }
  const frequency: Frequency = (COUNTER_FREQUENCIES as readonly string[]).includes(v.frequency)
    ? (v.frequency as Frequency)
    : "monthly";

  let amounts: number[] | null = null;
  if (errors.count === undefined && errors.discount === undefined) {
    if (v.amount === "") {
      amounts = splitEvenly(payable, count);
    } else {
      const per = parseMajorAmount(v.amount, ctx.currency);
      if (per === "invalid") errors.amount = { id: "error.amount" };
      else if (per === "too_many_decimals") {
        errors.amount = { id: "error.amount_too_many_decimals", args: digits };
      } else if (per * count < payable) {
        errors.amount = {
          id: "error.amount_too_small",
          args: { count, total: payable, min: Math.ceil(payable / count) },
        };
      } else if (per * (count - 1) >= payable) {
        errors.amount = { id: "error.amount_too_large", args: { total: payable } };
      } else {
        // Fixed installments; the last takes the balance (0 < last ≤ per).
        amounts = [...Array.from({ length: count - 1 }, () => per), payable - per * (count - 1)];
      }
    }
  }
  if (Object.keys(errors).length > 0 || amounts === null) return { ok: false, errors };
  const installments = toInstallments(amounts, frequency, v.firstDate, false);
  return finish(
    {
      kind: "installments",
      frequency,
      installments,
      ...(discount > 0 ? { discountMinor: discount } : {}),
    },
    ctx,
  );
}

/** The core's own check, so terms it would refuse are caught while the form is still open. */
function finish(terms: PlanTerms, ctx: CounterTermsContext): CounterTermsResult {
  const problem = termsProblem(terms, ctx.amountDueMinor, ctx.today);
  if (problem === null) return { ok: true, terms };
  const field: CounterField = problem.code === "invalid_proposal" ? "firstDate" : "count";
  return { ok: false, errors: { [field]: { id: "core", message: problem.message } } };
}
