import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, desc, eq, inArray, sql, TransactionRollbackError } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminViewsStore } from "../../db/admin-views/store.ts";
import { agreements, auditLog, cases, debtors, invoices } from "../../db/schema.ts";
import { CaseDetailPage } from "../../src/http/admin/cases-detail-page.tsx";
import { dashboardFigures } from "../../src/http/admin/dashboard-figures.ts";
import { documentHtml } from "../../src/http/admin/layout.tsx";
import { deskPage } from "../../src/http/admin/page.ts";
import type { CaseDetail } from "../../src/runtime/ports/admin-views.ts";
import { type DeskClient, givenDeskUser, sendTo, signIn } from "../support/desk.ts";
import {
  givenAgreement,
  givenBusiness,
  givenCaseState,
  givenCaseStory,
  givenDashboardBusiness,
  givenDeskInvoice,
} from "../support/desk-fixtures.ts";
import { givenInvoice } from "../support/fixtures.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

const PASSWORD = "desk-password-0123456789";
const clock = new TestClock("2026-11-23T10:00:00Z");
let svc: TestService;
/** A desk admin, signed in: sees every business. */
let desk: DeskClient;

beforeAll(async () => {
  svc = await startTestService({ clock, mode: "web" });
  await givenDeskUser(svc.db.db, {
    email: "admin@relance.test",
    password: PASSWORD,
    role: "admin",
  });
  desk = await signIn(sendTo(svc.url ?? ""), "admin@relance.test", PASSWORD);
});

afterAll(async () => {
  await svc?.stop();
});

function admin(path: string): Promise<Response> {
  return desk.get(path);
}

/** Intl puts no-break spaces in French amounts; compare what the eye sees. */
function visible(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, " ").replace(/&#39;/g, "'");
}

function csvRecords(body: string): Record<string, string>[] {
  return parse(body, { bom: true, columns: true, skip_empty_lines: false });
}

describe("the case list", () => {
  it("finds a case by part of the debtor's name or of the invoice number, any case", async () => {
    const business = await givenBusiness(svc.db.db, { name: `Atelier ${randomUUID()}` });
    const marker = randomUUID().slice(0, 8);
    const a = await givenDeskInvoice(svc.db.db, business.id, clock.now(), {
      debtor: `Camille Rousseau ${marker}`,
      number: `F-${marker}-1`,
      amount: 12_000,
      issuedAt: "2026-10-01",
      dueDate: "2026-10-31",
    });
    await givenDeskInvoice(svc.db.db, business.id, clock.now(), {
      debtor: "Jean Autre",
      number: `F-${marker}-2`,
      amount: 5_000,
      issuedAt: "2026-11-01",
      dueDate: "2026-12-01",
    });
    const res = await admin(`/admin/cases?q=rousseau%20${marker}`);
    expect(res.status).toBe(200);
    const html = visible(await res.text());
    expect(html).toContain(`Camille Rousseau ${marker}`);
    expect(html).not.toContain("Jean Autre");
    expect(html).toContain(`/admin/cases/${a.caseId}`);
    // Due 31 October, seen on 23 November in Paris: 23 days late; 120,00 € still due.
    expect(html).toContain("23 jours de retard");
    expect(html).toContain("120,00 €");
    const byNumber = visible(await (await admin(`/admin/cases?q=${marker}-2`)).text());
    expect(byNumber).toContain("Jean Autre");
    expect(byNumber).toContain("Échéance dans 8 jours");
    expect(byNumber).not.toContain("Camille Rousseau");
  });

  it("filters by business through a select of names and by status, and treats % and _ literally", async () => {
    const one = await givenBusiness(svc.db.db, { name: `Zèbre ${randomUUID().slice(0, 6)}` });
    const two = await givenBusiness(svc.db.db, { name: `Yak ${randomUUID().slice(0, 6)}` });
    const x = await givenDeskInvoice(svc.db.db, one.id, clock.now(), {
      debtor: "Lou 100% Bio",
      amount: 1_000,
      issuedAt: "2026-10-01",
      dueDate: "2026-10-31",
    });
    await givenDeskInvoice(svc.db.db, two.id, clock.now(), {
      debtor: "Lou 100 Bio",
      amount: 1_000,
      issuedAt: "2026-10-01",
      dueDate: "2026-10-31",
    });
    await givenCaseState(svc.db.db, x.caseId, "disputed", "dispute");
    const page = await (await admin(`/admin/cases?businessId=${one.id}`)).text();
    expect(page).toMatch(new RegExp(`<option value="${one.id}" selected="">`));
    expect(page).toContain("Lou 100% Bio");
    expect(page).not.toContain("Lou 100 Bio");
    const pct = await (await admin("/admin/cases?q=100%25")).text();
    expect(pct).toContain("Lou 100% Bio");
    expect(pct).not.toContain("Lou 100 Bio");
    const disputed = await (await admin("/admin/cases?status=disputed&q=Lou")).text();
    expect(disputed).toContain("Lou 100% Bio");
    expect(disputed).toContain("Contesté");
    expect(disputed).not.toContain("Lou 100 Bio");
  });

  it("answers a bad filter with 400 naming it, and an unknown business with 404", async () => {
    const bad = await admin("/admin/cases?status=nonsense");
    expect(bad.status).toBe(400);
    expect(visible(await bad.text())).toContain("Statut : choisissez un statut de la liste.");
    const search = await admin("/admin/cases?q=%01");
    expect(search.status).toBe(400);
    expect(visible(await search.text())).toContain("Recherche : au plus 100 caractères");
    expect((await admin(`/admin/cases?businessId=${randomUUID()}`)).status).toBe(404);
    expect((await admin("/admin/cases?extra=1")).status).toBe(400);
  });
});

describe("the scope of every query", () => {
  it("hides another business's cases: its case page is not found, its rows are not listed", async () => {
    const mine = await givenBusiness(svc.db.db, { name: "Mine" });
    const theirs = await givenBusiness(svc.db.db, { name: "Theirs" });
    const their = await givenCaseStory(svc.db.db, theirs.id, clock.now(), "Secret Client");
    const store = createAdminViewsStore(svc.db.db);
    const scope = { businessIds: [mine.id] };
    expect(await store.caseDetail(scope, their.caseId, clock.now())).toBeNull();
    expect(
      await store.caseDetail({ businessIds: [theirs.id] }, their.caseId, clock.now()),
    ).not.toBeNull();
    const rows = await store.listCases(scope, { now: clock.now(), q: "Secret Client" });
    expect(rows).toEqual([]);
    expect(await store.listCases(scope, { now: clock.now(), businessId: theirs.id })).toEqual([]);
    expect(await store.countCases({ businessIds: [] }, {})).toBe(0);
    expect(await store.exportAgreements(scope, { businessId: theirs.id })).toEqual([]);
    const all = await store.exportAgreements(scope, {});
    expect(all.some((a) => a.caseId === their.caseId)).toBe(false);
    const dash = await store.dashboard(scope, {
      now: clock.now(),
      weeks: 12,
      dsoDays: 90,
      businessId: theirs.id,
    });
    expect(dash.receivables).toEqual([]);
    // Through HTTP, a case id that is no case is a 404 page too.
    expect((await admin(`/admin/cases/${randomUUID()}`)).status).toBe(404);
    expect((await admin("/admin/cases/not-a-uuid")).status).toBe(404);
  });
});

describe("the desk's sign-in and the viewer's scope", () => {
  it("sends a visitor without a session to the sign-in page, for every read page and file", async () => {
    const send = sendTo(svc.url ?? "");
    for (const path of [
      "/admin/dashboard",
      "/admin/cases",
      `/admin/cases/${randomUUID()}`,
      "/admin/exports",
      "/admin/exports/cases.csv",
      "/admin/exports/agreements.csv",
    ]) {
      const res = await send(path, {});
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location"), path).toMatch(/^\/admin\/login/);
    }
  });

  it("shows an owner only their businesses: another business's case is a 404, its rows absent", async () => {
    const mine = await givenBusiness(svc.db.db, { name: `Mon Atelier ${randomUUID()}` });
    const theirName = `Leur Atelier ${randomUUID()}`;
    const theirs = await givenBusiness(svc.db.db, { name: theirName });
    const my = await givenCaseStory(svc.db.db, mine.id, clock.now(), "Client Visible");
    const their = await givenCaseStory(svc.db.db, theirs.id, clock.now(), "Client Caché");
    const email = `owner-${randomUUID()}@relance.test`;
    await givenDeskUser(svc.db.db, {
      email,
      password: PASSWORD,
      role: "owner",
      businessIds: [mine.id],
    });
    const owner = await signIn(sendTo(svc.url ?? ""), email, PASSWORD);

    expect((await owner.get(`/admin/cases/${my.caseId}`)).status).toBe(200);
    const hidden = await owner.get(`/admin/cases/${their.caseId}`);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain("Client Caché");
    const list = await (await owner.get("/admin/cases")).text();
    expect(list).toContain("Client Visible");
    expect(list).not.toContain("Client Caché");
    expect(list).not.toContain(theirName);
    expect((await owner.get(`/admin/cases?businessId=${theirs.id}`)).status).toBe(404);
    expect((await owner.get(`/admin/dashboard?businessId=${theirs.id}`)).status).toBe(404);
    expect((await owner.get(`/admin/exports/cases.csv?businessId=${theirs.id}`)).status).toBe(404);
    const csv = await (await owner.get("/admin/exports/cases.csv")).text();
    expect(csv).toContain("Client Visible");
    expect(csv).not.toContain("Client Caché");
    // The admin sees both.
    const all = await (await admin("/admin/cases?q=Client%20Cach")).text();
    expect(all).toContain("Client Caché");
  });
});

describe("a case's page", () => {
  it("shows the invoice, payments, schedule, conversation, timers, decisions and a verified audit trail", async () => {
    const business = await givenBusiness(svc.db.db, { name: "Atelier Récit" });
    const story = await givenCaseStory(svc.db.db, business.id, clock.now(), "Camille Martin");
    const res = await admin(`/admin/cases/${story.caseId}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = visible(await res.text());
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("Facture");
    expect(html).toContain("900,00 €");
    expect(html).toContain("600,00 €"); // still due
    expect(html).toContain("VIR-2026-118");
    expect(html).toContain("Difficulté de trésorerie");
    // The schedule: paid, missed, due.
    expect(html).toMatch(/Réglée[\s\S]*Manquée[\s\S]*À venir/);
    // Both channels, the pressed buttons shown as such, the buttons offered.
    expect(html).toContain("A appuyé sur le bouton « Trésorerie difficile »");
    expect(html).toContain("A appuyé sur le bouton « Je confirme »");
    expect(html).toContain("Client, sur le chat web");
    expect(html).toContain("Relance, sur Telegram, envoi automatique");
    expect(html).toContain("je peux payer 300 € par mois");
    expect(html).toContain("<li>Autre chose</li>");
    expect(html).toContain("Rappel d'échéance");
    expect(html).toContain("plan approved");
    expect(html).toMatch(/Le journal d'audit est intact : \d+ entrées?/);
    // No internal id on screen: the case, business and debtor ids appear only in links, if at all.
    const text = html.replace(/<[^>]+>/g, " ");
    expect(text).not.toContain(story.caseId);
    expect(text).not.toContain(business.id);
    expect(text).not.toContain("U0123");
  });

  it("speaks the business's language: English for an English business", async () => {
    const business = await givenBusiness(svc.db.db, { name: "Sun Bakery", locale: "en" });
    const story = await givenCaseStory(svc.db.db, business.id, clock.now(), "Sam Taylor");
    const html = visible(await (await admin(`/admin/cases/${story.caseId}`)).text());
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Invoice");
    expect(html).toContain("€900.00");
    expect(html).toContain("Pressed the button “Je confirme”");
    expect(html).toContain("Cash-flow difficulty");
    expect(html).toMatch(/Paid[\s\S]*Missed[\s\S]*Due/);
    expect(html).toContain("The audit trail verifies");
    expect(html).not.toContain("Facture");
  });

  it("says where the audit trail breaks when an entry was altered", async () => {
    const business = await givenBusiness(svc.db.db, { name: "Atelier Altéré" });
    const story = await givenCaseStory(svc.db.db, business.id, clock.now(), "Alex Tamper");
    const store = createAdminViewsStore(svc.db.db);
    let seen: CaseDetail | null = null;
    let alteredId = 0;
    // Altered inside a transaction that is rolled back: nothing else in this file sees it.
    await svc.db.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        const [last] = await tx
          .select({ id: auditLog.id })
          .from(auditLog)
          .where(eq(auditLog.caseId, story.caseId))
          .orderBy(desc(auditLog.id))
          .limit(1);
        alteredId = last?.id ?? 0;
        await tx.execute(
          sql`update audit_log set detail = '{"forged":true}'::jsonb where id = ${alteredId}`,
        );
        seen = await createAdminViewsStore(tx).caseDetail(
          { businessIds: [business.id] },
          story.caseId,
          clock.now(),
        );
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    const altered = seen as CaseDetail | null;
    expect(altered?.auditVerdict).toMatchObject({
      ok: false,
      brokenAtId: alteredId,
      reason: "hash_mismatch",
    });
    if (altered === null) return;
    const page = visible(
      documentHtml(
        CaseDetailPage({
          page: deskPage({ locale: "fr", viewer: null, csrfToken: null }),
          detail: altered,
        }),
      ),
    );
    expect(page).toContain(
      `Le journal d'audit n'est pas intact : l'entrée ${altered.audit.length} a été modifiée après son écriture.`,
    );
    // Checked outside the rolled-back transaction: the verdict was computed inside it.
    const intact = await store.caseDetail(
      { businessIds: [business.id] },
      story.caseId,
      clock.now(),
    );
    expect(intact?.auditVerdict.ok).toBe(true);
  });
});

describe("the CSV exports", () => {
  it("export exactly the filtered cases: RFC 4180, BOM, formula cells neutralised, same rows as the database", async () => {
    const business = await givenBusiness(svc.db.db, { name: 'Export, "Cases" & Co' });
    const hostile = [
      '=HYPERLINK("http://x")',
      "+33 6 12",
      "-2+3",
      "@SUM(A1)",
      "\tTab",
      "Élodie; Müller",
    ];
    for (const [i, name] of hostile.entries()) {
      await givenDeskInvoice(svc.db.db, business.id, clock.now(), {
        debtor: name,
        number: `EXP-${i}`,
        amount: 10_001 + i,
        issuedAt: "2026-10-01",
        dueDate: "2026-10-31",
      });
    }
    const res = await admin(`/admin/exports/cases.csv?businessId=${business.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(body).toContain("\r\n");
    const records = csvRecords(body);
    const expected = await svc.db.db
      .select({
        caseId: cases.id,
        debtor: debtors.name,
        number: invoices.number,
        amount: invoices.amountMinor,
        status: cases.status,
        dueDate: invoices.dueDate,
      })
      .from(cases)
      .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
      .innerJoin(debtors, eq(debtors.id, cases.debtorId))
      .where(eq(cases.businessId, business.id));
    expect(records).toHaveLength(expected.length);
    expect(new Set(records.map((r) => r.case_id))).toEqual(new Set(expected.map((e) => e.caseId)));
    for (const record of records) {
      const row = expected.find((e) => e.caseId === record.case_id);
      expect(record.business).toBe('Export, "Cases" & Co');
      expect(record.invoice).toBe(row?.number);
      expect(record.amount).toBe(((row?.amount ?? 0) / 100).toFixed(2));
      expect(record.status).toBe(row?.status);
      expect(record.due_date).toBe(row?.dueDate);
      expect(record.days_overdue).toBe("23");
      const name = row?.debtor ?? "";
      expect(record.debtor).toBe(/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
    }
    // The list's own filter, as its download link carries it: the search narrows the file too.
    const listHtml = await (await admin(`/admin/cases?businessId=${business.id}&q=EXP-1`)).text();
    const link = /href="(\/admin\/exports\/cases\.csv\?[^"]+)"/.exec(listHtml)?.[1] ?? "";
    const narrowed = csvRecords(await (await admin(link.replace(/&amp;/g, "&"))).text());
    expect(narrowed.map((r) => r.invoice)).toEqual(["EXP-1"]);
    // Intake trims the name's leading tab, so four of the six start a formula.
    const injected = records.filter((r) => (r.debtor ?? "").startsWith("'"));
    expect(injected.map((r) => r.debtor).sort()).toEqual(
      ["'+33 6 12", "'-2+3", '\'=HYPERLINK("http://x")', "'@SUM(A1)"].sort(),
    );
  });

  it("export the agreements GET /api/agreements returns for the same filter, with names", async () => {
    const businessName = `Accords ${randomUUID().slice(0, 6)}`;
    const business = await givenBusiness(svc.db.db, { name: businessName });
    for (let i = 0; i < 7; i += 1) {
      const inv = await givenDeskInvoice(svc.db.db, business.id, clock.now(), {
        debtor: `Client ${i}`,
        amount: 30_000,
        issuedAt: "2026-10-01",
        dueDate: "2026-10-31",
      });
      await givenAgreement(svc.db.db, business.id, inv.caseId, {
        kind: i % 2 === 0 ? "installments" : "promise",
        status: i % 3 === 0 ? "broken" : "active",
        confirmedAt: `2026-11-${String(10 + i).padStart(2, "0")}T10:00:00Z`,
        totalMinor: 30_000,
        renderedText: `Ligne 1, "citée"\nLigne 2 pour ${i}`,
        plan:
          i % 2 === 0
            ? [
                { dueDate: "2026-11-30", amountMinor: 15_000, status: "paid" },
                { dueDate: "2026-12-30", amountMinor: 15_000, status: "pending" },
              ]
            : undefined,
      });
    }
    const filter = `businessId=${business.id}&status=active&from=2026-11-11&to=2026-11-17`;
    const csv = csvRecords(await (await admin(`/admin/exports/agreements.csv?${filter}`)).text());
    const api: { id: string; totalMinor: number; status: string; confirmedAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await svc.api(
        "GET",
        `/api/agreements?${filter}&limit=2${cursor === null ? "" : `&cursor=${cursor}`}`,
      );
      const json = (await page.json()) as { items: typeof api; nextCursor: string | null };
      api.push(...json.items);
      cursor = json.nextCursor;
    } while (cursor !== null);
    expect(api.length).toBeGreaterThan(2);
    expect(csv.map((r) => r.agreement_id)).toEqual(api.map((a) => a.id));
    expect(csv.map((r) => r.total)).toEqual(api.map((a) => (a.totalMinor / 100).toFixed(2)));
    expect(csv.map((r) => r.confirmed_at)).toEqual(api.map((a) => a.confirmedAt));
    expect(csv.every((r) => r.status === "active" && r.business === businessName)).toBe(true);
    expect(csv[0]?.confirmed_text).toMatch(/^Ligne 1, "citée"\nLigne 2 pour \d$/);
    const inDb = await svc.db.db
      .select({ id: agreements.id })
      .from(agreements)
      .where(
        and(
          eq(agreements.businessId, business.id),
          eq(agreements.status, "active"),
          inArray(
            agreements.id,
            csv.map((r) => r.agreement_id ?? ""),
          ),
        ),
      );
    expect(inDb).toHaveLength(csv.length);
    const installments = csv.find((r) => r.kind === "installments");
    expect(installments?.installments).toBe("2");
    expect(installments?.installments_paid).toBe("1");
  });

  it("show each invoice of a grouped case with its own status and allocations, on the case page and in the export", async () => {
    const business = await givenBusiness(svc.db.db, { name: `Groupe ${randomUUID().slice(0, 6)}` });
    const debtor = { externalRef: `C-${randomUUID().slice(0, 8)}`, name: "Alex Groupé" };
    const older = await givenInvoice(
      svc.db.db,
      business.id,
      { number: "G-OLD", amount: 20_000, issuedAt: "2026-10-01", dueDate: "2026-11-30", debtor },
      clock.now(),
    );
    const newer = await givenInvoice(
      svc.db.db,
      business.id,
      { number: "G-NEW", amount: 30_000, issuedAt: "2026-10-05", dueDate: "2026-12-15", debtor },
      clock.now(),
    );
    expect(newer.caseId).toBe(older.caseId);
    const agreementId = await givenAgreement(svc.db.db, business.id, older.caseId, {
      kind: "promise",
      status: "active",
      confirmedAt: "2026-11-20T10:00:00Z",
      totalMinor: 50_000,
      renderedText: "Promesse",
    });
    const paid = await svc.api("POST", `/api/cases/${older.caseId}/payments`, {
      amountMinor: 25_000,
      currency: "EUR",
      reference: "VIR-25",
      receivedAt: "2026-11-22T09:00:00Z",
    });
    expect(paid.status).toBe(201);

    const html = visible(await (await admin(`/admin/cases/${older.caseId}`)).text());
    const section = html.slice(html.indexOf("Factures de ce dossier"));
    expect(section).toContain("G-OLD");
    expect(section).toContain("Réglée");
    expect(section).toContain("200,00 € le");
    expect(section).toContain("G-NEW");
    expect(section).toContain("À régler");
    expect(section).toContain("50,00 € le");
    expect(section).toContain("(réf. VIR-25)");

    const csv = csvRecords(
      await (await admin(`/admin/exports/agreements.csv?businessId=${business.id}`)).text(),
    );
    const row = csv.find((r) => r.agreement_id === agreementId);
    expect(row?.invoices).toBe("G-OLD paid 200.00/200.00; G-NEW open 50.00/300.00");
    expect(row?.allocations).toBe("G-OLD 200.00 VIR-25 2026-11-22; G-NEW 50.00 VIR-25 2026-11-22");
  });

  it("offer the agreements export's form, with the business select of names", async () => {
    const res = await admin("/admin/exports");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/admin/exports/agreements.csv"');
    expect(html).toMatch(/<select name="businessId">[\s\S]*<option value="[0-9a-f-]{36}">/);
    expect(html).toContain('href="/admin/cases"');
  });

  it("refuses a bad agreement filter with 400, before writing anything", async () => {
    const res = await admin("/admin/exports/agreements.csv?from=yesterday");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
  });
});

describe("the dashboard", () => {
  it("computes each figure on a fixture with known answers", async () => {
    const { business } = await givenDashboardBusiness(svc.db.db, clock.now());
    const store = createAdminViewsStore(svc.db.db);
    const raw = await store.dashboard(
      { businessIds: [business.id] },
      { businessId: business.id, now: clock.now(), weeks: 12, dsoDays: 90 },
    );
    const figures = dashboardFigures(raw, { today: "2026-11-23", weeks: 12, dsoDays: 90 });
    const [eur] = figures.currencies;
    expect(figures.currencies).toHaveLength(1);
    expect(eur?.recoveredByWeek).toHaveLength(12);
    expect(eur?.recoveredByWeek[0]?.week).toBe("2026-09-07");
    expect(eur?.recoveredByWeek.slice(-2)).toEqual([
      { week: "2026-11-16", amountMinor: 20_000 },
      { week: "2026-11-23", amountMinor: 80_000 },
    ]);
    expect(eur?.recoveredTotalMinor).toBe(100_000);
    expect(eur?.overdueByAge).toEqual([
      { bucket: "d0-15", amountMinor: 80_000 },
      { bucket: "d16-30", amountMinor: 50_000 },
      { bucket: "d31-60", amountMinor: 30_000 },
      { bucket: "d60-plus", amountMinor: 60_000 },
    ]);
    expect(eur?.dueMinor).toBe(220_000);
    expect(eur?.invoicedMinor).toBe(260_000);
    expect(eur?.dso).toBeCloseTo((220_000 / 260_000) * 90, 9);
    expect(figures.reasons).toEqual([
      { reason: "cash_flow", cases: 2 },
      { reason: "forgot", cases: 1 },
    ]);
    expect(figures.outcomes).toEqual([
      { kind: "installments", kept: 0, broken: 1, running: 1 },
      { kind: "promise", kept: 1, broken: 1, running: 0 },
    ]);
    expect(figures.medianDaysToAgreement).toBe(4);
    expect(figures.agreementsTimed).toBe(3);
  });

  it("draws the charts as inline SVG with the numbers beside them, under the strict CSP", async () => {
    const { business } = await givenDashboardBusiness(svc.db.db, clock.now(), "Atelier Graphes");
    const res = await admin(`/admin/dashboard?businessId=${business.id}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe|script-src/);
    const html = visible(await res.text());
    expect(html).not.toContain("<script");
    expect((html.match(/<svg /g) ?? []).length).toBe(4);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(html).not.toMatch(/ style="/);
    expect(html).toContain("1 000,00 € sur les 12 dernières semaines");
    expect(html).toContain("2 200,00 € en retard");
    expect(html).toContain("76,2 jours");
    expect(html).toContain("4 jours (médiane de 3 accords)");
    expect(html).toContain("Difficulté de trésorerie");
  });
});
