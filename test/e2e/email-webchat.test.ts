import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, cases, debtors, messages, outbox } from "../../db/schema.ts";
import { eventually, TestClock } from "../support/service.ts";
import { LocalSmtp } from "../support/smtp.ts";
import {
  givenWhatsAppInvoice,
  startWhatsAppE2E,
  type WhatsAppE2E,
} from "../support/whatsapp-e2e.ts";

/**
 * A debtor bound only by e-mail and the web chat: the page cannot push, so the J−7 notice goes by
 * e-mail (through a local SMTP server started here), with the web-chat link and a one-click
 * unsubscribe link; the debtor follows the link and confirms a plan on the web chat.
 */

// Monday 23 November 2026, 11:00 in Paris.
const clock = new TestClock("2026-11-23T10:00:00Z");
const smtp = new LocalSmtp();
let e2e: WhatsAppE2E;

beforeAll(async () => {
  await smtp.start();
  e2e = await startWhatsAppE2E({
    clock,
    env: { SMTP_URL: smtp.url, MAIL_FROM: "Relance <relances@relance.test>" },
    worker: { rates: { email: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
});

afterAll(async () => {
  await e2e?.stop();
  await smtp.stop();
});

const address = () => `camille.${randomUUID().slice(0, 8)}@example.org`;

/** What the web chat page's script does, from the outside, on the service's real address. */
function chatAt(link: string) {
  const base = `${e2e.svc.url}${new URL(link).pathname}`;
  return {
    start: () => fetch(`${base}/start`, { method: "POST" }),
    post: (body: unknown) =>
      fetch(`${base}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    messages: async () =>
      (await (await fetch(`${base}/messages`)).json()) as {
        from: string;
        text: string;
        buttons: { label: string; token: string }[];
        list?: { items: { label: string; token: string }[] };
      }[],
  };
}

async function offered(chat: ReturnType<typeof chatAt>, label: RegExp) {
  return eventually(
    async () => {
      const live = (await chat.messages()).filter((m) => m.buttons.length > 0 || m.list);
      const choices = [...(live.at(-1)?.buttons ?? []), ...(live.at(-1)?.list?.items ?? [])];
      return choices.find((b) => label.test(b.label));
    },
    { what: `a web-chat button ${label}` },
  );
}

describe("e-mail notices with the web-chat link", () => {
  it("the J−7 notice reaches an e-mail-only debtor, who confirms a plan on the web chat", async () => {
    const { svc } = e2e;
    const email = address();
    // Due Tuesday 1 December: the heads-up is Tuesday 24 November at 09:00 in Paris.
    const invoice = await givenWhatsAppInvoice(svc, {
      dueDate: "2026-12-01",
      amount: 45_000,
      email,
    });
    expect(smtp.to(email)).toEqual([]);

    await e2e.time.advanceTo("2026-11-24T08:30:00Z");
    const [mail] = await eventually(() => (smtp.to(email).length > 0 ? smtp.to(email) : null), {
      what: "the J−7 e-mail",
    });
    const parsed = mail?.parsed;
    expect(parsed?.subject).toMatch(/^Facture F-[0-9a-f]+ — Atelier /);
    expect(mail?.from).toBe("relances@relance.test");
    const text = parsed?.text ?? "";
    expect(text).toMatch(/450,00/);
    expect(text).toContain(invoice.links.webchat);
    // "Reply STOP" means nothing in an e-mail: the unsubscribe link says it instead.
    expect(text).not.toMatch(/Répondez STOP/);
    const unsubscribe = invoice.links.webchat.replace("/chat/", "/unsubscribe/");
    expect(text).toContain(unsubscribe);
    expect(parsed?.html).toContain(`href="${invoice.links.webchat}"`);
    // Headers as sent (long ones are folded over lines: unfolded here).
    const headers = (mail?.raw.split("\r\n\r\n")[0] ?? "")
      .replace(/\r\n[ \t]+/g, " ")
      .split("\r\n");
    expect(headers).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(headers).toContain(`List-Unsubscribe: <${unsubscribe}>`);

    // Recorded as an automated message on the e-mail channel, sent.
    const rows = await svc.db.db
      .select({ channel: outbox.channel, status: outbox.status })
      .from(outbox)
      .where(eq(outbox.caseId, invoice.caseId));
    expect(rows).toContainEqual({ channel: "email", status: "sent" });
    const [kept] = await svc.db.db
      .select({ channel: messages.channel, automated: messages.automated, kind: messages.kind })
      .from(messages)
      .where(and(eq(messages.caseId, invoice.caseId), eq(messages.channel, "email")));
    expect(kept).toEqual({ channel: "email", automated: true, kind: "ladder_reminder" });

    // The debtor follows the link and proposes a plan in words, then confirms it.
    const chat = chatAt(invoice.links.webchat);
    expect((await chat.start()).status).toBe(200);
    const said = await chat.post({ id: randomUUID(), text: "je peux payer 150 € par mois" });
    expect(await said.json()).toEqual({ outcome: "applied" });
    const confirm = await offered(chat, /confirm/i);
    const confirmed = await chat.post({ id: randomUUID(), button: confirm.token });
    expect(await confirmed.json()).toEqual({ outcome: "applied" });
    const [agreement] = await eventually(
      () =>
        svc.db.db
          .select()
          .from(agreements)
          .where(eq(agreements.caseId, invoice.caseId))
          .then((r) => (r.length > 0 ? r : null)),
      { what: "the agreement row" },
    );
    expect(agreement?.channel).toBe("webchat");
    expect(agreement?.totalMinor).toBe(45_000);
    const [kase] = await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
    expect(kase?.status).toBe("agreed");
  });

  it("one-click unsubscribe (RFC 8058) opts out like STOP; the page itself writes nothing", async () => {
    const { svc } = e2e;
    clock.set("2026-11-23T10:00:00Z");
    const email = address();
    const invoice = await givenWhatsAppInvoice(svc, {
      dueDate: "2026-12-01",
      amount: 45_000,
      email,
      locale: "en",
    });
    await e2e.time.advanceTo("2026-11-24T08:30:00Z");
    const [mail] = await eventually(() => (smtp.to(email).length > 0 ? smtp.to(email) : null), {
      what: "the J−7 e-mail",
    });
    expect(mail?.parsed.subject).toMatch(/^Invoice F-/);
    const link = `${svc.url}${new URL(invoice.links.webchat).pathname.replace("/chat/", "/unsubscribe/")}`;
    const [debtorBefore] = await svc.db.db
      .select({ optedOutAt: debtors.optedOutAt })
      .from(debtors)
      .innerJoin(cases, eq(cases.debtorId, debtors.id))
      .where(eq(cases.id, invoice.caseId));
    expect(debtorBefore?.optedOutAt).toBeNull();

    // A mail scanner fetching the link: a page with a button, nothing written.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Unsubscribe");
    const [stillIn] = await svc.db.db
      .select({ optedOutAt: debtors.optedOutAt })
      .from(debtors)
      .innerJoin(cases, eq(cases.debtorId, debtors.id))
      .where(eq(cases.id, invoice.caseId));
    expect(stillIn?.optedOutAt).toBeNull();

    // The mail client's one-click POST.
    const clicked = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(clicked.status).toBe(200);
    const again = await fetch(link, { method: "POST", body: "List-Unsubscribe=One-Click" });
    expect(again.status).toBe(200);
    const [after] = await svc.db.db
      .select({ optedOutAt: debtors.optedOutAt, status: cases.status })
      .from(debtors)
      .innerJoin(cases, eq(cases.debtorId, debtors.id))
      .where(eq(cases.id, invoice.caseId));
    expect(after?.optedOutAt).not.toBeNull();
    expect(after?.status).toBe("opted_out");

    // The due-day reminder never leaves.
    await e2e.time.advanceTo("2026-12-01T09:00:00Z");
    expect(smtp.to(email)).toHaveLength(1);
    expect((await fetch(`${svc.url}/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
  });
});
