import { defineConfig } from "vitest/config";

/**
 * The core's unit tests alone — no Postgres, no Redis, no global setup — for mutation testing
 * (stryker.config.json, `npm run test:mutation`). The `decide` property test is left out: it
 * simulates ~1,000 random cases (a minute on a busy machine) and would run again for every mutant
 * it covers; the example-based tests must kill mutants on their own.
 */
export default defineConfig({
  test: {
    include: ["test/unit/core/**/*.test.ts", "test/unit/policy.test.ts"],
    exclude: ["test/unit/core/decide.property.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
