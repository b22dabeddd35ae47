import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The run's migrated template database and BullMQ prefix; fails the run on leftovers.
    globalSetup: ["test/support/global-setup.ts"],
    // Each integration/e2e file's own database (from the template) and BullMQ prefix.
    setupFiles: ["test/support/file-resources.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
