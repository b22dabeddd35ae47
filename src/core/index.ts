/** The pure negotiation core: what the runtime and the adapters import. */
export * from "./case-state.ts";
export * from "./counter-offer.ts";
export { currentActions } from "./current-actions.ts";
export * from "./dates.ts";
export { type DecideContext, type Decision, decide, initialCaseState } from "./decide.ts";
export type * from "./effects.ts";
export type * from "./events.ts";
export * from "./installment-plan.ts";
export * from "./ladder.ts";
export type * from "./messages.ts";
export * from "./money.ts";
export * from "./offers.ts";
export * from "./policy.ts";
export * from "./policy-fit.ts";
export * from "./quiet-hours.ts";
export * from "./refusal.ts";
export type * from "./types.ts";
