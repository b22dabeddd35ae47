import { and, asc, desc, eq, gt, type SQL, sql } from "drizzle-orm";
import type {
  ConversationCursor,
  ConversationPage,
  StoredChatMessage,
  WebchatLink,
  WebchatStore,
} from "../src/runtime/ports/webchat.ts";
import type { Db } from "./client.ts";
import { businesses, buttonTokens, cases, debtors, linkTokens, messages } from "./schema.ts";

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
    async findLink(token, address, now): Promise<WebchatLink | null> {
      const [row] = await db
        .select({
          debtorId: linkTokens.debtorId,
          expiresAt: linkTokens.expiresAt,
          usedAt: linkTokens.usedAt,
          usedByAddress: linkTokens.usedByAddress,
          locale: debtors.locale,
          businessName: businesses.name,
        })
        .from(linkTokens)
        .innerJoin(debtors, eq(debtors.id, linkTokens.debtorId))
        .innerJoin(businesses, eq(businesses.id, debtors.businessId))
        .where(and(eq(linkTokens.token, token), eq(linkTokens.channel, "webchat")));
      if (!row) return null;
      // Same rule as redeemLinkToken: a bound link keeps opening its own chat; an unused one
      // opens until it expires.
      const usable = row.usedAt
        ? row.usedByAddress === address
        : row.expiresAt.getTime() > now.getTime();
      return usable
        ? { debtorId: row.debtorId, locale: row.locale, businessName: row.businessName }
        : null;
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
