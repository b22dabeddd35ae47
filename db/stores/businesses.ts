import { eq } from "drizzle-orm";
import type { BusinessInput } from "../../src/intake/index.ts";
import { appendAudit } from "../audit.ts";
import type { Db, DbOrTx } from "../client.ts";
import { businesses } from "../schema.ts";

export type BusinessRow = typeof businesses.$inferSelect;

/** Inserts a business (policy already validated, defaults filled) and audits it. */
export async function insertBusiness(
  db: Db,
  input: BusinessInput,
  now: Date,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(businesses)
      .values({
        name: input.name,
        locale: input.locale,
        timezone: input.timezone,
        currency: input.currency,
        policy: input.policy,
        slackChannelId: input.slack.channelId,
        approverIds: input.slack.approverIds,
        paymentInstructions: input.paymentInstructions,
        senderName: input.sender?.name ?? null,
        senderRole: input.sender?.role ?? null,
        legalIdentity: input.legalIdentity,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: businesses.id });
    if (row === undefined) throw new Error("business insert returned no row");
    await appendAudit(tx, {
      businessId: row.id,
      actor: "api",
      action: "business_created",
      detail: { locale: input.locale, timezone: input.timezone, currency: input.currency },
      at: now,
    });
    return { id: row.id };
  });
}

export async function businessExists(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: businesses.id })
    .from(businesses)
    .where(eq(businesses.id, id))
    .limit(1);
  return rows.length > 0;
}

export async function getBusiness(db: DbOrTx, id: string): Promise<BusinessRow | null> {
  const [row] = await db.select().from(businesses).where(eq(businesses.id, id)).limit(1);
  return row ?? null;
}
