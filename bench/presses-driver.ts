import { performance } from "node:perf_hooks";
import type { RecordedCall } from "../test/fakes/fake-http-server.ts";
import { FakeTelegram, type SeenMessage } from "../test/fakes/telegram-bot-api.ts";
import type { DriverReport, FromDriver, ToDriver } from "./presses-protocol.ts";

/**
 * The load generator of bench/presses.ts, run as its child process so that its work (building
 * updates, posting them, the fake Bot API answering the service's sends) does not share an event
 * loop with the service it measures. It hosts the fake Telegram and the simulated debtors.
 *
 * Each debtor is a closed loop: press a button on the latest card, wait for the webhook's answer,
 * wait for the card that answers the press to reach the fake, press again. The cycle used is
 * offers ("3 fois") → confirmation card ("Plus d'options") → offers → …, which moves the case each
 * time (a new version, new button tokens, a cleared keyboard, a callback answer).
 */

const REASON = /trésorerie/i;
const OFFER = /3 fois/i;
const CONFIRM = /je confirme/i;
const UNAVAILABLE = /n'est plus disponible/i;

function send(message: FromDriver): void {
  process.send?.(message);
}

/** Wall-clock ms: the fake stamps every call with `Date.now()`, so press → reply uses it too. */
const telegram = new FakeTelegram({ now: Date.now, rateLimits: false });

/** The chat whose next `sendMessage` answers a press, and when the press was made. */
const waiting = new Map<number, { pressedAt: number; resolve: (at: number) => void }>();
let scanned = 0;

/** Watches the fake's call log: the first sendMessage to a waiting chat answers its press. */
function scanCalls(): void {
  const calls: readonly RecordedCall[] = telegram.calls;
  for (; scanned < calls.length; scanned++) {
    const call = calls[scanned];
    if (call === undefined || call.method !== "sendMessage") continue;
    const chat = Number(call.params.chat_id);
    const waiter = waiting.get(chat);
    if (waiter) {
      waiting.delete(chat);
      waiter.resolve(call.at);
    }
  }
}

function nextReply(chat: number, pressedAt: number, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(chat);
      resolve(null);
    }, timeoutMs);
    waiting.set(chat, {
      pressedAt,
      resolve: (at) => {
        clearTimeout(timer);
        resolve(at);
      },
    });
  });
}

function latestCardWith(chat: number, label: RegExp): SeenMessage | undefined {
  return telegram
    .chats(chat)
    .filter((m) => m.from === "bot" && m.buttons.flat().some((b) => label.test(b.text)))
    .at(-1);
}

function buttonOf(card: SeenMessage, label: RegExp): string | undefined {
  return card.buttons.flat().find((b) => label.test(b.text))?.callbackData;
}

/** Opens the invoice's deep link and returns the reminder card asking why. */
async function prepare(chat: number, token: string): Promise<number> {
  const start = await telegram.userStarts(chat, token);
  if (start.status !== 200) throw new Error(`chat ${chat}: /start got ${start.status}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const card = latestCardWith(chat, REASON);
    if (card) return card.messageId;
    if (Date.now() > deadline) throw new Error(`chat ${chat}: no reminder`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(fn));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function run(message: Extract<ToDriver, { type: "run" }>): Promise<DriverReport> {
  const hook = await fetch(
    `${telegram.url}/bot${telegram.token}/setWebhook?url=${encodeURIComponent(
      message.webhookUrl,
    )}&secret_token=${message.secret}`,
  );
  if (hook.status !== 200) throw new Error(`setWebhook: ${hook.status}`);
  const scanner = setInterval(scanCalls, 1);

  const preparedAt = performance.now();
  const reminders: { chat: number; reminder: number }[] = [];
  await inBatches(message.debtors, 50, async (d) => {
    reminders.push({ chat: d.chat, reminder: await prepare(d.chat, d.token) });
  });
  send({
    type: "log",
    text: `${reminders.length} chats opened, reminders in, in ${Math.round(performance.now() - preparedAt)} ms`,
  });

  const webhookMs: number[] = [];
  const replyMs: number[] = [];
  let presses = 0;
  let refusals = 0;
  let missingReplies = 0;
  let non200 = 0;
  const errors: string[] = [];

  send({ type: "measuring" });
  const startedAt = performance.now();
  const endAt = startedAt + message.seconds * 1000;

  const press = async (chat: number, messageId: number, label: RegExp): Promise<boolean> => {
    const card = telegram.chats(chat).find((m) => m.messageId === messageId);
    const data = card && buttonOf(card, label);
    if (!data) {
      errors.push(`chat ${chat}: no ${label} under ${JSON.stringify(card?.text.slice(0, 60))}`);
      return false;
    }
    const pressedAt = Date.now();
    const reply = nextReply(chat, pressedAt, 10_000);
    const t0 = performance.now();
    const delivery = await telegram.userPressesButton(chat, messageId, data);
    webhookMs.push(performance.now() - t0);
    presses += 1;
    if (delivery.status !== 200) non200 += 1;
    const at = await reply;
    if (at === null) {
      missingReplies += 1;
      return false;
    }
    replyMs.push(at - pressedAt);
    if (UNAVAILABLE.test(telegram.lastBotMessage(chat)?.text ?? "")) refusals += 1;
    return true;
  };
  // Per case: why (cash flow) → the 3-installment offer → confirm; then the next free case.
  let casesDone = 0;
  const debtorLoop = async () => {
    for (let c = reminders.shift(); c !== undefined; c = reminders.shift()) {
      casesDone += 1;
      for (const [label, first] of [
        [REASON, c.reminder],
        [OFFER, null],
        [CONFIRM, null],
      ] as const) {
        if (performance.now() >= endAt) return;
        const messageId = first ?? telegram.lastBotMessage(c.chat)?.messageId ?? 0;
        if (!(await press(c.chat, messageId, label))) break;
      }
    }
  };
  await Promise.all(Array.from({ length: message.concurrent }, debtorLoop));
  const elapsedMs = performance.now() - startedAt;
  send({ type: "measured" });
  clearInterval(scanner);

  webhookMs.sort((a, b) => a - b);
  replyMs.sort((a, b) => a - b);
  const calls: Record<string, number> = {};
  for (const call of telegram.calls) calls[call.method] = (calls[call.method] ?? 0) + 1;
  return {
    presses,
    elapsedMs,
    webhook: {
      p50: percentile(webhookMs, 50),
      p99: percentile(webhookMs, 99),
      max: webhookMs.at(-1) ?? Number.NaN,
    },
    reply: {
      p50: percentile(replyMs, 50),
      p99: percentile(replyMs, 99),
      max: replyMs.at(-1) ?? Number.NaN,
    },
    refusals,
    missingReplies,
    non200,
    errors: errors.slice(0, 5),
    casesDone,
    calls,
  };
}

process.on("message", (raw) => {
  const message = raw as ToDriver;
  if (message.type === "run") {
    run(message).then(
      (report) => send({ type: "report", report }),
      (error: unknown) =>
        send({ type: "failed", error: String(error instanceof Error ? error.stack : error) }),
    );
  } else if (message.type === "stop") {
    void telegram.stop().finally(() => process.exit(0));
  }
});

await telegram.start();
send({ type: "ready", telegramUrl: telegram.url, telegramToken: telegram.token });
