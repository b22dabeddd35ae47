import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { agreements } from "../../db/schema.ts";
import { TEST_EPOCH } from "../support/clock.ts";
import { testDb } from "../support/db.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";

const { db, close } = testDb();
afterAll(() => close());

async function givenAgreement() {
  const business = await givenBusiness(db);
  const invoice = await givenInvoice(db, business.id);
  const [row] = await db
    .insert(agreements)
    .values({
      caseId: invoice.caseId,
      businessId: business.id,
      offerKey: "o1_2",
      terms: { kind: "promise", date: "2026-12-15", amountMinor: 120_000 },
      totalMinor: 120_000,
      currency: "EUR",
      renderedText: "Je paierai 1 200,00 € le 15 décembre 2026.",
      channel: "telegram",
      messageIds: ["tg:42", "tg:43"],
      confirmedAt: new Date(TEST_EPOCH),
    })
    .returning();
  if (row === undefined) throw new Error("no agreement");
  return row;
}

describe("agreements are evidence", () => {
  it("lets the status change and nothing else", async () => {
    const agreement = await givenAgreement();
    await db.update(agreements).set({ status: "completed" }).where(eq(agreements.id, agreement.id));
    await expect(
      db.update(agreements).set({ totalMinor: 1 }).where(eq(agreements.id, agreement.id)),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/only status may change/) },
    });
    await expect(
      db
        .update(agreements)
        .set({ renderedText: "autre chose", status: "broken" })
        .where(eq(agreements.id, agreement.id)),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/only status may change/) },
    });
    const [stored] = await db.select().from(agreements).where(eq(agreements.id, agreement.id));
    expect(stored).toEqual({ ...agreement, status: "completed" });
  });

  it("cannot be deleted", async () => {
    const agreement = await givenAgreement();
    await expect(
      db.execute(sql`delete from agreements where id = ${agreement.id}`),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/cannot be deleted/) } });
    const rows = await db.select().from(agreements).where(eq(agreements.id, agreement.id));
    expect(rows).toHaveLength(1);
  });
});
