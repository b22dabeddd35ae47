import type { Db } from "../../db/client.ts";
import { PgCaseStore } from "../../db/runtime/case-store.ts";
import type { NewTimer, TimerCancel } from "../../src/runtime/store.ts";

/**
 * Writes timers for a case through the store's one commit path, as an event would (without a
 * state change): tests that probe the timers machinery schedule and cancel them with this.
 */
export async function commitTimers(
  db: Db,
  caseId: string,
  change: { set?: readonly NewTimer[]; cancel?: readonly TimerCancel[] },
): Promise<{ timers: { id: string; dueAt: Date }[]; cancelledTimers: string[] }> {
  const done = await new PgCaseStore(db).withCase(caseId, null, async (loaded) => ({
    result: null,
    plan: {
      caseWrite: {
        caseId,
        debtorId: loaded.debtorId,
        expect: { version: loaded.version, auditHead: loaded.auditHead },
        version: loaded.version,
        state: null,
        auditHead: loaded.auditHead,
        optOut: false,
        voidHeldAutomated: false,
      },
      inbound: null,
      inboundMessage: null,
      timerFired: null,
      outbox: [],
      buttonTokens: [],
      offers: null,
      agreement: null,
      agreementUpdate: null,
      timersCancel: change.cancel ?? [],
      timersSet: change.set ?? [],
      audit: [],
      ownerNotices: [],
      ownerDecision: null,
      caseVariants: [],
    },
  }));
  const result = done?.committed;
  if (result?.outcome !== "committed") throw new Error("timers not committed");
  return { timers: [...result.timers], cancelledTimers: [...result.cancelledTimers] };
}
