import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TELEGRAM_SECRET_HEADER } from "../../bot/telegram/index.ts";
import { debtorChannels, invoices } from "../../db/schema.ts";
import { givenBusiness, invoiceBody } from "../support/fixtures.ts";
import {
  caseAtRest,
  eventually,
  startTestService,
  TEST_TELEGRAM_SECRET,
  TestClock,
  type TestService,
} from "../support/service.ts";
import { caseFootprint, inboundRecords, outboxRows } from "../support/telegram-e2e.ts";

/**
 * A deployment without Telegram credentials (say, Slack and the web chat only): the service starts,
 * serves its API, says once that the channel is off, and never trips over Telegram later.
 */

// Monday 23 November 2026, 11:00 in Paris.
const clock = new TestClock("2026-11-23T10:00:00Z");
let svc: TestService;

beforeAll(async () => {
  // No TELEGRAM_* variable at all (no telegramApiRoot given to the test service).
  svc = await startTestService({ clock });
});

afterAll(async () => {
  await svc?.stop();
});

async function givenInvoice() {
  const business = await givenBusiness(svc.db.db);
  const res = await svc.api("POST", "/api/invoices", invoiceBody(business.id, { amount: 90_000 }));
  expect(res.status).toBe(201);
  const body = (await res.json()) as {
    invoiceId: string;
    caseId: string;
    links: { telegram: string | null; webchat: string };
  };
  // The case starts at creation; a step due at once may still be firing.
  await caseAtRest(svc, body.caseId);
  return body;
}

describe("the service without Telegram credentials", () => {
  it("starts, serves the API, and says once that the Telegram channel is off", async () => {
    expect(svc.config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(svc.workers).not.toBeNull();

    const health = await fetch(`${svc.url}/healthz`);
    expect(health.status).toBe(200);
    const invoice = await givenInvoice();
    // No bot, no Telegram link; the web chat link is still offered.
    expect(invoice.links.telegram).toBeNull();
    expect(invoice.links.webchat).toMatch(/^http:\/\/relance\.test\/chat\//);
    const read = await svc.api("GET", `/api/invoices/${invoice.invoiceId}`);
    expect(read.status).toBe(200);

    const off = svc.logs.filter((l) => String(l.msg).startsWith("telegram channel off"));
    expect(off).toHaveLength(1);
    expect(off[0]).toMatchObject({ level: "info", channel: "telegram" });
    expect(svc.logs.filter((l) => l.level === "error" || l.level === "fatal")).toEqual([]);
  });

  it("does not serve the Telegram webhook: an update gets 404 and writes nothing", async () => {
    const invoice = await givenInvoice();
    const before = await caseFootprint(svc, invoice.caseId);
    const updateId = 700_000_000 + Math.floor(Math.random() * 1_000_000);

    const res = await fetch(`${svc.url}/webhooks/telegram`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [TELEGRAM_SECRET_HEADER]: TEST_TELEGRAM_SECRET,
      },
      body: JSON.stringify({
        update_id: updateId,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: 42, type: "private", first_name: "Camille" },
          text: "/start anything",
        },
      }),
    });
    expect(res.status).toBe(404);
    expect(await inboundRecords(svc, [updateId])).toBe(0);
    expect(await caseFootprint(svc, invoice.caseId)).toEqual(before);
  });

  it("a message for a chat bound while Telegram was on fails once, visibly, without a retry storm", async () => {
    const invoice = await givenInvoice();
    const [row] = await svc.db.db
      .select({ debtorId: invoices.debtorId })
      .from(invoices)
      .where(eq(invoices.id, invoice.invoiceId));
    if (!row) throw new Error("no invoice row");
    // The debtor opened their Telegram link back when the bot was configured.
    await svc.db.db.insert(debtorChannels).values({
      debtorId: row.debtorId,
      channel: "telegram",
      address: "123456789",
      boundAt: clock.now(),
    });

    // A part payment arrives: the debtor is thanked, in the chat they bound.
    const paid = await svc.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, {
      amount: 30_000,
      reference: `VIR-${Math.random().toString(36).slice(2, 10)}`,
      receivedAt: "2026-11-23T09:00:00Z",
    });
    expect(paid.status).toBe(201);

    const [failed] = await eventually(
      async () => {
        const rows = await outboxRows(svc, invoice.caseId);
        return rows.length > 0 && rows.every((r) => r.status === "failed") ? rows : null;
      },
      { what: "the Telegram message marked failed" },
    );
    expect(failed?.channel).toBe("telegram");
    expect(failed?.lastError).toMatch(/telegram is not configured/);
    expect(failed?.attempts).toBeLessThanOrEqual(1);
    // The service is still up, and the payment itself counted.
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    expect((await caseFootprint(svc, invoice.caseId)).version).toBeGreaterThan(0);
  });
});
