import { and, desc, eq, notInArray, sql } from "drizzle-orm";
import type { Channel, Locale } from "../../src/core/types.ts";
import type {
  ChatBinding,
  DirectoryStore,
  ResolvedButton,
} from "../../src/runtime/debtor-inbound.ts";
import type { Db } from "../client.ts";
import { buttonTokens, cases, debtorChannels, debtors, invoices, linkTokens } from "../schema.ts";

/** Cases in these statuses are over: a chat's messages go to the debtor's newest other case. */
const FINISHED = ["paid", "closed"];

export class PgDirectoryStore implements DirectoryStore {
  constructor(private readonly db: Db) {}

  async redeemLinkToken(
    token: string,
    channel: Channel,
    address: string,
    now: Date,
  ): Promise<{ ok: true; caseId: string; debtorId: string } | { ok: false; reason: string }> {
    return this.db.transaction(async (tx) => {
      const [link] = await tx
        .select()
        .from(linkTokens)
        .where(and(eq(linkTokens.token, token), eq(linkTokens.channel, channel)))
        .for("update");
      if (!link) return { ok: false, reason: "unknown" };
      if (link.usedAt) {
        // Opening the same link again from the chat it bound is harmless; from another chat it is
        // someone else trying a forwarded link.
        return link.usedByAddress === address
          ? { ok: true, caseId: link.caseId, debtorId: link.debtorId }
          : { ok: false, reason: "used" };
      }
      if (link.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
      await tx
        .update(linkTokens)
        .set({ usedAt: now, usedByAddress: address })
        .where(eq(linkTokens.token, token));
      await tx
        .insert(debtorChannels)
        .values({ debtorId: link.debtorId, channel, address, boundAt: now })
        .onConflictDoNothing();
      return { ok: true, caseId: link.caseId, debtorId: link.debtorId };
    });
  }

  async bindByContact(
    channel: "whatsapp",
    address: string,
    now: Date,
  ): Promise<{ caseId: string; debtorId: string } | null> {
    const [row] = await this.db
      .select({ caseId: cases.id, debtorId: cases.debtorId })
      .from(cases)
      .innerJoin(debtors, eq(debtors.id, cases.debtorId))
      .where(
        and(sql`${debtors.contacts}->>${channel} = ${address}`, notInArray(cases.status, FINISHED)),
      )
      .orderBy(desc(cases.updatedAt))
      .limit(1);
    if (!row) return null;
    await this.db
      .insert(debtorChannels)
      .values({ debtorId: row.debtorId, channel, address, boundAt: now })
      .onConflictDoNothing();
    return row;
  }

  /** The case behind a web-chat link token and the debtor's language (e-mail links use it). */
  async webchatLinkCase(token: string): Promise<{ caseId: string; locale: Locale } | null> {
    const [row] = await this.db
      .select({ caseId: linkTokens.caseId, locale: debtors.locale })
      .from(linkTokens)
      .innerJoin(debtors, eq(debtors.id, linkTokens.debtorId))
      .where(and(eq(linkTokens.token, token), eq(linkTokens.channel, "webchat")));
    return row ? { caseId: row.caseId, locale: row.locale as Locale } : null;
  }

  async findChat(channel: Channel, address: string): Promise<ChatBinding | null> {
    const [binding] = await this.db
      .select({
        debtorId: debtorChannels.debtorId,
        locale: debtors.locale,
        timezone: debtors.timezone,
      })
      .from(debtorChannels)
      .innerJoin(debtors, eq(debtors.id, debtorChannels.debtorId))
      .where(and(eq(debtorChannels.channel, channel), eq(debtorChannels.address, address)))
      .orderBy(desc(debtorChannels.boundAt))
      .limit(1);
    if (!binding) return null;
    const [open] = await this.db
      .select({ caseId: cases.id, currency: invoices.currency })
      .from(cases)
      .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
      .where(and(eq(cases.debtorId, binding.debtorId), notInArray(cases.status, FINISHED)))
      .orderBy(desc(cases.updatedAt))
      .limit(1);
    const [any] = open
      ? [open]
      : await this.db
          .select({ caseId: cases.id, currency: invoices.currency })
          .from(cases)
          .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
          .where(eq(cases.debtorId, binding.debtorId))
          .orderBy(desc(cases.updatedAt))
          .limit(1);
    return {
      debtorId: binding.debtorId,
      caseId: any?.caseId ?? null,
      locale: binding.locale as Locale,
      timezone: binding.timezone,
      currency: any?.currency ?? "EUR",
    };
  }

  async resolveButton(token: string): Promise<ResolvedButton | null> {
    const [row] = await this.db.select().from(buttonTokens).where(eq(buttonTokens.token, token));
    if (!row) return null;
    return {
      caseId: row.caseId,
      debtorId: row.debtorId,
      caseVersion: row.caseVersion,
      action: row.action,
    };
  }
}
