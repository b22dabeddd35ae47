import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { OWNER_ID, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * The reminder ladder end to end on a controllable clock: real service, Postgres, Redis and BullMQ
 * workers; the clock is moved from one due moment to the next and the reconciler promotes what
 * became due. Paris is UTC+1 in winter: a step "at 09:00" leaves at 08:00Z.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-10T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

describe("the reminder ladder", () => {
  it("walks an unpaid invoice from the heads-up to the formal notice, the formal steps only after the owner's word", async () => {
    const business = await world.business();
    // Due Friday 20 November 2026.
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-20" });
    expect(await world.timersOf(invoice.caseId, "pending")).toEqual([
      { key: "ladder_0", status: "pending", due: "2026-11-13T08:00:00.000Z" },
      { key: "ladder_1", status: "pending", due: "2026-11-20T08:00:00.000Z" },
      { key: "ladder_2", status: "pending", due: "2026-11-23T08:00:00.000Z" },
      { key: "ladder_3", status: "pending", due: "2026-11-30T08:00:00.000Z" },
      { key: "ladder_4", status: "pending", due: "2026-12-05T08:00:00.000Z" },
      { key: "ladder_5", status: "pending", due: "2026-12-20T08:00:00.000Z" },
      { key: "ladder_6", status: "pending", due: "2027-01-04T08:00:00.000Z" },
    ]);

    // J+30 falls on Sunday 20 December: everything before it has gone out by then.
    await world.time.advanceTo("2026-12-20T08:00:00Z");
    expect(await world.debtorMessages(invoice.caseId)).toEqual([
      { kind: "welcome", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "ladder:heads_up", at: "2026-11-13T08:00:00.000Z", automated: true },
      { kind: "ladder:due_today", at: "2026-11-20T08:00:00.000Z", automated: true },
      { kind: "ladder:ask_reason", at: "2026-11-23T08:00:00.000Z", automated: true },
      { kind: "ladder:options", at: "2026-11-30T08:00:00.000Z", automated: true },
    ]);
    // Personal contact at J+15 is the owner's; the formal reminder waits for the owner's approval.
    expect(await world.ownerMessages(invoice.caseId)).toEqual([
      { kind: "personal_contact", status: "sent", at: "2026-12-05T08:00:00.000Z", requestId: null },
      { kind: "approval_request", status: "sent", at: "2026-12-20T08:00:00.000Z", requestId: "r1" },
    ]);

    // The owner approves on Sunday morning: the formal reminder waits for Monday 08:00 in Paris.
    const approved = await handleEvent(world.svc.runtime, {
      caseId: invoice.caseId,
      event: { type: "owner_approved", requestId: "r1", by: OWNER_ID },
      source: { channel: "slack", externalId: "approve-r1" },
      actor: `owner:${OWNER_ID}`,
    });
    expect(approved).toMatchObject({ outcome: "applied", status: "escalated" });
    await world.time.settle();
    expect((await world.debtorMessages(invoice.caseId)).length).toBe(5);

    // J+45 (Monday 4 January): the formal notice is proposed; the owner never answers.
    await world.time.advanceTo("2027-01-10T12:00:00Z");
    expect((await world.debtorMessages(invoice.caseId)).slice(5)).toEqual([
      { kind: "ladder:formal_reminder", at: "2026-12-21T07:00:00.000Z", automated: true },
    ]);
    expect((await world.ownerMessages(invoice.caseId)).slice(2)).toEqual([
      { kind: "approval_request", status: "sent", at: "2027-01-04T08:00:00.000Z", requestId: "r2" },
      // Reminded once after the policy's 48 hours; after 48 more the fallback drops the step.
      {
        kind: "approval_expiring",
        status: "sent",
        at: "2027-01-06T08:00:00.000Z",
        requestId: null,
      },
    ]);
    expect(await world.timersOf(invoice.caseId, "pending")).toEqual([]);
    expect(
      (await world.timersOf(invoice.caseId)).map((t) => `${t.key} ${t.status} ${t.due}`),
    ).toEqual([
      "ladder_0 fired 2026-11-13T08:00:00.000Z",
      "ladder_1 fired 2026-11-20T08:00:00.000Z",
      "ladder_2 fired 2026-11-23T08:00:00.000Z",
      "ladder_3 fired 2026-11-30T08:00:00.000Z",
      "offer_expiry fired 2026-12-03T08:00:00.000Z",
      "ladder_4 fired 2026-12-05T08:00:00.000Z",
      "ladder_5 fired 2026-12-20T08:00:00.000Z",
      "approval_r1 fired 2026-12-22T08:00:00.000Z",
      "ladder_6 fired 2027-01-04T08:00:00.000Z",
      "approval_r2 fired 2027-01-06T08:00:00.000Z",
      "approval_r2 fired 2027-01-08T08:00:00.000Z",
    ]);
    expect(await world.caseStatus(invoice.caseId)).toBe("escalated");
  });
});
