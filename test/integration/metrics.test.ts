import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Telemetry } from "../../src/http/telemetry.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ clock: new TestClock(), mode: "web" });
});

afterAll(async () => {
  await svc?.stop();
});

describe("GET /metrics", () => {
  it("refuses a scrape without the API token", async () => {
    const res = await fetch(`${svc.url}/metrics`);
    expect(res.status).toBe(401);
  });

  it("exposes cases by status, timers and queue depths in Prometheus text format", async () => {
    const business = await givenBusiness(svc.db.db);
    await givenInvoice(svc.db.db, business.id);
    const res = await svc.api("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const scheduled = /^relance_cases\{status="scheduled"\} (\d+)$/m.exec(text);
    expect(Number(scheduled?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE relance_timers_overdue gauge$/m);
    expect(text).toMatch(/^relance_queue_jobs\{queue="timers",state="delayed"\} \d+$/m);
  });

  it("times inbound webhooks and shows process memory and event-loop lag", async () => {
    await fetch(`${svc.url}/chat/AAAAAAAAAAAAAAAAAAAAAA/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const text = await (await svc.api("GET", "/metrics")).text();
    expect(text).toMatch(/^# TYPE relance_webhook_duration_seconds histogram$/m);
    expect(text).toMatch(
      /^relance_webhook_duration_seconds_count\{route="\/chat\/:token\/messages",status="404"\} 1$/m,
    );
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    for (const counter of [
      "relance_deliveries_total",
      "relance_delivery_retries_total",
      "relance_platform_rate_limited_total",
      "relance_conflicts_retried_total",
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${counter} counter$`, "m"));
    }
  });

  it("counts what the runtime reports through its metrics port, and escapes label values", async () => {
    const telemetry = new Telemetry();
    telemetry.deliveryDone("telegram", "sent", 0.2);
    telemetry.deliveryDone("telegram", "retry", 1.5);
    telemetry.platformRateLimited("telegram");
    telemetry.conflictRetried();
    const text = await telemetry.exposition(async () => [
      { name: "m", help: "h", labels: { l: 'a"b\\c' }, value: 1 },
    ]);
    expect(text).toMatch(/^relance_deliveries_total\{channel="telegram",result="sent"\} 1$/m);
    expect(text).toMatch(/^relance_deliveries_total\{channel="telegram",result="retry"\} 1$/m);
    expect(text).toMatch(/^relance_delivery_retries_total\{channel="telegram"\} 1$/m);
    expect(text).toMatch(/^relance_platform_rate_limited_total\{channel="telegram"\} 1$/m);
    expect(text).toMatch(/^relance_conflicts_retried_total 1$/m);
    expect(text).toContain('m{l="a\\"b\\\\c"} 1');
  });
});
