import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema.ts";
import { botMessages, press, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * Send-time guards end to end: checked when a message would leave, not when it was decided. A
 * blocked automated message is postponed (the outbox row keeps it, BullMQ holds its job) and goes
 * once at the next allowed moment, however often the reconciler runs meanwhile; a reply to what
 * the debtor just did is not held. Paris is UTC+1 in winter; the window is 08:00–20:00.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-10T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

async function pendingOutbox(caseId: string) {
  const rows = await world.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.status, "pending")));
  return rows.map((r) => ({
    kind: (r.payload as { messageKind?: string }).messageKind,
    notBefore: r.notBefore.toISOString(),
    lastError: r.lastError,
  }));
}

describe("quiet hours and the frequency cap at send time", () => {
  it("holds an automated thank-you at 23:30 until 08:00, sends it once, and answers a button pressed at 23:30 at once", async () => {
    const business = await world.business();
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-05" });
    await world.time.advanceTo("2026-11-10T22:30:00Z");

    // The debtor is up late: the answer to their button goes now.
    await press(world, invoice.chat, /cash flow/i);
    // A part payment lands at the same hour: its thank-you is automated, so it waits.
    await world.pay(invoice.invoiceId, 10_000, "VIR-NIGHT");
    expect(await pendingOutbox(invoice.caseId)).toEqual([
      {
        kind: "payment_thanks",
        notBefore: "2026-11-11T07:00:00.000Z",
        lastError: "postponed: quiet_hours",
      },
    ]);
    // The reconciler runs many times during the night: nothing leaves early, nothing twice.
    for (let i = 0; i < 5; i++) {
      await world.time.reconcile();
      await world.time.settle();
    }
    await world.time.advanceTo("2026-11-11T06:59:00Z");
    expect((await world.debtorMessages(invoice.caseId)).map((m) => m.kind)).toEqual([
      "welcome",
      "ask_reason",
      "offers",
    ]);

    await world.time.advanceTo("2026-11-11T12:00:00Z");
    for (let i = 0; i < 3; i++) await world.time.reconcile();
    await world.time.settle();
    expect(await world.debtorMessages(invoice.caseId)).toEqual([
      { kind: "welcome", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "ask_reason", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "offers", at: "2026-11-10T22:30:00.000Z", automated: false },
      { kind: "payment_thanks", at: "2026-11-11T07:00:00.000Z", automated: true },
    ]);
    expect(
      botMessages(world, invoice.chat).filter((m) => m.text.includes("received your payment")),
    ).toHaveLength(1);
  });

  it("a fourth automated message within 7 days waits until the oldest leaves the window", async () => {
    const business = await world.business();
    const start = world.time.now;
    // Wednesday 11 November, 13:00 in Paris. The invoice is overdue, so its case starts with the
    // "why?" step due at once — before any chat is bound, so that question is asked again as a
    // reply to the debtor's arrival, which is not an automated message. Three automated thank-yous
    // then fill the 7-day cap of 3.
    expect(start.toISOString()).toBe("2026-11-11T12:00:00.000Z");
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-05" });
    await world.pay(invoice.invoiceId, 1_000, "P-1");
    await world.time.advanceTo("2026-11-11T13:00:00Z");
    await world.pay(invoice.invoiceId, 1_000, "P-2");
    await world.time.advanceTo("2026-11-11T14:00:00Z");
    await world.pay(invoice.invoiceId, 1_000, "P-3");
    await world.time.advanceTo("2026-11-11T15:00:00Z");
    await world.pay(invoice.invoiceId, 1_000, "P-4");
    expect(await pendingOutbox(invoice.caseId)).toEqual([
      {
        kind: "payment_thanks",
        notBefore: "2026-11-18T12:00:00.000Z",
        lastError: "postponed: frequency_cap",
      },
    ]);
    await world.time.advanceTo("2026-11-20T12:00:00Z");
    expect(await world.debtorMessages(invoice.caseId)).toEqual([
      { kind: "welcome", at: "2026-11-11T12:00:00.000Z", automated: false },
      { kind: "ask_reason", at: "2026-11-11T12:00:00.000Z", automated: false },
      { kind: "payment_thanks", at: "2026-11-11T12:00:00.000Z", automated: true },
      { kind: "payment_thanks", at: "2026-11-11T13:00:00.000Z", automated: true },
      { kind: "payment_thanks", at: "2026-11-11T14:00:00.000Z", automated: true },
      { kind: "payment_thanks", at: "2026-11-18T12:00:00.000Z", automated: true },
    ]);
    expect(await pendingOutbox(invoice.caseId)).toEqual([]);
  });
});
