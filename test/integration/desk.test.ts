import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  businesses,
  cases,
  debtorChannels,
  outbox,
  ownerNotices,
  sessions,
  users,
} from "../../db/schema.ts";
import type { CaseState } from "../../src/core/case-state.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { isoDateDaysFrom } from "../support/clock.ts";
import { type DeskClient, givenDeskUser, sendTo, signIn, submitLogin } from "../support/desk.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { fileDatabaseUrl } from "../support/isolation.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * The owner's desk on the real service (no Slack): desk users sign in, an owner sees and decides
 * only their own business's requests, every form carries its CSRF token.
 */
const clock = new TestClock();
const PASSWORD = "correct horse battery";
let svc: TestService;
let lune: string;
let soleil: string;
let claire: DeskClient;
let paul: DeskClient;

const NOT_YET_DUE = {
  issuedAt: isoDateDaysFrom(clock.now(), -10),
  dueDate: isoDateDaysFrom(clock.now(), 20),
};

beforeAll(async () => {
  svc = await startTestService({ clock, mode: "web" });
  const policy = {
    installments: { maxCount: 6, downPaymentAboveCount: 10, frequencies: ["monthly"] },
  };
  lune = (await givenBusiness(svc.db.db, { name: "Atelier Lune", locale: "fr", policy })).id;
  soleil = (await givenBusiness(svc.db.db, { name: "Sun Studio", locale: "en", policy })).id;
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
    locale: "en",
  });
  const send = sendTo(svc.url ?? "");
  claire = await signIn(send, "claire@lune.test", PASSWORD);
  paul = await signIn(send, "Paul@Soleil.test", PASSWORD);
});

afterAll(async () => {
  await svc?.stop();
});

/** A case of `businessId` waiting for the owner: a plan outside the policy. */
async function caseAwaitingOwner(businessId: string) {
  const number = `F-DESK-${randomUUID().slice(0, 8)}`;
  const created = await givenInvoice(
    svc.db.db,
    businessId,
    { ...NOT_YET_DUE, number },
    clock.now(),
  );
  const invoice = { caseId: created.caseId, number };
  await handleEvent(svc.runtime, {
    caseId: invoice.caseId,
    event: {
      type: "debtor_action",
      action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
    },
    source: { channel: "telegram", externalId: `desk-${randomUUID()}` },
    actor: "debtor:telegram",
  });
  return invoice;
}

async function stateOf(caseId: string): Promise<CaseState> {
  const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, caseId));
  return row?.state as unknown as CaseState;
}

/** What a person sees: the text, without tags or hidden fields. */
function onScreen(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<input type="hidden"[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/[\u00a0\u202f]/g, " ")
    .replaceAll("&#39;", "'")
    .replace(/\s+/g, " ");
}

async function paymentOf(id: string) {
  const [row] = await svc.db.db.select().from(businesses).where(eq(businesses.id, id));
  return row;
}

const UUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe("signing in", () => {
  it("refuses a wrong password without a session, and stores only hashes", async () => {
    const res = await submitLogin(sendTo(svc.url ?? ""), "claire@lune.test", "wrong password!");
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("relance_desk="))).toBe(false);
    const [row] = await svc.db.db.select().from(users).where(eq(users.email, "claire@lune.test"));
    expect(row?.passwordHash).toMatch(
      /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/,
    );
    expect(row?.passwordHash).not.toContain(PASSWORD);
    const stored = await svc.db.db.select().from(sessions);
    const token = claire.cookie.split("=")[1] ?? "";
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie, Secure behind HTTPS", async () => {
    const send = sendTo(svc.url ?? "");
    const plain = await submitLogin(send, "claire@lune.test", PASSWORD);
    const cookie = plain.headers.getSetCookie().find((c) => c.startsWith("relance_desk="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
    const proxied = await submitLogin(send, "claire@lune.test", PASSWORD, {
      "x-forwarded-proto": "https",
    });
    expect(proxied.headers.getSetCookie().find((c) => c.startsWith("relance_desk="))).toMatch(
      /Secure/,
    );
  });

  it("refuses a sign-in form posted without its CSRF token", async () => {
    const res = await fetch(`${svc.url}/admin/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "claire@lune.test", password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("relance_desk="))).toBe(false);
  });

  it("signs out: the session no longer opens a page", async () => {
    const session = await signIn(sendTo(svc.url ?? ""), "claire@lune.test", PASSWORD);
    expect((await session.get("/admin")).status).toBe(200);
    expect((await session.post("/admin/logout", {})).status).toBe(303);
    expect((await session.get("/admin")).status).toBe(303);
  });

  it("npm run user:create makes a login whose password comes from stdin", async () => {
    const email = `owner-${randomUUID().slice(0, 6)}@lune.test`;
    const child = execFile(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/user-cli.ts",
        "--email",
        email,
        "--role",
        "owner",
        "--business",
        lune,
      ],
      { env: { ...process.env, DATABASE_URL: fileDatabaseUrl() } },
    );
    child.stdin?.end(`${PASSWORD}\n`);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(out).toContain(`created owner ${email}`);
    const session = await signIn(sendTo(svc.url ?? ""), email, PASSWORD);
    expect((await session.get("/admin")).status).toBe(200);
  });
});

describe("the inbox", () => {
  it("shows the owner's own request with its deadline, in the business's language, without ids", async () => {
    const invoice = await caseAwaitingOwner(lune);
    const other = await caseAwaitingOwner(soleil);
    const res = await claire.get("/admin");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    const text = onScreen(html);
    expect(text).toContain(invoice.number);
    expect(text).not.toContain(other.number);
    // Deadline: the policy's 48 hours from the request, in the business's zone.
    expect(text).toContain("À décider avant le 25 novembre 2026 à 11:00");
    expect(text).toContain("Approuver");
    expect(text).not.toMatch(UUID_TEXT);
    const english = onScreen(await (await paul.get("/admin")).text());
    expect(english).toContain(other.number);
    expect(english).toContain("Decide by 25 November 2026");
    expect(english).not.toContain(invoice.number);
  });

  it("refuses a decision posted without the CSRF token, and changes nothing", async () => {
    const invoice = await caseAwaitingOwner(lune);
    const res = await claire.post("/admin/requests", {
      _csrf: null,
      case: invoice.caseId,
      request: "r1",
      action: "approve",
    });
    expect(res.status).toBe(403);
    expect((await stateOf(invoice.caseId)).status).toBe("awaiting_owner");
  });

  it("answers 404 to an owner acting on another business, and changes nothing", async () => {
    const invoice = await caseAwaitingOwner(lune);
    const res = await paul.post("/admin/requests", {
      case: invoice.caseId,
      request: "r1",
      action: "approve",
    });
    expect(res.status).toBe(404);
    expect((await stateOf(invoice.caseId)).status).toBe("awaiting_owner");
    const filtered = await paul.get(`/admin/agreements?businessId=${lune}`);
    expect(filtered.status).toBe(404);
    // The audit chain check is an admin's page.
    expect((await paul.get("/admin/audit")).status).toBe(404);
  });

  it("approves a plan: the debtor is asked to confirm, and a second answer is told who decided", async () => {
    const invoice = await caseAwaitingOwner(lune);
    const res = await claire.post("/admin/requests", {
      case: invoice.caseId,
      request: "r1",
      action: "approve",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin?done=1");
    const state = await stateOf(invoice.caseId);
    expect(state.status).toBe("awaiting_confirmation");
    expect(state.offerSet?.approvedBy).toBe("desk:claire@lune.test");
    const [notice] = await svc.db.db
      .select()
      .from(ownerNotices)
      .where(eq(ownerNotices.caseId, invoice.caseId));
    expect(notice).toMatchObject({ decision: "approved", decidedBy: "desk:claire@lune.test" });
    expect(onScreen(await (await claire.get("/admin?done=1")).text())).toContain(
      "Votre décision est enregistrée",
    );
    // Another answer to the same request is refused, and says who answered first.
    const late = await claire.post("/admin/requests", {
      case: invoice.caseId,
      request: "r1",
      action: "decline",
    });
    expect(late.status).toBe(409);
    expect(onScreen(await late.text())).toContain(
      "Cette demande a déjà été décidée par claire@lune.test, le 23 novembre 2026 à 11:00.",
    );
    expect((await stateOf(invoice.caseId)).status).toBe("awaiting_confirmation");
  });
});

describe("a counter-offer from the inbox", () => {
  it("is checked like the Slack modal's: errors name the field, and nothing changes", async () => {
    const invoice = await caseAwaitingOwner(lune);
    const res = await claire.post("/admin/requests", {
      case: invoice.caseId,
      request: "r1",
      action: "counter",
      count: "1",
      firstDate: "2026-11-01",
      amount: "",
      frequency: "monthly",
      discount: "",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(onScreen(html)).toContain("Saisissez un nombre entier entre 2 et 60.");
    expect(onScreen(html)).toContain("La date du premier règlement ne peut pas être passée.");
    expect(html).toContain('aria-invalid="true"');
    expect((await stateOf(invoice.caseId)).status).toBe("awaiting_owner");
  });

  it("sends valid terms to the debtor for confirmation", async () => {
    const invoice = await caseAwaitingOwner(lune);
    const res = await claire.post("/admin/requests", {
      case: invoice.caseId,
      request: "r1",
      action: "counter",
      count: "4",
      firstDate: "2026-12-15",
      amount: "",
      frequency: "monthly",
      discount: "",
    });
    expect(res.status).toBe(303);
    const state = await stateOf(invoice.caseId);
    expect(state.status).toBe("awaiting_confirmation");
    const offer = state.offerSet?.offers[0];
    expect(offer?.terms).toMatchObject({ kind: "installments", frequency: "monthly" });
    if (offer?.terms.kind === "installments") {
      expect(offer.terms.installments.map((i) => i.amountMinor)).toEqual([
        30_000, 30_000, 30_000, 30_000,
      ]);
      expect(offer.terms.installments[0]?.dueDate).toBe("2026-12-15");
    }
  });
});

describe("a business's settings", () => {
  it("shows the owner's business, its policy in plain words, and nobody else's", async () => {
    const choose = await claire.get("/admin/settings");
    expect(choose.status).toBe(303);
    expect(choose.headers.get("location")).toBe(`/admin/businesses/${lune}/settings`);
    const page = onScreen(await (await claire.get(`/admin/businesses/${lune}/settings`)).text());
    expect(page).toContain("Réglages : Atelier Lune");
    expect(page).toContain(
      "Jusqu'à 6 échéances d'au moins 50,00 € chacune, sur 180 jours au plus.",
    );
    expect(page).not.toMatch(UUID_TEXT);
    expect((await paul.get(`/admin/businesses/${lune}/settings`)).status).toBe(404);
    const intrusion = await paul.post(`/admin/businesses/${lune}/settings`, {
      iban: "",
      payUrl: "https://evil.example/pay",
    });
    expect(intrusion.status).toBe(404);
    expect((await paymentOf(lune))?.paymentInstructions.payUrl).not.toBe(
      "https://evil.example/pay",
    );
  });

  it("cannot leave the business without a way to pay, and keeps what was typed", async () => {
    const before = await paymentOf(lune);
    const res = await claire.post(`/admin/businesses/${lune}/settings`, {
      iban: "",
      bic: "",
      payUrl: "",
      text: "Chèque à l'ordre de l'Atelier",
      slackChannelId: "",
      approverIds: "",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(onScreen(html)).toContain("Donnez un IBAN, un lien de paiement, ou les deux.");
    expect(html).toContain("Chèque à l&#39;ordre de l&#39;Atelier");
    expect((await paymentOf(lune))?.paymentInstructions).toEqual(before?.paymentInstructions);
  });

  it("saves a payment link and a Slack channel, and refuses a form without its CSRF token", async () => {
    const form = {
      iban: "FR76 3000 6000 0112 3456 7890 189",
      bic: "",
      payUrl: "https://pay.example/lune",
      text: "",
      slackChannelId: "C0LUNE42",
      approverIds: "U0CLAIRE1, U0PAUL2",
      senderName: "Claire",
    };
    expect(
      (await claire.post(`/admin/businesses/${lune}/settings`, { ...form, _csrf: null })).status,
    ).toBe(403);
    const res = await claire.post(`/admin/businesses/${lune}/settings`, form);
    expect(res.status).toBe(303);
    const row = await paymentOf(lune);
    expect(row?.paymentInstructions).toMatchObject({
      iban: "FR76 3000 6000 0112 3456 7890 189",
      payUrl: "https://pay.example/lune",
    });
    expect(row?.slackChannelId).toBe("C0LUNE42");
    expect(row?.approverIds).toEqual(["U0CLAIRE1", "U0PAUL2"]);
    const saved = await claire.get(`/admin/businesses/${lune}/settings?saved=1`);
    expect(onScreen(await saved.text())).toContain("Réglages enregistrés.");

    // The signature is the business's from now on: the next welcome is signed « Claire, … ».
    const number = `F-SIGN-${randomUUID().slice(0, 8)}`;
    const invoice = await givenInvoice(svc.db.db, lune, { ...NOT_YET_DUE, number }, clock.now());
    const [row2] = await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
    const chat = String(700_000_000 + Math.floor(Math.random() * 1_000_000));
    await svc.db.db
      .insert(debtorChannels)
      .values({ debtorId: row2?.debtorId ?? "", channel: "telegram", address: chat });
    await handleEvent(svc.runtime, {
      caseId: invoice.caseId,
      event: { type: "channel_bound", channel: "telegram" },
      source: { channel: "telegram", externalId: `sign-${randomUUID()}` },
      actor: "debtor:telegram",
      replyTo: { channel: "telegram", address: chat },
    });
    const cards = await svc.db.db.select().from(outbox).where(eq(outbox.caseId, invoice.caseId));
    const welcome = cards.find((r) => r.payload.messageKind === "welcome");
    expect(JSON.stringify(welcome?.payload)).toContain("Claire, Atelier Lune");
  });
});

describe("hostile forms (counterexamples of test/integration/desk-hostile.property.test.ts)", () => {
  it("a body that is no form — multipart without its boundary, or cut short — is refused like a missing token (403), not a 500", async () => {
    for (const [contentType, body] of [
      ["multipart/form-data", "Qxzvwk"],
      ["multipart/form-data; boundary=x", ""],
      [
        "multipart/form-data; boundary=x",
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
      ],
    ] as const) {
      for (const path of [
        "/admin/requests",
        `/admin/businesses/${lune}/settings`,
        "/admin/logout",
        "/admin/login",
      ]) {
        const res = await fetch(`${svc.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie: claire.cookie, "content-type": contentType },
          body,
        });
        expect(res.status, `${path} ${contentType}`).toBe(403);
      }
    }
    expect((await claire.get("/admin")).status).toBe(200);
  });

  it("a NUL or a lone surrogate in the sign-in's e-mail is a wrong password (401), not a 500", async () => {
    for (const email of ["claire@lune.test\u0000", "Qxzvwk\ud800"]) {
      const res = await submitLogin(sendTo(svc.url ?? ""), email, PASSWORD);
      expect(res.status).toBe(401);
    }
  });

  it("an over-long value is refused by the field it is in, with the form shown again (400), not a 404", async () => {
    const invoice = await caseAwaitingOwner(lune);
    const counter = await claire.post("/admin/requests", {
      case: invoice.caseId,
      request: "r1",
      action: "counter",
      count: "9".repeat(100),
      firstDate: "2026-12-15",
      amount: "",
      frequency: "monthly",
      discount: "",
    });
    expect(counter.status).toBe(400);
    expect(await counter.text()).toMatch(/name="count"[^>]*aria-invalid="true"/);
    expect((await stateOf(invoice.caseId)).status).toBe("awaiting_owner");

    const before = await paymentOf(lune);
    const settings = await claire.post(`/admin/businesses/${lune}/settings`, {
      iban: "FR76 3000 6000 0112 3456 7890 189",
      legalAddress: "1 rue de la Lune ".repeat(300),
    });
    expect(settings.status).toBe(400);
    expect(await settings.text()).toMatch(/name="legalAddress"[^>]*aria-invalid="true"/);
    expect(await paymentOf(lune)).toEqual(before);
  });
});
