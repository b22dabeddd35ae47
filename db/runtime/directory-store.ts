import { and, desc, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import type { Channel, Locale } from "../../src/core/index.ts";
import type {
  ChatBinding,
  DirectoryStore,
  LinkRedemption,
  RefusedLink,
  ResolvedButton,
} from "../../src/runtime/index.ts";
import type { Db } from "../client.ts";
import {
  businesses,
  buttonTokens,
  cases,
  debtorChannels,
  debtors,
  invoices,
  linkTokens,
} from "../schema.ts";

/** Cases in these statuses are over: a chat's messages go to the debtor's newest other case. */
const FINISHED = ["paid", "closed"];

export class PgDirectoryStore implements DirectoryStore {
  constructor(private readonly db: Db) {}

  async redeemLinkToken(
    token: string,
    channel: Channel,
    address: string,
    now: Date,
  ): Promise<LinkRedemption> {
    return this.db.transaction(async (tx): Promise<LinkRedemption> => {
      const [row] = await tx
        .select({
          link: linkTokens,
          caseStatus: cases.status,
          locale: debtors.locale,
          businessName: businesses.name,
        })
        .from(linkTokens)
        .innerJoin(cases, eq(cases.id, linkTokens.caseId))
        .innerJoin(debtors, eq(debtors.id, linkTokens.debtorId))
        .innerJoin(businesses, eq(businesses.id, debtors.businessId))
        .where(and(eq(linkTokens.token, token), eq(linkTokens.channel, channel)))
        .for("update", { of: linkTokens });
      if (!row) return { ok: false, reason: "unknown" };
      const { link } = row;
      const known = { businessName: row.businessName, locale: row.locale as Locale };
      // Revoked, or its case is over: from any chat, even the one it bound (a reissue unbound it).
      if (link.revokedAt) return { ok: false, reason: "revoked", link: known };
      if (FINISHED.includes(row.caseStatus))
        return { ok: false, reason: "case_finished", link: known };
      if (link.usedAt) {
        // Opening the same link again from the chat it bound is harmless; from another chat it is
        // someone else trying a forwarded link.
        return link.usedByAddress === address
          ? { ok: true, caseId: link.caseId, debtorId: link.debtorId, newChat: false }
          : { ok: false, reason: "used" };
      }
      if (link.expiresAt.getTime() <= now.getTime()) {
        return { ok: false, reason: "expired", link: known };
      }
      await tx
        .update(linkTokens)
        .set({ usedAt: now, usedByAddress: address })
        .where(eq(linkTokens.token, token));
      // A chat already bound to this debtor (another invoice's link opened in it) is no new chat.
      const inserted = await tx
        .insert(debtorChannels)
        .values({ debtorId: link.debtorId, channel, address, boundAt: now })
        .onConflictDoNothing()
        .returning({ id: debtorChannels.id });
      return {
        ok: true,
        caseId: link.caseId,
        debtorId: link.debtorId,
        newChat: inserted.length > 0,
      };
    });
  }

  async revokedChat(channel: Channel, address: string): Promise<RefusedLink | null> {
    const [row] = await this.db
      .select({ locale: debtors.locale, businessName: businesses.name })
      .from(linkTokens)
      .innerJoin(debtors, eq(debtors.id, linkTokens.debtorId))
      .innerJoin(businesses, eq(businesses.id, debtors.businessId))
      .where(
        and(
          eq(linkTokens.channel, channel),
          eq(linkTokens.usedByAddress, address),
          isNotNull(linkTokens.revokedAt),
        ),
      )
      .orderBy(desc(linkTokens.revokedAt))
      .limit(1);
    return row ? { businessName: row.businessName, locale: row.locale as Locale } : null;
  }

  async bindByContact(
    channel: "whatsapp",
    address: string,
    now: Date,
  ): Promise<{ caseId: string; debtorId: string; newChat: boolean } | null> {
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
    const inserted = await this.db
      .insert(debtorChannels)
      .values({ debtorId: row.debtorId, channel, address, boundAt: now })
      .onConflictDoNothing()
      .returning({ id: debtorChannels.id });
    return { ...row, newChat: inserted.length > 0 };
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
      chat:
        row.chatChannel !== null && row.chatAddress !== null
          ? { channel: row.chatChannel, address: row.chatAddress }
          : null,
    };
  }
}
