import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, auditLog, cases, messages, offers } from "../../db/schema.ts";
import { eventually, TestClock } from "../support/service.ts";
import {
  botMessages,
  chatIds,
  findButton,
  givenBoundChat,
  givenInvoiceViaApi,
  settled,
  startTelegramE2E,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * A debtor who writes instead of pressing a button: "je peux payer 150 € par mois" is read as a
 * counter-offer (150 € each month) and goes down the counter-offer path — the bot accepts it when
 * it fits the policy, and otherwise counters with the nearest plan that does.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let e2e: TelegramE2E;
const newChat = chatIds();
const PROPOSAL = "je peux payer 150 € par mois";

beforeAll(async () => {
  e2e = await startTelegramE2E({
    clock,
    fake: { now: clock.millis, rateLimits: false },
    worker: { rates: { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
});

afterAll(async () => {
  await e2e?.stop();
});

async function audit(caseId: string, action: string) {
  return e2e.svc.db.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, action)))
    .orderBy(asc(auditLog.id));
}

async function caseState(caseId: string) {
  const [row] = await e2e.svc.db.db.select().from(cases).where(eq(cases.id, caseId));
  return row?.state as { status: string; counterRounds: number } | undefined;
}

async function press(chat: number, label: RegExp, caseId: string) {
  const button = findButton(e2e.telegram, chat, label);
  const { status } = await e2e.telegram.userPressesButton(
    chat,
    button.messageId,
    button.callbackData,
  );
  expect(status).toBe(200);
  await settled(e2e.svc, caseId);
}

describe("free text into the counter-offer path", () => {
  it("150 € a month outside the policy: the owner is asked for it, and the closest plan in policy can be agreed meanwhile", async () => {
    // Default policy: more than 3 installments need a 20 % down payment (180 €); 6 × 150 € starts
    // with 150 €, inside the approval band, so the owner is asked — and the debtor is offered the
    // closest plan in policy, never more than 150 € a month: 180 € down, then 5 × 144 €.
    const { chat, caseId } = await givenBoundChat(e2e, newChat());

    const { status } = await e2e.telegram.userSendsText(chat, PROPOSAL);
    expect(status).toBe(200);
    await settled(e2e.svc, caseId);

    // The words are kept, read as an amount per month, and answered as a counter-offer.
    const kept = await e2e.svc.db.db
      .select()
      .from(messages)
      .where(and(eq(messages.caseId, caseId), eq(messages.direction, "in")));
    expect(kept.map((m) => m.text)).toEqual([PROPOSAL]);
    const [asked] = await audit(caseId, "proposal_sent_to_owner");
    expect(asked?.detail).toMatchObject({
      proposal: { amountPerPeriodMinor: 15_000, period: "month" },
      breaches: [{ limit: "min_down_payment", allowed: 18_000, proposed: 15_000 }],
    });
    expect(await caseState(caseId)).toMatchObject({ status: "awaiting_owner" });

    const [offer] = await e2e.svc.db.db.select().from(offers).where(eq(offers.caseId, caseId));
    expect(offer?.withinPolicy).toBe(true);
    const reply = botMessages(e2e.telegram, chat).at(-1);
    // One line per option: the plan with its down payment, then so much a month.
    expect(reply?.text).toMatch(/6 mensualités\s*:\s*180,00\s€ d'acompte puis 144,00\s€\/mois/u);
    expect(reply?.buttons.flat().map((b) => b.text)).toEqual(expect.arrayContaining(["En 6 fois"]));

    // The closest plan leads to an agreement on exactly the invoice's amount.
    await press(chat, /En 6 fois/, caseId);
    await press(chat, /confirm/i, caseId);
    const [agreement] = await e2e.svc.db.db
      .select()
      .from(agreements)
      .where(eq(agreements.caseId, caseId));
    expect(agreement?.totalMinor).toBe(90_000);
    expect(agreement?.channel).toBe("telegram");
    expect((await caseState(caseId))?.status).toBe("agreed");
  });

  it("150 € a month within the policy: the proposal itself is put up for confirmation", async () => {
    // Without a down payment required, 6 monthly installments of 150 € fit the policy.
    const invoice = await givenInvoiceViaApi(e2e.svc, {
      policy: { installments: { minDownPaymentPercent: 0 } },
    });
    const { chat, caseId } = await givenBoundChat(e2e, newChat(), invoice);

    await e2e.telegram.userSendsText(chat, PROPOSAL);
    await settled(e2e.svc, caseId);

    const [accepted] = await audit(caseId, "proposal_accepted");
    expect(accepted?.detail).toMatchObject({
      proposal: { amountPerPeriodMinor: 15_000, period: "month" },
    });
    expect((await caseState(caseId))?.status).toBe("awaiting_confirmation");
    const confirm = botMessages(e2e.telegram, chat).at(-1);
    // Six equal monthly installments read as one line on a phone.
    expect(confirm?.text).toMatch(/900,00\s€ en 6 échéances/);
    expect(confirm?.text).toMatch(/6 × 150,00\s€, le 30 de chaque mois/);
    expect(confirm?.buttons.flat().some((b) => /confirm/i.test(b.text))).toBe(true);

    await press(chat, /confirm/i, caseId);
    const [agreement] = await e2e.svc.db.db
      .select()
      .from(agreements)
      .where(eq(agreements.caseId, caseId));
    expect(agreement?.totalMinor).toBe(90_000);
    expect(agreement?.renderedText).toBe(confirm?.text);
  });

  it("the same words on an overdue invoice, before any reason was given, still open the counter-offer path", async () => {
    const invoice = await givenInvoiceViaApi(e2e.svc, {
      dueDate: "2026-11-18",
      policy: { installments: { minDownPaymentPercent: 0 } },
    });
    const { chat, caseId } = await givenBoundChat(e2e, newChat(), invoice);
    // The case started at creation and its "why?" step came due before any chat was bound: the
    // question is asked right after the welcome, with the reasons as buttons.
    await eventually(
      () =>
        botMessages(e2e.telegram, chat).some((m) =>
          m.buttons.flat().some((b) => /trésorerie/i.test(b.text)),
        ),
      { what: "the question asking why" },
    );
    await settled(e2e.svc, caseId);
    expect((await caseState(caseId))?.status).toBe("awaiting_reason");

    await e2e.telegram.userSendsText(chat, PROPOSAL);
    await settled(e2e.svc, caseId);

    expect(await audit(caseId, "proposal_accepted")).toHaveLength(1);
    expect((await caseState(caseId))?.status).toBe("awaiting_confirmation");
    expect(botMessages(e2e.telegram, chat).at(-1)?.text).toMatch(/6 × 150,00\s€/);
  });
});
