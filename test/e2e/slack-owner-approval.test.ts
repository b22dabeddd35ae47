import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { Api } from "grammy";
import { Hono } from "hono";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, inject, it, vi } from "vitest";
import { createSlackChannel, type SlackChannel } from "../../bot/slack/index.ts";
import { TelegramDelivery } from "../../bot/telegram/index.ts";
import { createOwnerDirectory } from "../../db/owner-directory.ts";
import { createOwnerReports } from "../../db/owner-reports.ts";
import { PgCaseStore } from "../../db/runtime/case-store.ts";
import { PgOutboxStore, PgTimerStore } from "../../db/runtime/outbox-store.ts";
import { agreements, cases, debtorChannels, invoices } from "../../db/schema.ts";
import { RelanceQueues } from "../../jobs/queues.ts";
import { type RunningWorkers, startWorkers } from "../../jobs/workers.ts";
import type { CaseState } from "../../src/core/case-state.ts";
import type { CaseEvent } from "../../src/core/events.ts";
import { DeliveryRouter } from "../../src/runtime/delivery.ts";
import { handleEvent, type RuntimeDeps } from "../../src/runtime/handle-event.ts";
import { systemClock } from "../../src/runtime/ports.ts";
import { blockActionsPayload, postSignedToApp } from "../fakes/slack-signing.ts";
import { FakeSlack, type SlackSeenMessage } from "../fakes/slack-web-api.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { type DbConnection, testDb } from "../support/db.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";

/**
 * End to end: real Postgres, real Redis and BullMQ workers (the outbox relay), the service's HTTP
 * stack serving POST /slack/events, the fake Slack Web API for the owner and the fake Telegram Bot
 * API for the debtor. The debtor's own inputs are fed to the runtime directly (the Telegram
 * webhook has its own end-to-end test).
 */
const SECRET = "e2e-signing-secret-0123456789abcdef";
const OWNER = "U0OWNER001";
const CHANNEL = `C${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
const CHAT = 424_242;

let conn: DbConnection;
let redis: Redis;
let queues: RelanceQueues;
let workers: RunningWorkers;
let slackFake: FakeSlack;
let telegramFake: FakeTelegram;
let slack: SlackChannel;
let runtime: RuntimeDeps;
let server: ReturnType<typeof serve>;
let url: string;
const errors: unknown[] = [];

const log = {
  info: () => {},
  warn: () => {},
  error: (obj: object) => {
    errors.push(obj);
  },
  debug: () => {},
};

beforeAll(async () => {
  conn = testDb();
  redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
  const prefix = `${inject("bullmqPrefix")}e2es`;
  queues = new RelanceQueues(redis, prefix, systemClock);
  slackFake = new FakeSlack({
    rateLimits: false,
    channels: [{ id: CHANNEL, name: "approvals", members: [OWNER] }],
  });
  telegramFake = new FakeTelegram();
  await Promise.all([slackFake.start(), telegramFake.start()]);
  telegramFake.addChat(CHAT);

  runtime = { store: new PgCaseStore(conn.db), clock: systemClock, jobs: queues, log };
  const created = createSlackChannel(
    {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: slackFake.token,
      SLACK_API_URL: `${slackFake.url}/api/`,
    },
    { runtime, directory: createOwnerDirectory(conn.db), reports: createOwnerReports(conn.db) },
  );
  if (!created) throw new Error("no Slack channel");
  slack = created;

  const delivery = new DeliveryRouter({
    slack: slack.delivery,
    telegram: new TelegramDelivery(new Api(telegramFake.token, { apiRoot: telegramFake.url }), log),
  });
  workers = await startWorkers({
    ...runtime,
    outbox: new PgOutboxStore(conn.db),
    timers: new PgTimerStore(conn.db),
    delivery,
    queues,
    connection: redis,
    reconcileEveryMs: 60_000,
  });

  // The service's HTTP stack, as src/main.ts mounts it.
  const app = new Hono();
  app.route("/", slack.app);
  server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await slack.idle();
  await workers.close();
  await queues.close();
  redis.disconnect();
  await Promise.all([slackFake.stop(), telegramFake.stop()]);
  await conn.close();
});

async function caseState(caseId: string): Promise<CaseState> {
  const [row] = await conn.db.select().from(cases).where(eq(cases.id, caseId));
  return row?.state as unknown as CaseState;
}

function debtor(caseId: string, event: CaseEvent) {
  return handleEvent(runtime, {
    caseId,
    event,
    source: { channel: "telegram", externalId: `e2e-${randomUUID()}` },
    actor: "debtor:telegram",
    replyTo: { channel: "telegram", address: String(CHAT) },
  });
}

function approvalRequest(): SlackSeenMessage | undefined {
  return slackFake
    .messages(CHANNEL)
    .find((m) => JSON.stringify(m.blocks).includes('"action_id":"approve"'));
}

it("a counter-offer outside policy reaches the owner, is approved in Slack, confirmed by the debtor, and the agreement names the approver", async () => {
  const business = await givenBusiness(conn.db, {
    locale: "fr",
    policy: { installments: { maxCount: 6, downPaymentAboveCount: 10, frequencies: ["monthly"] } },
    slack: { channelId: CHANNEL, approverIds: [OWNER] },
  });
  const invoice = await givenInvoice(conn.db, business.id);
  const [row] = await conn.db
    .select({ debtorId: cases.debtorId, number: invoices.number })
    .from(cases)
    .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
    .where(eq(cases.id, invoice.caseId));
  if (!row) throw new Error("no case");
  await conn.db
    .insert(debtorChannels)
    .values({ debtorId: row.debtorId, channel: "telegram", address: String(CHAT) });
  await debtor(invoice.caseId, { type: "channel_bound", channel: "telegram" });
  await debtor(invoice.caseId, {
    type: "debtor_action",
    action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
  });
  expect((await caseState(invoice.caseId)).status).toBe("awaiting_owner");

  // 1. The worker posts the approval request to the business's channel.
  const request = await vi.waitFor(
    () => {
      const m = approvalRequest();
      if (!m) throw new Error("no approval request yet");
      return m;
    },
    { timeout: 15_000, interval: 50 },
  );
  expect(JSON.stringify(request.blocks)).toContain(row.number);

  // 2. A forged click is refused at the door.
  const press = slackFake.pressButton(CHANNEL, request.ts, "approve", OWNER);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const forged = await postSignedToApp(url, blockActionsPayload(press), {
    secret: "wrong-secret",
    timestampSeconds: nowSeconds,
  });
  expect(forged.status).toBe(401);
  expect((await caseState(invoice.caseId)).status).toBe("awaiting_owner");

  // 3. The owner approves: acknowledged at once, the request updated by the worker.
  const approved = await postSignedToApp(url, blockActionsPayload(press), {
    secret: SECRET,
    timestampSeconds: nowSeconds,
  });
  expect(approved.status).toBe(200);
  await vi.waitFor(
    () => {
      const m = slackFake.message(CHANNEL, request.ts);
      if (!m?.edited) throw new Error("not updated yet");
      expect(JSON.stringify(m.blocks)).toContain(`Approuvé par <@${OWNER}>`);
      expect(JSON.stringify(m.blocks)).not.toContain('"type":"actions"');
    },
    { timeout: 15_000, interval: 50 },
  );

  // 4. The debtor is asked to confirm the exact terms, in their Telegram chat.
  const state = await caseState(invoice.caseId);
  if (state.status !== "awaiting_confirmation") throw new Error(`case is ${state.status}`);
  await vi.waitFor(
    () => {
      const last = telegramFake.lastBotMessage(CHAT);
      if (!last?.text.includes("150,00")) throw new Error("no confirmation card yet");
    },
    { timeout: 15_000, interval: 50 },
  );

  // 5. The debtor confirms; the agreement is evidence of who approved it.
  const confirmed = await debtor(invoice.caseId, {
    type: "debtor_action",
    action: { type: "confirm", offerId: state.pendingOfferId },
  });
  expect(confirmed.outcome).toBe("applied");
  const [agreement] = await conn.db
    .select()
    .from(agreements)
    .where(eq(agreements.caseId, invoice.caseId));
  expect(agreement?.approvedBy).toBe(OWNER);
  expect(agreement?.renderedText).toContain("150,00");
  expect(errors).toEqual([]);
});
