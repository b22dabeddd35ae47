import { randomBytes } from "node:crypto";
import { SlidingWindowLimiter } from "../bot/webchat/rate-limit.ts";

/**
 * `npx tsx bench/webchat-limiter.ts [--keys 40000] [--takes 400000]`
 *
 * The web chat's per-chat limiter under many distinct keys (issue 14: past 10,000 keys the old
 * limiter scanned its whole map on every hit, 810 → 237 req/s end to end under 40k random tokens).
 * Prints takes per second with the keys cycling, and the map's size (bounded by maxKeys).
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const keys = Array.from({ length: arg("keys", 40_000) }, () =>
  randomBytes(16).toString("base64url"),
);
const takes = arg("takes", 400_000);
const limiter = new SlidingWindowLimiter({ limit: 20, windowMs: 60_000 });
const started = performance.now();
for (let i = 0; i < takes; i += 1) limiter.take(keys[i % keys.length] ?? "");
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${takes} takes over ${keys.length} keys in ${seconds.toFixed(2)} s: ${Math.round(takes / seconds)} takes/s; ${limiter.size} keys held\n`,
);
