import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * No test reads the system clock. Code under test gets the suite's `TestClock` (test/support/
 * clock.ts) and fixtures derive their dates from it, so a test behaves the same whatever the real
 * date. A line of a file under test/ that reads the wall clock — the current-time static method of
 * `Date`, a `Date` constructed with no argument, or the runtime's system clock — fails this test
 * unless the allow-list below names it with the reason. Waiting on real asynchronous work measures
 * elapsed time with `performance.now()`, which never yields a date, and is not flagged.
 */

const TEST_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const THIS_FILE = path.relative(TEST_ROOT, fileURLToPath(import.meta.url));

const WALL_CLOCK: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: "Date.now()", pattern: /\bDate\s*\.\s*now\s*\(/ },
  { name: "new Date()", pattern: /\bnew\s+Date\s*\(\s*\)/ },
  { name: "Date() called as a function", pattern: /(?<![\w.]|new\s)Date\s*\(\s*\)/ },
  { name: "systemClock", pattern: /\bsystemClock\b/ },
];

interface Allowed {
  /** Path under test/. */
  readonly file: string;
  /** A fragment of the allowed line (so the entry survives lines moving). */
  readonly line: string;
  readonly why: string;
}

const ALLOWED: readonly Allowed[] = [
  {
    file: "support/global-setup.ts",
    line: "Date.now().toString(36)",
    why: "names the run's databases: the creation time in the name lets a later run drop what a killed run left",
  },
  {
    file: "support/services.ts",
    line: "Date.now() - Number.parseInt(born, 36)",
    why: "the age of an abandoned test database, read from its name (see global-setup)",
  },
  {
    file: "integration/fakes/slack-web-api.test.ts",
    line: "Math.floor(Date.now() / 1000)",
    why: "drives the real Bolt App against the fake Slack: Bolt checks the signature timestamp against the wall clock and takes no clock",
  },
  {
    file: "e2e/telegram-crash-recovery.test.ts",
    line: "new Date(Date.now() + RECONCILE_OUTBOX_GRACE_MS",
    why: "outbox rows are stamped by Postgres's now() (db default), so the reconciler's grace period is measured against real time",
  },
  {
    file: "integration/health.test.ts",
    line: "Date.now().toString(36)}_${randomBytes(3)",
    why: "names a throw-away database in the run's naming scheme, so a killed run's copy is dropped later",
  },
  {
    file: "integration/main-process.test.ts",
    line: "Date.now().toString(36)}_${randomBytes(3)",
    why: "names a throw-away database in the run's naming scheme, so a killed run's copy is dropped later",
  },
  {
    file: "chaos/wall-clock.ts",
    line: "return Date.now();",
    why: "the chaos run (npm run test:chaos) drives the service as separate processes on the system clock; its checks judge quiet hours, timers and leases against that same clock, read only here",
  },
  {
    file: "integration/hostile-input.property.test.ts",
    line: "Math.floor(Date.now() / 1000)",
    why: "signs Slack requests for the real Bolt receiver, which checks the timestamp against the wall clock",
  },
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return /\.(?:[cm]?[jt]s)$/.test(entry.name) ? [path.relative(TEST_ROOT, full)] : [];
  });
}

/** Lines of test/ reading the wall clock, with what they read; comments are ignored. */
function wallClockReads(): { file: string; lineNo: number; text: string; what: string }[] {
  const found: { file: string; lineNo: number; text: string; what: string }[] = [];
  for (const file of testFiles(TEST_ROOT)) {
    if (file === THIS_FILE) continue;
    const lines = readFileSync(path.join(TEST_ROOT, file), "utf8").split("\n");
    lines.forEach((raw, i) => {
      const code = raw.replace(/\/\/.*$/, "").replace(/^\s*\/?\*.*$/, "");
      for (const { name, pattern } of WALL_CLOCK) {
        if (pattern.test(code)) found.push({ file, lineNo: i + 1, text: raw.trim(), what: name });
      }
    });
  }
  return found;
}

function allowed(read: { file: string; text: string }): boolean {
  return ALLOWED.some((a) => a.file === read.file && read.text.includes(a.line));
}

describe("the suite never reads the wall clock", () => {
  const reads = wallClockReads();

  it("finds no read of the system clock outside the allow-list", () => {
    const offending = reads
      .filter((r) => !allowed(r))
      .map((r) => `${r.file}:${r.lineNo} ${r.what}: ${r.text}`);
    expect(offending).toEqual([]);
  });

  it("keeps no stale entry in the allow-list, and says why for each", () => {
    for (const entry of ALLOWED) {
      expect(entry.why.length, `${entry.file}: say why`).toBeGreaterThan(20);
      expect(
        reads.some((r) => r.file === entry.file && r.text.includes(entry.line)),
        `${entry.file} no longer reads the clock at "${entry.line}": remove the entry`,
      ).toBe(true);
    }
  });

  it("recognises each way of reading the clock (the check itself can fail)", () => {
    const samples = [
      "const t = Date.now();",
      "const d = new Date();",
      "const d = Date();",
      "runtime = { clock: systemClock };",
    ];
    for (const sample of samples) {
      expect(
        WALL_CLOCK.some(({ pattern }) => pattern.test(sample)),
        sample,
      ).toBe(true);
    }
    for (const fine of [
      "new Date(TEST_EPOCH)",
      "new Date(0)",
      "clock.now()",
      "performance.now()",
    ]) {
      expect(
        WALL_CLOCK.some(({ pattern }) => pattern.test(fine)),
        fine,
      ).toBe(false);
    }
  });
});
