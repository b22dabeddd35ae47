import { z } from "zod";
import type { CaseEvent } from "../core/index.ts";
import { type HandleResult, handleEvent, type RuntimeDeps } from "./handle-event.ts";
import type { TimerStore } from "./outbox-port.ts";

/**
 * A timer that fires becomes an event through the runtime like any other input: it is
 * deduplicated by the timer's id, so a job that runs twice (a retry, the reconciler re-adding it)
 * fires it once. A timer that was cancelled or superseded meanwhile does nothing.
 */
const seq = z.object({ seq: z.coerce.number().int().min(1) });
const date = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

const TIMER_EVENTS = {
  ladder_step: (p) => {
    const { stepIndex } = z.object({ stepIndex: z.coerce.number().int().min(0) }).parse(p);
    return { type: "ladder_step_due", stepIndex };
  },
  offer_expiry: (p) => {
    const { offerSetVersion } = z.object({ offerSetVersion: z.coerce.number().int() }).parse(p);
    return { type: "offer_expired", offerSetVersion };
  },
  approval_timeout: (p) => {
    const { requestId } = z.object({ requestId: z.string().min(1) }).parse(p);
    return { type: "owner_approval_timeout", requestId };
  },
  installment_reminder: (p) => ({ type: "installment_reminder", seq: seq.parse(p).seq }),
  installment_due: (p) => ({ type: "installment_due", seq: seq.parse(p).seq }),
  installment_check: (p) => ({ type: "installment_check", seq: seq.parse(p).seq }),
  promise_reminder: (p) => ({ type: "promise_reminder", date: date.parse(p).date }),
  promise_check: (p) => ({ type: "promise_check", date: date.parse(p).date }),
} satisfies Record<string, (payload: unknown) => CaseEvent>;

export function timerEvent(kind: string, payload: unknown): CaseEvent | null {
  const build = (TIMER_EVENTS as Record<string, (p: unknown) => CaseEvent>)[kind];
  if (!build) return null;
  try {
    return build(payload);
  } catch {
    return null;
  }
}

export type FireOutcome =
  | HandleResult
  | { readonly outcome: "inactive" }
  | { readonly outcome: "invalid" };

export async function fireTimer(
  deps: RuntimeDeps & { readonly timers: TimerStore },
  timerId: string,
): Promise<FireOutcome> {
  const timer = await deps.timers.load(timerId);
  if (timer?.status !== "pending") return { outcome: "inactive" };
  const event = timerEvent(timer.kind, timer.payload);
  if (!event) {
    deps.log.error({ timerId, kind: timer.kind }, "timer with an unknown kind or payload");
    await deps.timers.cancel(timer.id);
    return { outcome: "invalid" };
  }
  return handleEvent(deps, {
    caseId: timer.caseId,
    event,
    source: { channel: "timer", externalId: timer.id },
    actor: "system",
    timerId: timer.id,
  });
}
