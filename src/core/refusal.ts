/**
 * Why `decide` refused an event. A refusal is data, never an exception: the runtime logs it with the
 * event (nothing is lost), leaves the case untouched and, for a debtor's button, answers "this option
 * is no longer available" with `currentActions(state)`.
 */
export type RefusalCode =
  /** The event makes no sense in the case's current status. */
  | "illegal_in_state"
  /** The offer id is not in the current offer set and never was. */
  | "unknown_offer"
  /** The offer belongs to an older offer set. */
  | "stale_offer"
  /** The offer set has passed its expiry instant. */
  | "offer_expired"
  /** Amounts do not add up to what is due (a proposal, an owner's counter-terms). */
  | "amount_mismatch"
  /** A zero or negative amount, or a negative count. */
  | "negative_amount"
  /** A confirmation arrived while no terms were awaiting confirmation. */
  | "not_awaiting_confirmation"
  /** An owner answer for a request that is not pending. */
  | "unknown_request"
  /** The debtor opted out already. */
  | "opted_out"
  /** A human took the case over; the bot does nothing until released. */
  | "human_in_charge"
  /** The case is paid or closed. */
  | "already_closed"
  /** A timer that no longer matches the case (cancelled path, wrong step, duplicate). */
  | "stale_timer"
  /** A button shown for an older version of the case (checked by the runtime, before `decide`). */
  | "stale_button"
  /** A proposal that cannot be turned into terms (date in the past, absurd length, no content). */
  | "invalid_proposal"
  /** An event whose fields are malformed (not an integer, unknown ladder step…). */
  | "invalid_event"
  /** A bug caught at the boundary: `decide` never throws. */
  | "internal_error";

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
}

export function refusal(code: RefusalCode, message: string): Refusal {
  return { code, message };
}
