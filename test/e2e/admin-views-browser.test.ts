import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements } from "../../db/schema.ts";
import {
  artifactPath,
  DESKTOP,
  launchChromium,
  PHONE,
  watchCspViolations,
} from "../support/browser.ts";
import { givenDeskUser, sendTo, signIn } from "../support/desk.ts";
import { givenBusiness, givenCaseStory, givenDashboardBusiness } from "../support/desk-fixtures.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * The owner's desk read pages in a real Chromium, at a phone's 390 × 844 px and at a desktop's
 * 1280 × 900: nothing wider than the screen, tables stacked as cards on the phone, no CSP
 * violation (no inline style or script sneaks in), the skip link first under the keyboard.
 * Screenshots go to test-artifacts/ (gitignored) for a human look.
 *
 * Needs Debian's chromium at /usr/bin/chromium (test/support/browser.ts).
 */

const PASSWORD = "desk-password-0123456789";
const SCREENS = { phone: PHONE, desktop: DESKTOP } as const;

const clock = new TestClock("2026-11-23T10:00:00Z");
let svc: TestService;
let browser: Browser;
let dashboardPath = "";
let casePath = "";
let luneId = "";
/** The session cookie of the desk owner of both businesses, signed in through the desk's form. */
let sessionCookie = { name: "", value: "" };

beforeAll(async () => {
  svc = await startTestService({ clock, mode: "web" });
  browser = await launchChromium();
  const { business } = await givenDashboardBusiness(svc.db.db, clock.now(), "Atelier Lune");
  const story = await givenCaseStory(svc.db.db, business.id, clock.now(), "Camille Martin");
  // A second business, so the pages show the business select.
  const soleil = await givenBusiness(svc.db.db, { name: "Boulangerie Soleil" });
  await givenDeskUser(svc.db.db, {
    email: "claire@lune.test",
    password: PASSWORD,
    role: "owner",
    businessIds: [business.id, soleil.id],
  });
  const client = await signIn(sendTo(svc.url ?? ""), "claire@lune.test", PASSWORD);
  const [name = "", value = ""] = client.cookie.split("=");
  sessionCookie = { name, value };
  luneId = business.id;
  dashboardPath = `/admin/dashboard?businessId=${business.id}`;
  casePath = `/admin/cases/${story.caseId}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

interface Opened {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly cspViolations: string[];
}

async function open(path: string, screen: keyof typeof SCREENS): Promise<Opened> {
  const context = await browser.newContext({
    viewport: SCREENS[screen],
    deviceScaleFactor: screen === "phone" ? 2 : 1,
  });
  await context.addCookies([{ ...sessionCookie, url: svc.url ?? "" }]);
  const page = await context.newPage();
  const cspViolations = watchCspViolations(page);
  const res = await page.goto(`${svc.url}${path}`);
  expect(res?.status(), path).toBe(200);
  return { page, context, cspViolations };
}

/** Widths in the page (a string: this project's TypeScript has no DOM types). */
function widths(page: Page): Promise<{ scroll: number; viewport: number }> {
  return page.evaluate(
    "({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })",
  );
}

async function look(opened: Opened, name: string) {
  await opened.page.screenshot({
    path: artifactPath(name),
    fullPage: true,
  });
  const w = await widths(opened.page);
  expect(w.scroll, `${name}: nothing wider than the screen`).toBeLessThanOrEqual(w.viewport);
  expect(opened.cspViolations, name).toEqual([]);
}

describe("the owner's desk in a browser", () => {
  for (const screen of ["phone", "desktop"] as const) {
    it(`shows the dashboard's charts and figures on a ${screen}`, async () => {
      const opened = await open(dashboardPath, screen);
      const { page } = opened;
      await expect.poll(() => page.locator(".chart svg").count()).toBe(4);
      const box = await page.locator(".chart svg").first().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(200);
      expect(box?.width ?? 0).toBeLessThanOrEqual(SCREENS[screen].width);
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe("Tableau de bord");
      await look(opened, `admin-dashboard-${screen}`);
      await opened.context.close();
    }, 60_000);

    it(`shows a case's whole story on a ${screen}`, async () => {
      const opened = await open(casePath, screen);
      const { page } = opened;
      const pressed = page.getByText("A appuyé sur le bouton « Je confirme »");
      expect(await pressed.count()).toBe(1);
      // The schedule's table: a table on the desktop, cards (no visible header) on the phone.
      const header = page.locator("table.stack thead").first();
      const headerBox = await header.boundingBox();
      if (screen === "phone") {
        expect(headerBox === null || headerBox.x + headerBox.width <= 0).toBe(true);
      } else {
        expect(headerBox?.width ?? 0).toBeGreaterThan(0);
      }
      // The keyboard lands on the skip link first, and it leads to the content.
      await page.keyboard.press("Tab");
      const focused = await page.evaluate("document.activeElement?.getAttribute('href')");
      expect(focused).toBe("#main");
      await look(opened, `admin-case-${screen}`);
      await opened.context.close();
    }, 60_000);
  }

  for (const screen of ["phone", "desktop"] as const) {
    it(`lists the cases on a ${screen}, each with its debtor as a link`, async () => {
      const opened = await open("/admin/cases", screen);
      const links = opened.page.locator("table.stack tbody th a");
      expect(await links.count()).toBeGreaterThan(3);
      await look(opened, `admin-cases-${screen}`);
      await opened.context.close();
    }, 60_000);
  }
  it("filters the agreements by business and downloads exactly the database's rows as CSV", async () => {
    const opened = await open("/admin/exports", "desktop");
    try {
      const { page } = opened;
      await page.selectOption('select[name="businessId"]', { label: "Atelier Lune" });
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click('form[action="/admin/exports/agreements.csv"] button[type="submit"]'),
      ]);
      const file = await download.path();
      const text = readFileSync(file, "utf8");
      expect(text.charCodeAt(0)).toBe(0xfeff); // the BOM spreadsheets need
      const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
      const stored = await svc.db.db
        .select({ id: agreements.id })
        .from(agreements)
        .where(eq(agreements.businessId, luneId));
      expect(stored.length).toBeGreaterThan(0);
      expect(rows.map((r) => Object.values(r)[0]).sort()).toEqual(stored.map((a) => a.id).sort());
      expect(new Set(rows.map((r) => Object.values(r)[2]))).toEqual(new Set(["Atelier Lune"]));
    } finally {
      await opened.context.close();
    }
  });

  it("opens a case from the list, by its debtor's name", async () => {
    const opened = await open(`/admin/cases?businessId=${luneId}`, "desktop");
    try {
      const { page } = opened;
      const link = page.locator('a[href^="/admin/cases/"]').first();
      const debtor = ((await link.textContent()) ?? "").trim();
      expect(debtor.length).toBeGreaterThan(0);
      await link.click();
      await page.waitForURL(/\/admin\/cases\/[0-9a-f-]{36}$/);
      expect(await page.locator("h1").textContent()).toContain(debtor);
      expect(opened.cspViolations).toEqual([]);
    } finally {
      await opened.context.close();
    }
  });
});
