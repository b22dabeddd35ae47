import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, cases, installments, outbox, timers } from "../../db/schema.ts";
import { eventually, TestClock } from "../support/service.ts";
import {
  botMessages,
  botSaid,
  chatIds,
  findButton,
  givenInvoiceViaApi,
  startTelegramE2E,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * The whole service (HTTP server + worker, real Postgres and Redis) talking to a fake Bot API:
 * what a debtor sees in the chat, and what the database keeps.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
const newChat = chatIds();
let e2e: TelegramE2E;

beforeAll(async () => {
  e2e = await startTelegramE2E({
    clock,
    fake: { now: clock.millis, rateLimits: false },
    // Per-chat pacing is tested on its own; here every reply may go at once.
    worker: { rates: { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
});

afterAll(async () => {
  await e2e?.stop();
});

/** Waits for a card offering `label`, then presses it. */
async function press(chat: number, label: RegExp) {
  await eventually(
    () =>
      botMessages(e2e.telegram, chat).some((m) => m.buttons.flat().some((b) => label.test(b.text))),
    { what: `a button ${label}` },
  );
  const { messageId, callbackData } = findButton(e2e.telegram, chat, label);
  const { status } = await e2e.telegram.userPressesButton(chat, messageId, callbackData);
  expect(status).toBe(200);
}

async function caseRow(caseId: string) {
  const [row] = await e2e.svc.db.db.select().from(cases).where(eq(cases.id, caseId));
  return row;
}

describe("a debtor negotiates an installment plan in Telegram", () => {
  it("from the deep link to a recorded agreement with its installments and follow-up timers", async () => {
    const { svc, telegram } = e2e;
    const invoice = await givenInvoiceViaApi(svc, { dueDate: "2026-11-18" });
    const chat = newChat();

    // The debtor opens the deep link: the chat is bound and the bot introduces itself.
    const start = await telegram.userStarts(chat, invoice.token);
    expect(start.status).toBe(200);
    const first = await botSaid(telegram, chat, 1);
    // The business speaks ("ici …"), and greets without the full name (issue 15).
    expect(first[0]?.text).toMatch(/^Bonjour, ici Atelier /);
    expect(first[0]?.text).not.toContain("Camille Martin");
    expect(first[0]?.text).toMatch(/900,00/);

    // The invoice is 5 days late: the case started at creation and its "why?" step came due
    // before any chat was bound, so the question is asked right after the welcome.
    await press(chat, /trésorerie/i);
    await press(chat, /3 fois/i);
    const confirm = await eventually(
      () =>
        botMessages(telegram, chat).find((m) =>
          m.buttons.flat().some((b) => /confirm/i.test(b.text)),
        ),
      { what: "the confirmation card" },
    );
    expect(confirm.text).toMatch(/300,00/);

    await press(chat, /confirm/i);
    const [agreement] = await eventually(
      () =>
        svc.db.db
          .select()
          .from(agreements)
          .where(eq(agreements.caseId, invoice.caseId))
          .then((r) => (r.length > 0 ? r : null)),
      { what: "the agreement row" },
    );
    expect(agreement?.totalMinor).toBe(90_000);
    expect(agreement?.renderedText).toBe(confirm.text);
    expect(agreement?.channel).toBe("telegram");
    expect(agreement?.approvedBy).toBeNull();
    const plan = await svc.db.db
      .select()
      .from(installments)
      .where(eq(installments.agreementId, agreement?.id ?? ""));
    expect(plan.map((i) => i.amountMinor)).toEqual([30_000, 30_000, 30_000]);
    expect(new Set(plan.map((i) => i.dueDate)).size).toBe(3);

    // The written confirmation reaches the debtor, and each installment has its timers.
    await eventually(
      () =>
        botMessages(telegram, chat).find((m) => m.text.includes(plan[0]?.dueDate.slice(8) ?? "??")),
      { what: "the written confirmation" },
    );
    const pending = await svc.db.db
      .select({ kind: timers.kind })
      .from(timers)
      .where(and(eq(timers.caseId, invoice.caseId), eq(timers.status, "pending")));
    expect(pending.filter((t) => t.kind.startsWith("installment_")).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(pending.some((t) => t.kind === "ladder_step")).toBe(false);
    expect((await caseRow(invoice.caseId))?.status).toBe("agreed");

    // Every committed message is delivered (the relay is asynchronous: wait for it).
    const undelivered = await eventually(
      () =>
        svc.db.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.status, "pending")))
          .then((rows) => (rows.length === 0 ? rows : null)),
      { what: "every outbox row of the case sent" },
    );
    expect(undelivered).toEqual([]);
    const failed = await svc.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.status, "failed")));
    expect(failed).toEqual([]);
  });

  it("a card stays usable when something unrelated moves the case on meanwhile", async () => {
    const { svc, telegram } = e2e;
    const invoice = await givenInvoiceViaApi(svc, { dueDate: "2026-11-18" });
    const chat = newChat();
    await telegram.userStarts(chat, invoice.token);
    await eventually(
      () =>
        botMessages(telegram, chat).some((m) =>
          m.buttons.flat().some((b) => /trésorerie/i.test(b.text)),
        ),
      { what: "the question asking why" },
    );
    const before = (await caseRow(invoice.caseId))?.version ?? 0;
    // The debtor taps the link again: a new welcome, a new case version.
    await telegram.userStarts(chat, invoice.token);
    await eventually(async () => ((await caseRow(invoice.caseId))?.version ?? 0) > before, {
      what: "the second welcome",
    });
    // The question's buttons, shown at the older version, still do what they say.
    await press(chat, /trésorerie/i);
    await eventually(
      () =>
        botMessages(telegram, chat).some((m) =>
          m.buttons.flat().some((b) => /3 fois/i.test(b.text)),
        ),
      { what: "the offers" },
    );
    expect(botMessages(telegram, chat).some((m) => /plus disponible/.test(m.text))).toBe(false);
  });
});
