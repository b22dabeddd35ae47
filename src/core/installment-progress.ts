import type { CaseState } from "./case-state.ts";

/**
 * How an agreement stands, derived from the case state: what the `installments` and `agreements`
 * rows should say. The state is the truth (payments are counted in `paidMinor`); the rows are its
 * readable copy for the admin pages and reports, rewritten in the same transaction.
 */

export interface ScheduledInstallment {
  readonly seq: number;
  readonly amountMinor: number;
}

export interface InstallmentProgress {
  readonly seq: number;
  readonly paidMinor: number;
  readonly status: "pending" | "paid";
}

/**
 * Allocates `paidTowardsMinor` (paid since the agreement was made) to the installments in order of
 * `seq`: each is filled before the next gets anything, so a part payment counts towards the earliest
 * unpaid installment. Overpayment beyond the schedule is not allocated.
 */
export function allocatePayments(
  schedule: readonly ScheduledInstallment[],
  paidTowardsMinor: number,
): InstallmentProgress[] {
  let left = Math.max(0, paidTowardsMinor);
  return [...schedule]
    .sort((a, b) => a.seq - b.seq)
    .map((inst) => {
      const paidMinor = Math.min(inst.amountMinor, left);
      left -= paidMinor;
      return {
        seq: inst.seq,
        paidMinor,
        status: paidMinor >= inst.amountMinor ? "paid" : "pending",
      };
    });
}

export type AgreementStanding =
  /** Still running: the installments' progress is `progress`. */
  | { readonly status: "active"; readonly progress: InstallmentProgress[] }
  /** Paid in full: every installment is paid. */
  | { readonly status: "completed" }
  /** The core broke the plan or promise (the case is negotiating again). */
  | { readonly status: "broken" }
  /** Nothing to say about the agreement in this state (a paused case keeps it as it was). */
  | { readonly status: "unchanged" };

/**
 * What the case's latest active agreement becomes in `state`. `schedule` is that agreement's
 * installments as recorded (a promise is one installment).
 */
export function agreementStanding(
  state: CaseState,
  schedule: readonly ScheduledInstallment[],
): AgreementStanding {
  switch (state.status) {
    case "agreed":
      return {
        status: "active",
        progress: allocatePayments(schedule, state.paidMinor - state.agreement.paidBeforeMinor),
      };
    case "paid":
      return { status: "completed" };
    // Back to negotiating: only the core's reopenNegotiation (a missed plan or promise) leads here
    // from an agreement; an agreement is never left for these statuses while it is kept.
    case "scheduled":
    case "reminded":
    case "awaiting_reason":
    case "offering":
    case "awaiting_confirmation":
    case "awaiting_owner":
    case "escalated":
    case "opted_out":
      return { status: "broken" };
    // Paused or ended otherwise: a dispute or a payment claim is being looked at.
    case "disputed":
    case "awaiting_payment_check":
    case "closed":
      return { status: "unchanged" };
  }
}
