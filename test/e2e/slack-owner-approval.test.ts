import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { Api } from "grammy";
import { Hono } from "hono";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, inject, it, vi } from "vitest";
import { createSlackChannel, type SlackChannel } from "../../bot/slack/index.ts";
import { slackText } from "../../bot/slack/strings.ts";
import { TelegramDelivery } from "../../bot/telegram/index.ts";
import { createOwnerDirectory } from "../../db/owner-directory.ts";
import { createOwnerReports } from "../../db/owner-reports.ts";
import { PgCaseStore } from "../../db/runtime/case-store.ts";
import { PgOutboxStore, PgTimerStore } from "../../db/runtime/outbox-store.ts";
import { agreements, cases, debtorChannels, invoices, outbox } from "../../db/schema.ts";
import { RelanceQueues } from "../../jobs/queues.ts";
import { type RunningWorkers, startWorkers } from "../../jobs/workers.ts";
import type { CaseState } from "../../src/core/case-state.ts";
import type { CaseEvent } from "../../src/core/events.ts";
import { DeliveryRouter } from "../../src/runtime/delivery.ts";
import { handleEvent, type RuntimeDeps } from "../../src/runtime/handle-event.ts";
import { handleDeskDecision } from "../../src/runtime/owner-inbound.ts";
import {
  blockActionsPayload,
  postSignedToApp,
  type SlackRequestBody,
  viewSubmissionPayload,
} from "../fakes/slack-signing.ts";
import { FakeSlack, type SlackSeenMessage } from "../fakes/slack-web-api.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { isoDateDaysFrom, TestClock } from "../support/clock.ts";
import { type DbConnection, testDb } from "../support/db.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { fileBullmqPrefix } from "../support/isolation.ts";

/**
 * End to end: real Postgres, real Redis and BullMQ workers (the outbox relay), the service's HTTP
 * stack serving POST /slack/events, the fake Slack Web API for the owner and the fake Telegram Bot
 * API for the debtor. The debtor's own inputs are fed to the runtime directly (the Telegram
 * webhook has its own end-to-end test).
 */
const SECRET = "e2e-signing-secret-0123456789abcdef";
const OWNER = "U0OWNER001";
const INTRUDER = "U0INTRUDE1";
const CHANNEL = `C${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
const CHAT = 424_242;
/** The service's clock, and the Slack signature window's. It never moves, and the invoices fall
 *  due 20 days after it, so no ladder step is due: no timer fires behind a test's back (an overdue
 *  invoice's past steps fire at once and moved the case under a "changes nothing" check). */
const clock = new TestClock();
const NOT_YET_DUE = {
  issuedAt: isoDateDaysFrom(clock.now(), -10),
  dueDate: isoDateDaysFrom(clock.now(), 20),
};

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
  const prefix = `${fileBullmqPrefix()}e2es`;
  queues = new RelanceQueues(redis, prefix, clock);
  slackFake = new FakeSlack({
    rateLimits: false,
    users: [
      { id: OWNER, name: "owner" },
      { id: INTRUDER, name: "intern" },
    ],
    channels: [{ id: CHANNEL, name: "approvals", members: [OWNER, INTRUDER] }],
  });
  telegramFake = new FakeTelegram();
  await Promise.all([slackFake.start(), telegramFake.start()]);
  telegramFake.addChat(CHAT);

  runtime = { store: new PgCaseStore(conn.db), clock, jobs: queues, log };
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
    reconcileEveryMs: null,
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

function debtor(
  caseId: string,
  event: CaseEvent,
  replyTo = { channel: "telegram" as const, address: String(CHAT) },
) {
  return handleEvent(runtime, {
    caseId,
    event,
    source: { channel: "telegram", externalId: `e2e-${randomUUID()}` },
    actor: "debtor:telegram",
    replyTo,
  });
}

function approvalRequest(channel = CHANNEL): SlackSeenMessage | undefined {
  return slackFake
    .messages(channel)
    .find((m) => JSON.stringify(m.blocks).includes('"action_id":"approve"'));
}

let chats = CHAT;

/** A business with its own channel, and a case waiting for the owner; resolves once the
 *  request is in the channel. */
async function caseAwaitingOwner() {
  const channel = `C${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
  slackFake.addChannel({ id: channel, name: channel.toLowerCase(), members: [OWNER, INTRUDER] });
  chats += 1;
  const chat = chats;
  telegramFake.addChat(chat);
  const business = await givenBusiness(conn.db, {
    locale: "fr",
    policy: { installments: { maxCount: 6, downPaymentAboveCount: 10, frequencies: ["monthly"] } },
    slack: { channelId: channel, approverIds: [OWNER] },
  });
  const invoice = await givenInvoice(conn.db, business.id, NOT_YET_DUE, clock.now());
  const [row] = await conn.db.select().from(cases).where(eq(cases.id, invoice.caseId));
  if (!row) throw new Error("no case");
  await conn.db
    .insert(debtorChannels)
    .values({ debtorId: row.debtorId, channel: "telegram", address: String(chat) });
  const replyTo = { channel: "telegram" as const, address: String(chat) };
  await debtor(invoice.caseId, { type: "channel_bound", channel: "telegram" }, replyTo);
  await debtor(
    invoice.caseId,
    {
      type: "debtor_action",
      action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
    },
    replyTo,
  );
  const request = await vi.waitFor(
    () => {
      const m = approvalRequest(channel);
      if (!m) throw new Error("no approval request yet");
      return m;
    },
    { timeout: 15_000, interval: 50 },
  );
  return { caseId: invoice.caseId, channel, chat, request };
}

function signedPost(body: SlackRequestBody) {
  return postSignedToApp(url, body, {
    secret: SECRET,
    timestampSeconds: Math.floor(clock.millis() / 1000),
  });
}

async function waitForUpdate(channel: string, ts: string, needle: string) {
  await vi.waitFor(
    () => {
      const m = slackFake.message(channel, ts);
      if (!m?.edited) throw new Error("not updated yet");
      expect(JSON.stringify(m.blocks)).toContain(needle);
      expect(JSON.stringify(m.blocks)).not.toContain('"type":"actions"');
    },
    { timeout: 15_000, interval: 50 },
  );
}

it("a counter-offer outside policy reaches the owner, is approved in Slack, confirmed by the debtor, and the agreement names the approver", async () => {
  const business = await givenBusiness(conn.db, {
    locale: "fr",
    policy: { installments: { maxCount: 6, downPaymentAboveCount: 10, frequencies: ["monthly"] } },
    slack: { channelId: CHANNEL, approverIds: [OWNER] },
  });
  const invoice = await givenInvoice(conn.db, business.id, NOT_YET_DUE, clock.now());
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
  const nowSeconds = Math.floor(clock.millis() / 1000);
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

it("a decline updates the request and sends the debtor the in-policy options", async () => {
  const given = await caseAwaitingOwner();
  const press = slackFake.pressButton(given.channel, given.request.ts, "decline", OWNER);
  expect((await signedPost(blockActionsPayload(press))).status).toBe(200);
  await waitForUpdate(given.channel, given.request.ts, `Refusé par <@${OWNER}>`);
  expect((await caseState(given.caseId)).status).toBe("offering");
  await vi.waitFor(
    () => {
      const last = telegramFake.lastBotMessage(given.chat);
      if (!last || last.buttons.length === 0) throw new Error("no options yet");
    },
    { timeout: 15_000, interval: 50 },
  );
});

it("a counter-offer from the modal goes to the debtor for confirmation", async () => {
  const given = await caseAwaitingOwner();
  const press = slackFake.pressButton(given.channel, given.request.ts, "counter", OWNER);
  const viewsBefore = slackFake.views().length;
  expect((await signedPost(blockActionsPayload(press))).status).toBe(200);
  const view = await vi.waitFor(
    () => {
      const v = slackFake.views()[viewsBefore];
      if (!v) throw new Error("no modal yet");
      return v;
    },
    { timeout: 15_000, interval: 50 },
  );
  const submitted = await signedPost(
    viewSubmissionPayload({
      user: { id: OWNER },
      viewId: view.id,
      callbackId: String(view.view.callback_id),
      privateMetadata: String(view.view.private_metadata),
      values: {
        count: { value: { type: "plain_text_input", value: "4" } },
        first_date: { value: { type: "datepicker", selected_date: "2026-12-15" } },
      },
    }),
  );
  expect(submitted.status).toBe(200);
  await waitForUpdate(given.channel, given.request.ts, `Contre-proposition de <@${OWNER}>`);
  const state = await caseState(given.caseId);
  expect(state.status).toBe("awaiting_confirmation");
  await vi.waitFor(
    () => {
      const last = telegramFake.lastBotMessage(given.chat);
      if (!last?.text.includes("300,00")) throw new Error("no confirmation card yet");
    },
    { timeout: 15_000, interval: 50 },
  );
});

it("a non-approver's click changes nothing; a double click gives one decision", async () => {
  const given = await caseAwaitingOwner();
  const before = await caseState(given.caseId);
  const intruder = slackFake.pressButton(given.channel, given.request.ts, "approve", INTRUDER);
  expect((await signedPost(blockActionsPayload(intruder))).status).toBe(200);
  await slack.idle();
  expect(slackFake.ephemerals(given.channel).map((e) => e.user)).toEqual([INTRUDER]);
  expect(await caseState(given.caseId)).toEqual(before);

  const press = blockActionsPayload(
    slackFake.pressButton(given.channel, given.request.ts, "approve", OWNER),
  );
  const [a, b] = await Promise.all([signedPost(press), signedPost(press)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  await waitForUpdate(given.channel, given.request.ts, `Approuvé par <@${OWNER}>`);
  await slack.idle();
  const updates = await conn.db.select().from(outbox).where(eq(outbox.caseId, given.caseId));
  expect(updates.filter((r) => r.kind === "owner_update")).toHaveLength(1);
  expect((await caseState(given.caseId)).status).toBe("awaiting_confirmation");
  expect(errors).toEqual([]);
});

it("an approval decided on the desk, then clicked in Slack, makes one decision and says who decided", async () => {
  const given = await caseAwaitingOwner();
  // The owner's Slack client still shows the buttons when the desk decides (the click is sent
  // from a message not yet refreshed).
  const late = blockActionsPayload(
    slackFake.pressButton(given.channel, given.request.ts, "decline", OWNER),
  );
  // The request's row is marked sent just after Slack accepted it: from then on the desk can
  // rewrite the Slack message.
  await vi.waitFor(
    async () => {
      const rows = await conn.db.select().from(outbox).where(eq(outbox.caseId, given.caseId));
      const posted = rows.find((r) => r.kind === "owner_message");
      if (posted?.status !== "sent") throw new Error("request not marked sent yet");
    },
    { timeout: 15_000, interval: 50 },
  );
  // The desk's command: the same owner event, through the same commit path.
  const desk = await handleDeskDecision(
    {
      ...runtime,
      directory: createOwnerDirectory(conn.db),
      words: (locale, id, args) => slackText(locale, id, args),
    },
    { caseId: given.caseId, requestId: "r1", actionId: "approve", email: "claire@lune.test" },
  );
  expect(desk).toMatchObject({ outcome: "applied", status: "awaiting_confirmation" });
  // The Slack request now says who decided, and offers no button.
  await waitForUpdate(given.channel, given.request.ts, "Approuvé par claire@lune.test");

  expect((await signedPost(late)).status).toBe(200);
  await vi.waitFor(
    () => {
      const told = slackFake.ephemerals(given.channel).find((e) => e.user === OWNER);
      if (!told) throw new Error("no answer to the late click yet");
      expect(told.text).toContain("Déjà décidé par claire@lune.test");
    },
    { timeout: 15_000, interval: 50 },
  );
  const state = await caseState(given.caseId);
  expect(state.status).toBe("awaiting_confirmation");
  if (state.status === "awaiting_confirmation") {
    expect(state.offerSet?.approvedBy).toBe("desk:claire@lune.test");
  }
  const rows = await conn.db.select().from(outbox).where(eq(outbox.caseId, given.caseId));
  expect(rows.filter((r) => r.kind === "owner_update")).toHaveLength(1);
  // One confirmation card for the debtor: the desk's approval, nothing from the late click.
  await vi.waitFor(
    () => {
      const last = telegramFake.lastBotMessage(given.chat);
      if (!last?.text.includes("150,00")) throw new Error("no confirmation card yet");
    },
    { timeout: 15_000, interval: 50 },
  );
  expect(
    rows.filter((r) => r.kind === "send_card" && r.payload.messageKind === "confirm_terms"),
  ).toHaveLength(1);
  expect(errors).toEqual([]);
});
