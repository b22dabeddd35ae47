import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agreementAllocations,
  agreements as agreementsTable,
  auditLog,
  caseInvoices,
  cases,
  invoices,
} from "../../db/schema.ts";
import {
  agreementsOf,
  botMessages,
  press,
  startTimerWorld,
  type TimerWorld,
} from "../support/timers.ts";

/**
 * One debtor, one conversation, one agreement — end to end (fake Telegram for the debtor, real
 * Postgres, Redis and BullMQ, a controllable clock): three invoices of one client join one case,
 * are reminded in one message, get one plan; each payment is allocated oldest invoice first, and
 * one invoice paid off early by bank transfer re-balances the plan. Paris is UTC+1 in winter.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-10T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

const visible = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

async function postInvoice(
  businessId: string,
  number: string,
  amount: number,
  dueDate: string,
  externalRef = "C-GROUP",
) {
  const res = await world.svc.api("POST", "/api/invoices", {
    businessId,
    number,
    amount,
    currency: "EUR",
    issuedAt: "2026-10-01",
    dueDate,
    debtor: { externalRef, name: "Alex Moreau", locale: "en", timezone: "Europe/Paris" },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as {
    invoiceId: string;
    caseId: string;
    links: { telegram: string };
    grouped?: boolean;
  };
}

async function payCase(caseId: string, body: Record<string, unknown>) {
  const res = await world.svc.api("POST", `/api/cases/${caseId}/payments`, {
    currency: "EUR",
    receivedAt: world.clock.now().toISOString(),
    ...body,
  });
  const json = (await res.json()) as Record<string, unknown>;
  await world.time.settle();
  return { status: res.status, json };
}

async function invoiceStatuses(ids: readonly string[]) {
  const rows = await world.db.select().from(invoices);
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    return `${row?.number} ${row?.paidMinor}/${row?.amountMinor} ${row?.status}`;
  });
}

describe("one debtor, one conversation, one agreement", () => {
  it("three invoices → one grouped reminder → one plan → payments oldest first → one invoice paid off early → the plan re-balanced", async () => {
    const business = await world.business();
    const first = await postInvoice(business.id, "F-G1", 35_000, "2026-11-17");
    const second = await postInvoice(business.id, "F-G2", 55_000, "2026-11-20");
    const third = await postInvoice(business.id, "F-G3", 30_000, "2026-12-10");
    // The second and third invoices join the first one's case: one conversation.
    expect(first.grouped).toBeUndefined();
    expect(second).toMatchObject({ caseId: first.caseId, grouped: true });
    expect(third).toMatchObject({ caseId: first.caseId, grouped: true });
    expect(second.links.telegram).toBe(first.links.telegram);
    const caseId = first.caseId;
    const ids = [first.invoiceId, second.invoiceId, third.invoiceId];
    await world.time.settle();

    // The debtor opens the link: the welcome states what is due on all three.
    const token = new URL(first.links.telegram).searchParams.get("start") ?? "";
    const chat = 7_900_001;
    expect((await world.telegram.userStarts(chat, token)).status).toBe(200);
    await world.time.settle();
    expect(visible(botMessages(world, chat)[0]?.text ?? "")).toContain("€1,200.00");

    // Three days after the oldest one's due date, ONE reminder asks why, listing them all:
    // overdue first, then coming due.
    await world.time.advanceTo("2026-11-20T12:00:00Z");
    const reminders = botMessages(world, chat).filter((m) => m.text.includes("invoices"));
    const asking = visible(reminders.at(-1)?.text ?? "");
    expect(asking).toMatch(/^Hello, these 3 invoices \(€1,200\.00\)/);
    expect(asking).toContain("Overdue:\n– F-G1: €350.00, on 17 Nov");
    expect(asking).toContain("Coming due:\n– F-G2: €550.00, on 20 Nov\n– F-G3: €300.00, on 10 Dec");

    // One negotiation, one plan for the three: €1,200 in three instalments of €400.
    await press(world, chat, /cash flow/i);
    await press(world, chat, /in 3 instalments/i);
    await press(world, chat, /I confirm/i);
    const [agreed] = await agreementsOf(world, caseId);
    expect(agreed).toEqual({
      kind: "installments",
      status: "active",
      installments: [
        "1 2026-11-27 40000 paid 0 pending",
        "2 2026-12-27 40000 paid 0 pending",
        "3 2027-01-27 40000 paid 0 pending",
      ],
    });

    // The first instalment arrives without naming an invoice: the oldest, F-G1, is settled and
    // the rest goes to the next oldest, F-G2 — not to F-G3.
    await world.time.advanceTo("2026-11-26T10:00:00Z");
    const inst1 = await payCase(caseId, { amountMinor: 40_000, reference: "INST-1" });
    expect(inst1.status).toBe(201);
    expect(inst1.json).toMatchObject({
      allocations: [
        { invoiceId: first.invoiceId, amountMinor: 35_000 },
        { invoiceId: second.invoiceId, amountMinor: 5_000 },
      ],
      settles: ["F-G1"],
      due: 80_000,
    });
    expect(await invoiceStatuses(ids)).toEqual([
      "F-G1 35000/35000 paid",
      "F-G2 5000/55000 open",
      "F-G3 0/30000 open",
    ]);
    expect((await agreementsOf(world, caseId))[0]?.installments[0]).toBe(
      "1 2026-11-27 40000 paid 40000 paid",
    );

    // F-G3 is paid off early by bank transfer, naming it: a payment outside the plan. The plan
    // shrinks from its end — the next instalment stays as agreed — and is recorded as a new
    // agreement that supersedes the first; the debtor is told, with the new schedule.
    await world.time.advanceTo("2026-12-02T10:00:00Z");
    const early = await payCase(caseId, {
      invoiceId: third.invoiceId,
      amountMinor: 30_000,
      reference: "VIR-F-G3",
    });
    expect(early.status).toBe(201);
    expect(early.json).toMatchObject({
      allocations: [{ invoiceId: third.invoiceId, amountMinor: 30_000 }],
      settles: ["F-G3"],
      due: 50_000,
    });
    const [superseded, rebalanced] = await agreementsOf(world, caseId);
    expect(superseded?.status).toBe("superseded");
    expect(rebalanced).toEqual({
      kind: "installments",
      status: "active",
      installments: [
        "1 2026-11-27 40000 paid 40000 paid",
        "2 2026-12-27 40000 paid 0 pending",
        "3 2027-01-27 10000 paid 0 pending",
      ],
    });
    const told = visible(botMessages(world, chat).at(-1)?.text ?? "");
    expect(told).toContain("we have received your payment of €300.00");
    expect(told).toContain("Invoice F-G3 is paid.");
    expect(told).toContain("– 27 January 2027: €100.00");
    // The same transfer reported again changes nothing.
    expect(
      (
        await payCase(caseId, {
          invoiceId: third.invoiceId,
          amountMinor: 30_000,
          reference: "VIR-F-G3",
        })
      ).status,
    ).toBe(200);
    expect(await agreementsOf(world, caseId)).toHaveLength(2);

    // The rest arrives as the plan asks; each invoice keeps its own status.
    await world.time.advanceTo("2026-12-26T10:00:00Z");
    await payCase(caseId, { amountMinor: 40_000, reference: "INST-2" });
    await world.time.advanceTo("2027-01-20T10:00:00Z");
    await payCase(caseId, { amountMinor: 10_000, reference: "INST-3" });
    expect(await world.caseStatus(caseId)).toBe("paid");
    expect(await invoiceStatuses(ids)).toEqual([
      "F-G1 35000/35000 paid",
      "F-G2 55000/55000 paid",
      "F-G3 30000/30000 paid",
    ]);
    const agreements = await agreementsOf(world, caseId);
    expect(agreements.map((a) => a.status)).toEqual(["superseded", "completed"]);

    // The evidence, invoice by invoice: every allocation, under the agreement active then.
    const allocations = await world.db
      .select()
      .from(agreementAllocations)
      .where(eq(agreementAllocations.caseId, caseId))
      .orderBy(asc(agreementAllocations.createdAt), asc(agreementAllocations.amountMinor));
    const number = (id: string) => ["F-G1", "F-G2", "F-G3"][ids.indexOf(id)];
    expect(allocations.map((a) => `${number(a.invoiceId)} ${a.amountMinor}`)).toEqual([
      "F-G2 5000",
      "F-G1 35000",
      "F-G3 30000",
      "F-G2 40000",
      "F-G2 10000",
    ]);
    expect(new Set(allocations.map((a) => a.agreementId)).size).toBe(2);
    // Append-only: an allocation cannot be changed or removed.
    await expect(
      world.db
        .update(agreementAllocations)
        .set({ amountMinor: 1 })
        .where(eq(agreementAllocations.caseId, caseId)),
    ).rejects.toThrow();
    await expect(
      world.db.delete(agreementAllocations).where(eq(agreementAllocations.caseId, caseId)),
    ).rejects.toThrow();
    const audit = await world.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, "invoice_added")));
    expect(audit).toHaveLength(2);
  });

  it("an invoice of a debtor whose negotiation has moved on gets its own case: never merged silently", async () => {
    const business = await world.business();
    // Due dates far after the world's clock (earlier tests moved it on): no ladder step of the
    // first case comes due while the test holds its status, so no timer writes it back under it.
    const later = (days: number) => {
      const day = new Date(world.clock.now());
      day.setUTCDate(day.getUTCDate() + days);
      return day.toISOString().slice(0, 10);
    };
    const first = await postInvoice(business.id, "F-H1", 90_000, later(60), "C-H");
    await world.time.settle();
    // The first case has moved past the start of its negotiation (offers shown, a plan agreed).
    await world.db.update(cases).set({ status: "offering" }).where(eq(cases.id, first.caseId));
    const next = await postInvoice(business.id, "F-H2", 20_000, later(70), "C-H");
    expect(next.grouped).toBeUndefined();
    expect(next.caseId).not.toBe(first.caseId);
  });

  /** A debtor with a running three-instalment plan, from today (the world's clock) on. */
  async function agreedDebtor(ref: string, chat: number) {
    const business = await world.business();
    const today = world.clock.now().toISOString().slice(0, 10);
    const due = new Date(`${today}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 1);
    // The "why?" reminder (due + 3 days) on a weekday: quiet days would hold it.
    while (![2, 3, 4, 5].includes((due.getUTCDay() + 3) % 7)) due.setUTCDate(due.getUTCDate() + 1);
    const dueDate = due.toISOString().slice(0, 10);
    const first = await postInvoice(business.id, `${ref}-1`, 90_000, dueDate, ref);
    await world.time.settle();
    const token = new URL(first.links.telegram).searchParams.get("start") ?? "";
    expect((await world.telegram.userStarts(chat, token)).status).toBe(200);
    await world.time.settle();
    const asked = new Date(due);
    asked.setUTCDate(asked.getUTCDate() + 3);
    await world.time.advanceTo(`${asked.toISOString().slice(0, 10)}T12:00:00Z`);
    await press(world, chat, /cash flow/i);
    await press(world, chat, /in 3 instalments/i);
    await press(world, chat, /I confirm/i);
    const [agreed] = await agreementsOf(world, first.caseId);
    expect(agreed?.status).toBe("active");
    return { business, first, installments: agreed?.installments ?? [] };
  }

  it("a new invoice mid-plan is offered as an addition: yes makes one agreement for the whole balance", async () => {
    const chat = 7_900_101;
    const { business, first, installments: before } = await agreedDebtor("C-ADD", chat);
    const dueLater = new Date(world.clock.now());
    dueLater.setUTCDate(dueLater.getUTCDate() + 30);
    const added = await postInvoice(
      business.id,
      "C-ADD-2",
      30_000,
      dueLater.toISOString().slice(0, 10),
      "C-ADD",
    );
    await world.time.settle();
    // Not merged: the invoice has its own case until the debtor answers.
    expect(added.grouped).toBeUndefined();
    expect(added.caseId).not.toBe(first.caseId);
    const offer = visible(botMessages(world, chat).at(-1)?.text ?? "");
    expect(offer).toContain("invoice C-ADD-2 (€300.00");
    expect(offer).toContain("Add it to your current arrangement?");
    expect(offer).toContain("€1,200.00 in 3 instalments");
    expect(await agreementsOf(world, first.caseId)).toHaveLength(1);

    await press(world, chat, /Yes, add it/);
    const [old, current] = await agreementsOf(world, first.caseId);
    expect(old?.status).toBe("superseded");
    expect(current?.status).toBe("active");
    // Same dates, €100 more on each of the three instalments.
    expect(current?.installments.map((i) => i.split(" ").slice(0, 3).join(" "))).toEqual(
      before.map((i) => {
        const [seq, date, amount] = i.split(" ");
        return `${seq} ${date} ${Number(amount) + 10_000}`;
      }),
    );
    expect(visible(botMessages(world, chat).at(-1)?.text ?? "")).toContain(
      "invoice C-ADD-2 is added",
    );
    // Its evidence is the card the debtor said yes to, as sent, in their chat.
    const [evidence] = await world.db
      .select({ text: agreementsTable.renderedText, channel: agreementsTable.channel })
      .from(agreementsTable)
      .where(and(eq(agreementsTable.caseId, first.caseId), eq(agreementsTable.status, "active")));
    expect(evidence?.channel).toBe("telegram");
    expect(visible(evidence?.text ?? "")).toContain("Add it to your current arrangement?");
    // The invoice now belongs to the debtor's case; its own case is closed, its ladder gone.
    const [links] = await world.db
      .select({ caseId: caseInvoices.caseId })
      .from(caseInvoices)
      .where(and(eq(caseInvoices.invoiceId, added.invoiceId), isNull(caseInvoices.releasedAt)));
    expect(links?.caseId).toBe(first.caseId);
    expect(await world.caseStatus(added.caseId)).toBe("closed");
    // A payment of the whole balance on the case settles both invoices, oldest first.
    const all = await payCase(first.caseId, { amountMinor: 120_000, reference: "ALL" });
    expect(all.json).toMatchObject({ settles: ["C-ADD-1", "C-ADD-2"], due: 0 });
    expect(await world.caseStatus(first.caseId)).toBe("paid");
  });

  it("no keeps the plan as it was, and the new invoice keeps its own case and reminders", async () => {
    const chat = 7_900_102;
    const { business, first } = await agreedDebtor("C-APART", chat);
    const dueLater = new Date(world.clock.now());
    dueLater.setUTCDate(dueLater.getUTCDate() + 30);
    const added = await postInvoice(
      business.id,
      "C-APART-2",
      30_000,
      dueLater.toISOString().slice(0, 10),
      "C-APART",
    );
    await world.time.settle();
    await press(world, chat, /No, keep it apart/);
    expect(visible(botMessages(world, chat).at(-1)?.text ?? "")).toContain(
      "invoice C-APART-2 will be followed separately",
    );
    const agreements = await agreementsOf(world, first.caseId);
    expect(agreements.map((a) => a.status)).toEqual(["active"]);
    expect(await world.caseStatus(added.caseId)).toBe("scheduled");
    // The answered card's buttons are gone from the options: pressing yes now changes nothing.
    await press(world, chat, /Yes, add it/);
    expect(await agreementsOf(world, first.caseId)).toHaveLength(1);
  });

  it("paid in part before the debtor answers: asked again on what is left, and a yes adds only that; paid in full: the question is withdrawn", async () => {
    const chat = 7_900_103;
    const { business, first } = await agreedDebtor("C-PAID", chat);
    const dueLater = new Date(world.clock.now());
    dueLater.setUTCDate(dueLater.getUTCDate() + 30);
    const due = dueLater.toISOString().slice(0, 10);
    const added = await postInvoice(business.id, "C-PAID-2", 30_000, due, "C-PAID");
    await world.time.settle();
    expect(visible(botMessages(world, chat).at(-1)?.text ?? "")).toContain(
      "invoice C-PAID-2 (€300.00",
    );
    const totalOf = async () =>
      (
        await world.db
          .select({ total: agreementsTable.totalMinor })
          .from(agreementsTable)
          .where(
            and(eq(agreementsTable.caseId, first.caseId), eq(agreementsTable.status, "active")),
          )
      )[0]?.total;
    const before = await totalOf();

    // €100 arrives on the new invoice by bank transfer: the question is asked again on €200.
    const part = await world.svc.api("POST", `/api/invoices/${added.invoiceId}/payments`, {
      amount: 10_000,
      reference: "VIR-PART",
      receivedAt: world.clock.now().toISOString(),
    });
    expect(part.status).toBe(201);
    await world.time.settle();
    expect(visible(botMessages(world, chat).at(-1)?.text ?? "")).toContain(
      "invoice C-PAID-2 (€200.00",
    );
    await press(world, chat, /Yes, add it/);
    expect(await totalOf()).toBe((before ?? 0) + 20_000);

    // A third invoice, paid in full before any answer: nothing is left to add.
    const third = await postInvoice(business.id, "C-PAID-3", 5_000, due, "C-PAID");
    await world.time.settle();
    // Offered (its card waits for the frequency cap: this debtor had three messages this week).
    const audited = (action: string) =>
      world.db
        .select({ detail: auditLog.detail })
        .from(auditLog)
        .where(and(eq(auditLog.caseId, first.caseId), eq(auditLog.action, action)));
    expect(
      (await audited("invoice_addition_offered")).filter(
        (a) => (a.detail as { invoice?: string }).invoice === "C-PAID-3",
      ),
    ).toHaveLength(1);
    const full = await world.svc.api("POST", `/api/invoices/${third.invoiceId}/payments`, {
      amount: 5_000,
      reference: "VIR-FULL",
      receivedAt: world.clock.now().toISOString(),
    });
    expect(full.status).toBe(201);
    await world.time.settle();
    expect(await audited("invoice_addition_withdrawn")).toEqual([
      { detail: expect.objectContaining({ invoice: "C-PAID-3", reason: "paid" }) },
    ]);
    // Its card's yes is no longer available: the plan stays as it was.
    await press(world, chat, /Yes, add it/);
    expect(await totalOf()).toBe((before ?? 0) + 20_000);
  });
});
