import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../db/audit.ts";
import { agreements, auditLog, cases } from "../../db/schema.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { TestClock } from "../support/service.ts";
import {
  botMessages,
  caseFootprint,
  chatIds,
  findButton,
  givenBoundChat,
  settled,
  startTelegramE2E,
  successfulCalls,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * The commit path under concurrency: one event = one load, one plan, one commit. Events of one
 * case take turns; inputs that arrive twice (a double tap, a redelivery) act once; a press costs
 * one platform call besides the webhook's own reply.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const START = "2026-11-23T10:00:00Z";
const clock = new TestClock(START);
let e2e: TelegramE2E;
const newChat = chatIds();

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

async function agreementCount(caseId: string) {
  const [row] = await e2e.svc.db.db
    .select({ n: count() })
    .from(agreements)
    .where(eq(agreements.caseId, caseId));
  return row?.n ?? 0;
}

/** From the deep link to the confirmation card of a six-installment plan. */
async function atConfirmation() {
  const bound = await givenBoundChat(e2e, newChat());
  await e2e.telegram.userSendsText(bound.chat, "je peux payer 50 € par mois");
  await settled(e2e.svc, bound.caseId);
  const plan = findButton(e2e.telegram, bound.chat, /En 6 fois/);
  await e2e.telegram.userPressesButton(bound.chat, plan.messageId, plan.callbackData);
  await settled(e2e.svc, bound.caseId);
  return { ...bound, confirm: findButton(e2e.telegram, bound.chat, /confirm/i) };
}

describe("one event, one commit", () => {
  it("a double tap on 'confirm' (two presses at once) records one agreement and confirms once", async () => {
    const { chat, caseId, confirm } = await atConfirmation();
    const sendsBefore = successfulCalls(e2e.telegram, "sendMessage", chat).length;

    const taps = await Promise.all([
      e2e.telegram.userPressesButton(chat, confirm.messageId, confirm.callbackData),
      e2e.telegram.userPressesButton(chat, confirm.messageId, confirm.callbackData),
    ]);
    expect(taps.map((t) => t.status)).toEqual([200, 200]);
    await settled(e2e.svc, caseId);

    expect(await agreementCount(caseId)).toBe(1);
    expect((await caseFootprint(e2e.svc, caseId)).status).toBe("agreed");
    // Both spinners stop: each press's callback is answered by its own webhook reply.
    for (const tap of taps) {
      expect(
        successfulCalls(e2e.telegram, "answerCallbackQuery").filter(
          (c) => c.params.callback_query_id === tap.update.callback_query?.id,
        ),
      ).toHaveLength(1);
    }
    // One written confirmation; the second tap is told the option is no longer available.
    const after = botMessages(e2e.telegram, chat).slice(sendsBefore - 0);
    const texts = after.map((m) => m.text);
    expect(texts.filter((t) => /n'est plus disponible/.test(t))).toHaveLength(1);
    expect(texts).toHaveLength(2);
  });

  it("a press costs one platform call besides the webhook's reply: the next card", async () => {
    const { chat, caseId } = await givenBoundChat(e2e, newChat());
    const button = findButton(e2e.telegram, chat, /Parler à quelqu'un/);
    const callsBefore = e2e.telegram.calls.length;
    const press = await e2e.telegram.userPressesButton(chat, button.messageId, button.callbackData);
    await settled(e2e.svc, caseId);
    const calls = e2e.telegram.calls.slice(callsBefore).map((c) => c.method);
    // answerCallbackQuery came in the webhook's reply (the fake records it as a call it ran).
    expect(calls.sort()).toEqual(["answerCallbackQuery", "sendMessage"]);
    expect(press.status).toBe(200);
    // The delivery is counted where an operator alerts on it.
    const metrics = await (await e2e.svc.api("GET", "/metrics")).text();
    const sent = metrics.match(
      /^relance_deliveries_total\{channel="telegram",result="sent"\} (\d+)$/m,
    );
    expect(Number(sent?.[1])).toBeGreaterThanOrEqual(1);
  });

  it("ten concurrent events of one case all apply, one after the other, none lost, no error", async () => {
    const { caseId } = await givenBoundChat(e2e, newChat());
    const before = await caseFootprint(e2e.svc, caseId);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        handleEvent(e2e.svc.runtime, {
          caseId,
          event: {
            type: "payment_received",
            amountMinor: 1_000,
            reference: `PART-${i}`,
            receivedAt: clock.now().toISOString(),
          },
          source: { channel: "payment", externalId: `${caseId}-part-${i}` },
          actor: "api",
        }),
      ),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(10).fill("applied"));
    // Each saw the version the previous one wrote: 10 distinct, consecutive versions.
    const versions = results.map((r) => (r.outcome === "applied" ? r.version : -1)).sort();
    expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => before.version + 1 + i).sort());
    const [row] = await e2e.svc.db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row?.version).toBe(before.version + 10);
    const paid = (row?.state as { paidMinor?: number } | undefined)?.paidMinor;
    expect(paid).toBe(10_000);
    const [entries] = await e2e.svc.db.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.caseId, caseId));
    expect(entries?.n).toBeGreaterThanOrEqual(10);
    expect(await verifyAuditChain(e2e.svc.db.db)).toMatchObject({ ok: true });
  });
});
