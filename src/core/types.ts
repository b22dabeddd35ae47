/**
 * The vocabulary shared by the core, the runtime and the adapters.
 *
 * Everything here is plain, JSON-serialisable data: a case's state is stored as JSON in Postgres,
 * effects become outbox rows, and events arrive from webhooks, timers and the API. Money is an
 * integer number of minor units (cents) — amounts are capped at 10^12, well inside
 * Number.MAX_SAFE_INTEGER, so `number` is exact and survives JSON (BigInt would not).
 * Instants are ISO-8601 UTC strings; calendar days are `YYYY-MM-DD` strings.
 */

/** ISO 4217 code, e.g. "EUR". */
export type CurrencyCode = string;
/** `YYYY-MM-DD`, a calendar day (no zone: interpreted in the debtor's IANA zone when shown). */
export type IsoDate = string;
/** ISO-8601 instant in UTC, e.g. `2026-11-23T10:00:00.000Z`. */
export type IsoInstant = string;
export type Locale = "fr" | "en";

export interface Money {
  /** Integer minor units (cents); never a float. */
  readonly minor: number;
  readonly currency: CurrencyCode;
}

/** Why the debtor says the payment is late (DOMAIN.md, "Reasons and what each leads to"). */
export type Reason = "forgot" | "cash_flow" | "dispute" | "not_received" | "already_paid" | "other";

export type Frequency = "weekly" | "biweekly" | "monthly";

/**
 * When the debtor is paid (their salary, pension or benefits): installments fall on or just after
 * it. `weekday` is ISO (1 = Monday … 7 = Sunday); a biweekly payday repeats every 14 days from
 * `anchor`, one of its dates.
 */
export type Payday =
  /** "le 5 du mois": clamped to the month's last day in shorter months (31 → 30 April). */
  | { readonly kind: "day_of_month"; readonly day: number }
  /** "fin du mois": the month's last day. */
  | { readonly kind: "month_end" }
  | { readonly kind: "weekly"; readonly weekday: number }
  | { readonly kind: "biweekly"; readonly weekday: number; readonly anchor: IsoDate };

/** One scheduled payment of a plan. */
export interface Installment {
  /** 1-based position in the plan; a down payment is installment 1 with `isDownPayment`. */
  readonly seq: number;
  readonly dueDate: IsoDate;
  readonly amountMinor: number;
  readonly isDownPayment?: boolean;
}

/** Concrete terms a debtor can be shown and asked to confirm. */
export type PlanTerms =
  | { readonly kind: "pay_now"; readonly amountMinor: number; readonly discountMinor?: number }
  | {
      readonly kind: "installments";
      readonly frequency: Frequency;
      readonly installments: readonly Installment[];
      /** Present when the owner granted a reduction (e.g. after a dispute). */
      readonly discountMinor?: number;
    }
  | { readonly kind: "promise"; readonly date: IsoDate; readonly amountMinor: number };

export interface Offer {
  /** Stable within a case: `o<offerSetVersion>_<n>`. */
  readonly id: string;
  readonly terms: PlanTerms;
  /** Whether the policy allows the bot to agree to it alone. */
  readonly withinPolicy: boolean;
}

/** A debtor's own proposal, from a button flow or from free text. */
export interface Proposal {
  readonly amountPerPeriodMinor?: number;
  readonly count?: number;
  readonly period?: "week" | "month";
  readonly date?: IsoDate;
  readonly downPaymentMinor?: number;
}

export type Intent =
  | "forgot"
  | "cash_flow"
  | "dispute"
  | "not_received"
  | "already_paid"
  | "pay_now"
  | "installments"
  | "promise"
  | "accept"
  | "decline"
  | "stop"
  | "human"
  | "unknown";

/** What `interpret(text, …)` understood of a free-text message. */
export interface Interpretation {
  readonly intent: Intent;
  readonly amount: number | null;
  readonly count: number | null;
  readonly period: "week" | "month" | null;
  readonly date: IsoDate | null;
  /**
   * A payday the message names. `stated` when it says it is one ("je suis payé le 5", "le 5 de
   * chaque mois", "every other Friday"); otherwise a bare day that is the payday only as the answer
   * to the bot's question ("le 5", "fin du mois", "vendredi"). Absent: none.
   */
  readonly payday?: { readonly rule: Payday; readonly stated: boolean } | null;
  /**
   * How sure the reading of the intent is, in [0, 1] (src/core/interpret/intent.ts,
   * `IntentReading`): 0.9 one intent's rules matched, 0.8 several matched and the priority chose,
   * ≤ 0.7 a statistical guess, 0.5 word cues only, 0 unknown. The core checks with the debtor below its own threshold (understanding.ts).
   */
  readonly confidence?: number;
}

export type Channel = "telegram" | "whatsapp" | "webchat";
export type OwnerChannel = "slack";

/** The kinds of step on the reminder ladder (DOMAIN.md, "The default reminder ladder"). */
export type LadderStepKind =
  | "heads_up"
  | "due_today"
  | "ask_reason"
  | "options"
  | "personal_contact"
  | "formal_reminder"
  | "formal_notice";

export type TimerKind =
  | "ladder_step"
  | "offer_expiry"
  | "approval_timeout"
  | "installment_reminder"
  | "installment_due"
  | "installment_check"
  | "promise_reminder"
  | "promise_check";
