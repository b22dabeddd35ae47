import { randomBytes } from "node:crypto";
import { and, asc, count, eq, lte } from "drizzle-orm";
import { PgOutboxStore, PgTimerStore } from "../../db/runtime/outbox-store.ts";
import { agreements, cases, installments, messages, outbox, timers } from "../../db/schema.ts";
import { loadDueTimers } from "../../jobs/timer-loader.ts";
import { reconcile } from "../../jobs/workers.ts";
import type { RunningService } from "../../src/main.ts";
import { FakeSlack } from "../fakes/slack-web-api.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { givenBusiness } from "./fixtures.ts";
import { createTestDatabase, dropTestDatabase } from "./isolation.ts";
import { startTestService, TEST_TELEGRAM_SECRET, TestClock } from "./service.ts";

/**
 * Time travel for the timer tests. The clock is a `TestClock`; BullMQ keeps real-millisecond
 * delays computed from it, so a job due "in ten days" sits delayed in Redis until the reconciler
 * (which reads the tables with the same clock) promotes it. `advanceTo` steps the clock from one
 * due moment to the next — pending timers and postponed outbox rows alike — and at each stop runs
 * the reconciler and waits for the real workers to finish what became due. No test sleeps on wall
 * time for the clock: the only waiting is for the worker to process jobs that are already due.
 */

/** A database of its own, migrated: the reconciler reads every row of its database, so a test that
 *  drives it must not share one with files whose timers run on another clock. */
export async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = await createTestDatabase();
  return { url, drop: () => dropTestDatabase(url) };
}

export class TimeMachine {
  readonly #outbox: PgOutboxStore;
  readonly #timers: PgTimerStore;

  constructor(
    private readonly svc: Pick<RunningService, "db" | "queues">,
    private readonly clock: TestClock,
    private readonly timeoutMs = 20_000,
  ) {
    this.#outbox = new PgOutboxStore(svc.db.db);
    this.#timers = new PgTimerStore(svc.db.db);
  }

  get now(): Date {
    return this.clock.now();
  }

  /** Runs the reconciler once with the test clock (what the maintenance job does every 30 s). */
  reconcile(batch?: number) {
    return reconcile(
      { outbox: this.#outbox, timers: this.#timers, queues: this.svc.queues, clock: this.clock },
      batch,
    );
  }

  /** Runs a timer-loader pass with the test clock (what the loader's job scheduler does every
   *  minute); `windowMs` widens its window, to give far timers their jobs at once. */
  loadTimers(windowMs?: number) {
    return loadDueTimers(
      { timers: this.#timers, queues: this.svc.queues, clock: this.clock },
      windowMs === undefined ? {} : { windowMs },
    );
  }

  /**
   * Moves the clock to `target`, stopping at every moment something is due on the way (oldest
   * first), and lets the workers fire and deliver it through BullMQ before going on.
   */
  async advanceTo(target: string | Date): Promise<void> {
    const until = new Date(target).getTime();
    for (;;) {
      await this.settle();
      const next = await this.nextDue();
      if (next === null || next.getTime() > until) break;
      if (next.getTime() > this.clock.now().getTime()) this.clock.set(next);
    }
    if (until > this.clock.now().getTime()) this.clock.set(new Date(until));
    await this.settle();
  }

  /** Waits until nothing is due by the clock: every due timer fired, every due message left (or
   *  was postponed to a later moment). */
  async settle(): Promise<void> {
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      await this.reconcile();
      const due = await this.dueCount();
      if (due === 0) return;
      if (performance.now() > deadline) {
        throw new Error(`still ${due} due timers/messages at ${this.clock.now().toISOString()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async dueCount(): Promise<number> {
    const now = this.clock.now();
    const db = this.svc.db.db;
    const [t] = await db
      .select({ n: count() })
      .from(timers)
      .where(and(eq(timers.status, "pending"), lte(timers.dueAt, now)));
    const [o] = await db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.notBefore, now)));
    return (t?.n ?? 0) + (o?.n ?? 0);
  }

  private async nextDue(): Promise<Date | null> {
    const db = this.svc.db.db;
    const [t] = await db
      .select({ at: timers.dueAt })
      .from(timers)
      .where(eq(timers.status, "pending"))
      .orderBy(asc(timers.dueAt))
      .limit(1);
    const [o] = await db
      .select({ at: outbox.notBefore })
      .from(outbox)
      .where(eq(outbox.status, "pending"))
      .orderBy(asc(outbox.notBefore))
      .limit(1);
    const times = [t?.at, o?.at].filter((x): x is Date => x instanceof Date);
    if (times.length === 0) return null;
    return new Date(Math.min(...times.map((x) => x.getTime())));
  }
}

/** The owner's Slack channel and user in the timer tests' fake Slack. */
export const OWNER_CHANNEL = "C0TIMERS01";
export const OWNER_ID = "U0OWNER001";

/**
 * The whole service on its own database and BullMQ prefix, with a test clock, a fake Telegram for
 * the debtor and a fake Slack for the owner; per-chat pacing is off (tested on its own).
 */
export async function startTimerWorld(start: string) {
  const database = await ownDatabase();
  const clock = new TestClock(start);
  const telegram = new FakeTelegram({ now: clock.millis, rateLimits: false });
  const slack = new FakeSlack({
    rateLimits: false,
    users: [{ id: OWNER_ID, name: "owner" }],
    channels: [{ id: OWNER_CHANNEL, name: "relance", members: [OWNER_ID] }],
  });
  await Promise.all([telegram.start(), slack.start()]);
  const svc = await startTestService({
    clock,
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    slackApiUrl: `${slack.url}/api/`,
    slackToken: slack.token,
    env: { DATABASE_URL: database.url },
    worker: {
      rates: {
        telegram: { perSecond: 1_000, perChatIntervalMs: 0 },
        slack: { perSecond: 1_000, perChatIntervalMs: 0 },
      },
    },
  });
  const hook = await fetch(
    `${telegram.url}/bot${telegram.token}/setWebhook?url=${encodeURIComponent(
      `${svc.url}/webhooks/telegram`,
    )}&secret_token=${TEST_TELEGRAM_SECRET}`,
  );
  if (hook.status !== 200) throw new Error(`setWebhook: ${hook.status}`);
  const time = new TimeMachine(svc, clock);
  const db = svc.db.db;
  let chatSeq = 7_000_000;

  return {
    clock,
    telegram,
    slack,
    svc,
    time,
    db,
    async stop() {
      await svc.stop();
      await Promise.all([telegram.stop(), slack.stop()]);
      await database.drop();
    },

    /** A business whose owner is in the fake Slack, with `policy` over the defaults. */
    business(policy: Record<string, unknown> = {}) {
      return givenBusiness(db, {
        locale: "en",
        policy,
        slack: { channelId: OWNER_CHANNEL, approverIds: [OWNER_ID] },
      });
    },

    /**
     * An invoice through the API whose debtor opens the Telegram deep link at once (the bot cannot
     * write first): the case starts, with its ladder, when the chat is bound.
     */
    async invoiceWithChat(
      businessId: string,
      { dueDate, amount = 90_000, timezone = "Europe/Paris" }: InvoiceOptions,
    ) {
      const res = await svc.api("POST", "/api/invoices", {
        businessId,
        number: `F-${randomBytes(4).toString("hex")}`,
        amount,
        currency: "EUR",
        issuedAt: "2026-10-01",
        dueDate,
        debtor: {
          externalRef: `C-${randomBytes(4).toString("hex")}`,
          name: "Alex Moreau",
          locale: "en",
          timezone,
        },
      });
      if (res.status !== 201) throw new Error(`invoice: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as {
        invoiceId: string;
        caseId: string;
        links: { telegram: string };
      };
      // The case starts with the invoice; whatever it had due then is done before the debtor
      // arrives (as when a debtor opens the link some time after the invoice was sent).
      await time.settle();
      const token = new URL(body.links.telegram).searchParams.get("start");
      if (!token) throw new Error("no deep-link token");
      chatSeq += 1;
      const chat = chatSeq;
      const started = await telegram.userStarts(chat, token);
      if (started.status !== 200) throw new Error(`start: ${started.status}`);
      await time.settle();
      return { ...body, chat };
    },

    /** Records a payment through the API, as the accounting system would. */
    async pay(invoiceId: string, amount: number, reference: string) {
      const res = await svc.api("POST", `/api/invoices/${invoiceId}/payments`, {
        amount,
        receivedAt: clock.now().toISOString(),
        reference,
      });
      if (res.status !== 201) throw new Error(`payment: ${res.status} ${await res.text()}`);
      await time.settle();
    },

    /** What the debtor was sent, in order: message kind, the ladder step when it is one, when. */
    async debtorMessages(caseId: string) {
      const rows = await db
        .select()
        .from(messages)
        .where(and(eq(messages.caseId, caseId), eq(messages.direction, "out")))
        .orderBy(asc(messages.createdAt), asc(messages.id));
      // Messages sent at the same instant of the test clock keep the order the platform gave them.
      const order = (m: (typeof rows)[number]) => [m.createdAt.getTime(), Number(m.externalId)];
      rows.sort((a, b) => {
        const [at, ia] = order(a);
        const [bt, ib] = order(b);
        return (at ?? 0) - (bt ?? 0) || (ia ?? 0) - (ib ?? 0);
      });
      return rows.map((m) => ({
        kind: ladderStepOf(m.kind, m.text ?? ""),
        at: m.createdAt.toISOString(),
        automated: m.automated,
      }));
    },

    /**
     * What the owner was sent in Slack about this case, in order: message kind (and subject).
     * Without the "new chat linked" alert every invoice's first chat raises (its own tests are
     * test/e2e/link-security.test.ts): these tests are about the timers.
     */
    async ownerMessages(caseId: string) {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.caseId, caseId), eq(outbox.kind, "owner_message")))
        .orderBy(asc(outbox.sentAt), asc(outbox.createdAt));
      return rows
        .filter((r) => (r.payload as { messageKind?: string }).messageKind !== "chat_bound")
        .map((r) => {
          const p = r.payload as { messageKind?: string; requestId?: string | null };
          return {
            kind: p.messageKind ?? "?",
            status: r.status,
            at: r.sentAt?.toISOString() ?? null,
            requestId: p.requestId ?? null,
          };
        });
    },

    /** The case's timers, by key, oldest first, with their status. */
    async timersOf(caseId: string, status?: "pending" | "fired" | "cancelled") {
      const rows = await db
        .select()
        .from(timers)
        .where(and(eq(timers.caseId, caseId), status ? eq(timers.status, status) : undefined))
        .orderBy(asc(timers.dueAt), asc(timers.key));
      return rows.map((t) => ({ key: t.key, status: t.status, due: t.dueAt.toISOString() }));
    },

    async caseStatus(caseId: string) {
      const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
      return row?.status;
    },
  };
}

export type TimerWorld = Awaited<ReturnType<typeof startTimerWorld>>;

export interface InvoiceOptions {
  readonly dueDate: string;
  readonly amount?: number;
  readonly timezone?: string;
}

/** A ladder reminder's step, read from its (English) text; other messages keep their kind. */
function ladderStepOf(kind: string, text: string): string {
  if (kind !== "ladder_reminder") return kind;
  if (text.includes("a friendly reminder")) return "ladder:heads_up";
  if (text.includes("is due today")) return "ladder:due_today";
  if (text.includes("Could you tell us what is happening")) return "ladder:ask_reason";
  // The wording variants of the same steps (src/messages/locales/en.ftl, `<id>--<key>`).
  if (text.includes("One tap is enough") || text.includes("where things stand")) {
    return "ladder:ask_reason";
  }
  if (text.includes("is still outstanding")) return "ladder:options";
  if (text.includes("choose the way to pay that suits you best")) return "ladder:options";
  if (text.includes("We hereby give you formal notice")) return "ladder:formal_notice";
  if (text.includes("we will send you a formal notice")) return "ladder:formal_reminder";
  return "ladder:?";
}

/** The bot's messages in a fake Telegram chat. */
export function botMessages(world: TimerWorld, chat: number) {
  return world.telegram.chats(chat).filter((m) => m.from === "bot");
}

/** Presses the button whose label matches, on the bot's latest message that has it, and lets the
 *  service handle it (and deliver what it answers). */
export async function press(world: TimerWorld, chat: number, label: RegExp): Promise<void> {
  const message = [...botMessages(world, chat)]
    .reverse()
    .find((m) => m.buttons.flat().some((b) => label.test(b.text)));
  const button = message?.buttons.flat().find((b) => label.test(b.text));
  if (!message || !button?.callbackData) {
    throw new Error(`no button ${label} in chat ${chat}`);
  }
  const { status } = await world.telegram.userPressesButton(
    chat,
    message.messageId,
    button.callbackData,
  );
  if (status !== 200) throw new Error(`press ${label}: ${status}`);
  await world.time.settle();
}

/** The case's agreements, oldest first, with their installments as `seq date amount paid status`. */
export async function agreementsOf(world: TimerWorld, caseId: string) {
  const rows = await world.db
    .select()
    .from(agreements)
    .where(eq(agreements.caseId, caseId))
    .orderBy(asc(agreements.createdAt));
  return Promise.all(
    rows.map(async (a) => ({
      kind: (a.terms as { kind?: string }).kind,
      status: a.status,
      installments: (
        await world.db
          .select()
          .from(installments)
          .where(eq(installments.agreementId, a.id))
          .orderBy(asc(installments.seq))
      ).map((i) => `${i.seq} ${i.dueDate} ${i.amountMinor} paid ${i.paidMinor} ${i.status}`),
    })),
  );
}
