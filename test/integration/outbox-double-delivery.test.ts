import { and, asc, eq, sql } from "drizzle-orm";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramDelivery } from "../../bot/telegram/delivery.ts";
import { PgCaseStore } from "../../db/runtime/case-store.ts";
import { PgOutboxStore } from "../../db/runtime/outbox-store.ts";
import { cases, debtorChannels, messages, outbox } from "../../db/schema.ts";
import {
  type DeliverDeps,
  deliverOutboxRow,
  MARK_SENT_BUDGET_MS,
  type MarkRetryTiming,
  markSentDelays,
  SEND_LEASE_MS,
} from "../../src/runtime/deliver-outbox.ts";
import type { ChannelDelivery, DeliveryResult } from "../../src/runtime/delivery.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import type { OutboundOp } from "../../src/runtime/outbound.ts";
import type { OutboxRecord } from "../../src/runtime/outbox-port.ts";
import type { JobPort, Log } from "../../src/runtime/ports.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { TestClock } from "../support/clock.ts";
import { type DbConnection, testDb } from "../support/db.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { Gate } from "../support/stepped-case-store.ts";
import { recordingLog } from "../unit/telegram/recording-log.ts";

/**
 * Two senders of one outbox row at once — the fast path after a commit and a job, or a job and the
 * reconciler's: the first claims the row and is held inside the platform call; the second, run
 * meanwhile, finds the row claimed and skips it. The debtor gets the message once. And the one
 * window left: the platform took the message but marking the row sent fails — retried with a
 * backoff over half the lease, then left claimed until the lease lapses (then sent again).
 */

const clock = new TestClock();
const telegram = new FakeTelegram({ now: clock.millis, rateLimits: false });
let conn: DbConnection;
let direct: TelegramDelivery;
let chatSeq = 8_100_000;

beforeAll(async () => {
  conn = testDb();
  await telegram.start();
  direct = new TelegramDelivery(
    new Api(telegram.token, { apiRoot: telegram.url, timeoutSeconds: 5 }),
    recordingLog(),
  );
});

afterAll(async () => {
  await telegram.stop();
  await conn?.close();
});

const quietLog: Log = { info() {}, warn() {}, error() {} };
const nothingQueued: JobPort = {
  async enqueueDeliveries() {},
  async enqueueTimers() {},
  async dropTimers() {},
};

/** A ChannelDelivery that holds each call at the platform's door until released, then delegates. */
class HeldDelivery implements ChannelDelivery {
  readonly reached = new Gate<OutboundOp>();
  readonly #released = new Gate();

  constructor(private readonly inner: ChannelDelivery) {}

  release(): void {
    this.#released.open();
  }

  async deliver(op: OutboundOp): Promise<DeliveryResult> {
    this.reached.open(op);
    await this.#released.opened;
    return this.inner.deliver(op);
  }
}

function deliverDeps(delivery: ChannelDelivery): DeliverDeps {
  return { outbox: new PgOutboxStore(conn.db), delivery, clock, log: quietLog };
}

/** A case whose debtor's Telegram chat is bound: its welcome card waits in the outbox, unsent. */
async function givenWelcomeWaiting(): Promise<{ chat: number; rowId: string }> {
  const business = await givenBusiness(conn.db);
  const invoice = await givenInvoice(conn.db, business.id);
  const [row] = await conn.db.select().from(cases).where(eq(cases.id, invoice.caseId));
  if (!row) throw new Error("no case");
  chatSeq += 1;
  const chat = chatSeq;
  telegram.addChat(chat);
  await conn.db
    .insert(debtorChannels)
    .values({ debtorId: row.debtorId, channel: "telegram", address: String(chat) });
  const bound = await handleEvent(
    { store: new PgCaseStore(conn.db), clock, jobs: nothingQueued, log: quietLog },
    {
      caseId: invoice.caseId,
      event: { type: "channel_bound", channel: "telegram" },
      source: { channel: "telegram", externalId: `bind-${chat}` },
      actor: "debtor:telegram",
      replyTo: { channel: "telegram", address: String(chat) },
    },
  );
  expect(bound.outcome).toBe("applied");
  const [first] = await conn.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.kind, "send_card")))
    .orderBy(asc(outbox.seq))
    .limit(1);
  if (!first) throw new Error("no card committed");
  expect(first.status).toBe("pending");
  return { chat, rowId: first.id };
}

const sendsTo = (chat: number) =>
  telegram.calls.filter(
    (c) => c.method === "sendMessage" && String(c.params.chat_id) === String(chat),
  );

describe("two deliveries of one outbox row", () => {
  it("the second sender, run while the first is inside the platform call, skips the row: one message reaches the chat", async () => {
    const { chat, rowId } = await givenWelcomeWaiting();
    const held = new HeldDelivery(direct);

    const first = deliverOutboxRow(deliverDeps(held), rowId);
    await held.reached.opened;
    // The first sender holds the claim and is talking to Telegram right now.
    expect(await deliverOutboxRow(deliverDeps(direct), rowId)).toEqual({ kind: "skipped" });
    expect(sendsTo(chat)).toHaveLength(0);
    held.release();

    const outcome = await first;
    expect(outcome).toMatchObject({ kind: "sent" });
    expect(sendsTo(chat)).toHaveLength(1);
    expect(telegram.chats(chat).filter((m) => m.from === "bot")).toHaveLength(1);
    const [row] = await conn.db.select().from(outbox).where(eq(outbox.id, rowId));
    expect(row).toMatchObject({
      status: "sent",
      externalId: outcome.kind === "sent" ? outcome.externalId : "?",
    });
    const kept = await conn.db
      .select()
      .from(messages)
      .where(and(eq(messages.chatId, String(chat)), eq(messages.direction, "out")));
    expect(kept).toHaveLength(1);
  });

  it("a row already sent, delivered again (a redelivered job, the reconciler), is skipped without a platform call", async () => {
    const { chat, rowId } = await givenWelcomeWaiting();
    expect(await deliverOutboxRow(deliverDeps(direct), rowId)).toMatchObject({ kind: "sent" });
    expect(sendsTo(chat)).toHaveLength(1);

    const callsBefore = telegram.calls.length;
    for (let i = 0; i < 3; i++) {
      expect(await deliverOutboxRow(deliverDeps(direct), rowId)).toEqual({ kind: "skipped" });
    }
    expect(telegram.calls.length).toBe(callsBefore);
    expect(telegram.chats(chat).filter((m) => m.from === "bot")).toHaveLength(1);
  });
});

/** The real outbox store, whose mark-as-sent fails its first `failures` calls (Postgres gone). */
class FailingMarkOutbox extends PgOutboxStore {
  marks = 0;
  constructor(private failures: number) {
    super(conn.db);
  }
  override async markSent(
    row: OutboxRecord,
    op: OutboundOp,
    result: { externalId: string | null; at: Date; debtorId: string | null },
  ): Promise<void> {
    this.marks += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error("connection ended"), { code: "CONNECTION_ENDED" });
    }
    await super.markSent(row, op, result);
  }
}

/** Waits that take no wall time: a monotonic reading that moves only by what was slept. */
function steppedTiming(): MarkRetryTiming & { readonly waits: number[] } {
  let at = 0;
  const waits: number[] = [];
  return {
    waits,
    async sleep(ms) {
      waits.push(ms);
      at += ms;
    },
    monotonicMs: () => at,
  };
}

describe("marking a row sent after the platform took it", () => {
  it("the waits double from 200 ms and fill half the lease exactly", () => {
    const delays = markSentDelays();
    expect(delays).toEqual([200, 400, 800, 1_600, 3_200, 6_400, 12_800, 4_600]);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(MARK_SENT_BUDGET_MS);
    expect(MARK_SENT_BUDGET_MS).toBe(SEND_LEASE_MS / 2);
  });

  it("a mark that fails twice then succeeds is recorded after two waits, and the row is never sent again", async () => {
    const { chat, rowId } = await givenWelcomeWaiting();
    const store = new FailingMarkOutbox(2);
    const timing = steppedTiming();
    const outcome = await deliverOutboxRow(
      { ...deliverDeps(direct), outbox: store, markRetry: timing },
      rowId,
    );
    expect(outcome).toMatchObject({ kind: "sent" });
    expect(store.marks).toBe(3);
    expect(timing.waits).toEqual([200, 400]);
    const [row] = await conn.db.select().from(outbox).where(eq(outbox.id, rowId));
    expect(row?.status).toBe("sent");
    // Delivered again (a job, the reconciler, even after the lease): skipped, no platform call.
    await conn.db
      .update(outbox)
      .set({ claimedUntil: sql`now() - interval '1 second'` })
      .where(eq(outbox.id, rowId));
    expect(await deliverOutboxRow(deliverDeps(direct), rowId)).toEqual({ kind: "skipped" });
    expect(sendsTo(chat)).toHaveLength(1);
  });

  it("a mark that fails past the budget leaves the row claimed until the lease lapses, then it is sent again (the at-least-once window)", async () => {
    const { chat, rowId } = await givenWelcomeWaiting();
    const store = new FailingMarkOutbox(Number.POSITIVE_INFINITY);
    const timing = steppedTiming();
    const outcome = await deliverOutboxRow(
      { ...deliverDeps(direct), outbox: store, markRetry: timing },
      rowId,
    );
    // The platform has it: never reported as a failed send (that would be retried at once).
    expect(outcome).toMatchObject({ kind: "sent" });
    expect(timing.waits.reduce((a, b) => a + b, 0)).toBe(MARK_SENT_BUDGET_MS);
    expect(store.marks).toBe(timing.waits.length + 1);
    expect(sendsTo(chat)).toHaveLength(1);
    const [row] = await conn.db
      .select({
        status: outbox.status,
        leaseLeftMs: sql<number>`extract(epoch from ${outbox.claimedUntil} - now()) * 1000`,
      })
      .from(outbox)
      .where(eq(outbox.id, rowId));
    expect(row?.status).toBe("pending");
    // Still held: the waits took no wall time, so nearly all of the lease is left.
    expect(Number(row?.leaseLeftMs)).toBeGreaterThan(SEND_LEASE_MS - MARK_SENT_BUDGET_MS);
    expect(await deliverOutboxRow(deliverDeps(direct), rowId)).toEqual({ kind: "skipped" });
    expect(sendsTo(chat)).toHaveLength(1);

    // The lease lapses (on the database's clock): the next sender takes the row and sends it again.
    await conn.db
      .update(outbox)
      .set({ claimedUntil: sql`now() - interval '1 second'` })
      .where(eq(outbox.id, rowId));
    expect(await deliverOutboxRow(deliverDeps(direct), rowId)).toMatchObject({ kind: "sent" });
    expect(sendsTo(chat)).toHaveLength(2);
    const [after] = await conn.db.select().from(outbox).where(eq(outbox.id, rowId));
    expect(after?.status).toBe("sent");
  });

  it("a mark whose tries themselves hang stops within the budget, counted in elapsed time", async () => {
    const { rowId } = await givenWelcomeWaiting();
    let clockMs = 0;
    const waits: number[] = [];
    const store = new FailingMarkOutbox(Number.POSITIVE_INFINITY);
    const slow: MarkRetryTiming = {
      async sleep(ms) {
        waits.push(ms);
        clockMs += ms;
      },
      monotonicMs: () => clockMs,
    };
    const original = store.markSent.bind(store);
    // Each try takes 5 s before it fails (a connection attempt timing out).
    store.markSent = async (...args) => {
      clockMs += 5_000;
      return original(...args);
    };
    expect(
      await deliverOutboxRow({ ...deliverDeps(direct), outbox: store, markRetry: slow }, rowId),
    ).toMatchObject({ kind: "sent" });
    // The last wait is cut to what the budget has left; only the try after it runs past.
    expect(clockMs).toBeLessThanOrEqual(MARK_SENT_BUDGET_MS + 5_000);
    expect(waits.length).toBeLessThan(markSentDelays().length);
  });
});
