import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPrometheus } from "../../src/http/routes/metrics.ts";
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

  it("escapes label values so a quote cannot break the exposition", () => {
    expect(formatPrometheus([{ name: "m", help: "h", labels: { l: 'a"b\\c' }, value: 1 }])).toBe(
      '# HELP m h\n# TYPE m gauge\nm{l="a\\"b\\\\c"} 1\n',
    );
  });
});
