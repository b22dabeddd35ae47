import fc from "fast-check";
import { type CaseFacts, type CaseState, remainingMinor } from "../../../src/core/case-state.ts";
import { addDays, localDate } from "../../../src/core/dates.ts";
import { type Decision, decide, initialCaseState } from "../../../src/core/decide.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { splitEvenly } from "../../../src/core/money.ts";
import { type Policy, policySchema } from "../../../src/core/policy.ts";
import type { Intent, PlanTerms, Reason } from "../../../src/core/types.ts";

/**
 * Random scenarios for the property tests: a random policy, invoice and start time, and a list of
 * abstract commands turned into concrete events against whatever state they meet (so that offers
 * are chosen from the current set, confirmations name the pending offer, owners answer the pending
 * request — plus a share of junk: unknown ids, negative amounts, stale timers).
 */
const REASONS: Reason[] = [
  "forgot",
  "cash_flow",
  "dispute",
  "not_received",
  "already_paid",
  "other",
];
const INTENTS: Intent[] = [
  "forgot",
  "cash_flow",
  "dispute",
  "not_received",
  "already_paid",
  "pay_now",
  "installments",
  "promise",
  "accept",
  "decline",
  "stop",
  "human",
  "unknown",
];

export const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    maxCount: fc.integer({ min: 2, max: 12 }),
    minInstallmentMinor: fc.integer({ min: 1, max: 30_000 }),
    maxPlanDays: fc.integer({ min: 7, max: 400 }),
    minDownPaymentPercent: fc.integer({ min: 0, max: 60 }),
    downPaymentAboveCount: fc.integer({ min: 1, max: 12 }),
    frequencies: fc.subarray(["monthly", "biweekly", "weekly"] as const, { minLength: 1 }),
    maxDaysAhead: fc.integer({ min: 1, max: 60 }),
    maxReschedules: fc.integer({ min: 0, max: 3 }),
    autoAcceptWithinPolicy: fc.boolean(),
    approvalBandPercent: fc.integer({ min: 0, max: 200 }),
    maxBotRounds: fc.integer({ min: 0, max: 3 }),
    graceDays: fc.integer({ min: 0, max: 10 }),
    strikesToBreak: fc.integer({ min: 1, max: 3 }),
    expiresAfterHours: fc.integer({ min: 1, max: 200 }),
    timeoutHours: fc.integer({ min: 1, max: 100 }),
    fallback: fc.constantFrom("decline" as const, "hand_over" as const),
    discount: fc.option(
      fc.record({
        percent: fc.integer({ min: 0, max: 5 }),
        withinDays: fc.integer({ min: 1, max: 90 }),
      }),
    ),
    approveFormal: fc.boolean(),
  })
  .map((p) =>
    policySchema.parse({
      ladder: [
        { day: -7, kind: "heads_up" },
        { day: 0, kind: "due_today" },
        { day: 3, kind: "ask_reason" },
        { day: 10, kind: "options" },
        { day: 15, kind: "personal_contact" },
        { day: 30, kind: "formal_reminder", ownerApproval: p.approveFormal },
        { day: 45, kind: "formal_notice", ownerApproval: true },
      ],
      installments: {
        maxCount: p.maxCount,
        frequencies: p.frequencies,
        minInstallmentMinor: p.minInstallmentMinor,
        maxPlanDays: p.maxPlanDays,
        minDownPaymentPercent: p.minDownPaymentPercent,
        downPaymentAboveCount: p.downPaymentAboveCount,
      },
      promise: { maxDaysAhead: p.maxDaysAhead, maxReschedules: p.maxReschedules },
      counterOffer: {
        autoAcceptWithinPolicy: p.autoAcceptWithinPolicy,
        approvalBandPercent: p.approvalBandPercent,
        maxBotRounds: p.maxBotRounds,
      },
      earlyPaymentDiscount: p.discount,
      missedInstallment: { graceDays: p.graceDays, strikesToBreak: p.strikesToBreak },
      offers: { expiresAfterHours: p.expiresAfterHours },
      ownerApproval: { timeoutHours: p.timeoutHours, fallback: p.fallback },
    }),
  );

export const factsArb: fc.Arbitrary<CaseFacts> = fc
  .record({
    amountMinor: fc.oneof(
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000 }) },
      { weight: 4, arbitrary: fc.integer({ min: 2_000, max: 100_000_000 }) },
    ),
    dueOffset: fc.integer({ min: -60, max: 60 }),
    timezone: fc.constantFrom(
      "Europe/Paris",
      "America/New_York",
      "Pacific/Auckland",
      "UTC",
      "Not/AZone",
    ),
  })
  .map(({ amountMinor, dueOffset, timezone }) => ({
    invoice: {
      number: "F-1",
      amountMinor,
      currency: "EUR",
      dueDate: addDays("2026-11-15", dueOffset),
      issuedAt: addDays("2026-11-15", dueOffset - 30),
    },
    debtor: { timezone, locale: "fr" as const },
    business: { timezone: "Europe/Paris" },
  }));

/** An abstract command, turned into a concrete event against the state it meets. */
/** Command kinds with weights: the common negotiation moves often, the case-enders rarely. */
const KIND_WEIGHTS = {
  reason: 4,
  choose: 6,
  confirm: 6,
  confirm_other: 1,
  decline: 1,
  counter: 1,
  more: 2,
  pay_now: 1,
  human: 1,
  stop: 1,
  propose: 4,
  text: 3,
  owner_approve: 3,
  owner_decline: 1,
  owner_counter: 2,
  timeout: 1,
  payment_check: 1,
  payment: 2,
  pay_rest: 1,
  ladder: 2,
  installment: 4,
  promise: 3,
  offer_expired: 1,
  opt_out: 1,
  takeover: 1,
  release: 2,
  bound: 1,
  advance: 40,
} as const;

export const commandArb = fc.record({
  kind: fc.oneof(
    ...Object.entries(KIND_WEIGHTS).map(([kind, weight]) => ({
      weight,
      arbitrary: fc.constant(kind as keyof typeof KIND_WEIGHTS),
    })),
  ),
  pick: fc.nat({ max: 20 }),
  amount: fc.oneof(fc.integer({ min: -10_000, max: 200_000 }), fc.integer({ min: 1, max: 50_000 })),
  count: fc.option(fc.integer({ min: -2, max: 30 })),
  flag: fc.boolean(),
  days: fc.integer({ min: -5, max: 120 }),
  // Mostly minutes or hours apart, sometimes weeks (timers, expiries).
  advanceHours: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 24 * 40 }) },
  ),
});
export type Command = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;

function pendingRequestId(state: CaseState, pick: number): string {
  if (state.status === "awaiting_owner") return state.approval.requestId;
  if (state.status === "disputed") return state.requestId;
  if (state.ladderApproval !== null) return state.ladderApproval.requestId;
  return `r${pick}`;
}

function ownerTerms(state: CaseState, facts: CaseFacts, today: string, cmd: Command): PlanTerms {
  const left = remainingMinor(state, facts);
  const n = Math.max(2, Math.min(cmd.pick, 10));
  if (cmd.flag && left >= n) {
    return {
      kind: "installments",
      frequency: "monthly",
      installments: splitEvenly(left, n).map((amountMinor, i) => ({
        seq: i + 1,
        dueDate: addDays(today, 7 + 30 * i),
        amountMinor,
      })),
    };
  }
  const discount = cmd.pick % 3 === 0 ? Math.min(left - 1, Math.abs(cmd.amount) % 1000) : 0;
  return discount > 0
    ? { kind: "pay_now", amountMinor: left - discount, discountMinor: discount }
    : { kind: "pay_now", amountMinor: cmd.pick === 7 ? left + 1 : left };
}

/** The natural next move from a state, so that sequences reach agreements and follow-ups. */
function advance(state: CaseState, cmd: Command): Command["kind"] {
  switch (state.status) {
    case "awaiting_confirmation":
      return "confirm";
    case "awaiting_owner":
      return cmd.flag ? "owner_approve" : "owner_counter";
    case "disputed":
      return "owner_counter";
    case "agreed":
      if (cmd.pick % 4 === 0) return "payment";
      return state.agreement.terms.kind === "installments" ? "installment" : "promise";
    case "awaiting_payment_check":
      return "payment_check";
    default:
      if (state.humanInCharge) return "release";
      if ((state.offerSet?.offers.length ?? 0) > 0)
        return cmd.pick % 3 === 0 ? "propose" : "choose";
      return cmd.flag ? "reason" : "ladder";
  }
}

function toEvent(state: CaseState, command: Command, facts: CaseFacts, now: Date): CaseEvent {
  const cmd = command.kind === "advance" ? { ...command, kind: advance(state, command) } : command;
  const offers = state.offerSet?.offers ?? [];
  const today = localDate(now, facts.debtor.timezone);
  const debtor = (action: Extract<CaseEvent, { type: "debtor_action" }>["action"]): CaseEvent => ({
    type: "debtor_action",
    action,
  });
  switch (cmd.kind) {
    case "reason":
      return debtor({ type: "give_reason", reason: REASONS[cmd.pick % REASONS.length] ?? "other" });
    case "choose": {
      const offer = offers[cmd.pick % Math.max(1, offers.length)];
      return debtor({ type: "choose_offer", offerId: offer?.id ?? `o${cmd.pick}_1` });
    }
    case "confirm":
      return debtor({
        type: "confirm",
        offerId: state.status === "awaiting_confirmation" ? state.pendingOfferId : "o1_1",
      });
    case "confirm_other":
      return debtor({
        type: "confirm",
        offerId: offers[cmd.pick % Math.max(1, offers.length)]?.id ?? `o${cmd.pick}_2`,
      });
    case "decline":
      return debtor({ type: "decline" });
    case "counter":
      return debtor({ type: "counter_offer" });
    case "more":
      return debtor({ type: "more_options" });
    case "pay_now":
      return debtor({ type: "pay_now" });
    case "human":
      return debtor({ type: "ask_human" });
    case "stop":
      return debtor({ type: "stop" });
    case "propose":
      return debtor({
        type: "propose",
        proposal: {
          ...(cmd.flag ? { amountPerPeriodMinor: cmd.amount } : {}),
          ...(cmd.count !== null ? { count: cmd.count } : {}),
          ...(cmd.pick % 2 === 0 ? { period: cmd.pick % 4 === 0 ? "week" : "month" } : {}),
          ...(cmd.pick % 3 === 0 ? { date: addDays(today, cmd.days) } : {}),
          ...(cmd.pick % 5 === 0 ? { downPaymentMinor: Math.abs(cmd.amount) % 50_000 } : {}),
        },
      });
    case "text":
      return {
        type: "debtor_text",
        text: "…",
        interpretation: {
          intent: INTENTS[cmd.pick % INTENTS.length] ?? "unknown",
          amount: cmd.flag ? cmd.amount : null,
          count: cmd.count,
          period: cmd.pick % 2 === 0 ? "month" : null,
          date: cmd.pick % 3 === 0 ? addDays(today, cmd.days) : null,
        },
      };
    case "owner_approve":
      return {
        type: "owner_approved",
        requestId: pendingRequestId(state, cmd.pick),
        by: `U${cmd.pick}`,
      };
    case "owner_decline":
      return {
        type: "owner_declined",
        requestId: pendingRequestId(state, cmd.pick),
        by: `U${cmd.pick}`,
      };
    case "owner_counter":
      return {
        type: "owner_countered",
        requestId: pendingRequestId(state, cmd.pick),
        by: `U${cmd.pick}`,
        terms: ownerTerms(state, facts, today, cmd),
      };
    case "timeout":
      return { type: "owner_approval_timeout", requestId: pendingRequestId(state, cmd.pick) };
    case "payment_check":
      return { type: "owner_payment_check", received: cmd.flag, by: "U1" };
    case "payment":
      return {
        type: "payment_received",
        amountMinor: cmd.amount,
        reference: "ref",
        receivedAt: now.toISOString(),
      };
    case "pay_rest":
      return {
        type: "payment_received",
        amountMinor: remainingMinor(state, facts),
        reference: "ref",
        receivedAt: now.toISOString(),
      };
    case "ladder":
      return {
        type: "ladder_step_due",
        stepIndex: cmd.flag ? (state.ladder.lastStepIndex ?? -1) + 1 : cmd.pick - 2,
      };
    case "installment": {
      const type =
        (["installment_reminder", "installment_due", "installment_check"] as const)[cmd.pick % 3] ??
        "installment_check";
      const plan =
        state.status === "agreed" && state.agreement.terms.kind === "installments"
          ? state.agreement.terms.installments
          : [];
      const seq =
        plan.length > 0 && cmd.pick % 5 !== 0
          ? (plan[cmd.pick % plan.length]?.seq ?? 1)
          : 1 + (cmd.pick % 7);
      return { type, seq };
    }
    case "promise": {
      const date =
        state.status === "agreed" && state.agreement.checkDate !== null && cmd.pick % 5 !== 0
          ? state.agreement.checkDate
          : addDays(today, cmd.days);
      return { type: cmd.pick % 2 === 0 ? "promise_reminder" : "promise_check", date };
    }
    case "offer_expired":
      return {
        type: "offer_expired",
        offerSetVersion: cmd.flag ? (state.offerSet?.version ?? 0) : cmd.pick,
      };
    case "opt_out":
      return { type: "opt_out", channel: "api" };
    case "takeover":
      return { type: "human_takeover", by: "U1" };
    case "release":
      return { type: "human_release", by: "U1" };
    case "bound":
    case "advance":
      return { type: "channel_bound", channel: "telegram" };
  }
  return { type: "channel_bound", channel: "telegram" };
}

/**
 * Where a scenario's "advance" commands steer, in order: each goal is a terminal kind of
 * negotiation the properties must see often (decline.property checks the distribution). Junk
 * commands stay interleaved, so a goal may be missed; the next one is then pursued.
 */
export type Goal = "owner_declined" | "agreed_in_policy" | "agreed_by_owner" | "paid";

export const goalsArb: fc.Arbitrary<Goal[]> = fc
  .record({
    decline: fc.boolean(),
    agreement: fc.constantFrom("agreed_in_policy" as const, "agreed_by_owner" as const),
    paid: fc.boolean(),
    // One scenario in sixteen steers nowhere: the walk stays as random as it was.
    none: fc.integer({ min: 0, max: 15 }),
  })
  .map(({ decline, agreement, paid, none }): Goal[] =>
    none === 0
      ? []
      : [
          ...(decline ? (["owner_declined"] as const) : []),
          agreement,
          ...(paid ? (["paid"] as const) : []),
        ],
  );

/** The goals a step reached (what the distribution test counts). */
export function reachedGoals(step: Step): Goal[] {
  if (!step.decision.ok) return [];
  const reached: Goal[] = [];
  if (step.event.type === "owner_declined") reached.push("owner_declined");
  for (const effect of step.decision.effects) {
    if (effect.type === "record_agreement") {
      reached.push(effect.approvedBy === null ? "agreed_in_policy" : "agreed_by_owner");
    }
  }
  if (step.decision.state.status === "paid" && step.before.status !== "paid") reached.push("paid");
  return reached;
}

/** A proposal outside any policy drawn here (more installments than allowed): the bot counters
 *  it at most `maxBotRounds` times, then asks the owner. */
function outOfPolicyProposal(policy: Policy, facts: CaseFacts, state: CaseState): CaseEvent {
  const left = remainingMinor(state, facts);
  const count = Math.max(2, Math.min(policy.installments.maxCount + 2, left, 24));
  return {
    type: "debtor_action",
    action: { type: "propose", proposal: { count, period: "month" } },
  };
}

/** The move toward `goal` from `state`, or null where the ordinary next move will do. */
function steer(
  goal: Goal,
  state: CaseState,
  policy: Policy,
  facts: CaseFacts,
  now: Date,
): CaseEvent | null {
  const debtor = (action: Extract<CaseEvent, { type: "debtor_action" }>["action"]): CaseEvent => ({
    type: "debtor_action",
    action,
  });
  if (state.humanInCharge) return { type: "human_release", by: "U1" };
  if (goal === "paid") {
    if (state.status === "awaiting_payment_check") {
      return { type: "owner_payment_check", received: true, by: "U1" };
    }
    return {
      type: "payment_received",
      amountMinor: remainingMinor(state, facts),
      reference: "ref",
      receivedAt: now.toISOString(),
    };
  }
  switch (state.status) {
    case "awaiting_owner":
      return goal === "owner_declined"
        ? { type: "owner_declined", requestId: state.approval.requestId, by: "U9" }
        : { type: "owner_approved", requestId: state.approval.requestId, by: "U9" };
    case "awaiting_confirmation":
      if (goal === "owner_declined") return debtor({ type: "decline" });
      return debtor({ type: "confirm", offerId: state.pendingOfferId });
    case "scheduled":
    case "offering":
    case "awaiting_reason":
    case "reminded": {
      const offers = state.offerSet?.offers ?? [];
      if (goal === "agreed_in_policy") {
        const offer = offers.find((o) => o.withinPolicy);
        if (offer) return debtor({ type: "choose_offer", offerId: offer.id });
        return state.status === "offering"
          ? debtor({ type: "more_options" })
          : debtor({ type: "give_reason", reason: "cash_flow" });
      }
      return outOfPolicyProposal(policy, facts, state);
    }
    default:
      return null;
  }
}

export interface Step {
  readonly event: CaseEvent;
  readonly before: CaseState;
  readonly decision: Decision;
  readonly now: Date;
  /** Whether `decide` changed the state it was given (it must not). */
  readonly mutated: boolean;
}

export function simulate(
  policy: Policy,
  facts: CaseFacts,
  startOffsetHours: number,
  commands: readonly Command[],
  goals: readonly Goal[] = [],
  tail: readonly Command[] = [],
): Step[] {
  let goal = 0;
  let now = new Date(
    new Date(`${facts.invoice.dueDate}T12:00:00Z`).getTime() + startOffsetHours * 3_600_000,
  );
  let state = initialCaseState(facts, policy, now).state;
  const steps: Step[] = [];
  // The tail (all "advance") runs only while a goal is still to reach.
  for (const [i, cmd] of [...commands, ...tail].entries()) {
    if (i >= commands.length && goal >= goals.length) break;
    now = new Date(now.getTime() + cmd.advanceHours * 3_600_000);
    const steered =
      cmd.kind === "advance" && goal < goals.length
        ? steer(goals[goal] as Goal, state, policy, facts, now)
        : null;
    const event = steered ?? toEvent(state, cmd, facts, now);
    const snapshot = JSON.stringify(state);
    const decision = decide(state, event, { policy, facts, now });
    steps.push({
      event,
      before: state,
      decision,
      now,
      mutated: JSON.stringify(state) !== snapshot,
    });
    if (decision.ok) state = decision.state;
    const step = steps.at(-1);
    if (step && goal < goals.length && reachedGoals(step).includes(goals[goal] as Goal)) goal += 1;
  }
  return steps;
}

export const scenario = fc.tuple(
  policyArb,
  factsArb,
  fc.integer({ min: -24 * 20, max: 24 * 60 }),
  fc.array(commandArb, { minLength: 1, maxLength: 60 }),
  goalsArb,
  // Steering moves after the random ones, in quick succession (within the offers' expiry,
  // which may be an hour): room to reach every goal.
  fc.array(
    commandArb.map((c) => ({ ...c, kind: "advance" as const, advanceHours: 0 })),
    { minLength: 24, maxLength: 24 },
  ),
);
