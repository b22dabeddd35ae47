import { randomBytes } from "node:crypto";
import { dropDatabase } from "../db/index.ts";
import { FakeSlack } from "../test/fakes/slack-web-api.ts";
import { FakeTelegram } from "../test/fakes/telegram-bot-api.ts";
import { deleteRedisKeys, withDatabaseName } from "../test/support/services.ts";
import { type Config, loadConfig } from "./config.ts";
import type { Logger } from "./logger.ts";
import type { RunningService } from "./main.ts";

/**
 * `npm run demo`: the real service — web, worker, Postgres, Redis — talking to local fakes of the
 * Telegram Bot API and the Slack Web API (the same ones the tests use), on a database of its own, so the whole negotiation
 * can be watched on one machine without any account. A debtor opens the invoice's deep link, is
 * asked why the payment is late, chooses a plan and confirms it; the transcript is printed and the
 * agreement is read back from the API. With `--keep` the service stays up afterwards.
 */

type Start = (config: Config, options: { mode: "all"; logger: Logger }) => Promise<RunningService>;

const DEMO_CHAT = 4_242;
const OWNER = "U0OWNER001";
const APPROVALS = "C0APPROVAL";

export async function runDemo(
  env: Readonly<Record<string, string | undefined>>,
  startService: Start,
  logger: Logger,
  keep: boolean,
): Promise<void> {
  const telegram = new FakeTelegram({ rateLimits: false });
  const slack = new FakeSlack({ rateLimits: false });
  await Promise.all([telegram.start(), slack.start()]);
  const secret = randomBytes(16).toString("hex");
  // A database and a queue prefix of its own, dropped at the end: the fakes start afresh each run
  // (their update ids too), so nothing of an earlier run may linger.
  const run = randomBytes(4).toString("hex");
  const config = loadConfig({
    ...env,
    DATABASE_URL: withDatabaseName(
      env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/relance",
      `relance_demo_${run}`,
    ),
    API_TOKEN: env.API_TOKEN ?? `demo-${randomBytes(12).toString("hex")}`,
    MIGRATE_ON_START: "true",
    // Any free port, unless it stays up for you to try (then PORT or 3000).
    PORT: env.PORT ?? (keep ? "3000" : "0"),
    BULLMQ_PREFIX: `relance-demo-${run}`,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_BOT_USERNAME: telegram.botInfo.username,
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_API_ROOT: telegram.url,
    SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: `${slack.url}/api/`,
  });
  // Whatever stops the demo — the end of the script, Ctrl-C, a SIGTERM, a failure — its database
  // and its Redis keys go with it.
  let service: RunningService | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanUp = () => {
    cleaned ??= (async () => {
      await service?.stop().catch(() => undefined);
      await Promise.all([telegram.stop(), slack.stop()]).catch(() => undefined);
      await dropDatabase(config.DATABASE_URL).catch(() => undefined);
      await deleteRedisKeys(config.REDIS_URL, config.BULLMQ_PREFIX).catch(() => undefined);
    })();
    return cleaned;
  };
  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    stopRequested();
    // Interrupted mid-script: clean up, then exit as a signalled process would.
    if (!keep) void cleanUp().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    service = await startService(config, { mode: "all", logger });
    const running = service;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${running.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.API_TOKEN}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 400)
        throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const out = (line = "") => process.stdout.write(`${line}\n`);

    await fetch(
      `${telegram.url}/bot${telegram.token}/setWebhook?url=${encodeURIComponent(
        `${running.url}/webhooks/telegram`,
      )}&secret_token=${secret}`,
    );
    const business = await api("POST", "/api/businesses", {
      name: "Atelier Lune",
      locale: "fr",
      timezone: "Europe/Paris",
      currency: "EUR",
      slack: { channelId: APPROVALS, approverIds: [OWNER] },
      // Reminders normally wait for decent hours (08:00–20:00, Monday–Saturday); the demo may run
      // at any hour, so its business allows every hour of every day.
      policy: {
        sendWindow: { from: "00:00", to: "23:59" },
        allowedWeekdays: [1, 2, 3, 4, 5, 6, 7],
      },
      paymentInstructions: {
        iban: "FR76 3000 6000 0112 3456 7890 189",
        bic: "BNPAFRPPXXX",
        text: "Virement : FR76 3000 6000 0112 3456 7890 189",
      },
    });
    const due = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    const invoice = await api("POST", "/api/invoices", {
      businessId: business.id,
      number: `F-DEMO-${randomBytes(3).toString("hex")}`,
      amount: 90_000,
      currency: "EUR",
      issuedAt: new Date(Date.now() - 35 * 86_400_000).toISOString().slice(0, 10),
      dueDate: due,
      debtor: {
        externalRef: `C-${randomBytes(3).toString("hex")}`,
        name: "Camille Martin",
        locale: "fr",
        timezone: "Europe/Paris",
      },
    });
    const links = invoice.links as { telegram: string };
    out(`Invoice ${String(invoice.invoiceId)} — 900,00 €, due ${due}; deep link ${links.telegram}`);
    out();

    const token = new URL(links.telegram).searchParams.get("start") ?? "";
    await telegram.userStarts(DEMO_CHAT, token);
    await waitForButton(telegram, /trésorerie/i);
    await press(telegram, /trésorerie/i);
    await waitForButton(telegram, /3 fois/i);
    await press(telegram, /3 fois/i);
    await waitForButton(telegram, /confirm/i);
    await press(telegram, /confirm/i);
    await waitFor(() =>
      /confirmation écrite/i.test(telegram.lastBotMessage(DEMO_CHAT)?.text ?? ""),
    );

    for (const m of telegram.chats(DEMO_CHAT)) {
      out(
        `${m.from === "bot" ? "Relance" : "Debtor "} │ ${m.text.replaceAll("\n", "\n        │ ")}`,
      );
      // The buttons as first shown (a choice clears them).
      const shown = telegram.messageHistory(DEMO_CHAT, m.messageId)[0] ?? m;
      const labels = shown.buttons.flat().map((b) => `[${b.text}]`);
      if (labels.length > 0) out(`        │ ${labels.join(" ")}`);
      const tapped = taps.get(m.messageId);
      if (tapped) out(`Debtor  │ taps [${tapped}]`);
      out();
    }
    const agreements = await api("GET", `/api/agreements?businessId=${String(business.id)}`);
    out("Agreement log (GET /api/agreements):");
    out(JSON.stringify(agreements, null, 2));
    if (keep) {
      out();
      out(`Service on ${running.url} — API token ${config.API_TOKEN}. Ctrl-C to stop.`);
      await stopped;
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanUp();
  }
}

async function waitFor(probe: () => boolean | undefined, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("the demo timed out waiting for the bot");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const taps = new Map<number, string>();

function findButton(telegram: FakeTelegram, label: RegExp) {
  for (const m of [...telegram.chats(DEMO_CHAT)].reverse()) {
    const b = m.buttons.flat().find((x) => label.test(x.text));
    if (b?.callbackData) return { messageId: m.messageId, data: b.callbackData, text: b.text };
  }
  return null;
}

function waitForButton(telegram: FakeTelegram, label: RegExp): Promise<void> {
  return waitFor(() => findButton(telegram, label) !== null);
}

async function press(telegram: FakeTelegram, label: RegExp): Promise<void> {
  const b = findButton(telegram, label);
  if (!b) throw new Error(`no button ${label}`);
  taps.set(b.messageId, b.text);
  await telegram.userPressesButton(DEMO_CHAT, b.messageId, b.data);
}
