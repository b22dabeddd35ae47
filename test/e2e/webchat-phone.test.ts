import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath, launchChromium, PHONE } from "../support/browser.ts";
import { givenBusiness } from "../support/fixtures.ts";
import { caseAtRest, startTestService, TestClock, type TestService } from "../support/service.ts";
import { TimeMachine } from "../support/timers.ts";

/**
 * The web chat as a debtor sees it on a phone (390 × 844 CSS pixels, an iPhone 14's screen): the
 * real service serves the page, a real Chromium runs its script, and the three cards that matter
 * most — the options, the terms to confirm, the formal notice — must each fit on one screen
 * together with their buttons. Screenshots go to test-artifacts/ (gitignored) for a human look.
 *
 * Needs Debian's chromium at /usr/bin/chromium (test/support/browser.ts).
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let svc: TestService;
let time: TimeMachine;
let browser: Browser;

beforeAll(async () => {
  svc = await startTestService({ clock });
  time = new TimeMachine(svc, clock);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

/** A business whose ladder asks why at J+3 and sends the formal notice at J+20 on its own. */
async function givenChat(locale: "fr" | "en") {
  const business = await givenBusiness(svc.db.db, {
    slack: undefined,
    locale,
    policy: {
      ladder: [
        { day: 3, kind: "ask_reason" },
        { day: 20, kind: "formal_notice", ownerApproval: false },
      ],
    },
  });
  const res = await svc.api("POST", "/api/invoices", {
    businessId: business.id,
    number: `F-${randomUUID().slice(0, 6)}`,
    amount: 90_000,
    currency: "EUR",
    issuedAt: "2026-10-19",
    dueDate: "2026-11-18",
    debtor: {
      externalRef: `C-${randomUUID().slice(0, 8)}`,
      name: "Camille Martin",
      locale,
      timezone: "Europe/Paris",
    },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { caseId: string; links: { webchat: string } };
  await caseAtRest(svc, body.caseId);
  return { caseId: body.caseId, path: new URL(body.links.webchat).pathname };
}

async function openPhone(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2 });
  await page.goto(`${svc.url}${path}`);
  return page;
}

/** Waits for the newest bot message to contain `text` and its buttons to show. */
async function cardShowing(page: Page, text: RegExp) {
  const bubble = page.locator("#log .bot").last();
  await expect
    .poll(async () => (await bubble.textContent()) ?? "", { timeout: 15_000 })
    .toMatch(text);
  return bubble;
}

interface Measure {
  readonly bubble: number;
  readonly actions: number;
  readonly room: number;
  readonly lines: number;
  readonly buttons: number;
}

/**
 * How tall the newest bot card and its buttons are, against the room the page gives them: the
 * viewport less the header and the composer (what a phone shows without scrolling).
 */
async function measure(page: Page): Promise<Measure> {
  // Run in the page (a string: this project's TypeScript has no DOM types).
  return page.evaluate(`(() => {
    const height = (selector) => document.querySelector(selector)?.getBoundingClientRect().height ?? 0;
    const bubbles = document.querySelectorAll("#log .bot");
    const last = bubbles[bubbles.length - 1];
    const p = last.querySelector("p");
    const lineHeight = Number.parseFloat(getComputedStyle(p).lineHeight);
    return {
      bubble: last.getBoundingClientRect().height,
      actions: height("#actions"),
      room: window.innerHeight - height("header") - height("form") - height("#status"),
      lines: Math.round(p.getBoundingClientRect().height / lineHeight),
      buttons: document.querySelectorAll("#actions button").length,
    };
  })()`);
}

async function fitsOnOneScreen(page: Page, name: string): Promise<Measure> {
  // The log keeps the newest message in view; let the layout settle, then look.
  await page.waitForTimeout(0);
  const m = await measure(page);
  await page.screenshot({ path: artifactPath(name) });
  console.log(`${name}: ${JSON.stringify(m)}`);
  expect(m.buttons, name).toBeLessThanOrEqual(4);
  expect(m.bubble + m.actions, `${name} on one screen`).toBeLessThanOrEqual(m.room);
  return m;
}

/** The chat is bound and the bot asked why (the J+3 step, held until the chat was opened). */
async function reasonAsked(page: Page, reason: RegExp) {
  await page.getByRole("button", { name: reason }).first().waitFor({ timeout: 15_000 });
}

async function press(page: Page, label: RegExp) {
  await page.getByRole("button", { name: label }).first().click();
}

const WORDS = {
  fr: {
    reason: /trésorerie/i,
    plan: /en \d fois/i,
    offers: /mensualités/,
    confirm: /Je confirme/,
    notice: /en demeure/,
  },
  en: {
    reason: /cash flow/i,
    plan: /in \d instalments/i,
    offers: /instalments/,
    confirm: /I confirm/,
    notice: /formal notice/,
  },
} as const;

describe("the web chat on a phone", () => {
  // One shared clock: the cards reached by pressing buttons first, the formal notice (weeks
  // later) last.
  it.each(["fr", "en"] as const)(
    "shows the options, then the terms to confirm, each on one screen (%s)",
    async (locale) => {
      const words = WORDS[locale];
      const chat = await givenChat(locale);
      const page = await openPhone(chat.path);
      try {
        await reasonAsked(page, words.reason);
        await press(page, words.reason);
        await cardShowing(page, words.offers);
        await page.getByRole("button", { name: words.plan }).first().waitFor();
        const offers = await fitsOnOneScreen(page, `offers-${locale}`);
        expect(offers.lines).toBeLessThanOrEqual(12);

        await press(page, words.plan);
        await page.getByRole("button", { name: words.confirm }).waitFor();
        const confirm = await fitsOnOneScreen(page, `confirmation-${locale}`);
        // Confirm, decline, and (the payday being unknown) put the dates on payday.
        expect(confirm.buttons).toBe(3);
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it("shows the formal notice on one screen (fr, en)", async () => {
    const chats = await Promise.all((["fr", "en"] as const).map((l) => givenChat(l)));
    const pages: Page[] = [];
    try {
      for (const [index, locale] of (["fr", "en"] as const).entries()) {
        const page = await openPhone(chats[index]?.path ?? "");
        pages.push(page);
        await reasonAsked(page, WORDS[locale].reason);
      }
      // J+20 at 09:00 in Paris: the formal notice leaves (this policy needs no approval for it).
      await time.advanceTo("2026-12-08T08:00:00Z");
      for (const [index, locale] of (["fr", "en"] as const).entries()) {
        const page = pages[index] as Page;
        await cardShowing(page, WORDS[locale].notice);
        await page.getByRole("button", { name: /payer maintenant|pay now/i }).waitFor();
        await fitsOnOneScreen(page, `formal-notice-${locale}`);
      }
    } finally {
      for (const page of pages) await page.close();
    }
  }, 90_000);
});
