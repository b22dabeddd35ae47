import { randomUUID } from "node:crypto";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { auditLog, cases, debtorChannels, linkTokens, ownerNotices } from "../../db/schema.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { buildTestApp } from "../support/app.ts";
import { givenBusiness, givenInvoice, TEST_LINKS } from "../support/fixtures.ts";

/**
 * `POST /api/cases/:id/links/reissue` on the real app and database: what a reissue writes, and
 * that every refusal is a 4xx with a stable code and the field at fault, having written nothing.
 */

const t = buildTestApp();
afterAll(() => t.close());

const DAY_MS = 86_400_000;

/** Two invoices of one debtor; the first one's Telegram link opened in chat 4242, and the
 *  debtor's WhatsApp number bound because it wrote (no link involved). */
async function givenDebtorWithChats() {
  const business = await givenBusiness(t.db);
  const ref = `C-${randomUUID().slice(0, 8)}`;
  const first = await givenInvoice(
    t.db,
    business.id,
    { debtor: { externalRef: ref } },
    t.clock.now(),
  );
  // Another currency: a case of its own (a debtor's invoices in one currency share one case).
  const second = await givenInvoice(
    t.db,
    business.id,
    { currency: "USD", debtor: { externalRef: ref } },
    t.clock.now(),
  );
  const [kase] = await t.db.select().from(cases).where(eq(cases.id, first.caseId));
  const debtorId = kase?.debtorId ?? "";
  const [telegram] = await t.db
    .select()
    .from(linkTokens)
    .where(and(eq(linkTokens.caseId, first.caseId), eq(linkTokens.channel, "telegram")));
  await t.db
    .update(linkTokens)
    .set({ usedAt: t.clock.now(), usedByAddress: "4242" })
    .where(eq(linkTokens.token, telegram?.token ?? ""));
  await t.db.insert(debtorChannels).values([
    { debtorId, channel: "telegram", address: "4242", boundAt: t.clock.now() },
    { debtorId, channel: "whatsapp", address: "33612345678", boundAt: t.clock.now() },
  ]);
  return { businessId: business.id, debtorId, first, second, oldTelegram: telegram?.token ?? "" };
}

/** Everything a reissue would write for this debtor: "nothing written" is this staying put. */
async function footprint(debtorId: string, caseId: string) {
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  return {
    tokens: await t.db
      .select({ token: linkTokens.token, revokedAt: linkTokens.revokedAt })
      .from(linkTokens)
      .where(eq(linkTokens.debtorId, debtorId))
      .orderBy(asc(linkTokens.token)),
    chats: await n(
      t.db.select({ n: count() }).from(debtorChannels).where(eq(debtorChannels.debtorId, debtorId)),
    ),
    audit: await n(t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.caseId, caseId))),
    notices: await n(
      t.db.select({ n: count() }).from(ownerNotices).where(eq(ownerNotices.caseId, caseId)),
    ),
  };
}

const reissue = (caseId: string, body: unknown = {}) =>
  t.api("POST", `/api/cases/${caseId}/links/reissue`, body);

describe("POST /api/cases/:id/links/reissue", () => {
  it("revokes every link of the debtor, unbinds the chats they opened, and returns fresh links", async () => {
    const { businessId, debtorId, first, second, oldTelegram } = await givenDebtorWithChats();
    const oldTokens = (await footprint(debtorId, first.caseId)).tokens.map((r) => r.token);
    expect(oldTokens).toHaveLength(6);

    const res = await reissue(first.caseId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      caseId: string;
      links: { telegram: string; webchat: string; whatsapp: string | null };
      revoked: number;
      unbound: string[];
    };
    expect(body).toMatchObject({ caseId: first.caseId, revoked: 6, unbound: ["telegram"] });
    const telegram = new URL(body.links.telegram).searchParams.get("start") ?? "";
    expect(body.links.telegram).toMatch(/^https:\/\/t\.me\/relance_test_bot\?start=/);
    expect(body.links.webchat).toMatch(/^http:\/\/relance\.test\/chat\//);
    expect(oldTokens).not.toContain(telegram);
    expect(telegram).not.toBe(oldTelegram);

    // Every old link revoked, a fresh set for each of the debtor's cases, expiring in 30 days.
    const rows = await t.db.select().from(linkTokens).where(eq(linkTokens.debtorId, debtorId));
    const live = rows.filter((r) => r.revokedAt === null);
    expect(rows.filter((r) => oldTokens.includes(r.token)).every((r) => r.revokedAt !== null)).toBe(
      true,
    );
    expect(live.map((r) => r.caseId).sort()).toEqual(
      [
        first.caseId,
        first.caseId,
        first.caseId,
        second.caseId,
        second.caseId,
        second.caseId,
      ].sort(),
    );
    for (const row of live) {
      expect(row.expiresAt.getTime() - t.clock.now().getTime()).toBe(30 * DAY_MS);
    }
    // The chat the link opened is unbound; the number that wrote (no link) stays.
    expect(
      await t.db
        .select({ channel: debtorChannels.channel })
        .from(debtorChannels)
        .where(eq(debtorChannels.debtorId, debtorId)),
    ).toEqual([{ channel: "whatsapp" }]);

    // The invoice's links are the new ones; the audit and the owner's desk say what happened.
    const invoice = await t.api("GET", `/api/invoices/${first.invoiceId}`);
    expect(((await invoice.json()) as { links: unknown }).links).toEqual(body.links);
    const audit = await t.db
      .select({ caseId: auditLog.caseId, actor: auditLog.actor, detail: auditLog.detail })
      .from(auditLog)
      .where(eq(auditLog.action, "links_reissued"));
    expect(audit.filter((a) => a.caseId === first.caseId)).toEqual([
      {
        caseId: first.caseId,
        actor: "api",
        detail: { revoked: 6, unbound: ["telegram"], cases: 2 },
      },
    ]);
    expect(audit.filter((a) => a.caseId === second.caseId)).toEqual([
      { caseId: second.caseId, actor: "api", detail: { revoked: 3, requestedOn: first.caseId } },
    ]);
    const notices = await t.db
      .select({ kind: ownerNotices.kind, message: ownerNotices.message })
      .from(ownerNotices)
      .where(eq(ownerNotices.caseId, first.caseId));
    expect(notices).toEqual([
      { kind: "links_reissued", message: { kind: "links_reissued", by: "api", unbound: 1 } },
    ]);

    // Again: the new links are revoked in turn (nothing left to unbind).
    const again = await reissue(first.caseId, { businessId: businessId.toUpperCase() });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ revoked: 6, unbound: [] });
    const stillLive = await t.db
      .select()
      .from(linkTokens)
      .where(and(eq(linkTokens.debtorId, debtorId), isNull(linkTokens.revokedAt)));
    expect(stillLive).toHaveLength(6);
    expect(stillLive.map((r) => r.token)).not.toContain(telegram);
  });

  it.each([
    {
      what: "a malformed id",
      id: "not-a-uuid",
      body: {},
      status: 404,
      code: "not_found",
      fields: { id: "not a case id" },
    },
    {
      what: "an unknown case",
      id: randomUUID(),
      body: {},
      status: 404,
      code: "not_found",
      fields: { id: "no such case" },
    },
    {
      what: "another business's id",
      id: "CASE",
      body: { businessId: "OTHER" },
      status: 422,
      code: "business_mismatch",
      fields: { businessId: "not the business of this case" },
    },
    {
      what: "a malformed business id",
      id: "CASE",
      body: { businessId: "acme" },
      status: 400,
      code: "validation_failed",
      fields: { businessId: "expected an id (uuid)" },
    },
    {
      what: "a reason with a control character",
      id: "CASE",
      body: { reason: "lost\u0000" },
      status: 400,
      code: "validation_failed",
      fields: { reason: "must not contain control characters" },
    },
    {
      what: "an unknown field",
      id: "CASE",
      body: { links: "all" },
      status: 400,
      code: "validation_failed",
      fields: { links: "is not a known field" },
    },
    {
      what: "a body that is not an object",
      id: "CASE",
      body: [1, 2],
      status: 400,
      code: "validation_failed",
      fields: { body: "Invalid input: expected object, received array" },
    },
  ])("$what → $status $code naming the field, nothing written", async (c) => {
    const { debtorId, first } = await givenDebtorWithChats();
    const other = await givenBusiness(t.db);
    const caseId = c.id === "CASE" ? first.caseId : c.id;
    const body =
      !Array.isArray(c.body) && "businessId" in c.body && c.body.businessId === "OTHER"
        ? { businessId: other.id }
        : c.body;
    const before = await footprint(debtorId, first.caseId);

    const res = await reissue(caseId, body);
    expect(res.status).toBe(c.status);
    const error = ((await res.json()) as { error: { code: string; fields?: object } }).error;
    expect(error.code).toBe(c.code);
    expect(error.fields).toEqual(c.fields);
    expect(await footprint(debtorId, first.caseId)).toEqual(before);
  });

  it("a paid case → 409 case_finished, nothing written", async () => {
    const { debtorId, first } = await givenDebtorWithChats();
    await t.db.update(cases).set({ status: "paid" }).where(eq(cases.id, first.caseId));
    const before = await footprint(debtorId, first.caseId);
    const res = await reissue(first.caseId);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: "case_finished",
        message: "the case is paid: its links stay closed",
        fields: { id: "the case is paid" },
      },
    });
    expect(await footprint(debtorId, first.caseId)).toEqual(before);
  });

  it("refuses a body that is not JSON, and a request without the bearer token, writing nothing", async () => {
    const { debtorId, first } = await givenDebtorWithChats();
    const before = await footprint(debtorId, first.caseId);
    const path = `/api/cases/${first.caseId}/links/reissue`;
    const notJson = await t.app.request(path, {
      method: "POST",
      headers: {
        authorization: "Bearer test-api-token-0123456789",
        "content-type": "application/json",
      },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    const anonymous = await t.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(anonymous.status).toBe(401);
    expect(await footprint(debtorId, first.caseId)).toEqual(before);
  });
});

describe("LINK_TTL_DAYS", () => {
  it("is 30 days by default, a whole number of days from 1 to 3650", () => {
    const base = { API_TOKEN: "a-long-enough-token-123" };
    expect(loadConfig(base).LINK_TTL_DAYS).toBe(30);
    expect(loadConfig({ ...base, LINK_TTL_DAYS: "7" }).LINK_TTL_DAYS).toBe(7);
    for (const bad of ["0", "1.5", "3651", "a week"]) {
      expect(() => loadConfig({ ...base, LINK_TTL_DAYS: bad })).toThrow(ConfigError);
    }
  });

  it("sets when an invoice's links stop binding chats", async () => {
    const app = buildTestApp({ links: { ...TEST_LINKS, ttlDays: 7 } });
    try {
      const business = await givenBusiness(app.db);
      const res = await app.api("POST", "/api/invoices", {
        businessId: business.id,
        number: `F-${randomUUID().slice(0, 8)}`,
        amount: 10_000,
        currency: "EUR",
        issuedAt: "2026-11-01",
        dueDate: "2026-12-01",
        debtor: {
          externalRef: `C-${randomUUID().slice(0, 8)}`,
          name: "Camille Martin",
          locale: "fr",
          timezone: "Europe/Paris",
        },
      });
      expect(res.status).toBe(201);
      const { caseId } = (await res.json()) as { caseId: string };
      const rows = await app.db.select().from(linkTokens).where(eq(linkTokens.caseId, caseId));
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row.expiresAt.getTime() - app.clock.now().getTime()).toBe(7 * DAY_MS);
      }
    } finally {
      await app.close();
    }
  });
});
