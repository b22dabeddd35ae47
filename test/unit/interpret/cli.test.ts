import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../../", import.meta.url);

function run(args: readonly string[], input: string) {
  return spawnSync("npx", ["tsx", "src/interpret-cli.ts", ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    timeout: 170_000,
  });
}

const ARGS = [
  "--locale",
  "fr",
  "--now",
  "2026-11-23T10:00:00Z",
  "--timezone",
  "Europe/Paris",
  "--currency",
  "EUR",
];

describe("the interpret command line", () => {
  it("prints one JSON object with exactly the five keys per input line", () => {
    const result = run(ARGS, "je peux payer 150 € par mois\nbonjour\nj'ai déjà payé vendredi\n");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const object of objects) {
      expect(Object.keys(object)).toEqual(["intent", "amount", "count", "period", "date"]);
    }
    expect(objects[0]).toEqual({
      intent: "installments",
      amount: 15000,
      count: null,
      period: "month",
      date: null,
    });
    expect(objects[1]).toEqual({
      intent: "unknown",
      amount: null,
      count: null,
      period: null,
      date: null,
    });
    expect(objects[2]).toMatchObject({ intent: "already_paid", date: "2026-11-20" });
  });

  it("refuses an unknown time zone with one line on stderr and exit code 2", () => {
    const args = ARGS.map((arg) => (arg === "Europe/Paris" ? "Europe/Atlantis" : arg));
    const result = run(args, "bonjour\n");
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(
      result.stderr
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("npm warn")),
    ).toEqual(["interpret: --timezone must be an IANA zone, e.g. Europe/Paris"]);
  });

  it("refuses an unknown locale with exit code 2", () => {
    const args = ARGS.map((arg) => (arg === "fr" ? "de" : arg));
    const result = run(args, "hallo\n");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("interpret: --locale must be fr or en");
  });
});

describe("the interpret report", () => {
  it("prints the blind set's figures without any of its messages", () => {
    const result = run(["--report"], "");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/BLIND .* 260 messages/);
    expect(result.stdout).toMatch(/intent accuracy +\d+\.\d% \(\d+\/260\)/);
    expect(result.stdout).toContain("confusion (rows: labelled, columns: read)");
    const blind = JSON.parse(
      readFileSync(new URL("labelled/blind.json", import.meta.url), "utf8"),
    ) as { text: string }[];
    const shown = blind.filter((item) => item.text.length > 6 && result.stdout.includes(item.text));
    expect(shown.length).toBe(0);
  }, 180_000);
});
