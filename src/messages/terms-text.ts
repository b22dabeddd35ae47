import type {
  Frequency,
  Installment,
  IsoDate,
  Offer,
  PlanTerms,
  PolicyBreach,
  Proposal,
} from "../core/index.ts";
import { addDays, CARD_BUTTON_LABEL_MAX, scheduleDate } from "../core/index.ts";
import { t } from "./bundle.ts";
import {
  formatDate,
  formatDayMonth,
  formatDelay,
  formatMoney,
  formatShortDate,
  intlLocale,
} from "./format.ts";
import { DEFAULT_REPLY_HOURS, FORMAL_NOTICE_DAYS, type RenderContext } from "./render-context.ts";

/**
 * Words for plan terms, offers and proposals. The confirm_terms text is kept as evidence of what
 * the debtor agreed to, so terms are spelled out exactly: every installment with its date and
 * amount, the total, and any reduction — never "3 × about 400 €".
 */

/**
 * The variables every message may use. `signature` is who signs for the business (a named person
 * when the settings give one); `delay` is how soon we promise an answer.
 */
export function common(ctx: RenderContext): Record<string, string> {
  const business = ctx.businessName;
  return {
    business,
    debtor: ctx.debtorName,
    invoice: ctx.invoiceNumber,
    signature: t(ctx.locale, "signature", {
      business,
      hasSender: ctx.senderName === undefined ? "no" : "yes",
      sender: ctx.senderName ?? "",
      hasRole: ctx.senderRole === undefined ? "no" : "yes",
      role: ctx.senderRole ?? "",
    }),
    legalSignature: legalSignature(ctx),
    delay: formatDelay(ctx.replyWithinHours ?? DEFAULT_REPLY_HOURS, ctx.locale),
  };
}

/**
 * The formal steps' signature: the business in law, never a person (a formal notice binds the
 * business). Its registered name, then its registration, then its registered address, one line
 * each — whatever the settings give; the business's name alone otherwise.
 */
export function legalSignature(ctx: RenderContext): string {
  const legal = ctx.legalIdentity;
  return [legal?.name ?? ctx.businessName, legal?.registration, legal?.address]
    .filter((line): line is string => line !== undefined && line.trim() !== "")
    .join("\n");
}

/**
 * The last day to pay a formal step: FORMAL_NOTICE_DAYS after the day it is written (or, without
 * a known today, after the due date — never a date already past for the reader).
 */
export function formalDeadline(dueDate: string, ctx: RenderContext): string {
  const from = ctx.today !== undefined && ctx.today > dueDate ? ctx.today : dueDate;
  return day(addDays(from, FORMAL_NOTICE_DAYS), ctx);
}

export function money(minor: number, ctx: RenderContext): string {
  return formatMoney(minor, ctx.currency, ctx.locale);
}

export function day(date: string, ctx: RenderContext): string {
  return formatDate(date, ctx.locale);
}

export function termsLines(terms: PlanTerms, ctx: RenderContext): string[] {
  const { locale } = ctx;
  const lines: string[] = [];
  switch (terms.kind) {
    case "pay_now":
      lines.push(t(locale, "terms-pay-now", { amount: money(terms.amountMinor, ctx) }));
      break;
    case "installments": {
      const total = terms.installments.reduce((sum, i) => sum + i.amountMinor, 0);
      lines.push(
        t(locale, "terms-installments", {
          count: terms.installments.length,
          total: money(total, ctx),
        }),
      );
      lines.push(...scheduleLines(terms.installments, terms.frequency, ctx));
      break;
    }
    case "promise":
      lines.push(
        t(locale, "terms-promise", {
          amount: money(terms.amountMinor, ctx),
          date: day(terms.date, ctx),
        }),
      );
      break;
    default:
      return assertNever(terms);
  }
  if (terms.kind !== "promise" && terms.discountMinor !== undefined && terms.discountMinor > 0) {
    lines.push(
      t(locale, "terms-discount", { ...common(ctx), discount: money(terms.discountMinor, ctx) }),
    );
  }
  return lines;
}

/** A plan this short is listed one installment a line: it fits, and reads best so. */
const LISTED_MAX = 4;

/** Fewer equal installments in a row than this are listed one by one in a longer plan too. */
const RUN_MIN = 3;

/**
 * A schedule in as few lines as its exact terms allow. Up to LISTED_MAX installments, one a line.
 * Beyond, the down payment and any installment that differs (the last one's rounding cent) keep a
 * line of their own, and each run of equal installments on the plan's own rhythm takes one line —
 * « 58 × 144,00 €, le 5 de chaque mois, du 5 janvier 2027 au 5 octobre 2031 ». Count, amount,
 * rhythm, first and last date give every date and amount again, so a plan of any length (the
 * policy allows 60) fits a phone screen and stays the exact evidence of what was agreed. A run is
 * only written so when its dates are exactly the rhythm's (scheduleDate, as the core computes
 * them); anything else is listed.
 */
function scheduleLines(
  installments: readonly Installment[],
  frequency: Frequency,
  ctx: RenderContext,
): string[] {
  const first = installments[0]?.dueDate;
  const onRhythm = (i: number): boolean =>
    first !== undefined && installments[i]?.dueDate === scheduleDate(first, frequency, i);
  const lines: string[] = [];
  let i = 0;
  while (i < installments.length) {
    const start = installments[i] as Installment;
    let end = i;
    if (installments.length > LISTED_MAX && start.isDownPayment !== true && onRhythm(i)) {
      while (
        end + 1 < installments.length &&
        installments[end + 1]?.amountMinor === start.amountMinor &&
        installments[end + 1]?.isDownPayment !== true &&
        onRhythm(end + 1)
      ) {
        end += 1;
      }
    }
    if (end + 1 - i >= RUN_MIN) {
      lines.push(runLine(installments.slice(i, end + 1), frequency, first as IsoDate, ctx));
      i = end + 1;
    } else {
      lines.push(
        t(ctx.locale, "terms-installment-line", {
          date: day(start.dueDate, ctx),
          amount: money(start.amountMinor, ctx),
          isDownPayment: start.isDownPayment === true ? "yes" : "no",
        }),
      );
      i += 1;
    }
  }
  return lines;
}

function runLine(
  run: readonly Installment[],
  frequency: Frequency,
  planStart: IsoDate,
  ctx: RenderContext,
): string {
  const from = run[0] as Installment;
  const to = run[run.length - 1] as Installment;
  // Monthly dates keep the plan's first day of the month; months too short for it (a plan on the
  // 30th in February, on the 31st in April) take their last day (scheduleDate).
  const anchor = Number(planStart.slice(8, 10));
  const clamped = run.some((i) => Number(i.dueDate.slice(8, 10)) !== anchor);
  const monthEnd = anchor === 31 ? "last" : clamped ? "february" : "no";
  const sameYear = from.dueDate.slice(0, 4) === to.dueDate.slice(0, 4);
  return t(ctx.locale, "terms-installment-run", {
    count: run.length,
    amount: money(from.amountMinor, ctx),
    frequency,
    day: anchor,
    dayOrdinal: ordinalCategory(anchor, ctx.locale),
    monthEnd,
    from: sameYear ? formatDayMonth(from.dueDate, ctx.locale) : day(from.dueDate, ctx),
    to: day(to.dueDate, ctx),
  });
}

/** "one", "two", "few" or "other": 1st, 2nd, 3rd, 4th in English; 1er, 2 in French. */
function ordinalCategory(n: number, locale: RenderContext["locale"]): string {
  return new Intl.PluralRules(intlLocale(locale), { type: "ordinal" }).select(n);
}

/**
 * One line per offer ("• 4 mensualités : 246,91 € d'acompte puis 329,22 €/mois"): enough to
 * choose; the full schedule is shown on the card that asks for confirmation. The amount per period
 * is the regular installment's (the last one may differ by a cent of rounding, which the
 * confirmation card spells out).
 */
export function offerLine(offer: Offer, ctx: RenderContext): string {
  const { locale } = ctx;
  const terms = offer.terms;
  let line: string;
  switch (terms.kind) {
    case "pay_now":
      line = t(locale, "offer-line-pay-now", { amount: money(terms.amountMinor, ctx) });
      break;
    case "promise":
      line = t(locale, "offer-line-promise", {
        amount: money(terms.amountMinor, ctx),
        date: day(terms.date, ctx),
      });
      break;
    case "installments": {
      const down = terms.installments.find((i) => i.isDownPayment === true);
      const regular = terms.installments.find((i) => i.isDownPayment !== true) ?? down;
      line = t(locale, "offer-line-installments", {
        count: terms.installments.length,
        frequency: terms.frequency,
        hasDownPayment: down !== undefined && regular !== down ? "yes" : "no",
        downPayment: money(down?.amountMinor ?? 0, ctx),
        amount: money(regular?.amountMinor ?? 0, ctx),
      });
      break;
    }
    default:
      return assertNever(terms);
  }
  if (terms.kind !== "promise" && terms.discountMinor !== undefined && terms.discountMinor > 0) {
    line = t(locale, "offer-line-discount", { line, discount: money(terms.discountMinor, ctx) });
  }
  if (!offer.withinPolicy) line = t(locale, "offer-line-needs-approval", { line });
  return line;
}

export function offersText(offers: readonly Offer[], ctx: RenderContext): string {
  return offers.map((offer) => offerLine(offer, ctx)).join("\n");
}

export function offerLabel(terms: PlanTerms, ctx: RenderContext): string {
  switch (terms.kind) {
    case "pay_now":
      return fitLabel(
        t(ctx.locale, "offer-label-pay-now", { amount: money(terms.amountMinor, ctx) }),
        t(ctx.locale, "offer-label-pay-now-short"),
      );
    case "installments":
      return t(ctx.locale, "offer-label-installments", { count: terms.installments.length });
    case "promise":
      return t(ctx.locale, "offer-label-promise", {
        date: formatShortDate(terms.date, ctx.locale),
      });
    default:
      return assertNever(terms);
  }
}

/** "un acompte de 200 €, 100 € par mois, en 6 fois" — whatever parts the proposal has. */
export function proposalSummary(proposal: Proposal, ctx: RenderContext): string {
  const { locale } = ctx;
  const parts: string[] = [];
  if (proposal.downPaymentMinor !== undefined) {
    parts.push(
      t(locale, "proposal-down-payment", { amount: money(proposal.downPaymentMinor, ctx) }),
    );
  }
  if (proposal.amountPerPeriodMinor !== undefined) {
    parts.push(
      t(locale, "proposal-per-period", {
        amount: money(proposal.amountPerPeriodMinor, ctx),
        period: proposal.period ?? "month",
      }),
    );
  }
  if (proposal.count !== undefined)
    parts.push(t(locale, "proposal-count", { count: proposal.count }));
  if (proposal.date !== undefined)
    parts.push(t(locale, "proposal-date", { date: day(proposal.date, ctx) }));
  return parts.length > 0 ? parts.join(", ") : t(locale, "proposal-empty");
}

/**
 * Why the closest offer differs from the debtor's words, in one short sentence: the first limit
 * their terms break (in the core's order), so the card still fits a phone with four offers. The
 * closest offer keeps every limit, and the owner sees them all (render-owner.ts).
 */
export const LIMITS_SHOWN = 1;

export function limitLines(
  limits: readonly PolicyBreach[],
  ctx: RenderContext,
): string | undefined {
  const lines = limits.map((limit) =>
    t(ctx.locale, "limit-line", {
      limit: limit.limit,
      allowed: limit.allowed,
      amount: money(limit.allowed, ctx),
    }),
  );
  const shown = [...new Set(lines)].slice(0, LIMITS_SHOWN);
  return shown.length > 0 ? shown.join(" ") : undefined;
}

/** Button labels are capped at CARD_BUTTON_LABEL_MAX; a long one (a big amount) gets its fallback. */
export function fitLabel(label: string, fallback: string, max = CARD_BUTTON_LABEL_MAX): string {
  if ([...label].length <= max) return label;
  if ([...fallback].length <= max) return fallback;
  return `${[...fallback].slice(0, max - 1).join("")}…`;
}

export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}
