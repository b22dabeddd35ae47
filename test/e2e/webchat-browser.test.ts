import { randomUUID } from "node:crypto";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webchatMessageBodySchema } from "../../bot/webchat/message-body.ts";
import {
  artifactPath,
  DESKTOP,
  launchChromium,
  PHONE,
  watchCspViolations,
} from "../support/browser.ts";
import { givenBusiness } from "../support/fixtures.ts";
import { caseAtRest, startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * The web chat walked in a real Chromium, the way a debtor would: what the HTTP tests cannot
 * prove. The page's inline script and style run under its CSP (none reported blocked), a click on
 * a button and an Enter in the text box post what the routes expect, the replies appear, and a
 * reload shows the conversation with its one welcome. Screenshots go to test-artifacts/
 * (webchat-walk-*.png).
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  svc = await startTestService({ clock });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

const WELCOME = /Nous vous écrivons au sujet de la facture/;

/** An invoice five days late whose ladder asks why at J+3: asked as soon as the chat opens. */
async function givenChat() {
  const business = await givenBusiness(svc.db.db, {
    name: "Atelier Dupont",
    slack: undefined,
    policy: { ladder: [{ day: 3, kind: "ask_reason" }] },
  });
  const res = await svc.api("POST", "/api/invoices", {
    businessId: business.id,
    number: `F-${randomUUID().slice(0, 6)}`,
    amount: 45_000,
    currency: "EUR",
    issuedAt: "2026-10-19",
    dueDate: "2026-11-18",
    debtor: {
      externalRef: `C-${randomUUID().slice(0, 8)}`,
      name: "Camille Martin",
      locale: "fr",
      timezone: "Europe/Paris",
    },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { caseId: string; links: { webchat: string } };
  await caseAtRest(svc, body.caseId);
  return { caseId: body.caseId, path: new URL(body.links.webchat).pathname };
}

interface ServerMessage {
  readonly from: "bot" | "you";
  readonly text: string;
  readonly buttons: readonly { readonly label: string; readonly token: string }[];
}

/** The conversation as the routes serve it to the page. */
async function serverMessages(path: string): Promise<ServerMessage[]> {
  const res = await fetch(`${svc.url}${path}/messages`);
  expect(res.status).toBe(200);
  return (await res.json()) as ServerMessage[];
}

/** The token the server offers on its live button labelled like `label`. */
async function liveButtonToken(path: string, label: RegExp): Promise<string> {
  const button = (await serverMessages(path))
    .flatMap((m) => m.buttons)
    .find((b) => label.test(b.label));
  expect(button, `a live button ${label}`).toBeDefined();
  return button?.token ?? "";
}

function messagePost(path: string) {
  return (request: Request) =>
    request.method() === "POST" && new URL(request.url()).pathname === `${path}/messages`;
}

/** What a request posted, as the route's own schema reads it; and the route's answer. */
async function postedAndAnswered(request: Request) {
  const parsed = webchatMessageBodySchema.safeParse(request.postDataJSON());
  expect(parsed.error).toBeUndefined();
  const response = await request.response();
  expect(response?.status()).toBe(200);
  return parsed.data;
}

function button(page: Page, label: RegExp) {
  return page.locator("#actions button", { hasText: label }).first();
}

/** How many welcomes the page shows. */
function welcomesOnPage(page: Page): Promise<number> {
  return page.locator("#log li.bot p", { hasText: WELCOME }).count();
}

describe("the web chat in a real browser", () => {
  it("runs under its CSP, posts a click and an Enter, shows the replies and one welcome after a reload", async () => {
    const chat = await givenChat();
    const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
    const desktop = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await phone.newPage();
      const violations = watchCspViolations(page);
      const started = page.waitForRequest(
        (r) => r.method() === "POST" && new URL(r.url()).pathname === `${chat.path}/start`,
      );
      const opened = await page.goto(`${svc.url}${chat.path}`);
      expect(opened?.status()).toBe(200);
      expect(opened?.headers()["content-security-policy"]).toContain("script-src 'sha256-");

      // The inline script ran: it started the chat, and the welcome and the question came back.
      const start = await started;
      expect(start.postDataJSON()).toEqual({});
      expect((await start.response())?.status()).toBe(200);
      await expect.poll(() => welcomesOnPage(page), { timeout: 15_000 }).toBe(1);
      await button(page, /trésorerie/i).waitFor({ timeout: 15_000 });
      // The inline style applied: the buttons' row is the stylesheet's flex row, not a block.
      expect(
        await page.evaluate(`getComputedStyle(document.getElementById("actions")).display`),
      ).toBe("flex");
      await page.screenshot({ path: artifactPath("webchat-walk-1-reasons") });

      // A click posts the button's token (no text), as the server offered it.
      const reasonToken = await liveButtonToken(chat.path, /trésorerie/i);
      const clicked = page.waitForRequest(messagePost(chat.path));
      await button(page, /trésorerie/i).click();
      expect(await postedAndAnswered(await clicked)).toEqual({
        id: expect.any(String),
        button: reasonToken,
      });
      await button(page, /3 fois/i).waitFor({ timeout: 15_000 });

      // An Enter in the text box posts the text, and the box is cleared once it arrived.
      const box = page.locator("#message");
      await box.fill("je peux payer 150 € par mois");
      const entered = page.waitForRequest(messagePost(chat.path));
      await box.press("Enter");
      expect(await postedAndAnswered(await entered)).toEqual({
        id: expect.any(String),
        text: "je peux payer 150 € par mois",
      });
      await button(page, /confirme/i).waitFor({ timeout: 15_000 });
      await expect.poll(() => box.inputValue()).toBe("");
      await page.screenshot({ path: artifactPath("webchat-walk-2-summary") });

      // A reload starts the chat again, which says hello only once: the page shows every message
      // the server has, and one welcome among them.
      const restarted = page.waitForResponse(
        (r) =>
          r.request().method() === "POST" && new URL(r.url()).pathname === `${chat.path}/start`,
      );
      await page.reload();
      expect((await restarted).status()).toBe(200);
      await caseAtRest(svc, chat.caseId);
      await button(page, /confirme/i).waitFor({ timeout: 15_000 });
      const server = await serverMessages(chat.path);
      expect(server.filter((m) => m.from === "bot" && WELCOME.test(m.text))).toHaveLength(1);
      await expect
        .poll(() => page.locator("#log li").count(), { timeout: 15_000 })
        .toBe(server.length);
      expect(await welcomesOnPage(page)).toBe(1);

      // The same chat on a desktop, and an unknown link's page.
      const wide = await desktop.newPage();
      const wideViolations = watchCspViolations(wide);
      await wide.goto(`${svc.url}${chat.path}`);
      await button(wide, /confirme/i).waitFor({ timeout: 15_000 });
      await wide.screenshot({ path: artifactPath("webchat-walk-3-desktop") });
      const missing = await page.goto(`${svc.url}/chat/AAAAAAAAAAAAAAAAAAAAAAAA`);
      expect(missing?.status()).toBe(404);
      await page.screenshot({ path: artifactPath("webchat-walk-4-unknown-link") });

      expect(violations).toEqual([]);
      expect(wideViolations).toEqual([]);
    } finally {
      await phone.close();
      await desktop.close();
    }
  }, 90_000);
});
