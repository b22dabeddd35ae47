import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cases, ownerNotices, timers } from "../../db/schema.ts";
import type { CaseEvent } from "../../src/core/events.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { isoDateDaysFrom } from "../support/clock.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * The README's example business has no Slack: what the owner is told or asked must still be
 * recorded where the desk lists it, and the debtor is not declined for want of a channel.
 */
const clock = new TestClock();
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ clock, mode: "web" });
});

afterAll(async () => {
  await svc?.stop();
});

const NOT_YET_DUE = {
  issuedAt: isoDateDaysFrom(clock.now(), -10),
  dueDate: isoDateDaysFrom(clock.now(), 20),
};

async function caseWithoutSlack() {
  const business = await givenBusiness(svc.db.db, {
    policy: { installments: { maxCount: 6, downPaymentAboveCount: 10, frequencies: ["monthly"] } },
  });
  const invoice = await givenInvoice(svc.db.db, business.id, NOT_YET_DUE, clock.now());
  return { businessId: business.id, caseId: invoice.caseId };
}

function debtor(caseId: string, event: CaseEvent) {
  return handleEvent(svc.runtime, {
    caseId,
    event,
    source: { channel: "telegram", externalId: `notice-${randomUUID()}` },
    actor: "debtor:telegram",
  });
}

async function noticesOf(caseId: string) {
  return svc.db.db.select().from(ownerNotices).where(eq(ownerNotices.caseId, caseId));
}

describe("a business without Slack", () => {
  it("records a plan outside policy as an approval request for the desk, with its timeout from now", async () => {
    const { businessId, caseId } = await caseWithoutSlack();
    const applied = await debtor(caseId, {
      type: "debtor_action",
      action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
    });
    expect(applied).toMatchObject({ outcome: "applied", status: "awaiting_owner" });
    const notices = await noticesOf(caseId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      businessId,
      kind: "approval_request",
      requestId: "r1",
      slack: false,
      decidedAt: null,
    });
    expect(notices[0]?.createdAt.toISOString()).toBe(clock.now().toISOString());
    // The timeout counts from this request, which the desk shows from now on.
    const [timer] = await svc.db.db
      .select()
      .from(timers)
      .where(and(eq(timers.caseId, caseId), eq(timers.kind, "approval_timeout")));
    expect(timer?.status).toBe("pending");
    expect(timer?.dueAt.getTime()).toBe(clock.now().getTime() + 48 * 3_600_000);
    const unreachable = await svc.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, "owner_unreachable")));
    expect(unreachable).toEqual([]);
  });

  it("records « parler à quelqu'un », « déjà réglé » and a dispute, each once", async () => {
    const human = await caseWithoutSlack();
    await debtor(human.caseId, { type: "debtor_action", action: { type: "ask_human" } });
    expect((await noticesOf(human.caseId)).map((n) => n.kind)).toEqual(["human_requested"]);

    const paid = await caseWithoutSlack();
    await debtor(paid.caseId, {
      type: "debtor_action",
      action: { type: "give_reason", reason: "already_paid" },
    });
    expect((await noticesOf(paid.caseId)).map((n) => n.kind)).toEqual(["already_paid_claim"]);

    const dispute = await caseWithoutSlack();
    await debtor(dispute.caseId, {
      type: "debtor_action",
      action: { type: "give_reason", reason: "dispute" },
    });
    const disputes = await noticesOf(dispute.caseId);
    expect(disputes.map((n) => n.kind)).toEqual(["dispute"]);
    const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, dispute.caseId));
    expect(row?.status).toBe("disputed");
  });

  it("marks the request decided, by whom and when, when the owner answers it", async () => {
    const { caseId } = await caseWithoutSlack();
    await debtor(caseId, {
      type: "debtor_action",
      action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
    });
    const decided = await handleEvent(svc.runtime, {
      caseId,
      event: { type: "owner_declined", requestId: "r1", by: "desk:owner@example.test" },
      source: { channel: "desk", externalId: `decide-${randomUUID()}` },
      actor: "desk:owner@example.test",
    });
    expect(decided).toMatchObject({ outcome: "applied" });
    const [notice] = await noticesOf(caseId);
    expect(notice).toMatchObject({
      decision: "declined",
      decidedBy: "desk:owner@example.test",
    });
    expect(notice?.decidedAt?.toISOString()).toBe(clock.now().toISOString());
  });
});
