/** One gauge reading the database or the queues report; src/http exposes them (prom-client). */
export interface MetricSample {
  readonly name: string;
  readonly help: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}
