import { count, eq, isNotNull } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cases, debtors, inboundEvents, outbox } from "../../db/schema.ts";
import { TEST_EPOCH, TestClock } from "../support/clock.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { expectCleanLogs, hostileBytes, hostileJson, hostileText } from "../support/hostile.ts";
import { startTestService, type TestService } from "../support/service.ts";
import { LocalSmtp } from "../support/smtp.ts";

/**
 * The one-click unsubscribe route (`POST /unsubscribe/:token`, RFC 8058) under hostile input:
 * any token that is not an e-mail's link is a 404 page that writes nothing, whatever the body;
 * a body past 4 KB is a 413 that writes nothing, even on a real link; a real link opts out
 * whatever the body says, once however often it is posted. Never a 5xx, no error logged, none of
 * the input in the logs, and the route still answers afterwards.
 */

const RUNS = 60;
const smtp = new LocalSmtp();
let svc: TestService;

beforeAll(async () => {
  await smtp.start();
  svc = await startTestService({
    clock: new TestClock(TEST_EPOCH),
    mode: "web",
    env: { SMTP_URL: smtp.url, MAIL_FROM: "Relance <relances@relance.test>" },
  });
});
afterAll(async () => {
  await svc?.stop();
  await smtp.stop();
});

/** Rows an opt-out would write, service-wide. */
async function footprint() {
  const db = svc.db.db;
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  return {
    inboundEvents: await n(db.select({ n: count() }).from(inboundEvents)),
    outbox: await n(db.select({ n: count() }).from(outbox)),
    audit: await n(db.select({ n: count() }).from(auditLog)),
    optedOut: await n(db.select({ n: count() }).from(debtors).where(isNotNull(debtors.optedOutAt))),
    casesOptedOut: await n(
      db.select({ n: count() }).from(cases).where(eq(cases.status, "opted_out")),
    ),
  };
}

/** A body a mail client, a scanner or an attacker might post, with its content type. */
const hostileBody = fc.record({
  contentType: fc.constantFrom(
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "",
  ),
  body: fc.oneof(
    fc.constant(new Uint8Array()),
    fc.constant("List-Unsubscribe=One-Click"),
    hostileBytes,
    hostileJson.map((v) => JSON.stringify(v)),
    fc
      .dictionary(hostileText, hostileText, { maxKeys: 4 })
      .map((d) => new URLSearchParams(d).toString()),
    hostileText.map((t) => `--x\r\nContent-Disposition: form-data; name="${t}"\r\n\r\n${t}\r\n`),
  ),
});

/** Path segments no e-mail ever carried: random, token-shaped, percent-encoded bytes. */
const unknownToken = fc.oneof(
  fc.string({
    unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
    minLength: 16,
    maxLength: 64,
  }),
  fc.string({ maxLength: 100 }).map(encodeURIComponent),
  hostileText.map(
    (t) =>
      `${[...Buffer.from(t)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")}%00%FF`,
  ),
);

const post = (
  token: string,
  { contentType, body }: { contentType: string; body: string | Uint8Array },
) =>
  fetch(`${svc.url}/unsubscribe/${token}`, {
    method: "POST",
    headers: contentType === "" ? {} : { "content-type": contentType },
    body,
  });

async function webchatToken(): Promise<{ token: string; caseId: string }> {
  const business = await givenBusiness(svc.db.db, { slack: undefined });
  const invoice = await givenInvoice(svc.db.db, business.id);
  const token = new URL(invoice.links.webchat).pathname.split("/").pop() ?? "";
  return { token, caseId: invoice.caseId };
}

describe("POST /unsubscribe/:token under hostile input", () => {
  it("an unknown token is a 404 page that writes nothing, whatever the body", async () => {
    await webchatToken();
    const before = await footprint();
    const from = svc.logs.length;
    await fc.assert(
      fc.asyncProperty(unknownToken, hostileBody, async (token, body) => {
        const res = await post(token, body);
        // The route's page, or the service's JSON 404 for a path that is no token at all ("/.").
        expect(res.status).toBe(404);
      }),
      { numRuns: RUNS },
    );
    expect(await footprint()).toEqual(before);
    expectCleanLogs(svc.logs, from);
  });

  it("a body past 4 KB is a 413 that writes nothing, even on a real link", async () => {
    const { token } = await webchatToken();
    const before = await footprint();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4 * 1024 + 1, max: 256 * 1024 }), async (size) => {
        const res = await post(token, {
          contentType: "application/x-www-form-urlencoded",
          body: `List-Unsubscribe=One-Click&x=${"a".repeat(size)}`,
        });
        expect(res.status).toBe(413);
        await res.arrayBuffer();
      }),
      { numRuns: 10 },
    );
    expect(await footprint()).toEqual(before);
  });

  it("a real link opts out whatever the body, once however often it is posted", async () => {
    const { token, caseId } = await webchatToken();
    const inboundOfCase = async () =>
      (
        await svc.db.db
          .select({ n: count() })
          .from(inboundEvents)
          .where(eq(inboundEvents.caseId, caseId))
      )[0]?.n ?? 0;
    const before = await inboundOfCase();
    const from = svc.logs.length;
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const res = await post(token, body);
        expect(res.status).toBe(200);
      }),
      { numRuns: RUNS / 2 },
    );
    expect(await inboundOfCase()).toBe(before + 1);
    const [row] = await svc.db.db
      .select({ status: cases.status })
      .from(cases)
      .where(eq(cases.id, caseId));
    expect(row?.status).toBe("opted_out");
    expectCleanLogs(svc.logs, from);
  });

  it("afterwards the route still answers: a real link's page, and the health probe", async () => {
    const { token } = await webchatToken();
    expect((await fetch(`${svc.url}/unsubscribe/${token}`)).status).toBe(200);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });
});
