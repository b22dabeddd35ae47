import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { agreementsOf, press, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * A promise to pay on a controllable clock, end to end: reminded the day before, checked the day
 * after, and — not kept — the negotiation re-opens with fresh options and the owner is told.
 * Paris is UTC+1 in winter: "09:00" is 08:00Z.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-10T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

describe("a promise to pay on the clock", () => {
  it("is reminded the day before, checked the day after, and a broken one re-opens the negotiation", async () => {
    const business = await world.business();
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-05" });
    await press(world, invoice.chat, /cash flow/i);
    // The debtor proposes a date (what the counter-offer form sends), within the policy's 30 days.
    const proposed = await handleEvent(world.svc.runtime, {
      caseId: invoice.caseId,
      event: {
        type: "debtor_action",
        action: { type: "propose", proposal: { date: "2026-11-20" } },
      },
      source: { channel: "test", externalId: "propose-1" },
      actor: "debtor:telegram",
      replyTo: { channel: "telegram", address: String(invoice.chat) },
    });
    expect(proposed).toMatchObject({ outcome: "applied", status: "awaiting_confirmation" });
    await world.time.settle();
    await press(world, invoice.chat, /I confirm/i);
    expect(await agreementsOf(world, invoice.caseId)).toEqual([
      { kind: "promise", status: "active", installments: ["1 2026-11-20 90000 paid 0 pending"] },
    ]);
    expect(
      (await world.timersOf(invoice.caseId, "pending")).map((t) => `${t.key} ${t.due}`),
    ).toEqual([
      "promise_reminder 2026-11-19T08:00:00.000Z",
      "promise_check 2026-11-21T08:00:00.000Z",
    ]);

    // Nothing arrives: the day after the promised date, the case is back to negotiating.
    await world.time.advanceTo("2026-11-21T12:00:00Z");

    expect(await world.debtorMessages(invoice.caseId)).toEqual([
      { kind: "welcome", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "ask_reason", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "offers", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "confirm_terms", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "agreement_confirmed", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "promise_reminder", at: "2026-11-19T08:00:00.000Z", automated: true },
      { kind: "promise_missed", at: "2026-11-21T08:00:00.000Z", automated: true },
      { kind: "offers", at: "2026-11-21T08:00:00.000Z", automated: true },
    ]);
    expect((await world.ownerMessages(invoice.caseId)).map((m) => m.kind)).toEqual([
      "agreement_reached",
      "promise_broken",
    ]);
    expect(await world.caseStatus(invoice.caseId)).toBe("offering");
    expect(await agreementsOf(world, invoice.caseId)).toMatchObject([{ status: "broken" }]);
    // What is left: the fresh offers' expiry, 72 hours on.
    expect(
      (await world.timersOf(invoice.caseId, "pending")).map((t) => `${t.key} ${t.due}`),
    ).toEqual(["offer_expiry 2026-11-24T08:00:00.000Z"]);
    expect((await world.timersOf(invoice.caseId, "fired")).map((t) => `${t.key} ${t.due}`)).toEqual(
      [
        "ladder_2 2026-11-10T10:00:00.000Z",
        "promise_reminder 2026-11-19T08:00:00.000Z",
        "promise_check 2026-11-21T08:00:00.000Z",
      ],
    );
  });
});
