import {
  and,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { CaseState, OwnerMessage, PendingApproval } from "../../src/core/index.ts";
import type { DeskInbox, InboxRequest, InboxRequestKind } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";
import { businesses, cases, debtors, invoices, ownerNotices, timers } from "../schema.ts";

/** Notices that carry buttons: they show as requests while the case still waits for them. */
const REQUEST_KINDS = ["approval_request", "dispute", "already_paid_claim", "approval_expiring"];

const FORMAL_SUBJECTS = new Set(["formal_reminder", "formal_notice", "escalation"]);

/** The desk's inbox, read from the cases' states (what is pending) and the notices (what was asked). */
export function createDeskInbox(db: DbOrTx): DeskInbox {
  const caseColumns = {
    caseId: cases.id,
    businessId: cases.businessId,
    businessName: businesses.name,
    businessLocale: businesses.locale,
    businessTimezone: businesses.timezone,
    currency: invoices.currency,
    invoiceNumber: invoices.number,
    debtorName: debtors.name,
    debtorTimezone: debtors.timezone,
  };
  const withCase = <T extends SQL | undefined>(where: T) =>
    db
      .select({
        ...caseColumns,
        state: cases.state,
        amountMinor: invoices.amountMinor,
      })
      .from(cases)
      .innerJoin(businesses, eq(businesses.id, cases.businessId))
      .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
      .innerJoin(debtors, eq(debtors.id, cases.debtorId))
      .where(where);

  return {
    async pending(businessIds) {
      if (businessIds?.length === 0) return [];
      const rows = await withCase(
        and(
          businessIds ? inArray(cases.businessId, [...businessIds]) : undefined,
          or(
            inArray(cases.status, ["awaiting_owner", "disputed", "awaiting_payment_check"]),
            sql`jsonb_typeof(${cases.state}->'ladderApproval') = 'object'`,
          ),
        ),
      );
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.caseId);
      const [notices, deadlines] = await Promise.all([
        db
          .select()
          .from(ownerNotices)
          .where(
            and(
              inArray(ownerNotices.caseId, ids),
              inArray(ownerNotices.kind, REQUEST_KINDS),
              isNull(ownerNotices.decidedAt),
            ),
          )
          .orderBy(ownerNotices.createdAt),
        db
          .select({ caseId: timers.caseId, key: timers.key, dueAt: timers.dueAt })
          .from(timers)
          .where(
            and(
              inArray(timers.caseId, ids),
              eq(timers.kind, "approval_timeout"),
              eq(timers.status, "pending"),
            ),
          ),
      ]);
      const requests: InboxRequest[] = [];
      for (const row of rows) {
        const { state, amountMinor, ...info } = row;
        const caseState = state as unknown as CaseState;
        const due = Math.max(
          0,
          amountMinor - (caseState.paidMinor ?? 0) - (caseState.discountMinor ?? 0),
        );
        for (const item of pendingOf(caseState, due)) {
          const asked = notices.find(
            (n) =>
              n.caseId === row.caseId &&
              n.kind !== "approval_expiring" &&
              (item.requestId === null
                ? n.kind === "already_paid_claim"
                : n.requestId === item.requestId),
          );
          const deadline = deadlines.find(
            (d) => d.caseId === row.caseId && d.key === `approval_${item.requestId}`,
          );
          requests.push({
            ...info,
            kind: item.kind,
            requestId: item.requestId,
            message: (asked?.message as unknown as OwnerMessage | undefined) ?? item.message,
            askedAt: asked?.createdAt ?? null,
            deadline: deadline?.dueAt ?? null,
            amountDueMinor: due,
          });
        }
      }
      const far = Number.MAX_SAFE_INTEGER;
      return requests.sort(
        (a, b) =>
          (a.deadline?.getTime() ?? far) - (b.deadline?.getTime() ?? far) ||
          (a.askedAt?.getTime() ?? 0) - (b.askedAt?.getTime() ?? 0),
      );
    },

    async recent(businessIds, limit) {
      if (businessIds?.length === 0) return [];
      const rows = await db
        .select({ ...caseColumns, message: ownerNotices.message, at: ownerNotices.createdAt })
        .from(ownerNotices)
        .innerJoin(cases, eq(cases.id, ownerNotices.caseId))
        .innerJoin(businesses, eq(businesses.id, cases.businessId))
        .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
        .innerJoin(debtors, eq(debtors.id, cases.debtorId))
        .where(
          and(
            businessIds ? inArray(ownerNotices.businessId, [...businessIds]) : undefined,
            notInArray(ownerNotices.kind, REQUEST_KINDS),
          ),
        )
        .orderBy(desc(ownerNotices.createdAt), desc(ownerNotices.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, message: r.message as unknown as OwnerMessage }));
    },

    async caseBusiness(caseId) {
      if (!UUID.test(caseId)) return null;
      const [row] = await db
        .select({ businessId: cases.businessId })
        .from(cases)
        .where(eq(cases.id, caseId));
      return row?.businessId ?? null;
    },

    async decisionOf(caseId, requestId) {
      if (!UUID.test(caseId)) return null;
      const [row] = await db
        .select({
          by: ownerNotices.decidedBy,
          at: ownerNotices.decidedAt,
          decision: ownerNotices.decision,
        })
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
      return row?.by && row.at && row.decision
        ? { by: row.by, at: row.at, decision: row.decision }
        : null;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PendingItem {
  readonly kind: InboxRequestKind;
  readonly requestId: string | null;
  /** The question rebuilt from the state, for a request asked before notices were recorded. */
  readonly message: OwnerMessage;
}

/** What the case waits for from the owner, read from its state (the one source of truth). */
function pendingOf(state: CaseState, due: number): PendingItem[] {
  const items: PendingItem[] = [];
  const approval = (a: PendingApproval): PendingItem => ({
    kind: FORMAL_SUBJECTS.has(a.subject) ? "formal_step" : "approval",
    requestId: a.requestId,
    message: {
      kind: "approval_request",
      requestId: a.requestId,
      subject: a.subject,
      reason: state.reason ?? null,
      amountDueMinor: due,
      ...(a.proposal ? { proposal: a.proposal } : {}),
      ...(a.terms ? { terms: a.terms } : {}),
      breaches: a.breaches ?? [],
    },
  });
  if (state.status === "awaiting_owner") items.push(approval(state.approval));
  if (state.ladderApproval) items.push(approval(state.ladderApproval));
  if (state.status === "disputed") {
    items.push({
      kind: "dispute",
      requestId: state.requestId,
      message: { kind: "dispute", text: null, requestId: state.requestId },
    });
  }
  if (state.status === "awaiting_payment_check") {
    items.push({
      kind: "payment_check",
      requestId: null,
      message: { kind: "already_paid_claim", text: null },
    });
  }
  return items;
}
