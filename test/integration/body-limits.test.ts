import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postChunked } from "../support/chunked-post.ts";
import { TEST_EPOCH, TestClock } from "../support/clock.ts";
import { startTestService, TEST_TELEGRAM_SECRET, type TestService } from "../support/service.ts";

/**
 * Bodies are limited before they are read, on every route: a 64 MB chunked body (no
 * Content-Length, so nothing can be refused up front) is answered 413 long before the client has
 * sent it all, so the process never holds it — on routes that take no body too.
 */
const TOTAL = 64 * 1024 * 1024;
/** The largest limit is 1 MiB; socket buffers on both sides add a few MB at most. */
const READ_AT_MOST = 16 * 1024 * 1024;

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({
    clock: new TestClock(TEST_EPOCH),
    mode: "web",
    telegramApiRoot: "http://127.0.0.1:9",
    telegramToken: "123:fake",
    slackApiUrl: "http://127.0.0.1:9/api/",
    slackToken: "xoxb-fake",
    env: { ADMIN_PASSWORD: "admin-password-0123456789" },
  });
});
afterAll(async () => {
  await svc?.stop();
});

const routes: { path: string; headers?: Record<string, string>; status: number }[] = [
  { path: "/slack/events", headers: { "content-type": "application/json" }, status: 413 },
  {
    path: "/webhooks/telegram",
    headers: {
      "content-type": "application/json",
      "x-telegram-bot-api-secret-token": TEST_TELEGRAM_SECRET,
    },
    // Over the global limit, refused before the webhook's own (acknowledge-and-drop) one.
    status: 413,
  },
  {
    path: "/api/invoices",
    headers: {
      "content-type": "application/json",
      authorization: "Bearer test-api-token-0123456789",
    },
    status: 413,
  },
  {
    path: "/chat/AAAAAAAAAAAAAAAAAAAAAA/messages",
    headers: { "content-type": "application/json" },
    status: 413,
  },
  {
    path: "/chat/AAAAAAAAAAAAAAAAAAAAAA/start",
    headers: { "content-type": "application/json" },
    status: 413,
  },
  {
    path: "/admin/agreements",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 413,
  },
  { path: "/nowhere", headers: { "content-type": "application/json" }, status: 413 },
];

describe("request bodies", () => {
  for (const route of routes) {
    it(`a 64 MB chunked body to ${route.path} is refused before it is read`, async () => {
      const result = await postChunked(`${svc.url}${route.path}`, {
        totalBytes: TOTAL,
        ...(route.headers ? { headers: route.headers } : {}),
      });
      expect(result.status).toBe(route.status);
      expect(result.bytesSent).toBeLessThan(READ_AT_MOST);
    });
  }
});

describe("a body refused unread", () => {
  it("closes its connection, so the next request of a kept-alive client is answered (found by the WhatsApp hostile-input property)", async () => {
    // fetch keeps connections alive: without `Connection: close` on the 413, the server dropped
    // the connection after answering, and the client's next request on it failed ("other side
    // closed").
    const big = await fetch(`${svc.url}/api/invoices`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer test-api-token-0123456789",
      },
      body: "x".repeat(300 * 1024),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get("connection")).toBe("close");
    await big.arrayBuffer();
    for (let i = 0; i < 3; i++) expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });
});
