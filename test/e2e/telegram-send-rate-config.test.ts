import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { eventually, startTestService, TestClock, type TestService } from "../support/service.ts";
import { chatIds, givenInvoiceViaApi, registerWebhook } from "../support/telegram-e2e.ts";

/**
 * The send rate is configuration: `TELEGRAM_RATE_PER_SECOND=10` in the environment (no code
 * option), and two worker processes sharing it. The fake enforces 10 messages per sliding
 * 900 ms on real time — a little looser than 10/s, for the jitter between the rate check and the
 * wire on a loaded machine, and far stricter than the default 30/s, which it would refuse with
 * 429s. Thirty chats welcomed at once: no 429, each welcomed once, spread over about 3 s.
 */

const RATE = 10;
const CHATS = 30;
// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
const telegram = new FakeTelegram({
  now: Date.now,
  rateLimits: {
    perChat: { max: 1, windowMs: 800 },
    global: { max: RATE, windowMs: 900 },
  },
});
let web: TestService;
let secondWorker: TestService;
const newChat = chatIds();

beforeAll(async () => {
  await telegram.start();
  const env = { TELEGRAM_RATE_PER_SECOND: String(RATE) };
  web = await startTestService({
    clock,
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    env,
  });
  // Another worker process on the same database and queues: the rate is the bot's, not each one's.
  secondWorker = await startTestService({
    clock,
    mode: "worker",
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    env: { ...env, BULLMQ_PREFIX: web.config.BULLMQ_PREFIX },
  });
  if (web.url === null) throw new Error("no web server");
  await registerWebhook(telegram, web.url);
});

afterAll(async () => {
  await secondWorker?.stop();
  await web?.stop();
  await telegram.stop();
});

describe("the send rate from the environment", () => {
  it("two workers at TELEGRAM_RATE_PER_SECOND=10 break no 10-per-second limit", {
    // Thirty invoices through the API and three seconds of sending; more on a shared machine.
    timeout: 120_000,
  }, async () => {
    expect(web.config.TELEGRAM_RATE_PER_SECOND).toBe(RATE);
    const invoices = await Promise.all(
      Array.from({ length: CHATS }, () => givenInvoiceViaApi(web)),
    );
    const chats = invoices.map(() => newChat());
    const starts = await Promise.all(
      invoices.map((invoice, i) => telegram.userStarts(chats[i] ?? 0, invoice.token)),
    );
    expect(starts.every((s) => s.status === 200)).toBe(true);

    const welcomes = await eventually(
      () => {
        const sent = telegram.calls.filter((c) => c.method === "sendMessage" && c.status === 200);
        return sent.length >= CHATS ? sent : null;
      },
      { what: "thirty welcomes", timeoutMs: 60_000 },
    );
    expect(telegram.calls.filter((c) => c.status === 429)).toEqual([]);
    expect(new Set(welcomes.map((c) => String(c.params.chat_id))).size).toBe(CHATS);
    expect(welcomes).toHaveLength(CHATS);
    // 30 messages at 10/s: the first and the last are about 2.9 s apart (at 30/s, about 1 s).
    const times = welcomes.map((c) => c.at).sort((x, y) => x - y);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(2_500);
    // Connections to the Bot API are kept alive: far fewer than one per message.
    expect(telegram.connections).toBeLessThan(CHATS / 2);
  });
});
