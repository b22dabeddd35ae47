import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../../../src/core/interpret/examples.ts";
import { accuracy, evaluate, formatReport, loadSet } from "./labelled/evaluate.ts";

/**
 * The holdout set was written and committed before the interpreter, and the rules were tuned on
 * the tuning set only: the holdout figures are the honest estimate of accuracy on new messages.
 */
describe("free-text interpretation on labelled messages", () => {
  it("the holdout set is large and balanced enough to measure anything", () => {
    const holdout = loadSet("holdout");
    const tuning = loadSet("tuning");
    expect(holdout.length).toBeGreaterThanOrEqual(80);
    expect(holdout.length + tuning.length).toBeGreaterThanOrEqual(150);
    const report = evaluate(holdout);
    for (const [, tally] of report.perIntent) expect(tally.total).toBeGreaterThanOrEqual(5);
    expect(new Set(holdout.map((item) => item.locale))).toEqual(new Set(["fr", "en"]));
  });

  it("understands at least 90 % of unseen messages and reads their amounts and dates at 95 %", () => {
    const report = evaluate(loadSet("holdout"));
    console.log(formatReport("HOLDOUT (not tuned on)", report));
    expect(accuracy(report.intent)).toBeGreaterThanOrEqual(0.9);
    expect(accuracy(report.amount)).toBeGreaterThanOrEqual(0.95);
    expect(accuracy(report.date)).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps the tuning set it was built on understood", () => {
    const report = evaluate(loadSet("tuning"));
    console.log(formatReport("TUNING", report));
    expect(accuracy(report.intent)).toBeGreaterThanOrEqual(0.95);
    expect(accuracy(report.amount)).toBeGreaterThanOrEqual(0.95);
    expect(accuracy(report.date)).toBeGreaterThanOrEqual(0.95);
  });
});

describe("the fallback model's examples", () => {
  it("are exactly the tuning set, never a holdout message", () => {
    const tuning = loadSet("tuning").map((item) => [item.expected.intent, item.text]);
    expect(EXAMPLES.map(([intent, text]) => [intent, text])).toEqual(tuning);
    const holdout = new Set(loadSet("holdout").map((item) => item.text));
    expect(EXAMPLES.filter(([, text]) => holdout.has(text))).toEqual([]);
  });
});
