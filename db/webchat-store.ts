import { and, asc, desc, eq, gt, type SQL, sql } from "drizzle-orm";
import { WEBCHAT_AFTER_CLOSE_DAYS } from "../src/intake/index.ts";
import type {
  ConversationCursor,
  ConversationPage,
  StoredChatMessage,
  WebchatLinkLookup,
  WebchatStore,
} from "../src/runtime/index.ts";
import type { Db } from "./client.ts";
import { businesses, buttonTokens, cases, debtors, linkTokens, messages } from "./schema.ts";

/** Cases in these statuses are over: their links bind nothing more. */
const FINISHED = ["paid", "closed"];
const AFTER_CLOSE_MS = WEBCHAT_AFTER_CLOSE_DAYS * 86_400_000;

/**
 * Messages stamped with the same instant (one clock reading, or a test's fixed clock) are told
 * apart by the transaction that inserted them (Postgres' `xmin`): the runtime records a debtor's
 * message, then the relay records each card as it is delivered, each in its own transaction, so
 * this is the order things happened. Only a tie-breaker: xids wrap after 2^32 transactions, never
 * within one millisecond.
 */
const INSERTED = sql`(${messages}.xmin::text::bigint)`;

/** A card's first button token (a card with buttons has them all from one case version). */
const FIRST_TOKEN = sql<string>`coalesce(${messages.card}->'buttons'->0->>'token', ${messages.card}->'list'->'items'->0->>'token')`;

/**
 * The web chat's reads: its link, and its conversation out of `messages` (where inbound texts are
 * recorded by the runtime and outbound cards by the outbox relay when delivered).
 */
export function createWebchatStore(db: Db): WebchatStore {
  return {
    async findLink(token, address, now): Promise<WebchatLinkLookup | null> {
      const [row] = await db
        .select({
          debtorId: linkTokens.debtorId,
          expiresAt: linkTokens.expiresAt,
          usedAt: linkTokens.usedAt,
          usedByAddress: linkTokens.usedByAddress,
          revokedAt: linkTokens.revokedAt,
          caseStatus: cases.status,
          // Cases closed before closed_at existed: their last update is when.
          closedAt: sql<Date>`coalesce(${cases.closedAt}, ${cases.updatedAt})`.mapWith(
            cases.closedAt,
          ),
          locale: debtors.locale,
          businessName: businesses.name,
        })
        .from(linkTokens)
        .innerJoin(cases, eq(cases.id, linkTokens.caseId))
        .innerJoin(debtors, eq(debtors.id, linkTokens.debtorId))
        .innerJoin(businesses, eq(businesses.id, debtors.businessId))
        .where(and(eq(linkTokens.token, token), eq(linkTokens.channel, "webchat")));
      if (!row) return null;
      const closed = (reason: "revoked" | "expired" | "case_finished"): WebchatLinkLookup => ({
        status: "closed",
        reason,
        locale: row.locale,
        businessName: row.businessName,
      });
      if (row.revokedAt) return closed("revoked");
      const finished = FINISHED.includes(row.caseStatus);
      // Same rules as redeemLinkToken: a bound link keeps opening its own chat — for a while
      // after its case is over — and an unused one opens until it expires or its case is over.
      if (row.usedAt) {
        if (row.usedByAddress !== address) return null;
        if (finished && row.closedAt.getTime() + AFTER_CLOSE_MS <= now.getTime()) {
          return closed("case_finished");
        }
      } else {
        if (finished) return closed("case_finished");
        if (row.expiresAt.getTime() <= now.getTime()) return closed("expired");
      }
      return {
        status: "open",
        debtorId: row.debtorId,
        locale: row.locale,
        businessName: row.businessName,
      };
    },

    async conversation({ debtorId, address, after, limit }) {
      // debtor_id first: it is what messages are indexed by (messages_debtor_created_idx).
      const chat = and(
        eq(messages.debtorId, debtorId),
        eq(messages.channel, "webchat"),
        eq(messages.chatId, address),
      );
      const from = await cursorBound(db, chat, after);
      if (from === "unknown_cursor") return from;
      const columns = {
        id: messages.id,
        direction: messages.direction,
        text: messages.text,
        card: messages.card,
        at: messages.createdAt,
      };
      const rows: StoredChatMessage[] = from
        ? await db
            .select(columns)
            .from(messages)
            .where(and(chat, from))
            .orderBy(asc(messages.createdAt), asc(INSERTED), asc(messages.id))
            .limit(limit)
        : (
            await db
              .select(columns)
              .from(messages)
              .where(chat)
              .orderBy(desc(messages.createdAt), desc(INSERTED), desc(messages.id))
              .limit(limit)
          ).reverse();
      const [live] = await db
        .select({ id: messages.id })
        .from(messages)
        .innerJoin(cases, eq(cases.id, messages.caseId))
        .innerJoin(buttonTokens, eq(buttonTokens.token, FIRST_TOKEN))
        .where(
          and(chat, eq(messages.direction, "out"), eq(buttonTokens.caseVersion, cases.version)),
        )
        .orderBy(desc(messages.createdAt), desc(INSERTED), desc(messages.id))
        .limit(1);
      const page: ConversationPage = { messages: rows, liveBotMessageId: live?.id ?? null };
      return page;
    },

    async buttonLabel({ debtorId, address, token }) {
      const [row] = await db
        .select({
          label: sql<string | null>`coalesce(
            (select b->>'label' from jsonb_array_elements(${messages.card}->'buttons') b where b->>'token' = ${token} limit 1),
            (select i->>'label' from jsonb_array_elements(${messages.card}->'list'->'items') i where i->>'token' = ${token} limit 1))`,
        })
        .from(messages)
        .where(
          and(
            eq(messages.debtorId, debtorId),
            eq(messages.channel, "webchat"),
            eq(messages.chatId, address),
            eq(messages.direction, "out"),
            sql`(${messages.card}->'buttons' @> ${JSON.stringify([{ token }])}::jsonb or ${messages.card}->'list'->'items' @> ${JSON.stringify([{ token }])}::jsonb)`,
          ),
        )
        .orderBy(desc(messages.createdAt))
        .limit(1);
      return row?.label ?? null;
    },
  };
}

/** The condition "after the cursor": after a message of this chat (its instant, then its id, compared
 *  in SQL so no precision is lost on the way through JS), or after an instant. */
async function cursorBound(
  db: Db,
  chat: SQL | undefined,
  after: ConversationCursor | null,
): Promise<SQL | null | "unknown_cursor"> {
  if (after === null) return null;
  if (after.kind === "instant") return gt(messages.createdAt, after.at);
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(chat, eq(messages.id, after.id)));
  if (!row) return "unknown_cursor";
  return sql`(${messages.createdAt}, ${INSERTED}, ${messages.id}) > (select m.created_at, m.xmin::text::bigint, m.id from ${messages} m where m.id = ${after.id})`;
}
