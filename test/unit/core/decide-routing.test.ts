import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import { decide, initialCaseState } from "../../../src/core/decide.ts";
import type { Effect } from "../../../src/core/effects.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { act, ctx, debtorMessages, FACTS, fresh, NOW, ok, policy, run, text } from "./fixtures.ts";

/**
 * What `decide` itself does around the handlers: a new case, the debtor arriving in a chat, a
 * person taking the case over, the payday question left open or closed, finished cases, and a
 * broken stored state turned into a refusal instead of an exception.
 */

const c = ctx();

function auditOf(effects: readonly Effect[]) {
  const entries = effects.flatMap((e) => (e.type === "audit" ? [e] : []));
  expect(entries).toHaveLength(1);
  return entries[0];
}

function refusalOf(state: CaseState, event: CaseEvent, context = c) {
  const decision = decide(state, event, context);
  if (decision.ok) throw new Error(`accepted ${event.type}, expected a refusal`);
  return decision.refusal;
}

const bound: CaseEvent = { type: "channel_bound", channel: "telegram" };
const unreachable = ctx({ facts: { ...FACTS, debtor: { ...FACTS.debtor, reachable: false } } });
const early = new Date("2026-10-01T10:00:00Z");

describe("a new case", () => {
  it("starts with no chat bound, and its creation is on record", () => {
    const { state, effects } = initialCaseState(FACTS, policy(), early);
    expect(state).toMatchObject({ status: "scheduled", channelBound: false, humanInCharge: false });
    expect(auditOf(effects)).toEqual({
      type: "audit",
      action: "case_created",
      detail: { status: "scheduled", invoice: "F-2026-042", ladderTimers: 7 },
    });
  });
});

describe("the debtor arrives in a chat", () => {
  it("is welcomed with the amount due and the due date; the case now has a chat, on record", () => {
    const d = ok(decide(fresh(), bound, c));
    expect(d.state).toMatchObject({ channelBound: true, unheardQuestion: false });
    expect(debtorMessages(d.effects)).toEqual([
      { kind: "welcome", amountDueMinor: 120_000, dueDate: "2026-11-10" },
    ]);
    expect(auditOf(d.effects)).toMatchObject({
      action: "channel_bound",
      detail: { channel: "telegram" },
    });
  });

  it("offers shown while no chat could carry them are shown after the welcome", () => {
    const shown = run(fresh(unreachable), [{ type: "ladder_step_due", stepIndex: 3 }], unreachable);
    expect(shown.state).toMatchObject({ status: "offering", unheardQuestion: true });
    const d = ok(decide(shown.state, bound, c));
    expect(debtorMessages(d.effects)).toEqual([
      { kind: "welcome", amountDueMinor: 120_000, dueDate: "2026-11-10" },
      { kind: "offers", offers: shown.state.offerSet?.offers, reason: null },
    ]);
    expect(d.state.unheardQuestion).toBe(false);
  });

  it("offers that expired before the debtor came are not shown", () => {
    const shown = run(fresh(unreachable), [{ type: "ladder_step_due", stepIndex: 3 }], unreachable);
    const version = shown.state.offerSet?.version ?? 0;
    const expired = run(shown.state, [{ type: "offer_expired", offerSetVersion: version }]).state;
    expect(ok(decide(expired, bound, c)).effects.map((e) => e.type)).toEqual([
      "send_debtor",
      "audit",
    ]);
    // Coming back after the offers' expiry, the debtor sees none either.
    const seen = run(fresh(), [act({ type: "give_reason", reason: "cash_flow" })]).state;
    const later = ctx({ now: new Date(seen.offerSet?.expiresAt ?? "") });
    expect(ok(decide(seen, bound, later)).effects.map((e) => e.type)).toEqual([
      "send_debtor",
      "audit",
    ]);
  });

  it("an escalated case with live offers shows them again; terms awaiting confirmation do not", () => {
    const c2 = ctx({
      policy: policy({
        ladder: [
          { day: 1, kind: "formal_reminder" },
          { day: 10, kind: "options" },
        ],
      }),
      now: early,
    });
    const escalated = run(
      fresh(c2),
      [
        { type: "ladder_step_due", stepIndex: 0 },
        { type: "ladder_step_due", stepIndex: 1 },
      ],
      c2,
    ).state;
    expect(escalated.status).toBe("escalated");
    expect(debtorMessages(ok(decide(escalated, bound, c2)).effects).map((m) => m.kind)).toEqual([
      "welcome",
      "offers",
    ]);
    const confirming = run(fresh(), [
      act({ type: "propose", proposal: { amountPerPeriodMinor: 40_000, period: "month" } }),
    ]).state;
    expect(confirming.status).toBe("awaiting_confirmation");
    expect(ok(decide(confirming, bound, c)).effects.map((e) => e.type)).toEqual([
      "send_debtor",
      "audit",
    ]);
  });
});

describe("a person takes the case over", () => {
  it("the bot then refuses to act, but counts payments; releasing it is on record", () => {
    const taken = ok(decide(fresh(), { type: "human_takeover", by: "U_OWNER" }, c));
    expect(taken.state.humanInCharge).toBe(true);
    expect(taken.effects).toEqual([
      {
        type: "audit",
        action: "human_takeover",
        detail: { status: "scheduled", by: "U_OWNER" },
      },
    ]);
    expect(refusalOf(taken.state, act({ type: "more_options" }))).toEqual(
      expect.objectContaining({
        code: "human_in_charge",
        message: "a human is handling this case",
      }),
    );
    const released = ok(decide(taken.state, { type: "human_release", by: "U_OWNER" }, c));
    expect(released.state).toEqual(fresh());
    expect(released.effects).toEqual([
      {
        type: "audit",
        action: "human_released",
        detail: { status: "scheduled", by: "U_OWNER" },
      },
    ]);
  });

  it("releasing a case nobody took over is refused", () => {
    expect(refusalOf(fresh(), { type: "human_release", by: "U" })).toEqual(
      expect.objectContaining({
        code: "illegal_in_state",
        message: "no human has taken this case over",
      }),
    );
  });
});

describe("the payday question", () => {
  const asked = () => {
    const s = run(fresh(), [
      act({ type: "give_reason", reason: "cash_flow" }),
      act({ type: "align_payday" }),
    ]).state;
    expect(s.askedPayday).toBe(true);
    return s;
  };

  it("stays open while the bot could not read the answer, or checks what it read", () => {
    const unread = run(asked(), [text("euh", { intent: "unknown" })]).state;
    expect(unread.askedPayday).toBe(true);
    const checked = run(asked(), [text("200", { intent: "installments", amount: 20_000 })]);
    expect(debtorMessages(checked.effects).map((m) => m.kind)).toEqual(["check_understanding"]);
    expect(checked.state.askedPayday).toBe(true);
  });

  it("closes once the debtor does something else, by button or in words", () => {
    expect(run(asked(), [act({ type: "more_options" })]).state.askedPayday).toBe(false);
    expect(run(asked(), [text("j'avais oublié", { intent: "forgot" })]).state.askedPayday).toBe(
      false,
    );
  });

  it("asking again keeps it open", () => {
    expect(run(asked(), [act({ type: "align_payday" })]).state.askedPayday).toBe(true);
  });
});

describe("a button resets the count of unread messages", () => {
  it("two unread messages, a button, then one more unread: no hand-over", () => {
    const junk = text("???", { intent: "unknown" });
    const twice = run(fresh(), [junk, junk]).state;
    expect(twice.misreads).toBe(2);
    const pressed = run(twice, [act({ type: "give_reason", reason: "cash_flow" })]).state;
    expect(pressed.misreads).toBe(0);
    expect(debtorMessages(run(pressed, [junk]).effects).map((m) => m.kind)).toEqual([
      "not_understood",
    ]);
  });
});

describe("refusals", () => {
  it("a finished case says how it finished", () => {
    const paid = run(fresh(), [
      {
        type: "payment_received",
        amountMinor: 120_000,
        reference: "x",
        receivedAt: NOW.toISOString(),
      },
    ]).state;
    expect(refusalOf(paid, act({ type: "pay_now" }))).toEqual(
      expect.objectContaining({ code: "already_closed", message: "the case is paid" }),
    );
  });

  it("a broken stored state is refused as an internal error, never thrown", () => {
    const broken = {
      ...fresh(),
      status: "agreed",
      agreement: { terms: { kind: "installments" } },
    } as unknown as CaseState;
    const refusal = refusalOf(broken, { type: "installment_due", seq: 1 });
    expect(refusal.code).toBe("internal_error");
    expect(refusal.message.length).toBeGreaterThan(0);
  });
});
