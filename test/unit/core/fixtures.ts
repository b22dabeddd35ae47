import type { CaseFacts, CaseState } from "../../../src/core/case-state.ts";
import { type Decision, decide, initialCaseState } from "../../../src/core/decide.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent, DebtorAction } from "../../../src/core/events.ts";
import type { DebtorMessage } from "../../../src/core/messages.ts";
import {
  DEFAULT_POLICY,
  type Policy,
  type PolicyInput,
  policySchema,
} from "../../../src/core/policy.ts";
import type { Interpretation } from "../../../src/core/types.ts";

export const FACTS: CaseFacts = {
  invoice: {
    number: "F-2026-042",
    amountMinor: 120_000,
    currency: "EUR",
    dueDate: "2026-11-10",
    issuedAt: "2026-10-10",
  },
  debtor: { timezone: "Europe/Paris", locale: "fr" },
  business: { timezone: "Europe/Paris" },
};

/** 13 days after the due date, 10:00 in Paris. */
export const NOW = new Date("2026-11-23T09:00:00.000Z");

export function policy(input: PolicyInput = {}): Policy {
  return input && Object.keys(input).length === 0 ? DEFAULT_POLICY : policySchema.parse(input);
}

export function ctx(overrides: { policy?: Policy; facts?: CaseFacts; now?: Date } = {}) {
  return {
    policy: overrides.policy ?? DEFAULT_POLICY,
    facts: overrides.facts ?? FACTS,
    now: overrides.now ?? NOW,
  };
}

export function fresh(c = ctx()): CaseState {
  return initialCaseState(c.facts, c.policy, c.now).state;
}

export function act(action: DebtorAction): CaseEvent {
  return { type: "debtor_action", action };
}

export function text(t: string, interpretation: Partial<Interpretation>): CaseEvent {
  return {
    type: "debtor_text",
    text: t,
    interpretation: {
      intent: "unknown",
      amount: null,
      count: null,
      period: null,
      date: null,
      ...interpretation,
    },
  };
}

/** Applies events in order, failing loudly on a refusal; returns the last decision's state and all effects. */
export function run(
  state: CaseState,
  events: readonly CaseEvent[],
  c = ctx(),
): { state: CaseState; effects: Effect[]; last: Decision } {
  let current = state;
  const effects: Effect[] = [];
  let last: Decision = { ok: true, state, effects: [] };
  for (const event of events) {
    last = decide(current, event, c);
    if (!last.ok)
      throw new Error(`refused ${event.type}: ${last.refusal.code} ${last.refusal.message}`);
    current = last.state;
    effects.push(...last.effects);
  }
  return { state: current, effects, last };
}

export function debtorMessages(effects: readonly Effect[]): DebtorMessage[] {
  return effects.flatMap((e) => (e.type === "send_debtor" ? [e.message] : []));
}

export function ok(decision: Decision): Extract<Decision, { ok: true }> {
  if (!decision.ok)
    throw new Error(`refused: ${decision.refusal.code} ${decision.refusal.message}`);
  return decision;
}
