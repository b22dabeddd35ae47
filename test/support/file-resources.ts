import { afterAll, beforeAll } from "vitest";
import { acquireFileResources, releaseFileResources } from "./isolation.ts";

/**
 * Setup file (vitest.config.ts `setupFiles`): gives every integration and end-to-end test file its
 * own database and BullMQ prefix (see isolation.ts). Registered before the file's own hooks, so
 * its `beforeAll` runs first and its `afterAll` last (hooks run as a stack), after the file has
 * stopped its services.
 */

let owns = false;

// biome-ignore lint/correctness/noEmptyPattern: vitest reads the hook context as a destructuring pattern
beforeAll(async ({}, suite) => {
  // Unit tests touch neither Postgres nor Redis: they get nothing.
  owns = !/[\\/]test[\\/]unit[\\/]/.test(suite.file.filepath);
  if (owns) await acquireFileResources();
});

afterAll(async () => {
  if (owns) await releaseFileResources();
});
