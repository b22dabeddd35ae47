import { createHash } from "node:crypto";

/**
 * Wording experiments: which variant of a message (`<id>--<key>` in the Fluent catalogues, "a"
 * being the message itself) a case is shown. Pure: the case store loads the business's
 * experiments and the case's recorded assignments; `planEvent` says the chosen variants and
 * records, in the event's commit, each new assignment and which variant every card used.
 */

export interface VariantWeight {
  /** "a" (the message itself), "b", … as the catalogue names them. */
  readonly key: string;
  /** Relative share of new cases; 0 stops assigning it (cases already in it keep it). */
  readonly weight: number;
}

export interface WordingExperiment {
  readonly id: string;
  /** The base message id, e.g. "reminder-ask-reason". */
  readonly messageId: string;
  readonly variants: readonly VariantWeight[];
  readonly status: "running" | "ended";
  /** The variant kept when the experiment ended: every case says it from then on. */
  readonly winner: string | null;
  /** When it ended (ISO instant); the latest ended experiment of a message decides its winner. */
  readonly endedAt: string | null;
}

/** An experiment as loaded for one case: with the variant the case was assigned, if any yet. */
export interface CaseExperiment extends WordingExperiment {
  readonly assigned: string | null;
}

/** 48 bits of the hash: a double holds them exactly, so the point is uniform on [0, 1). */
const POINT_BITS = 48;

/**
 * Where a case falls on [0, 1) in an experiment: the first 48 bits of SHA-256 of
 * "<experiment id>:<case id>". Deterministic (the same ids give the same point in any process, on
 * any machine), uniform, and independent between experiments (the experiment id is hashed in, so
 * a case in variant "b" of one experiment is not more likely to be in "b" of the next).
 */
export function assignmentPoint(caseId: string, experimentId: string): number {
  const digest = createHash("sha256")
    .update(`${experimentId.toLowerCase()}:${caseId.toLowerCase()}`)
    .digest();
  return digest.readUIntBE(0, POINT_BITS / 8) / 2 ** POINT_BITS;
}

/**
 * The variant a new case gets: the variants laid end to end on [0, 1) in proportion to their
 * weights, in their listed order, and the case's point picks one. Null when no variant has a
 * positive weight.
 */
export function assignVariant(
  caseId: string,
  experiment: Pick<WordingExperiment, "id" | "variants">,
): string | null {
  const live = experiment.variants.filter((v) => v.weight > 0);
  const total = live.reduce((sum, v) => sum + v.weight, 0);
  if (total <= 0) return null;
  const point = assignmentPoint(caseId, experiment.id) * total;
  let upTo = 0;
  for (const variant of live) {
    upTo += variant.weight;
    if (point < upTo) return variant.key;
  }
  return live[live.length - 1]?.key ?? null;
}

/** A running experiment as a case's cards say it: the variant, and whether it is recorded yet. */
export interface RunningAssignment {
  readonly experimentId: string;
  readonly variant: string;
  /** The case's assignment is already in `case_variants` (this or an earlier event). */
  readonly recorded: boolean;
}

export interface CaseWording {
  /** Message id → variant key to say (RenderContext.wording). */
  readonly wording: Readonly<Record<string, string>>;
  /** Message id → its running experiment's assignment: what a card saying it records. */
  readonly running: Readonly<Record<string, RunningAssignment>>;
}

/**
 * What a case says, per message with an experiment: in a running experiment, the variant recorded
 * for the case, else the one its hash gives now (recorded when a card first says it, so a later
 * change of weights never moves a case); once ended, the winner — for every case, those that were
 * shown another variant too. A message with several ended experiments says the latest winner.
 */
export function caseWording(caseId: string, experiments: readonly CaseExperiment[]): CaseWording {
  const wording: Record<string, string> = {};
  const running: Record<string, RunningAssignment> = {};
  const ended = experiments
    .filter((e) => e.status === "ended" && e.winner !== null)
    .sort((x, y) => (x.endedAt ?? "").localeCompare(y.endedAt ?? ""));
  for (const e of ended) if (e.winner !== null) wording[e.messageId] = e.winner;
  for (const e of experiments) {
    if (e.status !== "running") continue;
    const variant = e.assigned ?? assignVariant(caseId, e);
    if (variant === null) continue;
    wording[e.messageId] = variant;
    running[e.messageId] = { experimentId: e.id, variant, recorded: e.assigned !== null };
  }
  return { wording, running };
}
