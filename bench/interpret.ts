/**
 * `npx tsx bench/interpret.ts [--rounds 5]` — time to interpret one message, steady state.
 *
 * Loads the module (building the fallback model and the typo index, timed apart), warms up on
 * the tuning set once, then interprets every tuning and holdout message `rounds` times and prints
 * the mean, p50, p99 and max per message. The blind set is not used here.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Math.max(1, Number.parseInt(values.rounds ?? "5", 10) || 5);

const loadStart = performance.now();
const { interpret } = await import("../src/core/interpret/index.ts");
const loadMs = performance.now() - loadStart;
const { loadSet } = await import("../src/interpret-report.ts");

const items = [...loadSet("tuning"), ...loadSet("holdout")].map((item) => ({
  text: item.text,
  options: {
    locale: item.locale,
    now: new Date(item.now),
    timezone: item.timezone,
    currency: "EUR" as const,
  },
}));

for (const item of items) interpret(item.text, item.options);

const times: number[] = [];
const best = items.map(() => Number.POSITIVE_INFINITY);
for (let round = 0; round < rounds; round++) {
  items.forEach((item, i) => {
    const start = performance.now();
    interpret(item.text, item.options);
    const elapsed = performance.now() - start;
    times.push(elapsed);
    best[i] = Math.min(best[i] ?? elapsed, elapsed);
  });
}
/** mean · p50 · p99 · max of a list of milliseconds. */
function summary(list: number[]): string {
  const sorted = [...list].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return `mean ${mean.toFixed(3)} ms · p50 ${at(0.5).toFixed(3)} ms · p99 ${at(0.99).toFixed(3)} ms · max ${at(1).toFixed(3)} ms`;
}

// Every run includes the machine's noise (GC, other processes); the best of the rounds per
// message is the interpreter's own cost.
process.stdout.write(
  [
    `module load (chrono, model, typo index): ${loadMs.toFixed(0)} ms`,
    `${times.length} interpretations (${items.length} messages × ${rounds})`,
    `every run:             ${summary(times)}`,
    `best of ${rounds} per message: ${summary(best)}`,
    "",
  ].join("\n"),
);
