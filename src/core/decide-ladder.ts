import { type CaseState, isNegotiating } from "./case-state.ts";
import { personalContact } from "./decide-owner.ts";
import {
  accept,
  type DecideContext,
  type Decision,
  draftsFor,
  newApproval,
  notifyOwner,
  openOfferSet,
  refuse,
  remaining,
  reminder,
  toStatus,
  withCommon,
} from "./decide-support.ts";
import type { ApprovalSubject } from "./messages.ts";
import type { LadderStepKind } from "./types.ts";

function approvalSubject(kind: LadderStepKind): ApprovalSubject {
  return kind === "formal_reminder" || kind === "formal_notice" ? kind : "escalation";
}

/** A ladder step's timer fired (DOMAIN.md, "The default reminder ladder"). */
export function onLadderStep(state: CaseState, stepIndex: number, ctx: DecideContext): Decision {
  const step = Number.isSafeInteger(stepIndex) ? ctx.policy.ladder[stepIndex] : undefined;
  if (step === undefined) return refuse("invalid_event", `no ladder step ${stepIndex}`);
  if (state.optedOut) return refuse("opted_out", "no reminders after an opt-out");
  if (state.ladder.stopped) return refuse("stale_timer", "the case left the reminder ladder");
  if (state.ladder.lastStepIndex !== null && stepIndex <= state.ladder.lastStepIndex) {
    return refuse("stale_timer", `ladder step ${stepIndex} was already handled`);
  }
  const base = withCommon(state, { ladder: { ...state.ladder, lastStepIndex: stepIndex } });
  const detail = { stepIndex, step: step.kind };
  const amountDueMinor = remaining(state, ctx);
  const dueDate = ctx.facts.invoice.dueDate;

  if (step.ownerApproval) {
    const subject = approvalSubject(step.kind);
    const asked = newApproval(
      base,
      { subject, terms: null, proposal: null, breaches: [], stepIndex },
      ctx,
    );
    const next = withCommon(base, { ...asked.common, ladderApproval: asked.approval });
    return accept(
      next,
      [
        ...asked.effects,
        notifyOwner({
          kind: "approval_request",
          requestId: asked.approval.requestId,
          subject,
          reason: state.reason,
          amountDueMinor,
          breaches: [],
        }),
      ],
      "ladder_step_needs_approval",
      { ...detail, requestId: asked.approval.requestId },
    );
  }

  switch (step.kind) {
    case "personal_contact":
      return accept(
        base,
        [notifyOwner(personalContact(state, ctx))],
        "ladder_step_owner_told",
        detail,
      );
    case "heads_up":
    case "due_today": {
      const next = base.status === "scheduled" ? toStatus(base, "reminded", {}) : base;
      return accept(
        next,
        reminder(state, { kind: "ladder_reminder", step: step.kind, amountDueMinor, dueDate }),
        "ladder_step_sent",
        detail,
      );
    }
    case "ask_reason": {
      // Asking why is pointless once the debtor said why, or mid-confirmation.
      if (state.reason !== null || !isNegotiating(base))
        return accept(base, [], "ladder_step_skipped", detail);
      const asked = base.status === "escalated" ? base : toStatus(base, "awaiting_reason", {});
      const next = withCommon(asked, { unheardQuestion: ctx.facts.debtor.reachable === false });
      return accept(
        next,
        reminder(state, { kind: "ladder_reminder", step: "ask_reason", amountDueMinor, dueDate }),
        "ladder_step_sent",
        detail,
      );
    }
    case "options": {
      if (!isNegotiating(base)) return accept(base, [], "ladder_step_skipped", detail);
      const opened = openOfferSet(base, draftsFor(state.reason, base, ctx), ctx);
      const merged = { ...base, ...opened.common };
      const shown =
        base.status === "escalated"
          ? withCommon(base, opened.common)
          : toStatus(merged, "offering", {});
      const next = withCommon(shown, { unheardQuestion: ctx.facts.debtor.reachable === false });
      return accept(
        next,
        [
          ...opened.effects,
          ...reminder(state, {
            kind: "ladder_reminder",
            step: "options",
            amountDueMinor,
            dueDate,
            offers: opened.offers,
          }),
        ],
        "ladder_step_sent",
        { ...detail, offerSetVersion: opened.common.offerVersion },
      );
    }
    case "formal_reminder":
    case "formal_notice": {
      // A policy may let formal steps go without approval; they still mark the case escalated.
      const next = isNegotiating(base) ? toStatus(base, "escalated", { step: step.kind }) : base;
      return accept(
        next,
        reminder(state, { kind: "ladder_reminder", step: step.kind, amountDueMinor, dueDate }),
        "ladder_step_sent",
        detail,
      );
    }
  }
}

/** The current offer set's expiry timer fired; older versions are stale. */
export function onOfferExpired(state: CaseState, version: number): Decision {
  if (state.offerSet === null || state.offerSet.version !== version) {
    return refuse("stale_offer", `offer set ${version} is not the current one`);
  }
  const cleared = withCommon(state, { offerSet: null });
  const next =
    cleared.status === "awaiting_confirmation" ? toStatus(cleared, "offering", {}) : cleared;
  return accept(next, [], "offers_expired", { offerSetVersion: version });
}
