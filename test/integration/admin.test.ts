import { randomUUID } from "node:crypto";
import { sql, TransactionRollbackError } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "../../db/audit.ts";
import { agreements, installments } from "../../db/schema.ts";
import { createAdminStore } from "../../db/stores/admin.ts";
import { createDeskUserStore } from "../../db/stores/desk-users.ts";
import { buildTestApp } from "../support/app.ts";
import { type DeskClient, sendTo, signIn, submitLogin } from "../support/desk.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

const PASSWORD = "admin-password-0123456789";
const HOSTILE_BUSINESS = `<script>alert("b")</script> & Co`;
const HOSTILE_DEBTOR = `<img src=x onerror=alert('d')>`;
const CONFIRMED_TEXT =
  "Vous confirmez le plan suivant :\n3 × 300,00 € par mois, à partir du 30 novembre 2026.\n<b>Total</b> : 900,00 €";

const clock = new TestClock();
let svc: TestService;
let off: TestService;
let desk: DeskClient;

beforeAll(async () => {
  [svc, off] = await Promise.all([
    startTestService({ clock, mode: "web", env: { ADMIN_PASSWORD: PASSWORD } }),
    startTestService({ clock, mode: "web" }),
  ]);
  // The bootstrap login: ADMIN_PASSWORD, user "admin", while no admin user exists.
  desk = await signIn(sendTo(svc.url ?? ""), "admin", PASSWORD);
});

afterAll(async () => {
  await Promise.all([svc?.stop(), off?.stop()]);
});

function admin(path: string): Promise<Response> {
  return desk.get(path);
}

/** Intl and French typography put no-break spaces; compare what the eye sees, entities decoded. */
function visible(text: string): string {
  return text
    .replace(/[\u00a0\u202f]/g, " ")
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"');
}

interface AgreementFixture {
  readonly status?: "active" | "completed" | "broken" | "superseded";
  readonly approvedBy?: string | null;
  readonly createdAt?: Date;
  readonly paid?: number;
}

/** An invoice, its case and a three-installment agreement, inserted as the runtime would. */
async function givenAgreement(
  businessId: string,
  debtorName: string,
  options: AgreementFixture = {},
) {
  const number = `F-ADM-${randomUUID().slice(0, 8)}`;
  const invoice = await givenInvoice(svc.db.db, businessId, {
    number,
    debtor: { name: debtorName },
  });
  const plan = ["2026-11-30", "2026-12-30", "2027-01-30"].map((dueDate) => ({
    dueDate,
    amountMinor: 30_000,
  }));
  const at = options.createdAt ?? clock.now();
  const [row] = await svc.db.db
    .insert(agreements)
    .values({
      caseId: invoice.caseId,
      businessId,
      offerKey: "o1_2",
      terms: { kind: "installments", frequency: "monthly", installments: plan },
      totalMinor: 90_000,
      currency: "EUR",
      renderedText: CONFIRMED_TEXT,
      channel: "telegram",
      messageIds: ["tg:1001", "tg:1002"],
      approvedBy: options.approvedBy ?? null,
      confirmedAt: at,
      status: options.status ?? "active",
      createdAt: at,
    })
    .returning({ id: agreements.id });
  if (row === undefined) throw new Error("agreement not inserted");
  await svc.db.db.insert(installments).values(
    plan.map((p, i) => ({
      agreementId: row.id,
      seq: i + 1,
      dueDate: p.dueDate,
      amountMinor: p.amountMinor,
      paidMinor: i < (options.paid ?? 0) ? p.amountMinor : 0,
      status: i < (options.paid ?? 0) ? ("paid" as const) : ("pending" as const),
    })),
  );
  return { id: row.id, invoice, number };
}

describe("the admin area", () => {
  it("sends a visitor without a session to the sign-in form, and back after", async () => {
    for (const path of ["/admin/agreements", "/admin/audit", `/admin/agreements/${randomUUID()}`]) {
      const res = await fetch(`${svc.url}${path}`, { redirect: "manual" });
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
  });

  it("refuses the bootstrap login without ADMIN_PASSWORD, a wrong password or another user", async () => {
    const send = sendTo(svc.url ?? "");
    for (const [user, password] of [
      ["admin", "wrong-password"],
      ["root", PASSWORD],
      ["admin", `${PASSWORD}x`],
    ] as const) {
      const res = await submitLogin(send, user, password);
      expect(res.status, user).toBe(401);
      expect(res.headers.getSetCookie().some((c) => c.startsWith("relance_desk="))).toBe(false);
      expect(visible(await res.text())).toContain("Adresse e-mail ou mot de passe incorrect.");
    }
    const unset = await submitLogin(sendTo(off.url ?? ""), "admin", PASSWORD);
    expect(unset.status).toBe(401);
  });
});

describe("GET /admin/agreements", () => {
  it("lists who agreed to what, escaping every name, behind a strict CSP", async () => {
    const business = await givenBusiness(svc.db.db, { name: HOSTILE_BUSINESS });
    const { number } = await givenAgreement(business.id, HOSTILE_DEBTOR, { paid: 1 });
    const res = await admin(`/admin/agreements?businessId=${business.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await res.text();
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain("script-src");
    // One stylesheet, served by the service itself.
    const sheet = /<link rel="stylesheet" href="(\/admin\/assets\/desk-[0-9a-f]+\.css)"/.exec(html);
    expect(sheet).not.toBeNull();
    const css = await fetch(`${svc.url}${sheet?.[1]}`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<style");
    expect(html).toContain("&lt;script&gt;alert(&quot;b&quot;)&lt;/script&gt; &amp; Co");
    expect(html).toContain("&lt;img src=x onerror=alert(&#39;d&#39;)&gt;");
    // The business speaks French: the page does too, and shows no internal id.
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("Confirmé le");
    expect(html).toContain(`>${number}</td>`);
    expect(html).toContain(">Telegram</td>");
    expect(html).not.toContain(`>${business.id}<`);
    const text = visible(html);
    expect(text).toContain("3 échéances mensuelles, dès le 30 novembre 2026 (première : 300,00 €)");
    expect(text).toContain("900,00 €");
    expect(text).toContain("Dans la politique");
    expect(text).toContain("1 sur 3");
  });

  it("filters by business, status and creation dates", async () => {
    const business = await givenBusiness(svc.db.db);
    const other = await givenBusiness(svc.db.db);
    await givenAgreement(business.id, "Active Debtor", {
      createdAt: new Date("2026-11-10T09:00:00Z"),
    });
    await givenAgreement(business.id, "Broken Debtor", {
      status: "broken",
      approvedBy: "owner:U42",
      createdAt: new Date("2026-11-20T09:00:00Z"),
    });
    await givenAgreement(other.id, "Other Debtor");

    const broken = await (
      await admin(`/admin/agreements?businessId=${business.id}&status=broken`)
    ).text();
    expect(broken).toContain("Broken Debtor");
    expect(broken).toContain("Slack (U42)");
    expect(broken).not.toContain("Active Debtor");
    expect(broken).not.toContain("Other Debtor");

    const early = await (
      await admin(`/admin/agreements?businessId=${business.id}&from=2026-11-01&to=2026-11-15`)
    ).text();
    expect(early).toContain("Active Debtor");
    expect(early).not.toContain("Broken Debtor");

    // The filter form sends empty fields: they mean "no filter".
    const all = await (
      await admin(`/admin/agreements?businessId=${business.id}&status=&from=&to=`)
    ).text();
    expect(all).toContain("Active Debtor");
    expect(all).toContain("Broken Debtor");
    expect(all).toMatch(/<select id="f-status" name="status"><option value="" selected="">/);
  });

  it("answers a bad filter with a 400 page naming the field", async () => {
    const status = await admin("/admin/agreements?status=lost");
    expect(status.status).toBe(400);
    expect(status.headers.get("content-type")).toContain("text/html");
    expect(visible(await status.text())).toContain("Statut : choisissez un statut de la liste.");

    const business = await admin("/admin/agreements?businessId=%22%3E%3Cscript%3E&from=yesterday");
    expect(business.status).toBe(400);
    const html = await business.text();
    expect(visible(html)).toContain("Entreprise : choisissez une entreprise de la liste.");
    expect(visible(html)).toContain("Date de début : saisissez une date");
    expect(html).not.toContain("<script>");
  });

  it("pages through the log newest first with a Next page link", async () => {
    const business = await givenBusiness(svc.db.db);
    for (const [name, day] of [
      ["Page Debtor A", "2026-11-01"],
      ["Page Debtor B", "2026-11-02"],
      ["Page Debtor C", "2026-11-03"],
    ] as const) {
      await givenAgreement(business.id, name, { createdAt: new Date(`${day}T12:00:00Z`) });
    }
    const first = await (await admin(`/admin/agreements?businessId=${business.id}&limit=2`)).text();
    expect(first).toContain("Page Debtor C");
    expect(first).toContain("Page Debtor B");
    expect(first).not.toContain("Page Debtor A");
    const href = /<a href="([^"]+)" rel="next">Page suivante<\/a>/.exec(first)?.[1];
    expect(href).toBeDefined();
    const second = await (await admin((href ?? "").replaceAll("&amp;", "&"))).text();
    expect(second).toContain("Page Debtor A");
    expect(second).not.toContain("Page Debtor B");
    expect(second).not.toContain("Page suivante");
  });
});

describe("GET /admin/agreements/:id", () => {
  it("shows the exact text the debtor confirmed and each installment", async () => {
    const business = await givenBusiness(svc.db.db);
    const { id } = await givenAgreement(business.id, "Camille Martin", { paid: 2 });
    const res = await admin(`/admin/agreements/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(html)?.[1];
    const unescaped = (pre ?? "")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&amp;", "&");
    expect(unescaped).toBe(CONFIRMED_TEXT);
    expect(pre).toContain("&lt;b&gt;Total&lt;/b&gt;");
    expect(html.match(/>Réglée<\/td>/g)).toHaveLength(2);
    expect(html.match(/>À venir<\/td>/g)).toHaveLength(1);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await admin(`/admin/agreements/${randomUUID()}`)).status).toBe(404);
    expect((await admin("/admin/agreements/not-an-id")).status).toBe(404);
  });
});

describe("GET /admin/audit", () => {
  it("reports that the audit hash chain verifies, with entries and chains checked", async () => {
    await givenBusiness(svc.db.db);
    const res = await admin("/admin/audit");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(visible(html)).toContain("La chaîne d'empreintes du journal d'audit est intacte.");
    const counts = /([\d\u202f\u00a0]+) entrées vérifiées, dans ([\d\u202f\u00a0]+) dossiers/.exec(
      html,
    );
    expect(Number(counts?.[1]?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);
    expect(Number(counts?.[2]?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);
  });

  it("names the entry whose row was edited behind the application's back", async () => {
    const business = await givenBusiness(svc.db.db);
    const entry = await svc.db.db.transaction((tx) =>
      appendAudit(tx, {
        businessId: business.id,
        actor: "api",
        action: "test_entry",
        detail: { amountMinor: 10_000 },
      }),
    );
    // Tampered and checked inside a transaction that is rolled back: other test files share this
    // database and verify its chain, so the edit must never be committed.
    let html = "";
    let status = 0;
    await expect(
      svc.db.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(
          sql`update audit_log set detail = '{"amountMinor": 1}'::jsonb where id = ${entry.id}`,
        );
        const app = buildTestApp({
          admin: {
            store: createAdminStore(tx),
            users: createDeskUserStore(tx),
            bootstrapPassword: PASSWORD,
          },
        });
        try {
          const client = await signIn(
            (path, init) => Promise.resolve(app.app.request(path, init)),
            "admin",
            PASSWORD,
          );
          const res = await client.get("/admin/audit");
          status = res.status;
          html = await res.text();
        } finally {
          await app.close();
        }
        tx.rollback();
      }),
    ).rejects.toBeInstanceOf(TransactionRollbackError);
    expect(status).toBe(200);
    expect(visible(html)).toContain(`La chaîne est rompue à l'entrée n° ${entry.id} :`);
    expect(html).toContain("son contenu ne correspond plus à son empreinte");
  });
});
