import { and, eq, sql } from "drizzle-orm";
import type { DeliveryStatus, MessageStatusStore, SentRecord } from "../../src/runtime/index.ts";
import type { Db } from "../client.ts";
import { messages, outbox } from "../schema.ts";

/** sent < delivered < read; failed is final. Receipts arrive out of order: never go backwards. */
const RANK = sql`(case ${messages.status} when 'sent' then 1 when 'delivered' then 2
  when 'read' then 3 when 'failed' then 9 else 0 end)`;
const RANK_OF: Record<DeliveryStatus["status"], number> = {
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 9,
};

export class PgMessageStatusStore implements MessageStatusStore {
  constructor(private readonly db: Db) {}

  async recordStatus(status: DeliveryStatus): Promise<SentRecord | null> {
    const [row] = await this.db
      .select({ caseId: outbox.caseId, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.channel, status.channel), eq(outbox.externalId, status.externalId)))
      .limit(1);
    if (!row) return null;
    await this.db
      .update(messages)
      .set({
        status: status.status,
        statusAt: status.at,
        statusError: status.error
          ? `${status.error.code} ${status.error.title}`.slice(0, 500)
          : null,
      })
      .where(
        and(
          eq(messages.channel, status.channel),
          eq(messages.externalId, status.externalId),
          eq(messages.direction, "out"),
          sql`${RANK} < ${RANK_OF[status.status]}`,
        ),
      );
    return { caseId: row.caseId, payload: row.payload };
  }
}
