import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type Registry as PromRegistry,
  Registry,
} from "prom-client";
import type { DeliveryResultLabel, MetricSample, MetricsPort } from "../runtime/index.ts";

/**
 * One sample of a gauge read at scrape time (database aggregates, queue depths). Aggregates only:
 * no ids, names or amounts.
 */

export type { MetricSample };
export type MetricsSource = () => Promise<readonly MetricSample[]>;

/** Latency buckets (seconds) for webhooks (answered within Slack's 3 s) and deliveries. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus metrics, with prom-client, on a registry of its own (so tests running
 * several services in one process do not share counters):
 * - Node's default metrics: `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`,
 *   heap, GC, handles…;
 * - `relance_webhook_duration_seconds{route,status}`: inbound webhooks and web-chat posts;
 * - `relance_deliveries_total{channel,result}` and `relance_delivery_duration_seconds{channel}`;
 * - `relance_delivery_retries_total{channel}`, `relance_platform_rate_limited_total{channel}`,
 *   `relance_conflicts_retried_total`;
 * - the gauges of `MetricsSource` (cases, outbox, timers, agreements, queue jobs), read at scrape.
 */
export class Telemetry implements MetricsPort {
  readonly registry: PromRegistry = new Registry();
  readonly #webhook: Histogram<"route" | "status">;
  readonly #deliveries: Counter<"channel" | "result">;
  readonly #deliverySeconds: Histogram<"channel">;
  readonly #retries: Counter<"channel">;
  readonly #rateLimited: Counter<"channel">;
  readonly #conflicts: Counter;
  readonly #gauges = new Map<string, Gauge>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.#webhook = new Histogram({
      name: "relance_webhook_duration_seconds",
      help: "Time to answer an inbound webhook or web-chat post, by route and status.",
      labelNames: ["route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#deliveries = new Counter({
      name: "relance_deliveries_total",
      help: "Delivery attempts by channel and result (sent, skipped, postponed, retry, failed).",
      labelNames: ["channel", "result"],
      registers,
    });
    this.#deliverySeconds = new Histogram({
      name: "relance_delivery_duration_seconds",
      help: "Time of one delivery attempt, by channel.",
      labelNames: ["channel"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#retries = new Counter({
      name: "relance_delivery_retries_total",
      help: "Delivery attempts that failed transiently and will be retried, by channel.",
      labelNames: ["channel"],
      registers,
    });
    this.#rateLimited = new Counter({
      name: "relance_platform_rate_limited_total",
      help: "Platform answers 429 (rate limited), by channel.",
      labelNames: ["channel"],
      registers,
    });
    this.#conflicts = new Counter({
      name: "relance_conflicts_retried_total",
      help: "Case transactions that lost to a concurrent write and were run again.",
      registers,
    });
  }

  observeWebhook(route: string, status: number, seconds: number): void {
    this.#webhook.observe({ route, status: String(status) }, seconds);
  }

  deliveryDone(channel: string, result: DeliveryResultLabel, seconds: number): void {
    this.#deliveries.inc({ channel, result });
    this.#deliverySeconds.observe({ channel }, seconds);
    if (result === "retry") this.#retries.inc({ channel });
  }

  platformRateLimited(channel: string): void {
    this.#rateLimited.inc({ channel });
  }

  conflictRetried(): void {
    this.#conflicts.inc();
  }

  /** The exposition, with the scrape-time gauges set from `source` first. */
  async exposition(source: MetricsSource | undefined): Promise<string> {
    const samples = source ? await source() : [];
    for (const gauge of this.#gauges.values()) gauge.reset();
    for (const sample of samples) this.#gauge(sample).set({ ...sample.labels }, sample.value);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #gauge(sample: MetricSample): Gauge {
    let gauge = this.#gauges.get(sample.name);
    if (gauge === undefined) {
      gauge = new Gauge({
        name: sample.name,
        help: sample.help,
        labelNames: Object.keys(sample.labels),
        registers: [this.registry],
      });
      this.#gauges.set(sample.name, gauge);
    }
    return gauge;
  }
}
