import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import { requireBearer } from "../guards.ts";

/**
 * GET /metrics: Prometheus text exposition of what an operator alerts on — cases by status, the
 * outbox backlog and failures, overdue timers (a timer still pending well after its due time means
 * no worker or a lost job), and BullMQ job counts. Aggregates only: no ids, names or amounts.
 * Scrape with the API token (`authorization: Bearer …`).
 */
export interface MetricSample {
  readonly name: string;
  readonly help: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export type MetricsSource = () => Promise<readonly MetricSample[]>;

export function metricsRoutes(deps: Pick<AppDeps, "apiToken" | "metrics">): Hono {
  const app = new Hono();
  app.get("/metrics", requireBearer(deps.apiToken), async (c) => {
    const samples = deps.metrics ? await deps.metrics() : [];
    return c.text(formatPrometheus(samples), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
    });
  });
  return app;
}

export function formatPrometheus(samples: readonly MetricSample[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const s of samples) {
    if (!seen.has(s.name)) {
      seen.add(s.name);
      lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} gauge`);
    }
    const labels = Object.entries(s.labels)
      .map(
        ([k, v]) =>
          `${k}="${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`,
      )
      .join(",");
    lines.push(`${s.name}${labels ? `{${labels}}` : ""} ${s.value}`);
  }
  return `${lines.join("\n")}\n`;
}
