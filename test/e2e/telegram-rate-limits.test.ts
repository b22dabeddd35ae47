import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedCall } from "../fakes/fake-http-server.ts";
import { eventually, TestClock } from "../support/service.ts";
import {
  chatIds,
  givenBoundChat,
  givenInvoiceViaApi,
  outboxRows,
  settled,
  startTelegramE2E,
  successfulCalls,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * Telegram's flood limits: about 30 messages per second per bot and one per second per chat; a
 * 429 says how long to wait. The fake enforces both limits on real time (it answers 429 when they
 * are broken) and the service runs with its production rates: each chat is paced, the bot as a
 * whole is throttled, and a 429 moves only that message back to delayed — other chats go on.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let e2e: TelegramE2E;
const newChat = chatIds();

beforeAll(async () => {
  e2e = await startTelegramE2E({
    clock,
    fake: {
      // Real time: the limits and the call log are about when messages actually go.
      now: Date.now,
      rateLimits: {
        // A little under a second: the pacer reserves the slot just before the call, and a
        // loaded machine delays one call more than the next.
        perChat: { max: 1, windowMs: 800 },
        global: { max: 30, windowMs: 1_000 },
      },
    },
    // Production rates (DEFAULT_RATES): 30 messages/s per bot, one message/s per chat.
  });
});

afterAll(async () => {
  await e2e?.stop();
});

const sendsTo = (chat: number) => successfulCalls(e2e.telegram, "sendMessage", chat);
const tooManyRequests = () =>
  e2e.telegram.calls.filter((c) => c.method === "sendMessage" && c.status === 429);
const replyTo = (chat: number, pattern: RegExp) => (): RecordedCall | undefined =>
  sendsTo(chat).find((c) => pattern.test(String(c.params.text)));

describe("Telegram's flood limits", () => {
  it("a 429 is retried after retry_after, once, while another chat's message goes out meanwhile", async () => {
    const a = await givenBoundChat(e2e, newChat());
    const b = await givenBoundChat(e2e, newChat());
    const floodsBefore = tooManyRequests().length;

    e2e.telegram.failNext("sendMessage", { status: 429, retryAfter: 1 });
    await e2e.telegram.userSendsText(a.chat, "je peux payer 50 € par mois");
    const refused = await eventually(
      () =>
        e2e.telegram.calls.find(
          (c) => c.status === 429 && String(c.params.chat_id) === String(a.chat),
        ),
      { what: "the 429 for chat A" },
    );

    await e2e.telegram.userSendsText(b.chat, "je peux payer 50 € par mois");
    const bReply = await eventually(replyTo(b.chat, /rapproche le plus/), {
      what: "chat B's reply",
    });
    const aReply = await eventually(replyTo(a.chat, /rapproche le plus/), {
      what: "chat A's reply, retried",
      timeoutMs: 8_000,
    });

    // B was not held up by A's 429; A waited for retry_after, then went once.
    expect(bReply.at).toBeLessThan(aReply.at);
    expect(aReply.at - refused.at).toBeGreaterThanOrEqual(950);
    expect(
      sendsTo(a.chat).filter((c) => /rapproche le plus/.test(String(c.params.text))),
    ).toHaveLength(1);
    const rows = await settled(e2e.svc, a.caseId);
    const retried = rows.find((r) => r.kind === "send_card" && r.lastError !== null);
    expect(retried).toMatchObject({ status: "sent", lastError: "postponed: rate_limited" });
    // The injected 429 was the only one: the service itself broke no limit.
    expect(tooManyRequests().length - floodsBefore).toBe(1);
  });

  it("messages to one chat go at least a second apart, while other chats are not held up", async () => {
    const a = await givenBoundChat(e2e, newChat());
    const b = await givenBoundChat(e2e, newChat());
    const floodsBefore = tooManyRequests().length;

    // Three answers due to A at once (right after its welcome), one to B.
    await e2e.telegram.userSendsText(a.chat, "bonjour");
    await e2e.telegram.userSendsText(a.chat, "je peux payer 50 € par mois");
    await e2e.telegram.userSendsText(a.chat, "bonjour");
    await e2e.telegram.userSendsText(b.chat, "je peux payer 50 € par mois");

    const toA = await eventually(() => (sendsTo(a.chat).length >= 4 ? sendsTo(a.chat) : null), {
      what: "the welcome and three answers in chat A",
      timeoutMs: 15_000,
    });
    const gaps = toA.slice(1).map((call, i) => call.at - (toA[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(800);
    const bReply = await eventually(replyTo(b.chat, /rapproche le plus/), {
      what: "chat B's reply",
    });
    // B's answer did not queue behind A's: it left before A's last, due two seconds after the
    // first (a margin a loaded machine cannot eat, unlike one second).
    expect(bReply.at).toBeLessThan(toA[3]?.at ?? 0);
    expect(tooManyRequests().length - floodsBefore).toBe(0);
    for (const chat of [a, b]) await settled(e2e.svc, chat.caseId);
    expect((await outboxRows(e2e.svc, a.caseId)).every((r) => r.status === "sent")).toBe(true);
  });

  it("thirty-two chats welcomed at once: throttled to about 30 per second, each welcomed exactly once", async () => {
    const invoices = await Promise.all(
      Array.from({ length: 32 }, () => givenInvoiceViaApi(e2e.svc)),
    );
    const chats = invoices.map(() => newChat());
    const callsBefore = e2e.telegram.calls.length;

    const starts = await Promise.all(
      invoices.map((invoice, i) => e2e.telegram.userStarts(chats[i] ?? 0, invoice.token)),
    );
    expect(starts.every((s) => s.status === 200)).toBe(true);

    const welcomes = await eventually(
      () => {
        const sent = e2e.telegram.calls
          .slice(callsBefore)
          .filter((c) => c.method === "sendMessage" && c.status === 200);
        return sent.length >= 32 ? sent : null;
      },
      { what: "thirty-two welcomes", timeoutMs: 8_000 },
    );
    // The bot's own throttle lets one message go every 1000/30 ms: the typical gap between two
    // sends is about 34 ms (unthrottled, a few ms), and they spread over about a second.
    const attempts = e2e.telegram.calls
      .slice(callsBefore)
      .filter((c) => c.method === "sendMessage")
      .map((c) => c.at)
      .sort((x, y) => x - y);
    const gaps = attempts
      .slice(1)
      .map((t, i) => t - (attempts[i] ?? 0))
      .sort((x, y) => x - y);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(20);
    const times = welcomes.map((c) => c.at).sort((x, y) => x - y);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(800);
    // Each chat got its welcome once; a send refused by the flood limit (jitter between the
    // throttle and the wire) went once more, after retry_after, and was not duplicated.
    expect(new Set(welcomes.map((c) => String(c.params.chat_id))).size).toBe(32);
    expect(welcomes).toHaveLength(32);
    const refused = e2e.telegram.calls
      .slice(callsBefore)
      .filter((c) => c.method === "sendMessage" && c.status === 429);
    for (const flood of refused) {
      const retry = welcomes.find((c) => c.params.chat_id === flood.params.chat_id);
      expect((retry?.at ?? 0) - flood.at).toBeGreaterThanOrEqual(950);
    }
  });
});
