import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../db/schema.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import { artifactPath, DESKTOP, launchChromium, PHONE } from "../support/browser.ts";
import { givenDeskUser } from "../support/desk.ts";
import { TestClock } from "../support/service.ts";
import {
  botSaid,
  chatIds,
  givenBoundChat,
  givenInvoiceViaApi,
  settled,
  startTelegramE2E,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * The owner's desk in a real Chromium, on the real service with the fake Telegram: an owner signs
 * in on a phone, approves a plan from the inbox, and the debtor's confirmation card arrives in
 * their Telegram chat; an admin signs in on a desktop. Screenshots of the inbox (phone and
 * desktop) go to test-artifacts/ (gitignored) for a human look.
 *
 * Needs Debian's chromium at /usr/bin/chromium (test/support/browser.ts).
 */
const PASSWORD = "correct horse battery";
const POLICY = {
  installments: { maxCount: 6, downPaymentAboveCount: 10, frequencies: ["monthly"] },
};

const clock = new TestClock();
const nextChat = chatIds();
let e2e: TelegramE2E;
let browser: Browser;

beforeAll(async () => {
  e2e = await startTelegramE2E({ clock });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

/** A debtor in a Telegram chat whose plan waits for the owner's approval. */
async function planAwaitingOwner() {
  const chat = nextChat();
  const invoice = await givenInvoiceViaApi(e2e.svc, { policy: POLICY, amount: 120_000 });
  const bound = await givenBoundChat(e2e, chat, invoice);
  const before = (await botSaid(e2e.telegram, chat, 1)).length;
  await handleEvent(e2e.svc.runtime, {
    caseId: invoice.caseId,
    event: {
      type: "debtor_action",
      action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
    },
    source: { channel: "telegram", externalId: `desk-browser-${randomUUID()}` },
    actor: "debtor:telegram",
    replyTo: { channel: "telegram", address: String(chat) },
  });
  await settled(e2e.svc, invoice.caseId);
  const [row] = await e2e.svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
  expect(row?.status).toBe("awaiting_owner");
  return { ...bound, before: before + 1 };
}

async function signInAt(page: Page, email: string): Promise<void> {
  await page.goto(`${e2e.svc.url}/admin`);
  // Not signed in: the desk sends the visitor to the sign-in form.
  expect(new URL(page.url()).pathname).toBe("/admin/login");
  await page.getByLabel(/adresse e-mail|e-mail address/i).fill(email);
  await page.getByLabel(/mot de passe|password/i).fill(PASSWORD);
  await page.getByRole("button", { name: /se connecter|sign in/i }).click();
  await page.waitForURL(`${e2e.svc.url}/admin`);
}

describe("the owner's desk in a browser", () => {
  it("an owner approves a plan on a phone, and the debtor's confirmation arrives on Telegram", async () => {
    const given = await planAwaitingOwner();
    await givenDeskUser(e2e.svc.db.db, {
      email: "claire@lune.test",
      password: PASSWORD,
      role: "owner",
      businessIds: [given.businessId],
    });
    const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2 });
    try {
      await signInAt(page, "claire@lune.test");
      await expect.poll(() => page.locator("h1").textContent()).toBe("À décider");
      const card = page.locator("article.card").first();
      await card.getByText(/À décider avant le/).waitFor();
      // Nothing wider than the phone; the first Tab reaches the skip link.
      const width = await page.evaluate("document.documentElement.scrollWidth");
      expect(width).toBeLessThanOrEqual(PHONE.width);
      expect(await page.content()).not.toContain(">r1<");
      await page.screenshot({
        path: artifactPath("desk-inbox-phone"),
        fullPage: true,
      });
      await page.keyboard.press("Tab");
      expect(await page.evaluate("document.activeElement.textContent")).toBe("Aller au contenu");

      await card.getByRole("button", { name: "Approuver" }).click();
      await page.waitForURL(`${e2e.svc.url}/admin?done=1`);
      await page
        .getByRole("status")
        .getByText(/Votre décision est enregistrée/)
        .waitFor();
      const messages = await botSaid(e2e.telegram, given.chat, given.before + 1);
      expect(messages.at(-1)?.text).toContain("150,00");
      expect(
        messages
          .at(-1)
          ?.buttons.flat()
          .map((b) => b.text),
      ).toContain("Je confirme");

      // The business's settings fit the phone too.
      await page.getByRole("navigation").getByRole("link", { name: "Réglages" }).click();
      await page.getByRole("heading", { name: "Moyens de règlement" }).waitFor();
      const settingsWidth = await page.evaluate("document.documentElement.scrollWidth");
      expect(settingsWidth).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({
        path: artifactPath("desk-settings-phone"),
        fullPage: true,
      });
    } finally {
      await page.close();
    }
  }, 90_000);

  it("an admin signs in on a desktop and sees every business's requests", async () => {
    const given = await planAwaitingOwner();
    await givenDeskUser(e2e.svc.db.db, {
      email: "admin@relance.test",
      password: PASSWORD,
      role: "admin",
    });
    const page = await browser.newPage({ viewport: DESKTOP });
    try {
      await signInAt(page, "admin@relance.test");
      await page.getByRole("navigation").getByRole("link", { name: "Journal d'audit" }).waitFor();
      const cards = page.locator("article.card");
      expect(await cards.count()).toBeGreaterThanOrEqual(1);
      await page
        .getByText(/À décider avant le/)
        .first()
        .waitFor();
      expect(await page.content()).not.toContain(`>${given.caseId}<`);
      await page.screenshot({
        path: artifactPath("desk-inbox-desktop"),
        fullPage: true,
      });
      await page.getByRole("button", { name: /se déconnecter/i }).click();
      await page.waitForURL(/\/admin\/login$/);
    } finally {
      await page.close();
    }
  }, 90_000);
});
