import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  assignmentPoint,
  assignVariant,
  type CaseExperiment,
  caseWording,
} from "../../../src/runtime/wording-experiments.ts";

/**
 * Wording experiments: each case gets one variant, deterministically from its id and the
 * experiment's, in the split the weights ask for. The 1,000 case ids below are fixed, so every
 * count is the same on every run; the tolerances are what a fair coin would allow (3 standard
 * deviations of the binomial count, a 0.3 % chance for random ids to fall outside), so a hash
 * that favoured one variant — or a change that broke uniformity — would fail here.
 */

const EXPERIMENT = "7a1c2e9d-5b40-4c1e-9f3a-2d8e6b0c4f11";
const OTHER_EXPERIMENT = "c3d9f0a2-81b7-4e55-a6c4-90e1f2b3d4a5";
const caseId = (i: number) => `0b5e1d2c-3f4a-4b6c-8d7e-${i.toString(16).padStart(12, "0")}`;
const CASES = Array.from({ length: 1_000 }, (_, i) => caseId(i));

/** Three standard deviations of a binomial count: n cases, each in the variant with chance p. */
const tolerance = (n: number, p: number) => Math.ceil(3 * Math.sqrt(n * p * (1 - p)));

function split(variants: { key: string; weight: number }[], id = EXPERIMENT) {
  const counts: Record<string, number> = {};
  for (const c of CASES) {
    const v = assignVariant(c, { id, variants }) ?? "none";
    counts[v] = (counts[v] ?? 0) + 1;
  }
  return counts;
}

describe("assigning a variant", () => {
  it("splits 1,000 cases 50/50 within 3 binomial standard deviations (±48)", () => {
    const counts = split([
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
    ]);
    expect(tolerance(1_000, 0.5)).toBe(48);
    expect((counts.a ?? 0) + (counts.b ?? 0)).toBe(1_000);
    expect(Math.abs((counts.b ?? 0) - 500)).toBeLessThanOrEqual(48);
    // The figure for these ids, pinned (Python's hashlib, computing the same SHA-256 points on its
    // own, finds 524 too): a change of the hash would show here first.
    expect(counts).toEqual({ a: 476, b: 524 });
  });

  it("follows unequal weights: 70/30 within ±44, three thirds within ±45 each", () => {
    const seventy = split([
      { key: "a", weight: 70 },
      { key: "b", weight: 30 },
    ]);
    expect(Math.abs((seventy.b ?? 0) - 300)).toBeLessThanOrEqual(tolerance(1_000, 0.3));
    const thirds = split([
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
      { key: "c", weight: 1 },
    ]);
    for (const key of ["a", "b", "c"]) {
      expect(Math.abs((thirds[key] ?? 0) - 1_000 / 3), key).toBeLessThanOrEqual(
        tolerance(1_000, 1 / 3),
      );
    }
  });

  it("a variant of weight 0 gets no new case; no positive weight, no variant", () => {
    expect(
      split([
        { key: "a", weight: 0 },
        { key: "b", weight: 5 },
      ]),
    ).toEqual({ b: 1_000 });
    expect(assignVariant(caseId(1), { id: EXPERIMENT, variants: [{ key: "a", weight: 0 }] })).toBe(
      null,
    );
  });

  it("is independent between experiments: being in b of one says nothing of the next", () => {
    const variants = [
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
    ];
    const both = CASES.filter(
      (c) =>
        assignVariant(c, { id: EXPERIMENT, variants }) === "b" &&
        assignVariant(c, { id: OTHER_EXPERIMENT, variants }) === "b",
    ).length;
    expect(Math.abs(both - 250)).toBeLessThanOrEqual(tolerance(1_000, 0.25));
  });

  it("puts points uniformly on [0, 1): each tenth holds 100 ± 29 of 1,000 cases", () => {
    const tenths = new Array<number>(10).fill(0);
    for (const c of CASES) {
      const point = assignmentPoint(c, EXPERIMENT);
      expect(point).toBeGreaterThanOrEqual(0);
      expect(point).toBeLessThan(1);
      tenths[Math.floor(point * 10)] = (tenths[Math.floor(point * 10)] ?? 0) + 1;
    }
    for (const n of tenths) expect(Math.abs(n - 100)).toBeLessThanOrEqual(tolerance(1_000, 0.1));
  });

  it("gives the same variant in a freshly started process (a restart moves no case)", () => {
    const variants = [
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
    ];
    const here = CASES.slice(0, 200).map((c) => assignVariant(c, { id: EXPERIMENT, variants }));
    const module = new URL("../../../src/runtime/wording-experiments.ts", import.meta.url).href;
    const script = `
      const { assignVariant } = await import(${JSON.stringify(module)});
      const ids = JSON.parse(process.argv[1]);
      const variants = ${JSON.stringify(variants)};
      process.stdout.write(JSON.stringify(ids.map((c) => assignVariant(c, { id: ${JSON.stringify(
        EXPERIMENT,
      )}, variants }))));`;
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script, JSON.stringify(CASES.slice(0, 200))],
      { encoding: "utf8" },
    );
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual(here);
  });

  it("reads ids whatever their case: an upper-case uuid is the same case", () => {
    const variants = [
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
    ];
    for (const c of CASES.slice(0, 50)) {
      expect(assignVariant(c.toUpperCase(), { id: EXPERIMENT.toUpperCase(), variants })).toBe(
        assignVariant(c, { id: EXPERIMENT, variants }),
      );
    }
  });
});

function experiment(over: Partial<CaseExperiment>): CaseExperiment {
  return {
    id: EXPERIMENT,
    messageId: "reminder-ask-reason",
    variants: [
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
    ],
    status: "running",
    winner: null,
    endedAt: null,
    assigned: null,
    ...over,
  };
}

describe("what a case says", () => {
  it("a running experiment: the recorded variant, whatever the weights say now", () => {
    const c = caseId(3);
    const now = caseWording(c, [
      experiment({
        assigned: "a",
        variants: [
          { key: "a", weight: 0 },
          { key: "b", weight: 1 },
        ],
      }),
    ]);
    expect(now.wording).toEqual({ "reminder-ask-reason": "a" });
    expect(now.running["reminder-ask-reason"]).toEqual({
      experimentId: EXPERIMENT,
      variant: "a",
      recorded: true,
    });
  });

  it("a case not yet in the experiment: its hash's variant, to be recorded", () => {
    const c = caseId(4);
    const expected = assignVariant(c, experiment({}));
    const now = caseWording(c, [experiment({})]);
    expect(now.wording["reminder-ask-reason"]).toBe(expected);
    expect(now.running["reminder-ask-reason"]?.recorded).toBe(false);
  });

  it("an ended experiment: its winner for every case, those shown another variant too", () => {
    const ended = experiment({
      status: "ended",
      winner: "b",
      endedAt: "2026-12-01T10:00:00.000Z",
      assigned: "a",
    });
    const now = caseWording(caseId(5), [ended]);
    expect(now.wording).toEqual({ "reminder-ask-reason": "b" });
    expect(now.running).toEqual({});
  });

  it("the latest winner of a message, unless a new experiment on it runs", () => {
    const first = experiment({
      id: OTHER_EXPERIMENT,
      status: "ended",
      winner: "c",
      endedAt: "2026-12-01T10:00:00.000Z",
    });
    const second = experiment({
      status: "ended",
      winner: "b",
      endedAt: "2027-01-01T10:00:00.000Z",
    });
    expect(caseWording(caseId(6), [second, first]).wording).toEqual({
      "reminder-ask-reason": "b",
    });
    const rerun = experiment({ id: "0f0f0f0f-0000-4000-8000-000000000001", assigned: "c" });
    expect(caseWording(caseId(6), [first, second, rerun]).wording).toEqual({
      "reminder-ask-reason": "c",
    });
  });
});
