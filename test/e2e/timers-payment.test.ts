import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobId } from "../../jobs/job-ids.ts";
import { startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * A payment through the API, end to end on a controllable clock: it cancels every pending
 * follow-up (rows and BullMQ jobs), the debtor gets a short thank-you, and nothing is sent again,
 * however far the clock runs. Paris is UTC+1 in winter: "09:00" is 08:00Z.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-10T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

describe("a payment on the clock", () => {
  it("paid in full mid-ladder, with offers open: every timer and job is cancelled and a thank-you goes out once", async () => {
    const business = await world.business();
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-20" });
    // Up to the J+10 options, Monday 30 November: offers are open, later steps are pending.
    await world.time.advanceTo("2026-11-30T13:00:00Z");
    const pending = await world.timersOf(invoice.caseId, "pending");
    expect(pending.map((t) => t.key)).toEqual(["offer_expiry", "ladder_4", "ladder_5", "ladder_6"]);
    const pendingIds = await world.db.query.timers.findMany({
      where: (t, { and, eq }) => and(eq(t.caseId, invoice.caseId), eq(t.status, "pending")),
    });
    // Redis holds only what is due within the loading window; a pass with a window of a year gives
    // every pending follow-up its job, so that dropping them all is seen.
    await world.time.loadTimers(365 * 86_400_000);
    for (const t of pendingIds) {
      expect(await world.svc.queues.timers.getJob(jobId("timer", t.id))).toBeDefined();
    }

    await world.pay(invoice.invoiceId, 90_000, "VIR-FULL");
    expect(await world.caseStatus(invoice.caseId)).toBe("paid");
    expect(await world.timersOf(invoice.caseId, "pending")).toEqual([]);
    // The delayed jobs are gone from Redis too.
    for (const t of pendingIds) {
      expect(await world.svc.queues.timers.getJob(jobId("timer", t.id))).toBeUndefined();
    }

    // The clock runs on for three months: nothing else is sent.
    await world.time.advanceTo("2027-03-01T12:00:00Z");
    expect(await world.debtorMessages(invoice.caseId)).toEqual([
      { kind: "welcome", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "ladder:heads_up", at: "2026-11-13T08:00:00.000Z", automated: true },
      { kind: "ladder:due_today", at: "2026-11-20T08:00:00.000Z", automated: true },
      { kind: "ladder:ask_reason", at: "2026-11-23T08:00:00.000Z", automated: true },
      { kind: "ladder:options", at: "2026-11-30T08:00:00.000Z", automated: true },
      { kind: "paid_in_full", at: "2026-11-30T13:00:00.000Z", automated: true },
    ]);
    expect((await world.ownerMessages(invoice.caseId)).map((m) => m.kind)).toEqual([
      "paid_in_full",
    ]);
    expect((await world.timersOf(invoice.caseId)).map((t) => `${t.key} ${t.status}`)).toEqual([
      "ladder_0 fired",
      "ladder_1 fired",
      "ladder_2 fired",
      "ladder_3 fired",
      "offer_expiry cancelled",
      "ladder_4 cancelled",
      "ladder_5 cancelled",
      "ladder_6 cancelled",
    ]);
  });

  it("a part payment stops the ladder and thanks the debtor with what is left; the rest closes the case", async () => {
    const business = await world.business();
    // Due Wednesday 10 March 2027; the clock is at Monday 1 March.
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2027-03-10" });
    await world.time.advanceTo("2027-03-10T12:00:00Z");
    await world.pay(invoice.invoiceId, 20_000, "VIR-PART");
    expect(await world.caseStatus(invoice.caseId)).toBe("reminded");
    expect(await world.timersOf(invoice.caseId, "pending")).toEqual([]);
    await world.time.advanceTo("2027-03-20T12:00:00Z");
    await world.pay(invoice.invoiceId, 70_000, "VIR-REST");
    expect(await world.caseStatus(invoice.caseId)).toBe("paid");
    expect(await world.debtorMessages(invoice.caseId)).toEqual([
      { kind: "welcome", at: "2027-03-01T12:00:00.000Z", automated: false },
      { kind: "ladder:heads_up", at: "2027-03-03T08:00:00.000Z", automated: true },
      { kind: "ladder:due_today", at: "2027-03-10T08:00:00.000Z", automated: true },
      { kind: "payment_thanks", at: "2027-03-10T12:00:00.000Z", automated: true },
      { kind: "paid_in_full", at: "2027-03-20T12:00:00.000Z", automated: true },
    ]);
  });
});
