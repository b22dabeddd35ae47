import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema.ts";
import {
  agreementsOf,
  botMessages,
  press,
  startTimerWorld,
  type TimerWorld,
} from "../support/timers.ts";

/**
 * Issue 13, end to end (the service, real Postgres and Redis, a fake Bot API): a plan put on the
 * debtor's payday, and a promised date moved once, then refused a second move until part of it
 * is paid. Monday 23 November 2026, 11:00 in Paris; the debtor lives in Paris (French holidays).
 */

let world: TimerWorld;

beforeAll(async () => {
  world = await startTimerWorld("2026-11-23T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

async function says(chat: number, text: string): Promise<void> {
  const { status } = await world.telegram.userSendsText(chat, text);
  expect(status).toBe(200);
  await world.time.settle();
}

function lastText(chat: number): string {
  return botMessages(world, chat).at(-1)?.text ?? "";
}

async function auditActions(caseId: string): Promise<{ action: string; detail: unknown }[]> {
  const rows = await world.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.chain, `case:${caseId}`)))
    .orderBy(asc(auditLog.id));
  return rows.map((r) => ({ action: r.action, detail: r.detail }));
}

describe("installments on payday", () => {
  it("the debtor says they are paid on the 5th: the agreement's installments fall on the 5th or the next business day", async () => {
    const business = await world.business();
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-18" });
    await press(world, invoice.chat, /cash flow/i);
    await press(world, invoice.chat, /3 instalments/i);
    // The confirmation card offers to put the dates on payday; the bot then asks when that is.
    await press(world, invoice.chat, /payday/i);
    expect(lastText(invoice.chat)).toMatch(/When does your income arrive/);
    // Any day can be written: "the 5th", read as the answer to the question.
    await says(invoice.chat, "the 5th");
    const confirm = botMessages(world, invoice.chat).at(-1);
    expect(confirm?.text).toMatch(/7\sDecember\s2026/);
    expect(confirm?.buttons.flat().map((b) => b.text)).toEqual(["I confirm", "No, other terms"]);
    await press(world, invoice.chat, /I confirm/i);
    // 5 December 2026 is a Saturday: Monday 7 December; then the 5th of January and February.
    expect(await agreementsOf(world, invoice.caseId)).toEqual([
      {
        kind: "installments",
        status: "active",
        installments: [
          "1 2026-12-07 30000 paid 0 pending",
          "2 2027-01-05 30000 paid 0 pending",
          "3 2027-02-05 30000 paid 0 pending",
        ],
      },
    ]);
    const noted = (await auditActions(invoice.caseId)).find((e) => e.action === "payday_noted");
    expect(noted?.detail).toMatchObject({ payday: { kind: "day_of_month", day: 5 } });
  });
});

describe("guardrails on a promised date", () => {
  it("moved once without payment, refused a second time without one, accepted after a part payment", async () => {
    const business = await world.business();
    const invoice = await world.invoiceWithChat(business.id, { dueDate: "2026-11-18" });
    await press(world, invoice.chat, /I forgot/i);
    await press(world, invoice.chat, /^Pay on/i);
    await press(world, invoice.chat, /I confirm/i);
    expect(await agreementsOf(world, invoice.caseId)).toEqual([
      { kind: "promise", status: "active", installments: ["1 2026-11-30 90000 paid 0 pending"] },
    ]);

    // First move: no payment needed; the new date is confirmed like any agreement.
    await says(invoice.chat, "I'll pay on 10 December instead");
    expect(lastText(invoice.chat)).toMatch(/This date replaces 30\sNovember\s2026/);
    await press(world, invoice.chat, /I confirm/i);
    expect(await agreementsOf(world, invoice.caseId)).toEqual([
      {
        kind: "promise",
        status: "superseded",
        installments: ["1 2026-11-30 90000 paid 0 pending"],
      },
      { kind: "promise", status: "active", installments: ["1 2026-12-10 90000 paid 0 pending"] },
    ]);
    expect(
      (await world.timersOf(invoice.caseId, "pending"))
        .filter((t) => t.key.startsWith("promise"))
        .map((t) => `${t.key} ${t.due}`),
    ).toEqual([
      "promise_reminder 2026-12-09T08:00:00.000Z",
      "promise_check 2026-12-11T08:00:00.000Z",
    ]);

    // Second move without a payment: refused, with what to pay first (20 % of €900).
    await says(invoice.chat, "I will pay on 15 December");
    expect(lastText(invoice.chat)).toMatch(/part payment of at least €180\.00/);
    expect(lastText(invoice.chat)).toMatch(/the date stays 10\sDecember\s2026/);
    expect(await world.caseStatus(invoice.caseId)).toBe("agreed");

    // €180 arrives through the API: the same move is now accepted, for what is left.
    await world.pay(invoice.invoiceId, 18_000, "VIR-180");
    await says(invoice.chat, "I will pay on 15 December");
    expect(lastText(invoice.chat)).toMatch(/€720\.00 on 15\sDecember\s2026/);
    await press(world, invoice.chat, /I confirm/i);
    const agreed = await agreementsOf(world, invoice.caseId);
    expect(agreed.at(-1)).toEqual({
      kind: "promise",
      status: "active",
      installments: ["1 2026-12-15 72000 paid 0 pending"],
    });

    // Every move is in the audit trail.
    const moves = (await auditActions(invoice.caseId)).filter((e) =>
      ["promise_moved", "promise_move_refused"].includes(e.action),
    );
    expect(moves).toEqual([
      {
        action: "promise_moved",
        detail: expect.objectContaining({ from: "2026-11-30", to: "2026-12-10", move: 1 }),
      },
      {
        action: "promise_move_refused",
        detail: expect.objectContaining({
          from: "2026-12-10",
          to: "2026-12-15",
          reason: "needs_payment",
          paymentMinor: 18_000,
        }),
      },
      {
        action: "promise_moved",
        detail: expect.objectContaining({ to: "2026-12-15", move: 2, paidSinceMinor: 18_000 }),
      },
    ]);
  });
});
