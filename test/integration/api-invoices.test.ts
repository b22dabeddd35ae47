import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { cases, debtorChannels, debtors, invoices, linkTokens } from "../../db/schema.ts";
import { buildTestApp, TEST_API_TOKEN } from "../support/app.ts";
import { EMPTY_BUSINESS, rowCounts } from "../support/counts.ts";
import { givenBusiness, invoiceBody } from "../support/fixtures.ts";

const t = buildTestApp();
afterAll(() => t.close());

interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

async function expectRejected(
  response: Response,
  status: number,
  code: string,
  field?: string,
): Promise<ErrorJson> {
  const body = (await response.json()) as ErrorJson;
  expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe("string");
  if (field !== undefined) expect(Object.keys(body.error.fields ?? {})).toContain(field);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body;
}

describe("POST /api/invoices", () => {
  it("creates the debtor, invoice, case and link tokens and returns the debtor's links", async () => {
    const business = await givenBusiness(t.db);
    const body = invoiceBody(business.id, { debtor: { whatsapp: "+33 6 12 34 56 78" } });
    const response = await t.api("POST", "/api/invoices", body);
    expect(response.status).toBe(201);
    const created = (await response.json()) as {
      invoiceId: string;
      caseId: string;
      links: { telegram: string; webchat: string };
    };
    expect(created.links.telegram).toMatch(
      /^https:\/\/t\.me\/relance_test_bot\?start=[A-Za-z0-9_-]{22,64}$/,
    );
    expect(created.links.webchat).toMatch(/^http:\/\/relance\.test\/chat\/[A-Za-z0-9_-]{22,64}$/);

    const [kase] = await t.db.select().from(cases).where(eq(cases.id, created.caseId));
    expect(kase).toMatchObject({
      invoiceId: created.invoiceId,
      businessId: business.id,
      status: "scheduled",
      state: {},
      version: 0,
    });
    const [invoice] = await t.db.select().from(invoices).where(eq(invoices.id, created.invoiceId));
    expect(invoice).toMatchObject({
      amountMinor: 120_000,
      currency: "EUR",
      dueDate: "2026-10-31",
      paidMinor: 0,
      status: "open",
    });
    expect(invoice?.issuedAt.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    const tokens = await t.db
      .select()
      .from(linkTokens)
      .where(eq(linkTokens.caseId, created.caseId));
    expect(tokens.map((x) => x.channel).sort()).toEqual(["telegram", "webchat", "whatsapp"]);
    const bindings = await t.db
      .select()
      .from(debtorChannels)
      .where(eq(debtorChannels.debtorId, kase?.debtorId ?? ""));
    // The number is a contact: its chat is bound when the debtor writes from it (issue 10).
    expect(bindings).toEqual([]);
    const [debtor] = await t.db
      .select({ contacts: debtors.contacts })
      .from(debtors)
      .where(eq(debtors.id, kase?.debtorId ?? ""));
    expect(debtor?.contacts.whatsapp).toBe("33612345678");
    expect(await rowCounts(t.db, business.id)).toEqual({
      ...EMPTY_BUSINESS,
      debtors: 1,
      invoices: 1,
      cases: 1,
      linkTokens: 3,
      auditEntries: 2,
    });
  });

  it("returns no Telegram link when no bot username is configured", async () => {
    const noBot = buildTestApp({
      links: { publicUrl: "http://x.test", telegramBotUsername: undefined },
    });
    try {
      const business = await givenBusiness(noBot.db);
      const response = await noBot.api("POST", "/api/invoices", invoiceBody(business.id));
      const body = (await response.json()) as { links: { telegram: null; webchat: string } };
      expect(body.links.telegram).toBeNull();
      expect(body.links.webchat).toMatch(/^http:\/\/x\.test\/chat\//);
    } finally {
      await noBot.close();
    }
  });

  it("accepts an issue date-time with an offset and compares the due date with the day as written", async () => {
    const business = await givenBusiness(t.db);
    const response = await t.api(
      "POST",
      "/api/invoices",
      invoiceBody(business.id, { issuedAt: "2026-10-31T23:30:00-02:00", dueDate: "2026-10-31" }),
    );
    expect(response.status).toBe(201);
  });

  it("a repeat of the same invoice returns 200 with the same ids and links and writes nothing", async () => {
    const business = await givenBusiness(t.db);
    const body = invoiceBody(business.id);
    const first = await t.api("POST", "/api/invoices", body);
    expect(first.status).toBe(201);
    const firstJson = await first.json();
    const before = await rowCounts(t.db, business.id);
    const again = await t.api("POST", "/api/invoices", body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstJson);
    expect(await rowCounts(t.db, business.id)).toEqual(before);
  });

  it("the same number with another amount is a 409 naming the field, and changes nothing", async () => {
    const business = await givenBusiness(t.db);
    const body = invoiceBody(business.id);
    expect((await t.api("POST", "/api/invoices", body)).status).toBe(201);
    const before = await rowCounts(t.db, business.id);
    const response = await t.api("POST", "/api/invoices", { ...body, amount: 99_999 });
    await expectRejected(response, 409, "conflict", "amount");
    expect(await rowCounts(t.db, business.id)).toEqual(before);
    const [stored] = await t.db.select().from(invoices).where(eq(invoices.businessId, business.id));
    expect(stored?.amountMinor).toBe(120_000);
  });

  it("the same number for another debtor is a 409 and creates no debtor", async () => {
    const business = await givenBusiness(t.db);
    const body = invoiceBody(business.id);
    expect((await t.api("POST", "/api/invoices", body)).status).toBe(201);
    const before = await rowCounts(t.db, business.id);
    const other = { ...body, debtor: { ...(body.debtor as object), externalRef: "someone-else" } };
    await expectRejected(
      await t.api("POST", "/api/invoices", other),
      409,
      "conflict",
      "debtor.externalRef",
    );
    expect(await rowCounts(t.db, business.id)).toEqual(before);
  });

  it("twenty identical posts at the same time create one invoice, one case and one pair of tokens", async () => {
    const business = await givenBusiness(t.db);
    const body = invoiceBody(business.id);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.api("POST", "/api/invoices", body)),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(await rowCounts(t.db, business.id)).toEqual({
      ...EMPTY_BUSINESS,
      debtors: 1,
      invoices: 1,
      cases: 1,
      linkTokens: 3,
      auditEntries: 2,
    });
  });

  it("reuses the debtor for a second invoice with the same external ref", async () => {
    const business = await givenBusiness(t.db);
    const first = invoiceBody(business.id);
    const second = invoiceBody(business.id, { debtor: first.debtor as Record<string, unknown> });
    expect((await t.api("POST", "/api/invoices", first)).status).toBe(201);
    expect((await t.api("POST", "/api/invoices", second)).status).toBe(201);
    const counts = await rowCounts(t.db, business.id);
    expect({ debtors: counts.debtors, invoices: counts.invoices }).toEqual({
      debtors: 1,
      invoices: 2,
    });
  });
});

describe("POST /api/invoices refuses bad input and writes nothing", () => {
  const badInputs: [string, (businessId: string) => Record<string, unknown>, string][] = [
    ["a negative amount", (b) => invoiceBody(b, { amount: -100 }), "amount"],
    ["a zero amount", (b) => invoiceBody(b, { amount: 0 }), "amount"],
    ["a fractional amount of minor units", (b) => invoiceBody(b, { amount: 100.5 }), "amount"],
    ["an amount above 10^12", (b) => invoiceBody(b, { amount: 1_000_000_000_001 }), "amount"],
    ["an amount given as a string", (b) => invoiceBody(b, { amount: "100" }), "amount"],
    ["an unknown currency", (b) => invoiceBody(b, { currency: "XYZ" }), "currency"],
    ["a lower-case currency", (b) => invoiceBody(b, { currency: "eur" }), "currency"],
    ["an impossible due date", (b) => invoiceBody(b, { dueDate: "2026-02-30" }), "dueDate"],
    ["a due date that is not a date", (b) => invoiceBody(b, { dueDate: "31/10/2026" }), "dueDate"],
    ["an impossible issue date", (b) => invoiceBody(b, { issuedAt: "2026-13-01" }), "issuedAt"],
    [
      "an issue date-time without a zone",
      (b) => invoiceBody(b, { issuedAt: "2026-10-01T10:00:00" }),
      "issuedAt",
    ],
    [
      "a due date before the issue date",
      (b) => invoiceBody(b, { issuedAt: "2026-10-15", dueDate: "2026-10-14" }),
      "dueDate",
    ],
    [
      "an unknown debtor time zone",
      (b) => invoiceBody(b, { debtor: { timezone: "Mars/Olympus_Mons" } }),
      "debtor.timezone",
    ],
    [
      "an offset instead of a time zone",
      (b) => invoiceBody(b, { debtor: { timezone: "+02:00" } }),
      "debtor.timezone",
    ],
    ["an unsupported locale", (b) => invoiceBody(b, { debtor: { locale: "de" } }), "debtor.locale"],
    [
      "a malformed WhatsApp number",
      (b) => invoiceBody(b, { debtor: { whatsapp: "call me" } }),
      "debtor.whatsapp",
    ],
    ["a blank invoice number", (b) => invoiceBody(b, { number: "  " }), "number"],
    [
      "a missing debtor name",
      (b) => {
        const body = invoiceBody(b);
        const { name: _omitted, ...debtor } = body.debtor as Record<string, unknown>;
        return { ...body, debtor };
      },
      "debtor.name",
    ],
    ["an unexpected field", (b) => invoiceBody(b, { discount: 10 }), "discount"],
  ];

  for (const [what, build, field] of badInputs) {
    it(`${what}: 400 validation_failed naming ${field}`, async () => {
      const business = await givenBusiness(t.db);
      const response = await t.api("POST", "/api/invoices", build(business.id));
      await expectRejected(response, 400, "validation_failed", field);
      expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
    });
  }

  it("an unknown business: 422 unknown_business naming businessId, no debtor or invoice created", async () => {
    const missing = randomUUID();
    const body = invoiceBody(missing);
    const response = await t.api("POST", "/api/invoices", body);
    await expectRejected(response, 422, "unknown_business", "businessId");
    expect(await rowCounts(t.db, missing)).toEqual({ ...EMPTY_BUSINESS, auditEntries: 0 });
  });

  it("a body over 64 KB: 413 payload_too_large", async () => {
    const business = await givenBusiness(t.db);
    const body = invoiceBody(business.id, { padding: "x".repeat(70 * 1024) });
    await expectRejected(await t.api("POST", "/api/invoices", body), 413, "payload_too_large");
    expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
  });

  it("a body over 64 KB sent without Content-Length (chunked): 413", async () => {
    const business = await givenBusiness(t.db);
    const bytes = new TextEncoder().encode(
      JSON.stringify(invoiceBody(business.id, { padding: "x".repeat(70 * 1024) })),
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8_192) controller.enqueue(bytes.slice(i, i + 8_192));
        controller.close();
      },
    });
    const response = await t.app.request("/api/invoices", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expectRejected(response, 413, "payload_too_large");
    expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
  });

  it("a body that is not JSON: 415 unsupported_media_type", async () => {
    const business = await givenBusiness(t.db);
    const response = await t.app.request("/api/invoices", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, "content-type": "text/plain" },
      body: JSON.stringify(invoiceBody(business.id)),
    });
    await expectRejected(response, 415, "unsupported_media_type");
    expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
  });

  it("malformed JSON: 400 invalid_json", async () => {
    const business = await givenBusiness(t.db);
    const response = await t.app.request("/api/invoices", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, "content-type": "application/json" },
      body: `{"businessId": "${business.id}",`,
    });
    await expectRejected(response, 400, "invalid_json");
    expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
  });

  for (const [what, authorization] of [
    ["a missing token", undefined],
    ["a wrong token", "Bearer not-the-api-token-at-all"],
    ["a token in the wrong scheme", `Basic ${TEST_API_TOKEN}`],
  ] as const) {
    it(`${what}: 401 unauthorized`, async () => {
      const business = await givenBusiness(t.db);
      const response = await t.app.request("/api/invoices", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: JSON.stringify(invoiceBody(business.id)),
      });
      await expectRejected(response, 401, "unauthorized");
      expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
    });
  }
});

describe("GET /api/invoices/:id and /api/cases/:id", () => {
  it("shows the invoice with its debtor, payments and links, and the case with its history", async () => {
    const business = await givenBusiness(t.db);
    const posted = (await (
      await t.api("POST", "/api/invoices", invoiceBody(business.id))
    ).json()) as { invoiceId: string; caseId: string; links: unknown };
    await t.api("POST", `/api/invoices/${posted.invoiceId}/payments`, {
      amount: 20_000,
      receivedAt: "2026-11-02T09:00:00Z",
      reference: "VIR-1",
    });

    const invoice = await t.api("GET", `/api/invoices/${posted.invoiceId}`);
    expect(invoice.status).toBe(200);
    expect(await invoice.json()).toMatchObject({
      id: posted.invoiceId,
      caseId: posted.caseId,
      amount: 120_000,
      paid: 20_000,
      due: 100_000,
      status: "open",
      debtor: { name: "Camille Martin", locale: "fr", timezone: "Europe/Paris" },
      payments: [{ amount: 20_000, reference: "VIR-1", receivedAt: "2026-11-02T09:00:00.000Z" }],
      links: posted.links,
    });

    const kase = await t.api("GET", `/api/cases/${posted.caseId}`);
    expect(kase.status).toBe(200);
    const caseJson = (await kase.json()) as {
      status: string;
      version: number;
      history: { action: string }[];
    };
    expect(caseJson.status).toBe("scheduled");
    expect(caseJson.version).toBe(0);
    expect(caseJson.history.map((h) => h.action)).toEqual(["invoice_created", "payment_recorded"]);
  });

  it("an unknown or malformed id is a 404 not_found", async () => {
    await expectRejected(await t.api("GET", `/api/invoices/${randomUUID()}`), 404, "not_found");
    await expectRejected(await t.api("GET", "/api/invoices/not-a-uuid"), 404, "not_found");
    await expectRejected(await t.api("GET", `/api/cases/${randomUUID()}`), 404, "not_found");
    await expectRejected(await t.api("GET", "/api/nothing-here"), 404, "not_found");
  });

  it("reading needs the token too", async () => {
    const response = await t.app.request(`/api/cases/${randomUUID()}`);
    await expectRejected(response, 401, "unauthorized");
  });
});

describe("request logs", () => {
  it("log the route pattern and status, never ids or tokens from the path", async () => {
    const id = randomUUID();
    await t.api("GET", `/api/cases/${id}`);
    const line = t.logs.find(
      (l) => l.msg === "request" && l.status === 404 && l.route === "/api/cases/:id",
    );
    expect(line).toMatchObject({ method: "GET", level: "info" });
    expect(JSON.stringify(t.logs)).not.toContain(id);
  });
});
