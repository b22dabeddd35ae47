#!/usr/bin/env node
/**
 * Flake hunt: runs the suite N times and lists every test that failed at least once.
 *
 *   npm run test:repeat -- 10                       the whole suite, ten times
 *   npm run test:repeat -- 5 test/e2e/webchat.test.ts   any further arguments go to vitest
 *
 * Each run is a fresh `vitest run` (its own template database, BullMQ prefix and leftover check)
 * with vitest's JSON reporter beside the usual dots. A run that exits non-zero without a failed
 * test (a file that did not load, the leftover check in global teardown) is listed too. Exits 1
 * when anything failed once.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const [countArg, ...vitestArgs] = process.argv.slice(2);
const runs = Number.parseInt(countArg ?? "", 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("usage: npm run test:repeat -- <runs> [vitest arguments…]");
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), "relance-repeat-"));
/** "file > suite > test" → the runs it failed in (1-based). */
const failures = new Map();
/** Runs whose exit status was non-zero with no failed test in the report. */
const otherwise = [];
const durations = [];

for (let run = 1; run <= runs; run++) {
  const report = path.join(dir, `run-${run}.json`);
  const started = performance.now();
  console.log(`\n== run ${run} of ${runs}`);
  const result = spawnSync(
    "npx",
    [
      "vitest",
      "run",
      "--reporter=dot",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...vitestArgs,
    ],
    { stdio: "inherit" },
  );
  durations.push((performance.now() - started) / 1000);
  let failedHere = 0;
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    for (const file of json.testResults) {
      const name = path.relative(process.cwd(), file.name);
      if (file.status === "failed" && file.assertionResults.length === 0) {
        failedHere += 1;
        note(`${name} (did not load: ${String(file.message).split("\n")[0]})`, run);
      }
      for (const test of file.assertionResults) {
        if (test.status !== "failed") continue;
        failedHere += 1;
        note(`${name} > ${test.fullName}`, run);
      }
    }
  } catch (error) {
    otherwise.push(`run ${run}: no JSON report (${error.message})`);
  }
  if (result.status !== 0 && failedHere === 0) {
    otherwise.push(`run ${run}: exit ${result.status} with no failed test (see its output above)`);
  }
}
rmSync(dir, { recursive: true, force: true });

function note(name, run) {
  const seen = failures.get(name) ?? [];
  seen.push(run);
  failures.set(name, seen);
}

const seconds = durations.map((d) => d.toFixed(0)).join(", ");
console.log(`\n== ${runs} run(s), durations in seconds: ${seconds}`);
if (failures.size === 0 && otherwise.length === 0) {
  console.log("no test failed in any run");
  process.exit(0);
}
console.log("failed at least once (runs):");
for (const [name, seen] of [...failures].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`  ${seen.length}/${runs}  ${name}  [${seen.join(", ")}]`);
}
for (const line of otherwise) console.log(`  ${line}`);
process.exit(1);
