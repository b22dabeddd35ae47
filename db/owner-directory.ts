import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Locale } from "../src/core/index.ts";
import type { OwnerContext, OwnerDirectory } from "../src/runtime/index.ts";
import type { Db } from "./client.ts";
import { businesses, cases, invoices, ownerNotices } from "./schema.ts";

/** The owner side's lookups (src/runtime/owner-inbound.ts), outside any case transaction. */
export function createOwnerDirectory(db: Db): OwnerDirectory {
  return {
    async approversFor(caseId: string): Promise<OwnerContext | null> {
      if (!isUuid(caseId)) return null;
      const [row] = await db
        .select({
          businessId: businesses.id,
          approverIds: businesses.approverIds,
          slackChannelId: businesses.slackChannelId,
          locale: businesses.locale,
          timezone: businesses.timezone,
        })
        .from(cases)
        .innerJoin(businesses, eq(businesses.id, cases.businessId))
        .where(eq(cases.id, caseId))
        .limit(1);
      return row ?? null;
    },

    async localeForChannel(slackChannelId: string): Promise<Locale | null> {
      const [row] = await db
        .select({ locale: businesses.locale })
        .from(businesses)
        .where(eq(businesses.slackChannelId, slackChannelId))
        .limit(1);
      return row?.locale ?? null;
    },

    async decisionOf(caseId, requestId) {
      if (!isUuid(caseId)) return null;
      const [row] = await db
        .select({ by: ownerNotices.decidedBy, at: ownerNotices.decidedAt })
        .from(ownerNotices)
        .where(
          and(
            eq(ownerNotices.caseId, caseId),
            isNotNull(ownerNotices.decidedAt),
            requestId === null
              ? eq(ownerNotices.kind, "already_paid_claim")
              : eq(ownerNotices.requestId, requestId),
          ),
        )
        .orderBy(desc(ownerNotices.decidedAt))
        .limit(1);
      return row?.by && row.at ? { by: row.by, at: row.at } : null;
    },

    async amountDue(caseId: string) {
      if (!isUuid(caseId)) return null;
      const [row] = await db
        .select({
          amountMinor: invoices.amountMinor,
          paidMinor: invoices.paidMinor,
          currency: invoices.currency,
          state: cases.state,
        })
        .from(cases)
        .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
        .where(eq(cases.id, caseId))
        .limit(1);
      if (!row) return null;
      // The same figure as the core's `remainingMinor`: invoice minus payments minus any discount
      // already agreed (both kept in the case state once it is initialised).
      const paid = numberIn(row.state, "paidMinor") ?? row.paidMinor;
      const discount = numberIn(row.state, "discountMinor") ?? 0;
      return {
        amountDueMinor: Math.max(0, row.amountMinor - paid - discount),
        currency: row.currency,
      };
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Button values come from Slack: a malformed id must be "not found", not a Postgres error. */
function isUuid(value: string): boolean {
  return UUID.test(value);
}

function numberIn(state: Record<string, unknown>, key: string): number | null {
  const value = state[key];
  return typeof value === "number" && Number.isSafeInteger(value) ? value : null;
}
