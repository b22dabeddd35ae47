import { randomUUID } from "node:crypto";
import { and, eq, lte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cases, messages, timers } from "../../db/schema.ts";
import { givenBusiness } from "../support/fixtures.ts";
import { eventually, startTestService, TestClock, type TestService } from "../support/service.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";
import { TimeMachine } from "../support/timers.ts";

/**
 * Redis taken away from a running service (web and worker in one process) through a TCP proxy —
 * the shared Redis itself is never touched — and given back.
 *
 * What held before: a request's enqueue after its commit waited on a connection that retries
 * forever, so `POST /api/invoices` hung until Redis returned, and a web-chat debtor's reply waited
 * for the send gate; each reconnection attempt printed lines (a 30 s outage: 242 "worker error",
 * 22 "redis connection error", 121 raw dumps on stderr).
 */

const clock = new TestClock("2026-11-23T10:00:00Z");
/** Longer than this is a request held by Redis, not one slowed by a loaded machine (an invoice
 *  takes 0.2–1 s here with Redis up; the enqueue is bounded by a 2 s command timeout). */
const HUNG_MS = 5_000;
const redisUrl = inject("redisUrl");
let proxy: TcpProxy;
let svc: TestService;

beforeAll(async () => {
  proxy = new TcpProxy(redisUrl);
  await proxy.start();
  svc = await startTestService({ clock, env: { REDIS_URL: proxy.url(redisUrl) } });
});

afterAll(async () => {
  proxy?.restore();
  await svc?.stop();
  await proxy?.stop();
});

interface ChatMessage {
  from: "bot" | "you";
  text: string;
}

/** An invoice through the API; overdue by default, so its case's past ladder steps are due at
 *  once. */
function postInvoice(businessId: string, dueDate = "2026-11-18") {
  return svc.api("POST", "/api/invoices", {
    businessId,
    number: `F-${randomUUID().slice(0, 8)}`,
    amount: 45_000,
    currency: "EUR",
    issuedAt: "2026-10-19",
    dueDate,
    debtor: {
      externalRef: `C-${randomUUID().slice(0, 8)}`,
      name: "Camille Martin",
      locale: "fr",
      timezone: "Europe/Paris",
    },
  });
}

function linesSince(from: number, msg?: string) {
  return svc.logs.slice(from).filter((l) => msg === undefined || l.msg === msg);
}

describe("Redis down", { timeout: 120_000 }, () => {
  it("holds no request, answers the web chat, says so once, and catches up once it is back", async () => {
    const business = await givenBusiness(svc.db.db, { slack: undefined });
    // With Redis up, for comparison (due later: nothing of it is running when Redis goes).
    const upStarted = performance.now();
    expect((await postInvoice(business.id, "2027-03-01")).status).toBe(201);
    const upMs = performance.now() - upStarted;
    const mark = svc.logs.length;
    proxy.cut();

    // 1. An invoice: its commit is Postgres's business; the request does not wait for Redis
    //    (it used to hang until Redis was back). The bound is loose: this machine is shared.
    const started = performance.now();
    const res = await postInvoice(business.id);
    const invoiceMs = performance.now() - started;
    expect(res.status).toBe(201);
    expect(invoiceMs).toBeLessThan(HUNG_MS);
    const invoice = (await res.json()) as { caseId: string; links: { webchat: string } };
    const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
    expect(row?.state).not.toBeNull(); // the case started, in Postgres
    const dueNow = () =>
      svc.db.db
        .select({ id: timers.id })
        .from(timers)
        .where(
          and(
            eq(timers.caseId, invoice.caseId),
            eq(timers.status, "pending"),
            lte(timers.dueAt, clock.now()),
          ),
        );
    expect((await dueNow()).length).toBeGreaterThan(0); // waiting for Redis to fire them

    // 2. The web chat: its replies need no Redis (the send gate guards no one's API there).
    const chat = `${svc.url}${new URL(invoice.links.webchat).pathname}`;
    const opened = await fetch(`${chat}/start`, { method: "POST" });
    expect(opened.status).toBe(200);
    const botMessages = async () =>
      ((await (await fetch(`${chat}/messages`)).json()) as ChatMessage[]).filter(
        (m) => m.from === "bot",
      );
    const welcome = await eventually(async () => (await botMessages()).length > 0 && true, {
      what: "the welcome, with Redis down",
    });
    expect(welcome).toBe(true);
    const before = (await botMessages()).length;
    const postStarted = performance.now();
    const posted = await fetch(`${chat}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: randomUUID(), text: "je peux payer 150 euros par mois" }),
    });
    const postMs = performance.now() - postStarted;
    expect(posted.status).toBe(200);
    expect(postMs).toBeLessThan(HUNG_MS);
    await eventually(async () => (await botMessages()).length > before, {
      what: "the reply, with Redis down",
    });

    // 3. Many reconnections later (each of the process's connections, workers' included), the
    //    outage is still one line.
    await eventually(() => proxy.refused >= 60, {
      what: "60 refused reconnections",
      timeoutMs: 60_000,
    });
    const unavailable = linesSince(mark, "dependency unavailable");
    expect(unavailable).toEqual([
      expect.objectContaining({
        level: "warn",
        dependency: "redis",
        code: "relance_redis_unavailable",
      }),
    ]);
    const noisy = linesSince(mark).filter(
      (l) => (l.level === "warn" || l.level === "error") && l.msg !== "dependency unavailable",
    );
    expect(noisy).toEqual([]);
    // Nothing fired without Redis.
    expect((await dueNow()).length).toBeGreaterThan(0);

    // 4. Back: one line with the outage's length; the timers due meanwhile get their jobs from
    //    the reconciler and fire.
    proxy.restore();
    const back = await eventually(() => linesSince(mark, "dependency available again")[0], {
      what: "the recovery line",
    });
    expect(back).toMatchObject({ level: "info", dependency: "redis" });
    expect(back.downMs).toBeGreaterThan(0);
    expect(back.failures).toBeGreaterThan(1);
    // The probe's connection answered; the queues' own connection reconnects on its own backoff
    // (it queues no command while offline): the reconciler runs once it is ready, as the
    // maintenance job's next tick would.
    await eventually(() => svc.queues.connection.status === "ready" || null, {
      what: "the queues' connection back",
    });
    const time = new TimeMachine(svc, clock);
    await time.settle();
    expect(await dueNow()).toEqual([]);
    const fired = await svc.db.db
      .select({ id: timers.id })
      .from(timers)
      .where(and(eq(timers.caseId, invoice.caseId), eq(timers.status, "fired")));
    expect(fired.length).toBeGreaterThan(0);
    expect(linesSince(mark, "dependency unavailable")).toHaveLength(1);
    expect(linesSince(mark, "dependency available again")).toHaveLength(1);
    const sent = await svc.db.db.select().from(messages).where(eq(messages.caseId, invoice.caseId));
    expect(sent.length).toBeGreaterThan(0);

    console.info(
      `[figures] Redis down: POST /api/invoices ${Math.round(invoiceMs)} ms (up: ` +
        `${Math.round(upMs)} ms), web-chat post ` +
        `${Math.round(postMs)} ms; ${proxy.refused} refused reconnections → ` +
        `${linesSince(mark).filter((l) => l.level === "warn" || l.level === "error").length} ` +
        `warn/error line(s); outage ${back.downMs} ms, ${back.failures} failures folded`,
    );
  });
});
