import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { ReissueLinksOutcome, ReissueLinksRecord } from "../../src/intake/index.ts";
import { appendAuditEntries } from "../audit.ts";
import type { Db } from "../client.ts";
import { cases, debtorChannels, linkTokens, ownerNotices } from "../schema.ts";

/** Cases in these statuses are over: their links stay closed. */
const FINISHED = new Set(["paid", "closed"]);

/**
 * A reissue, in one transaction: the debtor's cases are locked (in id order, like every audit
 * append, so two reissues never deadlock), every link of the debtor still valid is revoked, the
 * chats those links bound are unbound, each case gets a fresh set, and the case asked about gets
 * the audit entry and the owner's notice. Links are revoked debtor-wide because a binding is: a
 * chat bound through one invoice's link hears about all of that debtor's invoices.
 */
export async function reissueLinks(db: Db, r: ReissueLinksRecord): Promise<ReissueLinksOutcome> {
  return db.transaction(async (tx): Promise<ReissueLinksOutcome> => {
    const [target] = await tx
      .select({ businessId: cases.businessId, debtorId: cases.debtorId })
      .from(cases)
      .where(eq(cases.id, r.caseId));
    if (!target) return { kind: "not_found" };
    // Another business's case is answered like one that does not exist (the desk's rule).
    if (r.businessIds && !r.businessIds.includes(target.businessId)) return { kind: "not_found" };
    if (r.businessId !== undefined && r.businessId !== target.businessId) {
      return { kind: "business_mismatch" };
    }
    const debtorCases = await tx
      .select({ id: cases.id, status: cases.status })
      .from(cases)
      .where(eq(cases.debtorId, target.debtorId))
      .orderBy(asc(cases.id))
      .for("update");
    const status = debtorCases.find((c) => c.id === r.caseId)?.status ?? "closed";
    if (FINISHED.has(status)) return { kind: "case_finished", status };

    const revoked = await tx
      .update(linkTokens)
      .set({ revokedAt: r.now })
      .where(and(eq(linkTokens.debtorId, target.debtorId), isNull(linkTokens.revokedAt)))
      .returning({
        caseId: linkTokens.caseId,
        channel: linkTokens.channel,
        usedByAddress: linkTokens.usedByAddress,
      });
    // The chats those links bound. A WhatsApp number the invoice named, bound because it wrote,
    // was bound by no link and stays: WhatsApp vouches for the number.
    const opened = revoked.flatMap((l) =>
      l.usedByAddress === null ? [] : [{ channel: l.channel, address: l.usedByAddress }],
    );
    const unbound =
      opened.length === 0
        ? []
        : await tx
            .delete(debtorChannels)
            .where(
              and(
                eq(debtorChannels.debtorId, target.debtorId),
                or(
                  ...opened.map((o) =>
                    and(
                      eq(debtorChannels.channel, o.channel),
                      eq(debtorChannels.address, o.address),
                    ),
                  ),
                ),
              ),
            )
            .returning({ channel: debtorChannels.channel });

    const fresh = debtorCases.map((c) => ({ caseId: c.id, tokens: r.newTokens() }));
    await tx.insert(linkTokens).values(
      fresh.flatMap(({ caseId, tokens }) =>
        (["telegram", "webchat", "whatsapp"] as const).flatMap((channel) => {
          const token = tokens[channel];
          return token === undefined
            ? []
            : [
                {
                  token,
                  caseId,
                  debtorId: target.debtorId,
                  channel,
                  expiresAt: r.tokensExpireAt,
                  createdAt: r.now,
                },
              ];
        }),
      ),
    );

    const unboundChannels = unbound.map((u) => u.channel).sort();
    await appendAuditEntries(
      tx,
      debtorCases.map((c) => ({
        businessId: target.businessId,
        caseId: c.id,
        actor: r.by,
        action: "links_reissued",
        detail:
          c.id === r.caseId
            ? {
                revoked: revoked.length,
                unbound: unboundChannels,
                cases: debtorCases.length,
                ...(r.reason === undefined ? {} : { reason: r.reason }),
              }
            : {
                revoked: revoked.filter((l) => l.caseId === c.id).length,
                requestedOn: r.caseId,
              },
        at: r.now,
      })),
    );
    await tx.insert(ownerNotices).values({
      businessId: target.businessId,
      caseId: r.caseId,
      kind: "links_reissued",
      requestId: null,
      message: { kind: "links_reissued", by: r.by, unbound: unbound.length },
      slack: false,
      idempotencyKey: `links_reissued/${r.caseId}/${randomUUID()}`,
      createdAt: r.now,
    });
    const mine = fresh.find((f) => f.caseId === r.caseId);
    if (!mine) throw new Error("the case vanished from its debtor's cases");
    return {
      kind: "reissued",
      caseId: r.caseId,
      tokens: mine.tokens,
      revoked: revoked.length,
      unbound: unboundChannels,
      cases: debtorCases.length,
    };
  });
}
