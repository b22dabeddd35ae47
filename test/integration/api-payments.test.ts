import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { invoices, payments } from "../../db/schema.ts";
import { buildTestApp } from "../support/app.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";

const t = buildTestApp();
afterAll(() => t.close());

async function givenOpenInvoice() {
  const business = await givenBusiness(t.db);
  return givenInvoice(t.db, business.id, { amount: 120_000 });
}

async function paymentsOf(invoiceId: string) {
  return t.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
}

async function invoiceRow(invoiceId: string) {
  const [row] = await t.db.select().from(invoices).where(eq(invoices.id, invoiceId));
  return row;
}

const payment = (overrides: Record<string, unknown> = {}) => ({
  amount: 50_000,
  receivedAt: "2026-11-05T10:00:00+01:00",
  reference: `VIR-${randomUUID().slice(0, 6)}`,
  ...overrides,
});

describe("POST /api/invoices/:id/payments", () => {
  it("records a payment, moves paid and status in the same transaction, and tells the runtime seam once", async () => {
    const invoice = await givenOpenInvoice();
    const first = payment({ amount: 70_000 });
    const response = await t.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, first);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ amount: 70_000, due: 50_000 });
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({
      paidMinor: 70_000,
      status: "open",
    });

    const rest = await t.api(
      "POST",
      `/api/invoices/${invoice.invoiceId}/payments`,
      payment({ amount: 50_000 }),
    );
    expect(rest.status).toBe(201);
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({
      paidMinor: 120_000,
      status: "paid",
    });
    const seen = t.recordedPayments.filter((p) => p.invoiceId === invoice.invoiceId);
    expect(seen.map((p) => [p.amountMinor, p.remainingMinor, p.caseId])).toEqual([
      [70_000, 50_000, invoice.caseId],
      [50_000, 0, invoice.caseId],
    ]);
  });

  it("the same reference and amount again is a 200 with the same payment id and no second row", async () => {
    const invoice = await givenOpenInvoice();
    const body = payment();
    const first = (await (
      await t.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, body)
    ).json()) as { paymentId: string };
    const again = await t.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { paymentId: string }).paymentId).toBe(first.paymentId);
    expect(await paymentsOf(invoice.invoiceId)).toHaveLength(1);
    expect((await invoiceRow(invoice.invoiceId))?.paidMinor).toBe(50_000);
    // Handed to the runtime both times (it deduplicates by payment id), the same payment each time.
    const handed = t.recordedPayments.filter((p) => p.invoiceId === invoice.invoiceId);
    expect(handed.map((p) => p.paymentId)).toEqual([first.paymentId, first.paymentId]);
  });

  it("concurrent posts of one payment record it once", async () => {
    const invoice = await givenOpenInvoice();
    const body = payment({ amount: 10_000 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, body),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(await paymentsOf(invoice.invoiceId)).toHaveLength(1);
    expect((await invoiceRow(invoice.invoiceId))?.paidMinor).toBe(10_000);
  });

  it("the same reference with another amount is a 409 naming reference, nothing written", async () => {
    const invoice = await givenOpenInvoice();
    const body = payment();
    await t.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, body);
    const response = await t.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, {
      ...body,
      amount: 1,
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: "conflict", fields: { reference: expect.any(String) } },
    });
    expect(await paymentsOf(invoice.invoiceId)).toHaveLength(1);
    expect((await invoiceRow(invoice.invoiceId))?.paidMinor).toBe(50_000);
  });

  it("more than what is still due is a 422 amount_exceeds_due naming amount, nothing written", async () => {
    const invoice = await givenOpenInvoice();
    await t.api(
      "POST",
      `/api/invoices/${invoice.invoiceId}/payments`,
      payment({ amount: 100_000 }),
    );
    const response = await t.api(
      "POST",
      `/api/invoices/${invoice.invoiceId}/payments`,
      payment({ amount: 20_001 }),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { code: "amount_exceeds_due", fields: { amount: "must be at most 20000" } },
    });
    expect(await paymentsOf(invoice.invoiceId)).toHaveLength(1);
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({
      paidMinor: 100_000,
      status: "open",
    });
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    ["a negative amount", { amount: -5 }, "amount"],
    ["a fractional amount", { amount: 12.5 }, "amount"],
    ["an amount above 10^12", { amount: 1_000_000_000_001 }, "amount"],
    ["an impossible date", { receivedAt: "2026-02-30T10:00:00Z" }, "receivedAt"],
    ["a date without a zone", { receivedAt: "2026-11-05T10:00:00" }, "receivedAt"],
    ["a blank reference", { reference: " " }, "reference"],
  ];
  for (const [what, overrides, field] of badInputs) {
    it(`${what}: 400 validation_failed naming ${field}, nothing written`, async () => {
      const invoice = await givenOpenInvoice();
      const response = await t.api(
        "POST",
        `/api/invoices/${invoice.invoiceId}/payments`,
        payment(overrides),
      );
      expect(response.status).toBe(400);
      const json = (await response.json()) as {
        error: { code: string; fields: Record<string, string> };
      };
      expect(json.error.code).toBe("validation_failed");
      expect(Object.keys(json.error.fields)).toContain(field);
      expect(await paymentsOf(invoice.invoiceId)).toHaveLength(0);
    });
  }

  it("a payment for an unknown invoice is a 404", async () => {
    const response = await t.api("POST", `/api/invoices/${randomUUID()}/payments`, payment());
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
