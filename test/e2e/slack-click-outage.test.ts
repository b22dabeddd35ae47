import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECT_TIMEOUT_SECONDS } from "../../db/client.ts";
import { cases, debtorChannels, inboundEvents } from "../../db/schema.ts";
import type { CaseState } from "../../src/core/case-state.ts";
import type { CaseEvent } from "../../src/core/events.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { blockActionsPayload, signSlackRequest } from "../fakes/slack-signing.ts";
import { FakeSlack } from "../fakes/slack-web-api.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { fileDatabaseUrl } from "../support/isolation.ts";
import {
  eventually,
  startTestService,
  TEST_SLACK_SECRET,
  TestClock,
  type TestService,
} from "../support/service.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

/**
 * An owner's click in Slack while Postgres is away from the service (a TCP proxy in front of this
 * file's database; the shared server is never touched). The click is acknowledged at once (Slack
 * wants an answer within 3 s and never sends a block action again), so its work must not be lost:
 * before, one failed attempt after the ack and the click was gone, with a line in the log only.
 */

const OWNER = "U0OWNER001";
/** The policy of the test businesses: at most 6 monthly installments, none below 50 €. */
const POLICY = {
  installments: {
    maxCount: 6,
    downPaymentAboveCount: 10,
    frequencies: ["monthly"],
    minInstallmentMinor: 5_000,
    maxPlanDays: 180,
    minDownPaymentPercent: 20,
  },
};
/** The service's retries of a click, shortened (production: 0.5 s to 8 s, 15.5 s in all). */
const RETRY_DELAYS_MS = [200, 400, 800, 1_600];
/** The most the click's retries may take: each attempt can wait a whole connect timeout while
 *  the pool reconnects, plus the pauses between them (on a loaded machine 10 s was not enough). */
const RETRIES_WITHIN_MS =
  (RETRY_DELAYS_MS.length + 1) * CONNECT_TIMEOUT_SECONDS * 1_000 +
  RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) +
  5_000;

const clock = new TestClock("2026-11-23T09:00:00Z");
const databaseUrl = fileDatabaseUrl();
let proxy: TcpProxy;
let slack: FakeSlack;
let telegram: FakeTelegram;
let svc: TestService;
let chatSeq = 810_000;

beforeAll(async () => {
  proxy = new TcpProxy(databaseUrl);
  slack = new FakeSlack({ rateLimits: false, users: [{ id: OWNER, name: "owner" }] });
  telegram = new FakeTelegram({ now: clock.millis, rateLimits: false });
  await Promise.all([proxy.start(), slack.start(), telegram.start()]);
  svc = await startTestService({
    clock,
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    slackApiUrl: `${slack.url}/api/`,
    slackToken: slack.token,
    env: { DATABASE_URL: proxy.url(databaseUrl) },
    slackClickRetryDelaysMs: RETRY_DELAYS_MS,
    worker: {
      rates: {
        telegram: { perSecond: 1_000, perChatIntervalMs: 0 },
        slack: { perSecond: 1_000, perChatIntervalMs: 0 },
      },
    },
  });
});

afterAll(async () => {
  proxy?.restore();
  await svc?.stop();
  await Promise.all([proxy?.stop(), slack?.stop(), telegram?.stop()]);
});

/** A case whose debtor asked for 150 € a month on 1,200 € (8 months, above the policy's 6): the
 *  owner's approval request is in the business's own Slack channel. */
async function givenRequestInSlack() {
  const channel = `C${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
  slack.addChannel({ id: channel, name: `biz-${channel.slice(1, 6)}`, members: [OWNER] });
  const business = await givenBusiness(svc.db.db, {
    locale: "fr",
    policy: POLICY,
    slack: { channelId: channel, approverIds: [OWNER] },
  });
  const invoice = await givenInvoice(svc.db.db, business.id, {}, clock.now());
  const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
  if (!row) throw new Error("no case");
  chatSeq += 1;
  telegram.addChat(chatSeq);
  const replyTo = { channel: "telegram" as const, address: String(chatSeq) };
  await svc.db.db
    .insert(debtorChannels)
    .values({ debtorId: row.debtorId, channel: "telegram", address: replyTo.address });
  const debtor = (event: CaseEvent) =>
    handleEvent(svc.runtime, {
      caseId: invoice.caseId,
      event,
      source: { channel: "telegram", externalId: `t-${randomUUID()}` },
      actor: "debtor:telegram",
      replyTo,
    });
  await debtor({ type: "channel_bound", channel: "telegram" });
  await debtor({
    type: "debtor_action",
    action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
  });
  expect(await statusOf(invoice.caseId)).toBe("awaiting_owner");
  const request = await eventually(
    () =>
      slack
        .messages(channel)
        .find((m) => m.fromBot && JSON.stringify(m.blocks).includes("approve")),
    { what: "the approval request in Slack" },
  );
  return { caseId: invoice.caseId, channel, ts: request.ts };
}

async function statusOf(caseId: string) {
  const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, caseId));
  return (row?.state as unknown as CaseState | null)?.status;
}

/** Slack's POST for a click on "approve", signed with the service's clock. */
async function clickApprove(given: { channel: string; ts: string }) {
  const request = blockActionsPayload(slack.pressButton(given.channel, given.ts, "approve", OWNER));
  const started = performance.now();
  const res = await fetch(`${svc.url}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": request.contentType,
      ...signSlackRequest(
        request.body,
        TEST_SLACK_SECRET,
        Math.floor(clock.now().getTime() / 1000),
      ),
    },
    body: request.body,
  });
  return { status: res.status, ms: Math.round(performance.now() - started) };
}

function clicksRecorded(ts: string) {
  return svc.db.db
    .select()
    .from(inboundEvents)
    .where(
      and(eq(inboundEvents.channel, "slack"), sql`${inboundEvents.externalId} like ${`${ts}/%`}`),
    );
}

const NOT_RECORDED = /n'a pas pu être pris en compte/;
/** Approved terms wait for the debtor's confirmation. */
const APPROVED = "awaiting_confirmation";

describe("an owner's Slack click while Postgres is away", { timeout: 90_000 }, () => {
  it("is acknowledged at once and recorded once Postgres is back, within the retries", async () => {
    const given = await givenRequestInSlack();
    proxy.cut();
    const click = await clickApprove(given);
    expect(click.status).toBe(200);
    // The first attempts fail (their connections are reset), then Postgres is back.
    await eventually(() => proxy.refused >= 2, { what: "the click's first attempts to fail" });
    proxy.restore();

    await eventually(async () => (await statusOf(given.caseId)) === APPROVED, {
      what: "the approval to be recorded",
      timeoutMs: RETRIES_WITHIN_MS,
    });
    expect(await clicksRecorded(given.ts)).toHaveLength(1);
    expect(slack.ephemerals(given.channel)).toEqual([]);
    await eventually(
      () => slack.messages(given.channel).find((m) => m.ts === given.ts && m.edited),
      { what: "the request to show the decision" },
    );
    console.info(`[figures] Slack click with Postgres away: acknowledged in ${click.ms} ms`);
  });

  it("when Postgres stays away, the owner is told privately, and pressing again afterwards works", async () => {
    const given = await givenRequestInSlack();
    const mark = svc.logs.length;
    proxy.cut();
    expect((await clickApprove(given)).status).toBe(200);

    const told = await eventually(() => slack.ephemerals(given.channel)[0], {
      what: "a private message to the owner",
      timeoutMs: RETRIES_WITHIN_MS,
    });
    expect(told.user).toBe(OWNER);
    // The business's language is in the database, which is away: both languages.
    expect(told.text).toMatch(NOT_RECORDED);
    expect(told.text).toMatch(/could not be taken into account/);
    expect(
      svc.logs
        .slice(mark)
        .filter((l) => l.msg === "owner click not recorded; the owner is asked to press again"),
    ).toEqual([expect.objectContaining({ level: "warn", attempts: RETRY_DELAYS_MS.length + 1 })]);

    proxy.restore();
    await eventually(
      () => svc.logs.slice(mark).some((l) => l.msg === "dependency available again"),
      { what: "Postgres back" },
    );
    expect(await statusOf(given.caseId)).toBe("awaiting_owner");
    expect(await clicksRecorded(given.ts)).toEqual([]);

    expect((await clickApprove(given)).status).toBe(200);
    await eventually(async () => (await statusOf(given.caseId)) === APPROVED, {
      what: "the second press to be recorded",
    });
    expect(await clicksRecorded(given.ts)).toHaveLength(1);
    expect(slack.ephemerals(given.channel)).toHaveLength(1);
  });
});
