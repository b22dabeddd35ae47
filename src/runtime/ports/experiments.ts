import type { VariantWeight } from "../wording-experiments.ts";
import type { ViewerScope } from "./admin-views.ts";

/**
 * Wording experiments as the owner's desk starts, reweighs and ends them, and their figures.
 * db/stores/experiments.ts implements it over Postgres; src/http/admin uses it, so src/http never
 * touches the database driver. Every call names the business it acts for: an experiment of
 * another business is simply not found.
 */

export interface ExperimentRecord {
  readonly id: string;
  readonly businessId: string;
  readonly messageId: string;
  readonly variants: readonly VariantWeight[];
  readonly status: "running" | "ended";
  readonly winner: string | null;
  readonly startedAt: Date;
  readonly startedBy: string;
  readonly endedAt: Date | null;
  readonly endedBy: string | null;
}

export type StartOutcome =
  | { readonly outcome: "started"; readonly id: string }
  /** An experiment on this message already runs for the business. */
  | { readonly outcome: "already_running" };

/** A sample as SQL aggregates it: size, mean, sample standard deviation (null under two). */
export interface SampleRaw {
  readonly n: number;
  readonly mean: number;
  readonly sd: number | null;
}

/**
 * What followed the variant's first message, over the cases shown it. One row per variant with
 * `currency` null (every case), and one per variant and invoice currency (amounts never add up
 * across currencies).
 */
export interface ExperimentVariantRaw {
  readonly variant: string;
  readonly currency: string | null;
  /** Cases assigned this variant and sent at least one message in it. */
  readonly cases: number;
  /** … of which the debtor wrote or pressed something after that first message. */
  readonly replied: number;
  /** … of which confirmed an agreement after it. */
  readonly agreed: number;
  /** Paid after the first message, per case (0 for a case that paid nothing), minor units. */
  readonly recoveredTotalMinor: number;
  readonly recovered: SampleRaw;
  /** Days from the first message to the payment that settled the invoice, over paid cases. */
  readonly daysToPayment: SampleRaw;
}

export interface ExperimentStatsRaw extends ExperimentRecord {
  readonly businessName: string;
  readonly rows: readonly ExperimentVariantRaw[];
}

export interface ExperimentStore {
  /** The business's experiments, running ones first, then the most recently started. */
  list(businessId: string): Promise<readonly ExperimentRecord[]>;
  start(input: {
    readonly businessId: string;
    readonly messageId: string;
    readonly variants: readonly VariantWeight[];
    readonly by: string;
    readonly at: Date;
  }): Promise<StartOutcome>;
  /** New weights for new cases of a running experiment (cases already in it keep their variant);
   *  false when it is not running or not the business's. */
  setWeights(input: {
    readonly businessId: string;
    readonly experimentId: string;
    readonly variants: readonly VariantWeight[];
    readonly by: string;
    readonly at: Date;
  }): Promise<boolean>;
  /** Ends a running experiment keeping `winner`; false when it is not running or not the
   *  business's. */
  end(input: {
    readonly businessId: string;
    readonly experimentId: string;
    readonly winner: string;
    readonly by: string;
    readonly at: Date;
  }): Promise<boolean>;
  /** Every experiment the scope sees (narrowed to one business when given), with its figures at
   *  `now`. */
  stats(
    scope: ViewerScope,
    query: { readonly businessId?: string; readonly now: Date },
  ): Promise<readonly ExperimentStatsRaw[]>;
}
