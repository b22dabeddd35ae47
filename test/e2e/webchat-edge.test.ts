import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlidingWindowLimiter, webchatApp } from "../../bot/webchat/index.ts";
import { inboundEvents, messages } from "../../db/schema.ts";
import { createWebchatStore } from "../../db/webchat-store.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import {
  caseAtRest,
  eventually,
  startTestService,
  TestClock,
  type TestService,
} from "../support/service.ts";

/** The web chat's edge: hostile text, unknown tokens, floods of reads, and the log's noise. */

const clock = new TestClock("2026-11-23T10:00:00Z");
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ clock });
});
afterAll(async () => {
  await svc?.stop();
});

async function givenChat() {
  const business = await givenBusiness(svc.db.db, { slack: undefined });
  const invoice = await givenInvoice(svc.db.db, business.id, {
    issuedAt: "2026-10-19",
    dueDate: "2026-11-18",
  });
  await caseAtRest(svc, invoice.caseId);
  const token = new URL(invoice.links.webchat).pathname.replace(/^\/chat\//, "");
  const url = `${svc.url}/chat/${token}`;
  expect((await fetch(`${url}/start`, { method: "POST" })).status).toBe(200);
  return { ...invoice, token, url };
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("text with control characters", () => {
  it("a NUL in a debtor's message is stripped at the edge, and the rest is understood", async () => {
    const chat = await givenChat();
    const res = await post(chat.url, {
      id: randomUUID(),
      text: "Bonjour\u0000, je paierai\u0007 vendredi",
    });
    expect(res.status).toBe(200);
    const stored = await eventually(async () => {
      const rows = await svc.db.db
        .select({ text: messages.text, direction: messages.direction })
        .from(messages)
        .where(eq(messages.caseId, chat.caseId));
      return rows.find((r) => r.direction === "in" && r.text?.startsWith("Bonjour"));
    });
    expect(stored.text).toBe("Bonjour, je paierai vendredi");
    expect(svc.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("a message of nothing but control characters is a 400 naming text, and nothing is written", async () => {
    const chat = await givenChat();
    const before = await svc.db.db.select().from(inboundEvents);
    const res = await post(chat.url, { id: randomUUID(), text: "\u0000\u0000 \u0001" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields)).toEqual(["text"]);
    expect((await svc.db.db.select().from(inboundEvents)).length).toBe(before.length);
  });
});

describe("polling", () => {
  it("a poll of the conversation is logged at debug, not info", async () => {
    const chat = await givenChat();
    const from = svc.logs.length;
    expect((await fetch(`${chat.url}/messages`)).status).toBe(200);
    const polls = svc.logs.slice(from).filter((l) => l.route === "/chat/:token/messages");
    expect(polls).toEqual([]);
  });
});

describe("the limiter", () => {
  function appWith(limiter: SlidingWindowLimiter, readLimiter: SlidingWindowLimiter) {
    return webchatApp({
      store: createWebchatStore(svc.db.db),
      onInbound: () => Promise.reject(new Error("no inbound expected")),
      log: { warn: () => {}, error: () => {} },
      now: () => clock.now(),
      limiter,
      readLimiter,
    });
  }

  it("unknown tokens are refused without costing any limiter state", async () => {
    const limiter = new SlidingWindowLimiter({ limit: 20, windowMs: 60_000 });
    const reads = new SlidingWindowLimiter({ limit: 120, windowMs: 60_000 });
    const app = appWith(limiter, reads);
    for (let i = 0; i < 30; i += 1) {
      const token = randomBytes(16).toString("base64url");
      expect((await app.request(`/${token}/start`, { method: "POST" })).status).toBe(404);
      expect((await app.request(`/${token}/messages`)).status).toBe(404);
      const res = await app.request(`/${token}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: randomUUID(), text: "hi" }),
      });
      expect(res.status).toBe(404);
    }
    expect(limiter.size).toBe(0);
    expect(reads.size).toBe(0);
  });

  it("reads of a real chat are limited too: past the limit, 429 with Retry-After", async () => {
    const chat = await givenChat();
    const reads = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000, now: clock.millis });
    const app = appWith(new SlidingWindowLimiter({ limit: 20, windowMs: 60_000 }), reads);
    for (let i = 0; i < 3; i += 1) {
      expect((await app.request(`/${chat.token}/messages`)).status).toBe(200);
    }
    const limited = await app.request(`/${chat.token}/messages`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
  });
});
