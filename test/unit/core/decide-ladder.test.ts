import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { decide } from "../../../src/core/decide.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { DEFAULT_LADDER, type PolicyInput } from "../../../src/core/policy.ts";
import { act, ctx, debtorMessages, FACTS, fresh, ok, policy, run } from "./fixtures.ts";

/**
 * The reminder ladder's steps as they fire: who is told what, which status follows, when a step
 * is skipped or stale, and when the offers a step showed expire.
 */

/** Well before the heads-up (3 November): every step is still ahead. */
const early = ctx({ now: new Date("2026-10-01T10:00:00Z") });

function ownerMessages(effects: readonly Effect[]) {
  return effects.flatMap((e) => (e.type === "notify_owner" ? [e.message] : []));
}

function auditOf(effects: readonly Effect[]) {
  const entries = effects.flatMap((e) => (e.type === "audit" ? [e] : []));
  expect(entries).toHaveLength(1);
  return entries[0];
}

function step(stepIndex: number): CaseEvent {
  return { type: "ladder_step_due", stepIndex };
}

function refusalOf(state: CaseState, event: CaseEvent, c = early) {
  const before = structuredClone(state);
  const decision = decide(state, event, c);
  expect(state).toEqual(before);
  if (decision.ok) throw new Error(`accepted ${event.type}, expected a refusal`);
  return decision.refusal;
}

function withLadder(ladder: PolicyInput["ladder"], now = early.now) {
  return ctx({ policy: policy({ ladder }), now });
}

const proposeInPolicy = act({
  type: "propose",
  proposal: { amountPerPeriodMinor: 40_000, period: "month" },
});

describe("a ladder step fires", () => {
  it("the heads-up reminds the debtor of the amount and the due date; the case is now reminded", () => {
    const d = ok(decide(fresh(early), step(0), early));
    expect(d.state).toMatchObject({ status: "reminded", ladder: { lastStepIndex: 0 } });
    expect(d.effects).toEqual([
      {
        type: "send_debtor",
        message: {
          kind: "ladder_reminder",
          step: "heads_up",
          amountDueMinor: 120_000,
          dueDate: "2026-11-10",
        },
        automated: true,
      },
      {
        type: "audit",
        action: "ladder_step_sent",
        detail: { status: "reminded", stepIndex: 0, step: "heads_up" },
      },
    ]);
  });

  it("a reminder reaching a debtor already negotiating leaves the negotiation as it is", () => {
    const offering = run(fresh(early), [act({ type: "give_reason", reason: "cash_flow" })], early);
    const d = ok(decide(offering.state, step(1), early));
    expect(d.state.status).toBe("offering");
    expect(d.state.offerSet).toEqual(offering.state.offerSet);
  });

  it("a step already handled, or an earlier one, is stale; a step the policy does not have is invalid", () => {
    const s = run(fresh(early), [step(3)], early).state;
    expect(s.ladder.lastStepIndex).toBe(3);
    for (const index of [3, 2]) {
      const refusal = refusalOf(s, step(index));
      expect(refusal.code).toBe("stale_timer");
      expect(refusal.message).toContain(String(index));
    }
    for (const index of [7, -1, 1.5]) {
      const refusal = refusalOf(s, step(index));
      expect(refusal.code).toBe("invalid_event");
      expect(refusal.message).toContain(String(index));
    }
  });

  it("no step fires once the debtor opted out or the case left the ladder", () => {
    const optedOut = run(fresh(early), [{ type: "opt_out", channel: "telegram" }], early).state;
    expect(refusalOf(optedOut, step(0))).toMatchObject({
      code: "opted_out",
      message: "no reminders after an opt-out",
    });
    const paidPart = run(
      fresh(early),
      [
        {
          type: "payment_received",
          amountMinor: 1_000,
          reference: "x",
          receivedAt: early.now.toISOString(),
        },
      ],
      early,
    ).state;
    expect(refusalOf(paidPart, step(0))).toMatchObject({
      code: "stale_timer",
      message: "the case left the reminder ladder",
    });
  });
});

describe("asking why", () => {
  it("is skipped once the debtor said why, and while they confirm terms", () => {
    const offering = run(fresh(early), [act({ type: "give_reason", reason: "cash_flow" })], early);
    const skipped = ok(decide(offering.state, step(2), early));
    expect(skipped.state).toEqual({
      ...offering.state,
      ladder: { ...offering.state.ladder, lastStepIndex: 2 },
    });
    expect(skipped.effects).toEqual([
      {
        type: "audit",
        action: "ladder_step_skipped",
        detail: { status: "offering", stepIndex: 2, step: "ask_reason" },
      },
    ]);
    // No reason given, but terms await the debtor's confirmation: not the moment to ask.
    const confirming = run(fresh(early), [proposeInPolicy], early).state;
    expect(confirming).toMatchObject({ status: "awaiting_confirmation", reason: null });
    const d = ok(decide(confirming, step(2), early));
    expect(d.state.status).toBe("awaiting_confirmation");
    expect(debtorMessages(d.effects)).toEqual([]);
  });

  it("a debtor no chat reaches yet gets the question when they arrive", () => {
    const unreachable = ctx({
      now: early.now,
      facts: { ...FACTS, debtor: { ...FACTS.debtor, reachable: false } },
    });
    const asked = ok(decide(fresh(unreachable), step(2), unreachable));
    expect(asked.state).toMatchObject({ status: "awaiting_reason", unheardQuestion: true });
    expect(auditOf(asked.effects)).toMatchObject({
      action: "ladder_step_sent",
      detail: { stepIndex: 2, step: "ask_reason" },
    });
    const reachable = ok(decide(fresh(early), step(2), early));
    expect(reachable.state).toMatchObject({ status: "awaiting_reason", unheardQuestion: false });
    const options = ok(decide(asked.state, step(3), unreachable));
    expect(options.state).toMatchObject({ status: "offering", unheardQuestion: true });
    expect(ok(decide(reachable.state, step(3), early)).state.unheardQuestion).toBe(false);
  });

  it("under a policy whose formal reminder comes first, later steps keep the case escalated", () => {
    const c = withLadder([
      { day: 1, kind: "formal_reminder" },
      { day: 3, kind: "ask_reason" },
      { day: 10, kind: "options" },
    ]);
    const escalated = run(fresh(c), [step(0)], c).state;
    expect(escalated).toMatchObject({ status: "escalated", step: "formal_reminder" });
    const asked = ok(decide(escalated, step(1), c));
    expect(asked.state).toMatchObject({ status: "escalated", step: "formal_reminder" });
    expect(debtorMessages(asked.effects)).toMatchObject([{ step: "ask_reason" }]);
    const options = ok(decide(asked.state, step(2), c));
    expect(options.state).toMatchObject({ status: "escalated", step: "formal_reminder" });
    expect(options.state.offerSet?.offers.length).toBeGreaterThan(0);
  });
});

describe("the options step", () => {
  it("shows in-policy offers with the reminder, on record with their set", () => {
    const d = ok(decide(fresh(early), step(3), early));
    const offers = d.state.offerSet?.offers ?? [];
    expect(offers.length).toBeGreaterThan(0);
    expect(debtorMessages(d.effects)).toEqual([
      {
        kind: "ladder_reminder",
        step: "options",
        amountDueMinor: 120_000,
        dueDate: "2026-11-10",
        offers,
      },
    ]);
    expect(auditOf(d.effects)).toEqual({
      type: "audit",
      action: "ladder_step_sent",
      detail: { status: "offering", stepIndex: 3, step: "options", offerSetVersion: 1 },
    });
  });

  it("is skipped while the debtor confirms terms: their card stays the one to answer", () => {
    const confirming = run(fresh(early), [proposeInPolicy], early).state;
    const d = ok(decide(confirming, step(3), early));
    expect(d.state).toEqual({ ...confirming, ladder: { ...confirming.ladder, lastStepIndex: 3 } });
    expect(d.effects).toEqual([
      {
        type: "audit",
        action: "ladder_step_skipped",
        detail: { status: "awaiting_confirmation", stepIndex: 3, step: "options" },
      },
    ]);
  });
});

describe("steps for the owner", () => {
  it("personal contact goes to the owner only, on record", () => {
    const d = ok(decide(fresh(early), step(4), early));
    expect(debtorMessages(d.effects)).toEqual([]);
    expect(ownerMessages(d.effects)).toMatchObject([{ kind: "personal_contact" }]);
    expect(auditOf(d.effects)).toMatchObject({
      action: "ladder_step_owner_told",
      detail: { stepIndex: 4, step: "personal_contact" },
    });
  });

  it("a step under approval asks the owner, naming what it is, and waits", () => {
    const c = withLadder(
      DEFAULT_LADDER.map((s) =>
        s.kind === "personal_contact" ? { ...s, ownerApproval: true } : s,
      ),
    );
    for (const [index, subject] of [
      [4, "escalation"],
      [5, "formal_reminder"],
      [6, "formal_notice"],
    ] as const) {
      const d = ok(decide(fresh(c), step(index), c));
      expect(d.state.ladderApproval).toEqual({
        requestId: "r1",
        subject,
        terms: null,
        proposal: null,
        breaches: [],
        stepIndex: index,
        timeouts: 0,
      });
      expect(debtorMessages(d.effects)).toEqual([]);
      expect(ownerMessages(d.effects)).toEqual([
        {
          kind: "approval_request",
          requestId: "r1",
          subject,
          reason: null,
          amountDueMinor: 120_000,
          breaches: [],
        },
      ]);
      expect(auditOf(d.effects)).toMatchObject({
        action: "ladder_step_needs_approval",
        detail: { stepIndex: index, step: DEFAULT_LADDER[index]?.kind, requestId: "r1" },
      });
    }
  });

  it("formal steps the policy lets go without approval are sent and escalate the case", () => {
    const c = withLadder(DEFAULT_LADDER.map((s) => ({ ...s, ownerApproval: false })));
    for (const [index, kind] of [
      [5, "formal_reminder"],
      [6, "formal_notice"],
    ] as const) {
      const d = ok(decide(fresh(c), step(index), c));
      expect(d.state).toMatchObject({ status: "escalated", step: kind });
      expect(debtorMessages(d.effects)).toEqual([
        { kind: "ladder_reminder", step: kind, amountDueMinor: 120_000, dueDate: "2026-11-10" },
      ]);
      expect(auditOf(d.effects)).toMatchObject({ action: "ladder_step_sent" });
    }
    // A debtor confirming terms keeps their status; the formal reminder still goes out.
    const confirming = run(fresh(c), [proposeInPolicy], c).state;
    const d = ok(decide(confirming, step(5), c));
    expect(d.state.status).toBe("awaiting_confirmation");
    expect(debtorMessages(d.effects)).toHaveLength(1);
  });
});

describe("offers expiring", () => {
  it("terms awaiting confirmation expire back to negotiation; nothing is sent", () => {
    const confirming = run(fresh(early), [proposeInPolicy], early).state;
    const version = confirming.offerSet?.version ?? 0;
    const d = ok(decide(confirming, { type: "offer_expired", offerSetVersion: version }, early));
    expect(d.state).toMatchObject({ status: "offering", offerSet: null });
    expect(d.effects).toEqual([
      {
        type: "audit",
        action: "offers_expired",
        detail: { status: "offering", offerSetVersion: version },
      },
    ]);
  });

  it("an escalated case stays escalated when its offers expire", () => {
    const c = withLadder([
      { day: 1, kind: "formal_reminder" },
      { day: 10, kind: "options" },
    ]);
    const s = run(fresh(c), [step(0), step(1)], c).state;
    const d = ok(
      decide(s, { type: "offer_expired", offerSetVersion: s.offerSet?.version ?? 0 }, c),
    );
    expect(d.state).toMatchObject({ status: "escalated", offerSet: null });
  });

  it("an older set's expiry is stale and changes nothing", () => {
    const s = run(fresh(early), [step(3), act({ type: "more_options" })], early).state;
    const current = s.offerSet?.version ?? 0;
    expect(current).toBeGreaterThan(1);
    const refusal = refusalOf(s, { type: "offer_expired", offerSetVersion: current - 1 });
    expect(refusal.code).toBe("stale_offer");
    expect(refusal.message).toContain(String(current - 1));
  });
});
