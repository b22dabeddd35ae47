import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema.ts";
import { botMessages, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * A message is still wanted when it leaves. A ladder reminder held for the send window must not
 * reach a debtor who paid in full meanwhile: the payment voids it in its own commit, and the
 * thank-you is the only message they get. (Found from outside: "Nous n'avons pas encore reçu le
 * règlement…", then the thank-you, a minute apart.)
 */

let world: TimerWorld;

beforeAll(async () => {
  // Monday 9 November 2026, 08:00 in Paris.
  world = await startTimerWorld("2026-11-09T07:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

async function outboxOf(caseId: string) {
  const rows = await world.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.kind, "send_card")));
  return rows.map((r) => ({
    kind: (r.payload as { messageKind?: string }).messageKind,
    status: r.status,
  }));
}

describe("held reminders and the case moving on", () => {
  it("a reminder held for the send window is voided by a full payment; only the thank-you goes", async () => {
    // The window opens at 10:00; ladder steps are due at 09:00, so each one waits an hour.
    const business = await world.business({ sendWindow: { from: "10:00", to: "20:00" } });
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-07" });
    const before = botMessages(world, invoice.chat).length;

    // J+3 (Tuesday 10 November, 09:00 Paris): "not received yet — is everything all right?" is
    // decided, then held until 10:00.
    await world.time.advanceTo("2026-11-10T08:05:00Z");
    expect(await outboxOf(invoice.caseId)).toContainEqual({
      kind: "ladder_reminder",
      status: "pending",
    });

    // Paid in full at 09:30, before the window opens.
    await world.pay(invoice.invoiceId, 90_000, "VIR-FULL");
    const voided = (await outboxOf(invoice.caseId)).filter((r) => r.kind === "ladder_reminder");
    expect(voided.at(-1)).toEqual({ kind: "ladder_reminder", status: "cancelled" });

    // The window opens: the reconciler and every worker run, and only the thank-you leaves.
    await world.time.advanceTo("2026-11-10T12:00:00Z");
    for (let i = 0; i < 3; i++) await world.time.reconcile();
    await world.time.settle();
    expect(botMessages(world, invoice.chat).slice(before)).toHaveLength(1);
    const sent = await world.debtorMessages(invoice.caseId);
    expect(sent.map((m) => m.kind)).toEqual(["welcome", "paid_in_full"]);
  });
});
