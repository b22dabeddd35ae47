import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramDelivery } from "../../bot/telegram/delivery.ts";
import { PgOutboxStore } from "../../db/runtime/outbox-store.ts";
import { cases, debtors, outbox } from "../../db/schema.ts";
import { deliverOutboxRow } from "../../src/runtime/deliver-outbox.ts";
import { botMessages, startTimerWorld, type TimerWorld } from "../support/timers.ts";
import { recordingLog } from "../unit/telegram/recording-log.ts";

/**
 * The last look before a message leaves. A debtor with two invoices at one business says STOP
 * while dealing with one of them; the other case's reminder, decided earlier and held for the send
 * window, was not voided by that commit (the STOP changed the other case, not this one) — the
 * send-time check finds the debtor opted out and cancels it: nothing reaches Telegram. A row that
 * is no longer pending (cancelled, sent), delivered again, is skipped without a platform call.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Monday 9 November 2026, 08:00 in Paris: before the business's send window opens.
  world = await startTimerWorld("2026-11-09T07:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

/** An invoice through the API for the debtor `externalRef` (one debtor row per business+ref). */
async function invoiceFor(
  businessId: string,
  externalRef: string,
  dueDate: string,
  currency = "EUR",
) {
  const res = await world.svc.api("POST", "/api/invoices", {
    businessId,
    number: `F-${randomBytes(4).toString("hex")}`,
    amount: 90_000,
    currency,
    issuedAt: "2026-10-01",
    dueDate,
    debtor: { externalRef, name: "Alex Moreau", locale: "en", timezone: "Europe/Paris" },
  });
  if (res.status !== 201) throw new Error(`invoice: ${res.status} ${await res.text()}`);
  await world.time.settle();
  return (await res.json()) as { invoiceId: string; caseId: string; links: { telegram: string } };
}

async function remindersOf(caseId: string) {
  const rows = await world.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.kind, "send_card")));
  return rows.filter(
    (r) => (r.payload as { messageKind?: string }).messageKind === "ladder_reminder",
  );
}

describe("send-time cancel", () => {
  it("a STOP on one case cancels the other case's held reminder when it is about to leave; nothing reaches the chat", async () => {
    // The window opens at 10:00; ladder steps are due at 09:00, so each one waits an hour.
    const business = await world.business({ sendWindow: { from: "10:00", to: "20:00" } });
    const debtorRef = `C-${randomBytes(4).toString("hex")}`;
    // B fell due on Saturday; A falls due at the end of December (nothing due for weeks).
    const caseB = await invoiceFor(business.id, debtorRef, "2026-11-07");
    // Another currency: a case of its own (a debtor's invoices in one currency share one case).
    const caseA = await invoiceFor(business.id, debtorRef, "2026-12-31", "USD");
    const [a, b] = await Promise.all(
      [caseA.caseId, caseB.caseId].map(async (id) => {
        const [row] = await world.db.select().from(cases).where(eq(cases.id, id));
        return row;
      }),
    );
    expect(a?.debtorId).toBeDefined();
    expect(a?.debtorId).toBe(b?.debtorId);
    const debtorId = a?.debtorId ?? "";

    // The debtor opens A's link in Telegram: the chat is theirs, for both cases.
    const chat = 7_900_001;
    const token = new URL(caseA.links.telegram).searchParams.get("start") ?? "";
    expect((await world.telegram.userStarts(chat, token)).status).toBe(200);
    await world.time.settle();

    // J+3 of B (Tuesday 10 November, 09:00 Paris): "is everything all right?" is decided for
    // the chat, then held until 10:00.
    await world.time.advanceTo("2026-11-10T08:05:00Z");
    const [held] = await remindersOf(caseB.caseId);
    expect(held).toMatchObject({ status: "pending", channel: "telegram" });
    const heldText = (held?.payload as { card?: { text?: string } } | undefined)?.card?.text ?? "";
    expect(heldText).not.toBe("");

    // They pay something on A, then send /stop: the chat's STOP is about the case they dealt with
    // last (A), so A's commit records the opt-out on the debtor and leaves B's rows as they are.
    await world.pay(caseA.invoiceId, 10_000, "PART-A");
    expect((await world.telegram.userSendsText(chat, "/stop")).status).toBe(200);
    await world.time.settle();
    const [debtor] = await world.db.select().from(debtors).where(eq(debtors.id, debtorId));
    expect(debtor?.optedOutAt).not.toBeNull();
    expect(await world.caseStatus(caseA.caseId)).toBe("opted_out");
    expect(await world.caseStatus(caseB.caseId)).not.toBe("opted_out");
    expect((await remindersOf(caseB.caseId)).map((r) => r.status)).toEqual(["pending"]);
    const seenBefore = botMessages(world, chat).length;

    // The window opens: the relay looks at the debtor once more and drops the reminder.
    await world.time.advanceTo("2026-11-10T12:00:00Z");
    for (let i = 0; i < 3; i++) await world.time.reconcile();
    await world.time.settle();
    const [cancelled] = await remindersOf(caseB.caseId);
    expect(cancelled).toMatchObject({
      id: held?.id,
      status: "cancelled",
      lastError: "cancelled: opted_out",
      sentAt: null,
      externalId: null,
    });
    expect(botMessages(world, chat)).toHaveLength(seenBefore);
    expect(
      world.telegram.calls.filter(
        (c) => c.method === "sendMessage" && String(c.params.text ?? "").includes(heldText),
      ),
    ).toEqual([]);
    expect(await world.debtorMessages(caseB.caseId)).toEqual([]);

    // The cancelled row, and a row of A already sent, delivered again: skipped, no platform call.
    const [sentOfA] = await world.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, caseA.caseId), eq(outbox.status, "sent")))
      .limit(1);
    if (!sentOfA || !held) throw new Error("missing rows");
    const relay = {
      outbox: new PgOutboxStore(world.db),
      delivery: new TelegramDelivery(
        new Api(world.telegram.token, { apiRoot: world.telegram.url }),
        recordingLog(),
      ),
      clock: world.clock,
      log: { info() {}, warn() {}, error() {} },
    };
    const callsBefore = world.telegram.calls.length;
    expect(await deliverOutboxRow(relay, held.id)).toEqual({ kind: "skipped" });
    expect(await deliverOutboxRow(relay, sentOfA.id)).toEqual({ kind: "skipped" });
    expect(world.telegram.calls.length).toBe(callsBefore);
  });
});
