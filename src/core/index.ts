/** The pure negotiation core: what the runtime and the adapters import. */

export * from "./allocate.ts";
export {
  CARD_BUTTON_LABEL_MAX,
  CARD_PRIMARY_BUTTONS_MAX,
  type Card,
  type CardButton,
  type CardListItem,
} from "./card.ts";
export * from "./case-state.ts";
export * from "./counter-offer.ts";
export { currentActions } from "./current-actions.ts";
export * from "./dates.ts";
export { type DecideContext, type Decision, decide, initialCaseState } from "./decide.ts";
export type * from "./effects.ts";
export type { Effect } from "./effects.ts";
export type * from "./events.ts";
export type { CaseEvent, DebtorAction } from "./events.ts";
export * from "./installment-plan.ts";
export { agreementStanding } from "./installment-progress.ts";
export { interpret } from "./interpret/index.ts";
export * from "./ladder.ts";
export type * from "./messages.ts";
export {
  asksForPayment,
  type DebtorMessage,
  type DebtorMessageKind,
  type OwnerMessage,
  type PolicyBreach,
} from "./messages.ts";
export * from "./money.ts";
export * from "./offers.ts";
export * from "./plan-change.ts";
export * from "./policy.ts";
export * from "./policy-fit.ts";
export * from "./quiet-hours.ts";
export * from "./refusal.ts";
export type * from "./types.ts";
export type {
  Channel,
  Frequency,
  Installment,
  Intent,
  Interpretation,
  IsoDate,
  IsoInstant,
  Locale,
  Offer,
  Payday,
  PlanTerms,
  Proposal,
  Reason,
  TimerKind,
} from "./types.ts";
