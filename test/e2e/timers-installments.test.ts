import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreementsOf, press, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * An installment plan on a controllable clock, end to end (fake Telegram for the debtor, fake Slack
 * for the owner, real Postgres, Redis and BullMQ): each installment has its own small ladder —
 * a reminder two days before, one on the day, a check after the grace period. Paris is UTC+1 in
 * winter, so "09:00" is 08:00Z; Sunday is not an allowed day by default.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-10T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

describe("an installment plan on the clock", () => {
  it("reminds each installment, thanks a payment, reports a missed one kindly, and closes when paid in full", async () => {
    const business = await world.business();
    // Five days late when the debtor opens the link: the reminder asking why goes out at once.
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-05" });
    await press(world, invoice.chat, /cash flow/i);
    await press(world, invoice.chat, /in 3 instalments/i);
    await press(world, invoice.chat, /I confirm/i);
    expect(await agreementsOf(world, invoice.caseId)).toEqual([
      {
        kind: "installments",
        status: "active",
        installments: [
          "1 2026-11-17 30000 paid 0 pending",
          "2 2026-12-17 30000 paid 0 pending",
          "3 2027-01-17 30000 paid 0 pending",
        ],
      },
    ]);
    expect(
      (await world.timersOf(invoice.caseId, "pending")).map((t) => `${t.key} ${t.due}`),
    ).toEqual([
      "inst_1_reminder 2026-11-15T08:00:00.000Z",
      "inst_1_due 2026-11-17T08:00:00.000Z",
      "inst_1_check 2026-11-20T08:00:00.000Z",
      "inst_2_reminder 2026-12-15T08:00:00.000Z",
      "inst_2_due 2026-12-17T08:00:00.000Z",
      "inst_2_check 2026-12-20T08:00:00.000Z",
      "inst_3_reminder 2027-01-15T08:00:00.000Z",
      "inst_3_due 2027-01-17T08:00:00.000Z",
      "inst_3_check 2027-01-20T08:00:00.000Z",
    ]);

    // The first reminder falls on a Sunday: it leaves on Monday at 08:00 in Paris. The debtor pays
    // the first installment that afternoon; its due-day reminder is cancelled.
    await world.time.advanceTo("2026-11-16T13:00:00Z");
    await world.pay(invoice.invoiceId, 30_000, "VIR-1");
    expect(await agreementsOf(world, invoice.caseId)).toMatchObject([
      {
        status: "active",
        installments: [
          "1 2026-11-17 30000 paid 30000 paid",
          "2 2026-12-17 30000 paid 0 pending",
          "3 2027-01-17 30000 paid 0 pending",
        ],
      },
    ]);

    // The second installment is reminded, then missed; the check lands on a Sunday, so the kind
    // message about it waits for Monday.
    await world.time.advanceTo("2026-12-22T12:00:00Z");
    expect(await world.caseStatus(invoice.caseId)).toBe("agreed");

    // The debtor catches up in one payment before the third is due: the case is paid and closed.
    await world.time.advanceTo("2027-01-12T10:00:00Z");
    await world.pay(invoice.invoiceId, 60_000, "VIR-2");
    await world.time.advanceTo("2027-03-01T12:00:00Z");

    expect(await world.debtorMessages(invoice.caseId)).toEqual([
      { kind: "welcome", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "ask_reason", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "offers", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "confirm_terms", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "agreement_confirmed", at: "2026-11-10T10:00:00.000Z", automated: false },
      { kind: "installment_reminder", at: "2026-11-16T07:00:00.000Z", automated: true },
      { kind: "payment_thanks", at: "2026-11-16T13:00:00.000Z", automated: true },
      { kind: "installment_reminder", at: "2026-12-15T08:00:00.000Z", automated: true },
      { kind: "installment_due", at: "2026-12-17T08:00:00.000Z", automated: true },
      { kind: "installment_missed", at: "2026-12-21T07:00:00.000Z", automated: true },
      { kind: "paid_in_full", at: "2027-01-12T10:00:00.000Z", automated: true },
    ]);
    expect((await world.ownerMessages(invoice.caseId)).map((m) => m.kind)).toEqual([
      "agreement_reached",
      "paid_in_full",
    ]);
    expect(await agreementsOf(world, invoice.caseId)).toMatchObject([
      {
        status: "completed",
        installments: [
          "1 2026-11-17 30000 paid 30000 paid",
          "2 2026-12-17 30000 paid 30000 paid",
          "3 2027-01-17 30000 paid 30000 paid",
        ],
      },
    ]);
    expect(await world.caseStatus(invoice.caseId)).toBe("paid");
    expect(
      (await world.timersOf(invoice.caseId)).map((t) => `${t.key} ${t.status} ${t.due}`),
    ).toEqual([
      "ladder_2 fired 2026-11-10T10:00:00.000Z",
      "offer_expiry cancelled 2026-11-13T10:00:00.000Z",
      "inst_1_reminder fired 2026-11-15T08:00:00.000Z",
      "ladder_3 cancelled 2026-11-15T08:00:00.000Z",
      "inst_1_due cancelled 2026-11-17T08:00:00.000Z",
      "inst_1_check fired 2026-11-20T08:00:00.000Z",
      "ladder_4 cancelled 2026-11-20T08:00:00.000Z",
      "ladder_5 cancelled 2026-12-05T08:00:00.000Z",
      "inst_2_reminder fired 2026-12-15T08:00:00.000Z",
      "inst_2_due fired 2026-12-17T08:00:00.000Z",
      "inst_2_check fired 2026-12-20T08:00:00.000Z",
      "ladder_6 cancelled 2026-12-20T08:00:00.000Z",
      "inst_3_reminder cancelled 2027-01-15T08:00:00.000Z",
      "inst_3_due cancelled 2027-01-17T08:00:00.000Z",
      "inst_3_check cancelled 2027-01-20T08:00:00.000Z",
    ]);
  });
});
