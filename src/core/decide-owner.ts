import type { CaseState, CaseStateOf, PendingApproval } from "./case-state.ts";
import { isNegotiating } from "./case-state.ts";
import {
  accept,
  approvalTimer,
  type DecideContext,
  type Decision,
  fitContext,
  followUp,
  notifyOwner,
  openOfferSet,
  refuse,
  remaining,
  reminder,
  reopenNegotiation,
  reply,
  today,
  toStatus,
  withCommon,
} from "./decide-support.ts";
import type { Effect } from "./effects.ts";
import { termsProblem } from "./installment-plan.ts";
import type { DebtorMessage } from "./messages.ts";
import { breachesOf } from "./policy-fit.ts";
import type { PlanTerms } from "./types.ts";

/** Which pending question a request id answers. */
type Pending =
  | {
      readonly kind: "terms";
      readonly approval: PendingApproval;
      readonly state: CaseStateOf<"awaiting_owner">;
    }
  | { readonly kind: "ladder"; readonly approval: PendingApproval }
  | { readonly kind: "dispute"; readonly requestId: string };

function pendingOf(state: CaseState, requestId: string): Pending | null {
  if (state.status === "awaiting_owner" && state.approval.requestId === requestId) {
    return { kind: "terms", approval: state.approval, state };
  }
  if (state.ladderApproval?.requestId === requestId) {
    return { kind: "ladder", approval: state.ladderApproval };
  }
  if (state.status === "disputed" && state.requestId === requestId) {
    return { kind: "dispute", requestId };
  }
  return null;
}

function unknownRequest(requestId: string): Decision {
  return refuse("unknown_request", `request ${requestId} is not pending`);
}

/** Terms the owner approved or proposed go to the debtor for explicit confirmation. */
function offerForConfirmation(
  state: CaseState,
  terms: PlanTerms,
  by: string,
  ctx: DecideContext,
  action: string,
): Decision {
  const problem = termsProblem(terms, remaining(state, ctx), today(ctx));
  if (problem !== null) return refuse(problem.code, problem.message);
  const withinPolicy = breachesOf(terms, fitContext(state, ctx)).length === 0;
  const opened = openOfferSet(state, [{ terms, withinPolicy }], ctx, by);
  const offer = opened.offers[0];
  if (offer === undefined) return refuse("internal_error", "no offer opened");
  const next = toStatus({ ...state, ...opened.common }, "awaiting_confirmation", {
    pendingOfferId: offer.id,
  });
  return accept(next, [...opened.effects, reply({ kind: "confirm_terms", offer })], action, {
    by,
    offerId: offer.id,
    withinPolicy,
  });
}

/**
 * The owner said no (or never answered, with the "decline" fallback): in-policy offers instead.
 * `send` is `followUp` when a timer, not the debtor, caused the message (quiet hours, cap apply).
 */
function declined(
  state: CaseState,
  ctx: DecideContext,
  action: string,
  detail: Record<string, unknown>,
  send: (message: DebtorMessage) => Effect = reply,
): Decision {
  const reopened = reopenNegotiation(state, ctx);
  return accept(
    reopened.state,
    [...reopened.effects, send({ kind: "owner_declined", offers: reopened.offers })],
    action,
    detail,
  );
}

export function onOwnerApproved(
  state: CaseState,
  requestId: string,
  by: string,
  ctx: DecideContext,
): Decision {
  const pending = pendingOf(state, requestId);
  if (pending === null) return unknownRequest(requestId);
  switch (pending.kind) {
    case "terms": {
      const terms = pending.approval.terms;
      if (terms === null) return refuse("illegal_in_state", "nothing to approve");
      return offerForConfirmation(state, terms, by, ctx, "owner_approved");
    }
    case "ladder":
      return formalStepApproved(state, pending.approval, by, ctx);
    case "dispute": {
      const next = toStatus(
        { ...state, offerSet: null, ladder: { ...state.ladder, stopped: true } },
        "closed",
        {
          outcome: "dispute_upheld",
        },
      );
      return accept(
        next,
        [{ type: "cancel_timers" }, reply({ kind: "dispute_upheld" })],
        "dispute_upheld",
        {
          by,
          requestId,
        },
      );
    }
  }
}

/** The owner approved a ladder step (formal reminder or notice): it goes out now. */
function formalStepApproved(
  state: CaseState,
  approval: PendingApproval,
  by: string,
  ctx: DecideContext,
): Decision {
  const step = approval.stepIndex === null ? undefined : ctx.policy.ladder[approval.stepIndex];
  const cleared = withCommon(state, { ladderApproval: null });
  if (step === undefined) return accept(cleared, [], "ladder_approval_dropped", { by });
  if (step.kind === "personal_contact") {
    const effects: Effect[] = [notifyOwner(personalContact(state, ctx))];
    return accept(cleared, effects, "ladder_step_approved", { by, step: step.kind });
  }
  const effects = reminder(state, {
    kind: "ladder_reminder",
    step: step.kind,
    amountDueMinor: remaining(state, ctx),
    dueDate: ctx.facts.invoice.dueDate,
  });
  // A debtor in the middle of confirming or waiting for the owner keeps their status.
  const next =
    isNegotiating(cleared) && !state.optedOut
      ? toStatus(cleared, "escalated", { step: step.kind })
      : cleared;
  return accept(next, effects, "ladder_step_approved", { by, step: step.kind });
}

export function personalContact(state: CaseState, ctx: DecideContext) {
  const due = new Date(`${ctx.facts.invoice.dueDate}T00:00:00Z`).getTime();
  const now = new Date(`${today(ctx)}T00:00:00Z`).getTime();
  return {
    kind: "personal_contact" as const,
    amountDueMinor: remaining(state, ctx),
    daysLate: Math.max(0, Math.round((now - due) / 86_400_000)),
  };
}

export function onOwnerDeclined(
  state: CaseState,
  requestId: string,
  by: string,
  ctx: DecideContext,
): Decision {
  const pending = pendingOf(state, requestId);
  if (pending === null) return unknownRequest(requestId);
  switch (pending.kind) {
    case "terms":
    case "dispute":
      return declined(
        state,
        ctx,
        pending.kind === "dispute" ? "dispute_rejected" : "owner_declined",
        {
          by,
          requestId,
        },
      );
    case "ladder":
      return accept(withCommon(state, { ladderApproval: null }), [], "ladder_step_declined", {
        by,
        requestId,
      });
  }
}

export function onOwnerCountered(
  state: CaseState,
  requestId: string,
  by: string,
  terms: PlanTerms,
  ctx: DecideContext,
): Decision {
  const pending = pendingOf(state, requestId);
  if (pending === null) return unknownRequest(requestId);
  if (pending.kind === "ladder")
    return refuse("illegal_in_state", "a ladder step is approved or declined");
  return offerForConfirmation(state, terms, by, ctx, "owner_countered");
}

/**
 * The owner has not answered in time. The first time, they are reminded and the clock restarts;
 * the second time the policy's fallback applies: decline (in-policy offers) or hand over to a human.
 */
export function onApprovalTimeout(
  state: CaseState,
  requestId: string,
  ctx: DecideContext,
): Decision {
  const pending = pendingOf(state, requestId);
  if (pending === null || pending.kind === "dispute") return unknownRequest(requestId);
  const { approval } = pending;
  if (approval.timeouts === 0) {
    const updated = { ...approval, timeouts: 1 };
    const next =
      pending.kind === "terms"
        ? { ...pending.state, approval: updated }
        : withCommon(state, { ladderApproval: updated });
    return accept(
      next,
      [notifyOwner({ kind: "approval_expiring", requestId }), approvalTimer(requestId, ctx)],
      "approval_expiring",
      { requestId },
    );
  }
  const fallback = ctx.policy.ownerApproval.fallback;
  if (pending.kind === "ladder") {
    const cleared = withCommon(state, {
      ladderApproval: null,
      // No timer reaches a case a human already took over (decide.ts), so this only ever sets it.
      humanInCharge: fallback === "hand_over",
    });
    return accept(cleared, [], "ladder_approval_timed_out", { requestId, fallback });
  }
  // A timer, not the debtor, caused these messages: they are automated (quiet hours, cap apply).
  if (fallback === "decline")
    return declined(state, ctx, "approval_timed_out", { requestId, fallback }, followUp);
  return accept(
    withCommon(state, { humanInCharge: true }),
    [notifyOwner({ kind: "human_requested", text: null }), followUp({ kind: "human_handover" })],
    "approval_timed_out",
    { requestId, fallback },
  );
}
