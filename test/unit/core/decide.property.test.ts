import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CASE_STATUSES,
  type CaseFacts,
  type CaseState,
  remainingMinor,
} from "../../../src/core/case-state.ts";
import { localDate } from "../../../src/core/dates.ts";
import { termsCoverMinor } from "../../../src/core/installment-plan.ts";
import { breachesOf } from "../../../src/core/policy-fit.ts";
import type { Offer } from "../../../src/core/types.ts";
import { type Goal, reachedGoals, scenario, simulate } from "./scenarios.ts";

/** What must hold in every state `decide` returns, whatever the path that led there. */
function expectCoherent(state: CaseState, facts: CaseFacts): void {
  if (state.status === "awaiting_confirmation") {
    expect(state.offerSet?.offers.map((o) => o.id)).toContain(state.pendingOfferId);
  }
  if (state.status === "awaiting_owner") expect(state.approval.terms).not.toBeNull();
  if (state.status === "agreed") expect(state.offerSet).toBeNull();
  if (state.status === "paid") expect(remainingMinor(state, facts)).toBe(0);
  // The default ladder stops once the case leaves it, and never restarts.
  if (
    ["agreed", "paid", "disputed", "awaiting_payment_check", "closed"].includes(state.status) ||
    state.optedOut
  ) {
    expect(state.ladder.stopped).toBe(true);
  }
  expect(state.offerSet === null || state.offerSet.version === state.offerVersion).toBe(true);
}

/** Hundreds of simulated cases each: seconds alone, far more on a machine shared with others. */
const PROPERTY_TIMEOUT_MS = 180_000;

/** How many of `runs` random scenarios reach each terminal kind at least once. */
function reachDistribution(runs: number, seed?: number): Record<Goal, number> {
  const counts: Record<Goal, number> = {
    owner_declined: 0,
    agreed_in_policy: 0,
    agreed_by_owner: 0,
    paid: 0,
  };
  const samples = fc.sample(scenario, seed === undefined ? runs : { numRuns: runs, seed });
  for (const [policy, facts, offset, commands, goals, tail] of samples) {
    const reached = new Set(
      simulate(policy, facts, offset, commands, goals, tail).flatMap((s) => reachedGoals(s)),
    );
    for (const goal of reached) counts[goal] += 1;
  }
  return counts;
}

describe("the scenarios the properties run on", () => {
  it(
    "reach each terminal kind — owner's decline, in-policy agreement, owner-approved agreement, paid — in at least a third of runs",
    () => {
      // A fixed seed keeps this check deterministic; the properties below draw fresh seeds, and
      // their distribution is the same in expectation.
      const runs = 300;
      const counts = reachDistribution(runs, 20_261_202);
      console.info(
        `decide scenarios reaching each terminal kind, of ${runs}: ${JSON.stringify(counts)}`,
      );
      for (const [goal, n] of Object.entries(counts)) {
        expect(n, `${goal}: ${n} of ${runs}`).toBeGreaterThanOrEqual(runs / 3);
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});

/** Every agreement follows a confirm of the very terms shown, and out of policy needs the owner. */
const agreementsFollowConfirms = fc.property(
  scenario,
  ([policy, facts, offset, commands, goals, tail]) => {
    const steps = simulate(policy, facts, offset, commands, goals, tail);
    /** offer id → the offer shown for confirmation and the policy breaches it had then. */
    const shown = new Map<string, { offer: Offer; outOfPolicy: boolean }>();
    const approvers = new Set<string>();
    for (const step of steps) {
      if (!step.decision.ok) continue;
      const { event } = step;
      const fit = {
        policy,
        remainingMinor: remainingMinor(step.before, facts),
        today: localDate(step.now, facts.debtor.timezone),
        invoiceIssuedAt: facts.invoice.issuedAt,
        promisesMade: step.before.promisesMade,
      };
      for (const effect of step.decision.effects) {
        if (effect.type === "send_debtor" && effect.message.kind === "confirm_terms") {
          const { offer } = effect.message;
          const outOfPolicy = breachesOf(offer.terms, fit).length > 0;
          // An offer labelled within policy really fits it, and settles exactly what is owed.
          if (offer.withinPolicy) expect(outOfPolicy).toBe(false);
          expect(termsCoverMinor(offer.terms)).toBe(fit.remainingMinor);
          shown.set(offer.id, { offer, outOfPolicy });
        }
        if (effect.type === "record_agreement") {
          // The confirm button, or "oui, je confirme" typed while that very card waits.
          if (event.type === "debtor_text") {
            expect(event.interpretation.intent).toBe("accept");
            expect(step.before.status).toBe("awaiting_confirmation");
            expect(
              step.before.status === "awaiting_confirmation" && step.before.pendingOfferId,
            ).toBe(effect.offerId);
          } else {
            expect(event).toEqual({
              type: "debtor_action",
              action: { type: "confirm", offerId: effect.offerId },
            });
          }
          const confirmed = shown.get(effect.offerId);
          expect(confirmed?.offer.terms).toEqual(effect.terms);
          if (confirmed?.outOfPolicy === true || confirmed?.offer.withinPolicy === false) {
            expect(effect.approvedBy).not.toBeNull();
            expect(approvers.has(effect.approvedBy ?? "")).toBe(true);
          }
        }
      }
      if (event.type === "owner_approved" || event.type === "owner_countered")
        approvers.add(event.by);
    }
  },
);

describe("decide on random event sequences from random policies", () => {
  it(
    "never throws, never fails internally, and only reaches legal statuses",
    () => {
      fc.assert(
        fc.property(scenario, ([policy, facts, offset, commands, goals, tail]) => {
          for (const step of simulate(policy, facts, offset, commands, goals, tail)) {
            expect(step.mutated).toBe(false);
            if (!step.decision.ok) {
              expect(step.decision.refusal.code).not.toBe("internal_error");
              continue;
            }
            expect(CASE_STATUSES).toContain(step.decision.state.status);
            expectCoherent(step.decision.state, facts);
            expect(step.decision.state.paidMinor).toBeGreaterThanOrEqual(0);
            expect(step.decision.effects.at(-1)?.type).toBe("audit");
            // The state is plain JSON.
            expect(JSON.parse(JSON.stringify(step.decision.state))).toEqual(step.decision.state);
          }
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "every agreement follows the debtor's confirm of exactly the terms shown; out of policy needs the owner",
    () => {
      fc.assert(agreementsFollowConfirms, { numRuns: 300 });
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "a typed « oui » on the confirmation card confirms it (a counterexample once found)",
    () => {
      // The replay runs on from the counterexample's path: at a load of 20 that took 34 s.
      fc.assert(agreementsFollowConfirms, {
        seed: -994420666,
        path: "204:0:0:0:0:0:0:0:0:0:0:0:1:0:0:1:1:1:1:1:1:5:4:4:4:4:8:8:8:8:8:16:16:16:16:16:0:15:8:8:8:8:8:9",
      });
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "offers and plans the bot shows have positive amounts and strictly increasing dates",
    () => {
      fc.assert(
        fc.property(scenario, ([policy, facts, offset, commands, goals, tail]) => {
          for (const step of simulate(policy, facts, offset, commands, goals, tail)) {
            if (!step.decision.ok) continue;
            for (const effect of step.decision.effects) {
              if (effect.type !== "record_offers") continue;
              expect(effect.offers.length).toBeGreaterThanOrEqual(1);
              expect(effect.offers.length).toBeLessThanOrEqual(3);
              effect.offers.forEach((offer, i) => {
                expect(offer.id).toBe(`o${effect.offerSetVersion}_${i + 1}`);
                if (offer.terms.kind !== "installments") return;
                const list = offer.terms.installments;
                expect(list.every((inst) => inst.amountMinor > 0)).toBe(true);
                expect(
                  list.every((inst, j) => j === 0 || inst.dueDate > (list[j - 1]?.dueDate ?? "")),
                ).toBe(true);
              });
            }
          }
        }),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
