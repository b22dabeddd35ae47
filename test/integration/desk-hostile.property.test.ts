import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments } from "../../db/schema.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { isoDateDaysFrom } from "../support/clock.ts";
import { type DeskClient, givenDeskUser, sendTo, signIn } from "../support/desk.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { expectCleanLogs, hostileBytes, hostileText, MARKER } from "../support/hostile.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * The owner's desk under hostile input, on every POST form: the sign-in, the sign-out, a
 * decision in the inbox (with a counter-offer's fields), a business's settings, a wording
 * experiment's start, shares and end, and a case's "Issue new links". Without the session's CSRF
 * token (missing, wrong, another session's) any body is a 403 that writes nothing; with it, any
 * value in any field — hostile, missing, oversized — is a 4xx that writes nothing, and where the
 * form shows errors by field (settings, the counter-offer) the field at fault is marked. Never a
 * 5xx, no error logged, none of the input in the logs, and the desk still works afterwards.
 */

const RUNS = 50;
const clock = new TestClock();
const PASSWORD = "correct horse battery";
let svc: TestService;
let lune: string;
let claire: DeskClient;
let paul: DeskClient;
let experimentId: string;

/** Every table a desk form could write, each as a count and a hash of its rows (updates too). */
const TABLES = [
  "businesses",
  "cases",
  "offers",
  "agreements",
  "debtor_channels",
  "link_tokens",
  "owner_notices",
  "outbox",
  "inbound_events",
  "audit_log",
  "experiments",
  "users",
  "user_businesses",
] as const;

async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await svc.db.db.execute<{ n: number; h: string }>(
      sql.raw(
        `select count(*)::int as n, coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as h from ${table} t`,
      ),
    );
    out[table] = `${row?.n}:${row?.h}`;
  }
  // A session's row may be touched when read; only new or ended ones count.
  const [sessions] = await svc.db.db.execute<{ n: number }>(
    sql`select count(*)::int as n from sessions`,
  );
  out.sessions = String(sessions?.n);
  return out;
}

beforeAll(async () => {
  svc = await startTestService({ clock, mode: "web" });
  const policy = {
    installments: { maxCount: 6, downPaymentAboveCount: 10, frequencies: ["monthly"] },
  };
  lune = (await givenBusiness(svc.db.db, { name: "Atelier Lune", locale: "fr", policy })).id;
  const soleil = (await givenBusiness(svc.db.db, { name: "Sun Studio", locale: "en", policy })).id;
  await givenDeskUser(svc.db.db, {
    email: "claire@lune.test",
    password: PASSWORD,
    role: "owner",
    businessIds: [lune],
  });
  await givenDeskUser(svc.db.db, {
    email: "paul@soleil.test",
    password: PASSWORD,
    role: "owner",
    businessIds: [soleil],
  });
  const send = sendTo(svc.url ?? "");
  claire = await signIn(send, "claire@lune.test", PASSWORD);
  paul = await signIn(send, "paul@soleil.test", PASSWORD);
  await paul.get("/admin");
  // A running experiment, started through the desk itself.
  const page = await (await claire.get(`/admin/businesses/${lune}/experiments`)).text();
  const messageId = /name="messageId" value="([^"]+)"/.exec(page)?.[1];
  const keys = [...page.matchAll(/name="share_([^"]+)"/g)].map((m) => m[1] ?? "");
  expect(messageId).toBeDefined();
  const started = await claire.post(`/admin/businesses/${lune}/experiments`, {
    messageId: messageId ?? "",
    ...Object.fromEntries([...new Set(keys)].map((k) => [`share_${k}`, "50"])),
  });
  expect(started.status).toBe(303);
  const [experiment] = await svc.db.db
    .select({ id: experiments.id })
    .from(experiments)
    .where(eq(experiments.businessId, lune));
  experimentId = experiment?.id ?? "";
});
afterAll(async () => {
  await svc?.stop();
});

/** A case of Lune waiting for the owner: a plan outside the policy (request r1). */
async function caseAwaitingOwner(): Promise<string> {
  const created = await givenInvoice(
    svc.db.db,
    lune,
    {
      number: `F-HOST-${randomUUID().slice(0, 8)}`,
      issuedAt: isoDateDaysFrom(clock.now(), -10),
      dueDate: isoDateDaysFrom(clock.now(), 20),
    },
    clock.now(),
  );
  await handleEvent(svc.runtime, {
    caseId: created.caseId,
    event: {
      type: "debtor_action",
      action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
    },
    source: { channel: "telegram", externalId: `hostile-${randomUUID()}` },
    actor: "debtor:telegram",
  });
  return created.caseId;
}

type Body = { contentType: string | null; body: string | Uint8Array | FormData };

/** A form as a browser, a script or an attacker would encode it. */
function encode(fields: Record<string, string>, how: "urlencoded" | "multipart"): Body {
  if (how === "urlencoded") {
    return {
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams(fields).toString(),
    };
  }
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return { contentType: null, body: form };
}

/** Bodies that are no form at all, or a broken one. */
const brokenBody: fc.Arbitrary<Body> = fc.oneof(
  hostileBytes.map((body) => ({ contentType: "application/x-www-form-urlencoded", body })),
  hostileBytes.map((body) => ({ contentType: "multipart/form-data; boundary=x", body })),
  hostileText.map((t) => ({
    contentType: "multipart/form-data; boundary=x",
    body: `--x\r\nContent-Disposition: form-data; name="${t}"\r\n\r\n${t}\r\n--x--\r\n`,
  })),
  hostileText.map((t) => ({ contentType: "multipart/form-data", body: t })),
  hostileText.map((t) => ({ contentType: "application/json", body: JSON.stringify({ x: t }) })),
  hostileText.map((t) => ({ contentType: "text/plain", body: t })),
);

function post(client: DeskClient | null, path: string, { contentType, body }: Body) {
  return fetch(`${svc.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      ...(client ? { cookie: client.cookie } : {}),
      ...(contentType === null ? {} : { "content-type": contentType }),
    },
    body,
  });
}

/** A value for one field: hostile text, empty, or far longer than any field takes. */
const hostileValue = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constant("") },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => `${MARKER}${"9".repeat(n)}`),
  },
);

describe("the desk's forms under hostile input", () => {
  const routes = () => [
    "/admin/requests",
    `/admin/businesses/${lune}/settings`,
    `/admin/businesses/${lune}/experiments`,
    `/admin/businesses/${lune}/experiments/${experimentId}/weights`,
    `/admin/businesses/${lune}/experiments/${experimentId}/end`,
    `/admin/cases/${randomUUID()}/links/reissue`,
    "/admin/logout",
    "/admin/login",
  ];

  it("without the session's CSRF token, any body to any form is a 403 that writes nothing", async () => {
    await caseAwaitingOwner();
    const before = await fingerprint();
    const from = svc.logs.length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes()),
        fc.oneof(
          brokenBody,
          fc
            .tuple(
              fc.dictionary(
                fc.constantFrom(
                  "case",
                  "request",
                  "action",
                  "count",
                  "iban",
                  "messageId",
                  "winner",
                ),
                hostileValue,
              ),
              fc.oneof(
                fc.constant<string | null>(null),
                fc.constant(""),
                hostileText,
                // Another owner's session token.
                fc.constant(paul.csrf),
              ),
              fc.constantFrom("urlencoded" as const, "multipart" as const),
            )
            .map(([fields, csrf, how]) =>
              encode(csrf === null ? fields : { ...fields, _csrf: csrf }, how),
            ),
        ),
        async (path, body) => {
          const res = await post(claire, path, body);
          expect(res.status).toBe(403);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    expect(await fingerprint()).toEqual(before);
    expectCleanLogs(svc.logs, from);
  });

  it("with the token, a broken body is a 4xx that writes nothing", async () => {
    await caseAwaitingOwner();
    const before = await fingerprint();
    const from = svc.logs.length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes().filter((r) => !r.endsWith("/logout"))),
        brokenBody,
        async (path, { contentType, body }) => {
          // The token first, then what breaks the form.
          const prefix = `_csrf=${encodeURIComponent(claire.csrf)}&`;
          const withToken =
            contentType === "application/x-www-form-urlencoded"
              ? Buffer.concat([Buffer.from(prefix), Buffer.from(body as string | Uint8Array)])
              : body;
          const res = await post(claire, path, { contentType, body: withToken });
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toEqual(before);
    expectCleanLogs(svc.logs, from);
  });
});

describe("each form's fields under hostile input, with the token", () => {
  it("settings: a hostile, missing or oversized value is saved only where plain text is welcome, else a 400 that marks its field and writes nothing", async () => {
    const page = await (await claire.get(`/admin/businesses/${lune}/settings`)).text();
    expect(page).toContain('name="iban"');
    const valid = {
      iban: "FR76 3000 6000 0112 3456 7890 189",
      bic: "",
      payUrl: "",
      text: "",
      slackChannelId: "",
      approverIds: "",
      senderName: "Claire",
      senderRole: "",
      legalName: "",
      legalRegistration: "",
      legalAddress: "",
    };
    /** Free text, and how long it may be (the API's own schemas). */
    const plainText: Partial<Record<keyof typeof valid, number>> = {
      text: 2_000,
      senderName: 80,
      senderRole: 80,
      legalName: 200,
      legalRegistration: 80,
      legalAddress: 300,
    };
    const saved = await claire.post(`/admin/businesses/${lune}/settings`, valid);
    expect(saved.status).toBe(303);
    let before = await fingerprint();
    const from = svc.logs.length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(valid) as (keyof typeof valid)[])),
        hostileValue,
        fc.constantFrom("urlencoded" as const, "multipart" as const),
        async (field, value, how) => {
          const fields = { ...valid, [field]: value, _csrf: claire.csrf };
          const res = await post(claire, `/admin/businesses/${lune}/settings`, encode(fields, how));
          const html = await res.text();
          if (res.status === 303) {
            // Saved: an optional field left empty, or plain text within its length.
            const max = plainText[field];
            expect(value === "" ? field !== "iban" : max !== undefined && value.length <= max).toBe(
              true,
            );
            before = await fingerprint();
            return;
          }
          expect(res.status).toBe(400);
          expect(html).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
          expect(await fingerprint()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
    expectCleanLogs(svc.logs, from);
  });

  it("a decision: any hostile, missing or oversized value is a 4xx, a counter-offer's marks its field, and nothing is decided", async () => {
    const caseId = await caseAwaitingOwner();
    const valid = {
      case: caseId,
      request: "r1",
      action: "counter",
      count: "4",
      amount: "",
      firstDate: "2026-12-15",
      frequency: "monthly",
      discount: "",
    };
    const before = await fingerprint();
    const from = svc.logs.length;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .tuple(
              fc.constantFrom(
                "case",
                "request",
                "action",
                "count",
                "amount",
                "firstDate",
                "discount",
              ),
              hostileValue.filter((v) => v !== ""),
            )
            .map(([field, value]) => ({ fields: { ...valid, [field]: value }, marked: field })),
          fc
            .subarray(["case", "request", "action", "count", "firstDate"], { minLength: 1 })
            .map((missing) => ({
              fields: Object.fromEntries(
                Object.entries(valid).filter(([k]) => !missing.includes(k)),
              ),
              marked: null,
            })),
        ),
        fc.constantFrom("urlencoded" as const, "multipart" as const),
        async ({ fields, marked }, how) => {
          const res = await post(
            claire,
            "/admin/requests",
            encode({ ...fields, _csrf: claire.csrf }, how),
          );
          expect([400, 404]).toContain(res.status);
          const html = await res.text();
          if (marked !== null && ["count", "amount", "firstDate", "discount"].includes(marked)) {
            expect(res.status).toBe(400);
            expect(html).toMatch(new RegExp(`name="${marked}"[^>]*aria-invalid="true"`));
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toEqual(before);
    expectCleanLogs(svc.logs, from);
  });

  it("an experiment's start, shares and end: any hostile value is a 4xx that writes nothing", async () => {
    const before = await fingerprint();
    const from = svc.logs.length;
    const base = `/admin/businesses/${lune}/experiments`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(base, `${base}/${experimentId}/weights`, `${base}/${experimentId}/end`),
        fc.dictionary(
          fc.constantFrom("messageId", "winner", "share_a", "share_b", "share_c"),
          hostileValue,
        ),
        fc.constantFrom("urlencoded" as const, "multipart" as const),
        async (path, fields, how) => {
          const res = await post(claire, path, encode({ ...fields, _csrf: claire.csrf }, how));
          expect(res.status).toBe(400);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toEqual(before);
    expectCleanLogs(svc.logs, from);
  });

  it("a case's new links and any business of the URL: a hostile id is a 404 that writes nothing", async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(
        hostileText.map((t) =>
          [...Buffer.from(t)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""),
        ),
        fc.constantFrom(
          (id: string) => `/admin/cases/${id}/links/reissue`,
          (id: string) => `/admin/businesses/${id}/settings`,
          (id: string) => `/admin/businesses/${id}/experiments`,
          (id: string) => `/admin/businesses/${lune}/experiments/${id}/end`,
        ),
        async (id, path) => {
          const res = await post(claire, path(id), encode({ _csrf: claire.csrf }, "urlencoded"));
          expect(res.status).toBe(404);
        },
      ),
      { numRuns: RUNS / 2 },
    );
    expect(await fingerprint()).toEqual(before);
  });

  it("the sign-in: any e-mail and password with a good form token is refused (401, or 429 once throttled), and opens no session", async () => {
    const send = sendTo(svc.url ?? "");
    const before = await fingerprint();
    const from = svc.logs.length;
    await fc.assert(
      fc.asyncProperty(hostileValue, hostileValue, async (email, password) => {
        const form = await send("/admin/login", {});
        const html = await form.text();
        const cookie = form.headers
          .getSetCookie()
          .find((c) => c.startsWith("relance_desk_login="))
          ?.split(";")[0];
        const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
        const res = await send("/admin/login", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            cookie: cookie ?? "",
          },
          body: new URLSearchParams({ _csrf: token, email, password, next: email }).toString(),
        });
        expect([401, 429]).toContain(res.status);
      }),
      {
        numRuns: RUNS / 2,
        // Found by this property: a NUL in the e-mail failed the user lookup (a 500).
        examples: [["Qxzvwk\u0000", "Qxzvwk\u0000"]],
      },
    );
    expect(await fingerprint()).toEqual(before);
    expectCleanLogs(svc.logs, from);
  });

  it("afterwards the desk still works: the inbox shows, and a valid decision is taken", async () => {
    expect((await claire.get("/admin")).status).toBe(200);
    const caseId = await caseAwaitingOwner();
    const res = await claire.post("/admin/requests", {
      case: caseId,
      request: "r1",
      action: "approve",
    });
    expect(res.status).toBe(303);
  });
});
