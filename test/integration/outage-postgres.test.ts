import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_API_TOKEN } from "../support/app.ts";
import { givenBusiness } from "../support/fixtures.ts";
import { fileDatabaseUrl } from "../support/isolation.ts";
import {
  eventually,
  startTestService,
  TEST_TELEGRAM_SECRET,
  TestClock,
  type TestService,
} from "../support/service.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

/**
 * Postgres taken away from a running service (web and worker in one process) through a TCP proxy
 * in front of this file's database — the shared server is never touched — and given back.
 *
 * What held before: a request that needed Postgres failed with a 500 and a stack trace per
 * request ("unhandled error", "web chat request failed", "telegram update failed").
 */

const clock = new TestClock("2026-11-23T10:00:00Z");
/** Postgres back, the service serves again within this (a probe a second, a reconnection backoff
 *  capped at 1 s; loosely bound: this machine is shared). */
const RECOVERED_WITHIN_MS = 5_000;
const databaseUrl = fileDatabaseUrl();
let proxy: TcpProxy;
let svc: TestService;
let businessId: string;
let chatPath: string;

beforeAll(async () => {
  proxy = new TcpProxy(databaseUrl);
  await proxy.start();
  svc = await startTestService({
    clock,
    env: {
      DATABASE_URL: proxy.url(databaseUrl),
      // The webhook is only read here (nothing is sent): no fake Bot API is needed.
      TELEGRAM_BOT_TOKEN: "7000000001:AAFakeTokenForRelanceTests_0123456789",
      TELEGRAM_BOT_USERNAME: "relance_test_bot",
      TELEGRAM_WEBHOOK_SECRET: TEST_TELEGRAM_SECRET,
      TELEGRAM_API_ROOT: "http://127.0.0.1:9",
    },
  });
  businessId = (await givenBusiness(svc.db.db, { slack: undefined })).id;
  const res = await postInvoice();
  expect(res.status).toBe(201);
  const body = (await res.json()) as { links: { webchat: string } };
  chatPath = new URL(body.links.webchat).pathname;
  expect((await fetch(`${svc.url}${chatPath}/start`, { method: "POST" })).status).toBe(200);
});

afterAll(async () => {
  proxy?.restore();
  await svc?.stop();
  await proxy?.stop();
});

function postInvoice() {
  return svc.api("POST", "/api/invoices", {
    businessId,
    number: `F-${randomUUID().slice(0, 8)}`,
    amount: 45_000,
    currency: "EUR",
    issuedAt: "2026-10-19",
    dueDate: "2027-03-01",
    debtor: {
      externalRef: `C-${randomUUID().slice(0, 8)}`,
      name: "Camille Martin",
      locale: "fr",
      timezone: "Europe/Paris",
    },
  });
}

function postChat() {
  return fetch(`${svc.url}${chatPath}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: randomUUID(), text: "bonjour" }),
  });
}

function postTelegramUpdate() {
  return fetch(`${svc.url}/webhooks/telegram`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-telegram-bot-api-secret-token": TEST_TELEGRAM_SECRET,
    },
    body: JSON.stringify({
      update_id: 900_001,
      message: {
        message_id: 1,
        date: Math.floor(clock.now().getTime() / 1000),
        chat: { id: 4242, type: "private", first_name: "Camille" },
        from: { id: 4242, is_bot: false, first_name: "Camille" },
        text: "bonjour",
      },
    }),
  });
}

async function timed<T>(request: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await request();
  return { value, ms: Math.round(performance.now() - started) };
}

describe("Postgres down", { timeout: 90_000 }, () => {
  it("answers 503 at once with a code, logs one line per outage, and recovers on its own", async () => {
    const mark = svc.logs.length;
    proxy.cut();

    // The first request finds Postgres gone (its pool's connections were reset; a new one is too).
    const first = await timed(postInvoice);
    expect(first.value.status).toBe(503);
    expect(first.value.headers.get("retry-after")).toBe("5");
    expect(await first.value.json()).toEqual({
      error: { code: "database_unavailable", message: expect.any(String) },
    });
    // Once the outage is confirmed, requests answer without trying.
    await eventually(() => svc.logs.slice(mark).some((l) => l.msg === "dependency unavailable"), {
      what: "the outage line",
    });
    const known = await timed(postInvoice);
    expect(known.value.status).toBe(503);

    // The platforms' webhooks and the web chat: 503 too (Telegram and Meta redeliver), no stack.
    const chat = await timed(postChat);
    expect(chat.value.status).toBe(503);
    expect(((await chat.value.json()) as { error: { code: string } }).error.code).toBe(
      "database_unavailable",
    );
    const telegram = await timed(postTelegramUpdate);
    expect(telegram.value.status).toBe(503);

    // The probes say what is down; the scrape still answers, and says it too.
    const ready = await fetch(`${svc.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { postgres: boolean } }).checks.postgres).toBe(false);
    const metrics = await fetch(`${svc.url}/metrics`, {
      headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
    });
    expect(metrics.status).toBe(200);
    const exposition = await metrics.text();
    expect(exposition).toContain('relance_dependency_up{dependency="postgres"} 0');
    expect(exposition).toContain('relance_dependency_up{dependency="redis"} 1');

    // Many failed connections later, still one line.
    for (let i = 0; i < 20; i++) expect((await postChat()).status).toBe(503);
    // Long enough for the pool's reconnection backoff to grow (postgres.js's own reaches 10–20 s).
    await eventually(() => proxy.refused >= 20, {
      what: "the tracker's probes to be refused",
      timeoutMs: 40_000,
    });
    const loud = svc.logs
      .slice(mark)
      .filter((l) => l.level === "warn" || l.level === "error" || l.level === "fatal");
    expect(loud).toEqual([
      expect.objectContaining({
        msg: "dependency unavailable",
        dependency: "postgres",
        code: "relance_db_unavailable",
      }),
    ]);

    // Back: one line with the outage's length, and requests go through again, unprompted.
    proxy.restore();
    const restored = performance.now();
    const back = await eventually(
      () => svc.logs.slice(mark).find((l) => l.msg === "dependency available again"),
      { what: "the recovery line" },
    );
    expect(back).toMatchObject({ level: "info", dependency: "postgres" });
    expect((await postInvoice()).status).toBe(201);
    const recoveredMs = Math.round(performance.now() - restored);
    expect(recoveredMs).toBeLessThan(RECOVERED_WITHIN_MS);
    expect((await postChat()).status).toBe(200);
    expect(svc.logs.slice(mark).filter((l) => l.msg === "dependency unavailable")).toHaveLength(1);

    console.info(
      `[figures] Postgres down: first request 503 in ${first.ms} ms, once known ${known.ms} ms, ` +
        `back and serving ${recoveredMs} ms after it returned, ` +
        `web chat ${chat.ms} ms, Telegram webhook ${telegram.ms} ms; ${proxy.refused} refused ` +
        `connections → ${loud.length} warn/error line(s); outage ${String(back.downMs)} ms, ` +
        `${String(back.failures)} failures folded`,
    );
  });
});
