import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { OWNER_CHANNEL, press, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * An owner who does not answer, on a controllable clock: reminded once when the policy's delay
 * runs out, then the policy's fallback applies (default: decline, the debtor gets in-policy
 * options). The fallback's message was not prompted by the debtor, so quiet hours apply to it.
 * Paris is UTC+1 in winter.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 21:00 in Paris.
  world = await startTimerWorld("2026-11-10T20:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

describe("an owner approval that expires", () => {
  it("reminds the owner once after 48 hours, then declines for them and offers what the policy allows", async () => {
    // No down payment required, so the proposal below is out of policy only by its length.
    const business = await world.business({ installments: { minDownPaymentPercent: 0 } });
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-05" });
    await world.time.advanceTo("2026-11-11T09:00:00Z");
    await press(world, invoice.chat, /cash flow/i);
    // €120 a month (eight payments): beyond the policy's six, within its approval band — the owner decides.
    const proposed = await handleEvent(world.svc.runtime, {
      caseId: invoice.caseId,
      event: {
        type: "debtor_action",
        action: { type: "propose", proposal: { amountPerPeriodMinor: 12_000, period: "month" } },
      },
      source: { channel: "test", externalId: "propose-7" },
      actor: "debtor:telegram",
      replyTo: { channel: "telegram", address: String(invoice.chat) },
    });
    expect(proposed).toMatchObject({ outcome: "applied", status: "awaiting_owner" });
    await world.time.settle();
    const pending = await world.timersOf(invoice.caseId, "pending");
    expect(pending.filter((t) => t.key.startsWith("approval_"))).toEqual([
      { key: "approval_r1", status: "pending", due: "2026-11-13T09:00:00.000Z" },
    ]);

    // 48 hours: the owner is reminded, and has 48 more. 96 hours: Sunday 15 November 10:00 in
    // Paris — the fallback decides now, but its message to the debtor waits for Monday 08:00.
    await world.time.advanceTo("2026-11-16T12:00:00Z");
    expect((await world.ownerMessages(invoice.caseId)).map((m) => [m.kind, m.at])).toEqual([
      ["approval_request", "2026-11-11T09:00:00.000Z"],
      ["approval_expiring", "2026-11-13T09:00:00.000Z"],
    ]);
    expect((await world.debtorMessages(invoice.caseId)).slice(-2)).toEqual([
      { kind: "proposal_sent_to_owner", at: "2026-11-11T09:00:00.000Z", automated: false },
      { kind: "owner_declined", at: "2026-11-16T07:00:00.000Z", automated: true },
    ]);
    expect(await world.caseStatus(invoice.caseId)).toBe("offering");
    // The request's own Slack message now says it expired, and offers no button to click.
    const request = world.slack
      .messages(OWNER_CHANNEL)
      .find((m) => JSON.stringify(m.blocks).includes("Expired without an answer"));
    expect(request?.edited).toBe(true);
    expect(JSON.stringify(request?.blocks)).not.toContain('"type":"actions"');
    expect(JSON.stringify(request?.blocks)).toContain("options within your policy");
    expect(
      (await world.timersOf(invoice.caseId))
        .filter((t) => t.key.startsWith("approval_"))
        .map((t) => `${t.key} ${t.status} ${t.due}`),
    ).toEqual([
      "approval_r1 fired 2026-11-13T09:00:00.000Z",
      "approval_r1 fired 2026-11-15T09:00:00.000Z",
    ]);
  });
});
