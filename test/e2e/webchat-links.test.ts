import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businesses, linkTokens } from "../../db/schema.ts";
import { eventually, TestClock } from "../support/service.ts";
import { LocalSmtp } from "../support/smtp.ts";
import { caseFootprint } from "../support/telegram-e2e.ts";
import {
  givenWhatsAppInvoice,
  startWhatsAppE2E,
  type WhatsAppE2E,
} from "../support/whatsapp-e2e.ts";

/**
 * Web-chat links have a life too (issue 14): a reissue revokes them, an unused one expires
 * LINK_TTL_DAYS after it was last sent (an e-mail notice sends it again), and a bound one keeps
 * opening its chat until 30 days after its case is paid or closed. A link that is over answers
 * 410 with a page in the debtor's language naming whom to ask; its script's calls get
 * `link_closed`, and nothing is written.
 */

// Monday 23 November 2026, 11:00 in Paris.
const clock = new TestClock("2026-11-23T10:00:00Z");
const DAY_MS = 86_400_000;
const TTL_DAYS = 5;
const smtp = new LocalSmtp();
let e2e: WhatsAppE2E;

beforeAll(async () => {
  await smtp.start();
  e2e = await startWhatsAppE2E({
    clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: "Relance <relances@relance.test>",
      LINK_TTL_DAYS: String(TTL_DAYS),
    },
    worker: { rates: { email: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
});

afterAll(async () => {
  await e2e?.stop();
  await smtp.stop();
});

/** The page and what its script calls, for one link. */
function chatAt(link: string) {
  const base = `${e2e.svc.url}${new URL(link).pathname}`;
  return {
    page: () => fetch(base),
    start: () => fetch(`${base}/start`, { method: "POST" }),
    post: (body: unknown) =>
      fetch(`${base}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    poll: () => fetch(`${base}/messages`),
  };
}

async function businessName(businessId: string) {
  const [row] = await e2e.svc.db.db
    .select({ name: businesses.name })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  return row?.name ?? "?";
}

const visible = (text: string) => text.replace(/[\u00a0\u202f]/g, " ").replaceAll("&#39;", "'");

/** The 410 page and the script's 410s, all writing nothing for the case. */
async function expectClosed(link: string, caseId: string, body: RegExp) {
  const chat = chatAt(link);
  const before = await caseFootprint(e2e.svc, caseId);
  const page = await chat.page();
  expect(page.status).toBe(410);
  const html = visible(await page.text());
  expect(html).toContain('<html lang="fr">');
  expect(html).toContain("<h1>Lien expiré</h1>");
  expect(html).toMatch(body);
  for (const res of [
    await chat.start(),
    await chat.post({ id: randomUUID(), text: "je peux payer 50 € par mois" }),
    await chat.poll(),
  ]) {
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("link_closed");
  }
  expect(await caseFootprint(e2e.svc, caseId)).toEqual(before);
}

describe("a web-chat link that is over", () => {
  it("revoked by a reissue: the page names the business to ask, the script's calls get link_closed, nothing is written; the new link opens", async () => {
    const invoice = await givenWhatsAppInvoice(e2e.svc, {});
    const name = await businessName(invoice.businessId);
    expect((await chatAt(invoice.links.webchat).start()).status).toBe(200);
    await e2e.time.settle();

    const res = await e2e.svc.api("POST", `/api/cases/${invoice.caseId}/links/reissue`, {});
    expect(res.status).toBe(200);
    const { links, unbound } = (await res.json()) as {
      links: { webchat: string };
      unbound: string[];
    };
    expect(unbound).toEqual(["webchat"]);

    await expectClosed(
      invoice.links.webchat,
      invoice.caseId,
      new RegExp(`Ce lien n'est plus valide\\. Demandez-en un nouveau à ${name}\\.`),
    );
    const fresh = chatAt(links.webchat);
    expect((await fresh.page()).status).toBe(200);
    expect((await fresh.start()).status).toBe(200);
  });

  it("an unused link of a paid invoice opens nothing", async () => {
    const invoice = await givenWhatsAppInvoice(e2e.svc, { amount: 30_000 });
    const name = await businessName(invoice.businessId);
    const paid = await e2e.svc.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, {
      amount: 30_000,
      receivedAt: clock.now().toISOString(),
      reference: `VIR-${randomUUID().slice(0, 6)}`,
    });
    expect(paid.status).toBe(201);
    await e2e.time.settle();
    await expectClosed(
      invoice.links.webchat,
      invoice.caseId,
      new RegExp(`facture réglée ou clôturée .* contactez ${name}\\.`),
    );
  });
});

describe("an unused web-chat link", () => {
  it(`stays open ${TTL_DAYS} days after the last e-mail that carried it, then says it expired`, async () => {
    const email = `camille.${randomUUID().slice(0, 8)}@example.org`;
    // Due Tuesday 1 December: the J−7 e-mail leaves on Tuesday 24 November at 09:00 in Paris.
    const invoice = await givenWhatsAppInvoice(e2e.svc, { dueDate: "2026-12-01", email });
    const name = await businessName(invoice.businessId);
    const token = invoice.links.webchat.split("/chat/")[1] ?? "";
    const expiry = async () => {
      const [row] = await e2e.svc.db.db
        .select({ expiresAt: linkTokens.expiresAt })
        .from(linkTokens)
        .where(eq(linkTokens.token, token));
      return row?.expiresAt.toISOString();
    };
    expect(await expiry()).toBe("2026-11-28T10:00:00.000Z");

    await e2e.time.advanceTo("2026-11-24T08:30:00Z");
    await eventually(() => smtp.to(email).length > 0, { what: "the J−7 e-mail" });
    expect(await expiry()).toBe("2026-11-29T08:00:00.000Z");

    // Past the link's first lifetime, inside the one the e-mail gave it: it opens.
    await e2e.time.advanceTo("2026-11-28T12:00:00Z");
    expect((await chatAt(invoice.links.webchat).page()).status).toBe(200);

    // Past that too (the next e-mail is on the due date): expired, and it says so.
    await e2e.time.advanceTo("2026-11-30T12:00:00Z");
    await expectClosed(
      invoice.links.webchat,
      invoice.caseId,
      new RegExp(`Ce lien n'est plus valide\\. Demandez-en un nouveau à ${name}\\.`),
    );
  });
});

describe("a bound web-chat link", () => {
  it("keeps opening its chat for 30 days after the case is paid, then says the invoice is settled", async () => {
    const invoice = await givenWhatsAppInvoice(e2e.svc, { amount: 30_000 });
    const chat = chatAt(invoice.links.webchat);
    expect((await chat.start()).status).toBe(200);
    await e2e.time.settle();
    const paid = await e2e.svc.api("POST", `/api/invoices/${invoice.invoiceId}/payments`, {
      amount: 30_000,
      receivedAt: clock.now().toISOString(),
      reference: `VIR-${randomUUID().slice(0, 6)}`,
    });
    expect(paid.status).toBe(201);
    await e2e.time.settle();
    const closedAt = clock.now().getTime();

    await e2e.time.advanceTo(new Date(closedAt + 30 * DAY_MS - 60_000));
    expect((await chat.page()).status).toBe(200);
    const conversation = await chat.poll();
    expect(conversation.status).toBe(200);
    expect(JSON.stringify(await conversation.json())).toMatch(/réglée/);

    await e2e.time.advanceTo(new Date(closedAt + 30 * DAY_MS + 60_000));
    await expectClosed(invoice.links.webchat, invoice.caseId, /facture réglée ou clôturée/);
  });
});
