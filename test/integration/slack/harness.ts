import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { createSlackChannel, type SlackChannel } from "../../../bot/slack/index.ts";
import { createOwnerDirectory } from "../../../db/owner-directory.ts";
import { createOwnerReports } from "../../../db/owner-reports.ts";
import { PgCaseStore } from "../../../db/runtime/case-store.ts";
import { PgOutboxStore } from "../../../db/runtime/outbox-store.ts";
import { cases, debtorChannels, inboundEvents, invoices, outbox } from "../../../db/schema.ts";
import type { CaseState } from "../../../src/core/case-state.ts";
import type { CaseEvent } from "../../../src/core/events.ts";
import { type DeliverOutcome, deliverOutboxRow } from "../../../src/runtime/deliver-outbox.ts";
import { DeliveryRouter } from "../../../src/runtime/delivery.ts";
import {
  type HandleResult,
  handleEvent,
  type RuntimeDeps,
} from "../../../src/runtime/handle-event.ts";
import type { Clock, JobPort, Log } from "../../../src/runtime/ports.ts";
import {
  blockActionsPayload,
  type SlackRequestBody,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionPayload,
} from "../../fakes/slack-signing.ts";
import { FakeSlack } from "../../fakes/slack-web-api.ts";
import { type DbConnection, testDb } from "../../support/db.ts";
import { givenBusiness, givenInvoice } from "../../support/fixtures.ts";

/**
 * The Slack owner channel wired to the real runtime on this run's Postgres, with the fake Slack
 * Web API: requests go through the Hono route (signature, Bolt, listeners), the runtime writes
 * outbox rows, and `deliver()` plays the outbox relay's part (BullMQ itself is the worker's
 * concern, tested with the jobs).
 */
export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
export const OWNER = "U0OWNER001";
export const OWNER_2 = "U0OWNER002";
export const INTRUDER = "U0INTRUDE1";

/** A fixed "now" for the case (its invoice fell due on 31 October). */
export const START = new Date("2026-11-23T09:00:00.000Z");

export class TestClock implements Clock {
  constructor(private at: Date = START) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/** Captures log lines instead of printing them. */
export class MemoryLog implements Log {
  readonly lines: { level: string; obj: object; msg?: string }[] = [];
  info(obj: object, msg?: string) {
    this.lines.push({ level: "info", obj, ...(msg ? { msg } : {}) });
  }
  warn(obj: object, msg?: string) {
    this.lines.push({ level: "warn", obj, ...(msg ? { msg } : {}) });
  }
  error(obj: object, msg?: string) {
    this.lines.push({ level: "error", obj, ...(msg ? { msg } : {}) });
  }
}

/** Records what would be enqueued: `deliver()` drains it in order. */
class RecordingJobs implements JobPort {
  readonly deliveries: string[] = [];
  async enqueueDeliveries(rows: readonly { id: string }[]): Promise<void> {
    this.deliveries.push(...rows.map((r) => r.id));
  }
  async enqueueTimers(): Promise<void> {}
  async dropTimers(): Promise<void> {}
}

/** The policy of the test businesses: at most 6 monthly installments, none below 50 €. */
export const TEST_POLICY = {
  installments: {
    maxCount: 6,
    downPaymentAboveCount: 10,
    frequencies: ["monthly"],
    minInstallmentMinor: 5_000,
    maxPlanDays: 180,
    minDownPaymentPercent: 20,
  },
};

export interface Harness {
  readonly conn: DbConnection;
  readonly fake: FakeSlack;
  readonly slack: SlackChannel;
  readonly clock: TestClock;
  readonly log: MemoryLog;
  readonly runtime: RuntimeDeps;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const conn = testDb();
  const fake = new FakeSlack({
    rateLimits: false,
    users: [
      { id: OWNER, name: "owner", tz: "Europe/Paris" },
      { id: OWNER_2, name: "associate", tz: "Europe/Paris" },
      { id: INTRUDER, name: "intern", tz: "Europe/Paris" },
    ],
  });
  await fake.start();
  const clock = new TestClock();
  const log = new MemoryLog();
  const jobs = new RecordingJobs();
  const runtime: RuntimeDeps = { store: new PgCaseStore(conn.db), clock, jobs, log };
  const slack = createSlackChannel(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: fake.token,
      SLACK_API_URL: `${fake.url}/api/`,
    },
    {
      runtime,
      directory: createOwnerDirectory(conn.db),
      reports: createOwnerReports(conn.db),
    },
  );
  if (!slack) throw new Error("Slack channel not created");
  harnessJobs.set(runtime, jobs);
  return {
    conn,
    fake,
    slack,
    clock,
    log,
    runtime,
    close: async () => {
      await slack.idle();
      await fake.stop();
      await conn.close();
    },
  };
}

const harnessJobs = new WeakMap<RuntimeDeps, RecordingJobs>();

/** Delivers every enqueued outbox row (as the relay would), in order; returns the outcomes. */
export async function deliver(h: Harness): Promise<DeliverOutcome[]> {
  const jobs = harnessJobs.get(h.runtime);
  if (!jobs) throw new Error("unknown harness");
  const outcomes: DeliverOutcome[] = [];
  const router = new DeliveryRouter({ slack: h.slack.delivery });
  while (jobs.deliveries.length > 0) {
    const id = jobs.deliveries.shift();
    if (id === undefined) break;
    outcomes.push(
      await deliverOutboxRow(
        { outbox: new PgOutboxStore(h.conn.db), delivery: router, clock: h.clock, log: h.log },
        id,
      ),
    );
  }
  return outcomes;
}

export interface GivenCase {
  readonly businessId: string;
  readonly caseId: string;
  readonly invoiceNumber: string;
  readonly channel: string;
}

let channelCounter = 0;

/** A business with its own Slack channel (two approvers) and a case whose debtor's Telegram chat is
 *  bound. */
export async function givenBoundCase(
  h: Harness,
  options: { locale?: "fr" | "en" } = {},
): Promise<GivenCase & { replyTo: { channel: "telegram"; address: string } }> {
  channelCounter += 1;
  const channel = `C${randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase()}${channelCounter}`;
  h.fake.addChannel({
    id: channel,
    name: `biz-${channelCounter}`,
    members: [OWNER, OWNER_2, INTRUDER],
  });
  const business = await givenBusiness(h.conn.db, {
    locale: options.locale ?? "fr",
    policy: TEST_POLICY,
    slack: { channelId: channel, approverIds: [OWNER, OWNER_2] },
  });
  const invoice = await givenInvoice(h.conn.db, business.id);
  const [row] = await h.conn.db
    .select({ debtorId: cases.debtorId, number: invoices.number })
    .from(cases)
    .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
    .where(eq(cases.id, invoice.caseId));
  if (!row) throw new Error("case not found");
  const chat = String(100_000 + channelCounter);
  await h.conn.db
    .insert(debtorChannels)
    .values({ debtorId: row.debtorId, channel: "telegram", address: chat });
  const replyTo = { channel: "telegram" as const, address: chat };
  await debtorEvent(h, invoice.caseId, { type: "channel_bound", channel: "telegram" }, replyTo);
  return {
    businessId: business.id,
    caseId: invoice.caseId,
    invoiceNumber: row.number,
    channel,
    replyTo,
  };
}

/**
 * A bound case whose debtor proposed 150 € a month on 1,200 € (8 months, above the policy's 6):
 * the case waits for the owner.
 */
export async function givenCaseAwaitingOwner(
  h: Harness,
  options: { locale?: "fr" | "en" } = {},
): Promise<GivenCase> {
  const given = await givenBoundCase(h, options);
  await debtorEvent(
    h,
    given.caseId,
    {
      type: "debtor_action",
      action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
    },
    given.replyTo,
  );
  const state = await caseState(h, given.caseId);
  if (state.status !== "awaiting_owner") {
    throw new Error(`case is ${state.status}, not awaiting_owner`);
  }
  return given;
}

export async function debtorEvent(
  h: Harness,
  caseId: string,
  event: CaseEvent,
  replyTo = { channel: "telegram" as const, address: "1" },
): Promise<HandleResult> {
  return handleEvent(h.runtime, {
    caseId,
    event,
    source: { channel: "telegram", externalId: `t-${randomUUID()}` },
    actor: "debtor:telegram",
    replyTo,
  });
}

export async function caseState(
  h: Harness,
  caseId: string,
): Promise<CaseState & { version: number }> {
  const [row] = await h.conn.db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new Error("case not found");
  return { ...(row.state as unknown as CaseState), version: row.version };
}

export async function outboxOf(h: Harness, caseId: string) {
  return h.conn.db
    .select()
    .from(outbox)
    .where(eq(outbox.caseId, caseId))
    .orderBy(asc(outbox.createdAt));
}

export async function slackInbound(h: Harness, messageTs: string) {
  return h.conn.db
    .select()
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.channel, "slack"),
        sql`${inboundEvents.externalId} like ${`${messageTs}/%`}`,
      ),
    );
}

/** The request message the fake shows in the business's channel. */
export function requestMessage(h: Harness, given: GivenCase) {
  const message = h.fake.messages(given.channel).find((m) => m.fromBot && !m.deleted);
  if (!message) throw new Error("no request in the channel");
  return message;
}

/** POSTs a body to /slack/events, signed with the harness clock (or tampered as told). */
export async function post(
  h: Harness,
  request: SlackRequestBody,
  options: { timestampSeconds?: number; secret?: string; body?: string } = {},
): Promise<Response> {
  const timestamp = options.timestampSeconds ?? Math.floor(h.clock.now().getTime() / 1000);
  const headers = signSlackRequest(request.body, options.secret ?? SIGNING_SECRET, timestamp);
  return h.slack.app.request("/slack/events", {
    method: "POST",
    headers: { "content-type": request.contentType, ...headers },
    body: options.body ?? request.body,
  });
}

/** A click on a button of the request message, by `user`; waits for the work to finish. */
export async function click(h: Harness, given: GivenCase, actionId: string, user = OWNER) {
  const press = h.fake.pressButton(given.channel, requestMessage(h, given).ts, actionId, user);
  const res = await post(h, blockActionsPayload(press));
  await h.slack.idle();
  return res;
}

export function clickBody(h: Harness, given: GivenCase, actionId: string, user = OWNER) {
  return blockActionsPayload(
    h.fake.pressButton(given.channel, requestMessage(h, given).ts, actionId, user),
  );
}

export function submitCounter(
  h: Harness,
  viewId: string,
  user: string,
  values: Record<string, string>,
) {
  const view = h.fake.view(viewId);
  if (!view) throw new Error(`no view ${viewId}`);
  const metadata = String(view.view.private_metadata ?? "");
  const state: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [block, value] of Object.entries(values)) {
    state[block] =
      block === "first_date"
        ? { value: { type: "datepicker", selected_date: value } }
        : block === "frequency"
          ? { value: { type: "static_select", selected_option: { value } } }
          : { value: { type: "plain_text_input", value } };
  }
  return viewSubmissionPayload({
    user: { id: user },
    viewId,
    callbackId: String(view.view.callback_id),
    privateMetadata: metadata,
    values: state,
  });
}

export function relanceBody(channel: string, user: string, text: string) {
  return slashCommandBody({
    command: "/relance",
    text,
    user_id: user,
    channel_id: channel,
    trigger_id: "1.2.3",
  });
}
