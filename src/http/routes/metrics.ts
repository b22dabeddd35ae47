import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import { requireBearer } from "../guards.ts";
import type { Telemetry } from "../telemetry.ts";

export type { MetricSample, MetricsSource } from "../telemetry.ts";

/**
 * GET /metrics: Prometheus exposition (prom-client) of what an operator alerts on — see
 * `Telemetry` for the list. Scrape with the API token (`authorization: Bearer …`).
 */
export function metricsRoutes(
  deps: Pick<AppDeps, "apiToken" | "metrics">,
  telemetry: Telemetry,
): Hono {
  const app = new Hono();
  app.get("/metrics", requireBearer(deps.apiToken), async (c) => {
    const text = await telemetry.exposition(deps.metrics);
    return c.text(text, 200, { "content-type": telemetry.contentType });
  });
  return app;
}
