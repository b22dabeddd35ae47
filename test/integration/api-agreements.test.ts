import { afterAll, describe, expect, it } from "vitest";
import { agreements, installments } from "../../db/schema.ts";
import { buildTestApp } from "../support/app.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";

const t = buildTestApp();
afterAll(() => t.close());

interface Page {
  items: { id: string; status: string; createdAt: string; installments: { seq: number }[] }[];
  nextCursor: string | null;
}

async function givenAgreements(businessId: string, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const invoice = await givenInvoice(t.db, businessId);
    const [row] = await t.db
      .insert(agreements)
      .values({
        caseId: invoice.caseId,
        businessId,
        offerKey: `o1_${i}`,
        terms: { kind: "installments", frequency: "monthly" },
        totalMinor: 120_000,
        currency: "EUR",
        renderedText: "3 × 400,00 €",
        channel: "telegram",
        confirmedAt: t.clock.now(),
        status: i % 2 === 0 ? "active" : "completed",
        createdAt: new Date(Date.UTC(2026, 10, 1 + i, 12)),
      })
      .returning({ id: agreements.id });
    if (row === undefined) throw new Error("no agreement");
    await t.db.insert(installments).values(
      [1, 2, 3].map((seq) => ({
        agreementId: row.id,
        seq,
        dueDate: `2026-12-0${seq}`,
        amountMinor: 40_000,
      })),
    );
    ids.push(row.id);
  }
  return ids;
}

describe("GET /api/agreements", () => {
  it("pages through a business's agreements newest first without gaps or repeats", async () => {
    const business = await givenBusiness(t.db);
    const ids = await givenAgreements(business.id, 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `businessId=${business.id}&limit=2${cursor === null ? "" : `&cursor=${cursor}`}`;
      const response = await t.api("GET", `/api/agreements?${query}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as Page;
      seen.push(...page.items.map((i) => i.id));
      expect(page.items.every((i) => i.installments.length === 3)).toBe(true);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it("filters by status and by creation date", async () => {
    const business = await givenBusiness(t.db);
    const ids = await givenAgreements(business.id, 4);
    const completed = (await (
      await t.api("GET", `/api/agreements?businessId=${business.id}&status=completed`)
    ).json()) as Page;
    expect(completed.items.map((i) => i.id)).toEqual([ids[3], ids[1]]);
    const window = (await (
      await t.api("GET", `/api/agreements?businessId=${business.id}&from=2026-11-02&to=2026-11-04`)
    ).json()) as Page;
    expect(window.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
  });

  it("rejects a bad filter naming it", async () => {
    for (const [query, field] of [
      ["status=pending", "status"],
      ["from=2026-02-30", "from"],
      ["cursor=garbage", "cursor"],
      ["limit=0", "limit"],
      ["businessId=42", "businessId"],
    ] as const) {
      const response = await t.api("GET", `/api/agreements?${query}`);
      expect(response.status).toBe(400);
      const json = (await response.json()) as {
        error: { code: string; fields: Record<string, string> };
      };
      expect(json.error.code).toBe("validation_failed");
      expect(Object.keys(json.error.fields)).toContain(field);
    }
  });
});
