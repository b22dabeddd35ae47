import { afterAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../support/app.ts";
import { TEST_EPOCH, TestClock } from "../support/clock.ts";
import { EMPTY_BUSINESS, rowCounts } from "../support/counts.ts";
import { businessBody, givenBusiness, givenInvoice, invoiceBody } from "../support/fixtures.ts";
import { startTestService } from "../support/service.ts";

/** The clock of this app: "today" is 2 December 2026. */
const NOW = new Date("2026-12-02T10:00:00Z");
const t = buildTestApp({ now: () => NOW });
afterAll(() => t.close());

interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** A marker that must never reach a log line. */
const SECRET_NAME = "Quintilla Zorbadine";

describe("text fields holding U+0000", () => {
  it("a debtor name with a NUL is a 400 naming the field, nothing written, nothing personal logged", async () => {
    const business = await givenBusiness(t.db);
    const response = await t.api(
      "POST",
      "/api/invoices",
      invoiceBody(business.id, { debtor: { name: `${SECRET_NAME}\u0000B` } }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorJson;
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields ?? {})).toEqual(["debtor.name"]);
    expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
    expect(JSON.stringify(t.logs)).not.toContain("Quintilla");
  });

  it("every text field of the API refuses a NUL with validation_failed", async () => {
    const business = await givenBusiness(t.db);
    const invoice = await givenInvoice(t.db, business.id);
    const cases: [string, string, unknown, string][] = [
      ["POST", "/api/businesses", businessBody({ name: "A\u0000B" }), "name"],
      [
        "POST",
        "/api/businesses",
        businessBody({ paymentInstructions: { text: "pay\u0000", payUrl: null } }),
        "paymentInstructions.text",
      ],
      ["POST", "/api/invoices", invoiceBody(business.id, { number: "F\u00001" }), "number"],
      [
        "POST",
        "/api/invoices",
        invoiceBody(business.id, { debtor: { externalRef: "C\u0000" } }),
        "debtor.externalRef",
      ],
      [
        "POST",
        "/api/invoices",
        invoiceBody(business.id, { debtor: { telegram: "@a\u0000" } }),
        "debtor.telegram",
      ],
      [
        "POST",
        `/api/invoices/${invoice.invoiceId}/payments`,
        { amount: 100, receivedAt: "2026-11-01T10:00:00Z", reference: "R\u00001" },
        "reference",
      ],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await t.api(method, path, body);
      const json = (await response.json()) as ErrorJson;
      expect({ path, field, status: response.status, code: json.error.code }).toEqual({
        path,
        field,
        status: 400,
        code: "validation_failed",
      });
      expect(Object.keys(json.error.fields ?? {})).toContain(field);
    }
    expect(t.logs.filter((l) => l.level === "error")).toEqual([]);
  });
});

describe("issue dates", () => {
  it("an invoice issued 40 days from now is refused, naming issuedAt", async () => {
    const business = await givenBusiness(t.db);
    const response = await t.api(
      "POST",
      "/api/invoices",
      invoiceBody(business.id, { issuedAt: "2027-01-11", dueDate: "2027-02-11" }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorJson;
    expect(body.error.fields).toEqual({ issuedAt: "the invoice is issued in the future" });
    expect(await rowCounts(t.db, business.id)).toEqual(EMPTY_BUSINESS);
  });

  it("an invoice issued today, or tomorrow somewhere on Earth, is accepted", async () => {
    const business = await givenBusiness(t.db);
    for (const issuedAt of ["2026-12-02", "2026-12-03", "2026-12-03T09:00:00+14:00"]) {
      const response = await t.api(
        "POST",
        "/api/invoices",
        invoiceBody(business.id, { issuedAt, dueDate: "2027-01-15" }),
      );
      expect({ issuedAt, status: response.status }).toEqual({ issuedAt, status: 201 });
    }
  });
});

describe("identical invoice posts at once", () => {
  it("write one invoice, start its case once, and log no error, warning or stack trace", async () => {
    const svc = await startTestService({ mode: "web", clock: new TestClock(TEST_EPOCH) });
    try {
      const business = await givenBusiness(svc.db.db);
      const body = invoiceBody(business.id);
      const before = svc.logs.length;
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => svc.api("POST", "/api/invoices", body)),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(7);
      const ids = new Set(
        await Promise.all(
          responses.map(async (r) => ((await r.json()) as { invoiceId: string }).invoiceId),
        ),
      );
      expect(ids.size).toBe(1);
      const lines = svc.logs.slice(before);
      expect(lines.filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
      expect(JSON.stringify(lines)).not.toContain("stack");
    } finally {
      await svc.stop();
    }
  });
});
