import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, cases, debtorChannels, installments, messages } from "../../db/schema.ts";
import { eventually, TestClock } from "../support/service.ts";
import {
  bodyOf,
  givenWhatsAppInvoice,
  phoneNumbers,
  sentTo,
  startWhatsAppE2E,
  tap,
  undelivered,
  type WhatsAppE2E,
} from "../support/whatsapp-e2e.ts";

/**
 * The negotiation of telegram-negotiation.test.ts on WhatsApp: the real service (HTTP, worker,
 * Postgres, Redis) against the fake Cloud API, which signs its webhooks, enforces the interactive
 * limits, the 24-hour window and the approved templates.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
const newPhone = phoneNumbers();
let e2e: WhatsAppE2E;

beforeAll(async () => {
  e2e = await startWhatsAppE2E({ clock, env: { WHATSAPP_PHONE_NUMBER: "+1 555 078 3881" } });
});

afterAll(async () => {
  await e2e?.stop();
});

describe("a debtor negotiates an installment plan on WhatsApp", () => {
  it("from their first message to a recorded agreement with its installments", async () => {
    const { svc, whatsapp } = e2e;
    const phone = newPhone();
    const invoice = await givenWhatsAppInvoice(svc, { phone, dueDate: "2026-11-18" });
    // The number is a contact until the debtor writes: nothing was sent (a free-form message
    // would break the window; the case's question waits to be asked).
    expect(whatsapp.sent(phone)).toEqual([]);

    const first = await whatsapp.userSendsText(phone, "Bonjour");
    expect(first.status).toBe(200);
    const [welcome] = await sentTo(e2e, phone, 2);
    expect(welcome && bodyOf(welcome)).toMatch(/^Bonjour, ici Atelier /);
    expect(welcome && bodyOf(welcome)).toMatch(/900,00/);
    const [binding] = await svc.db.db
      .select()
      .from(debtorChannels)
      .where(and(eq(debtorChannels.channel, "whatsapp"), eq(debtorChannels.address, phone)));
    expect(binding).toBeDefined();

    // Five days late: the "why?" asked while no chat was bound comes right after the welcome,
    // its four answers as a list (more than three choices).
    const reason = await tap(e2e, phone, /trésorerie/i);
    expect(reason.message.content.kind).toBe("list");
    await tap(e2e, phone, /3 fois/i);
    const confirm = await tap(e2e, phone, /confirm/i);
    expect(confirm.message.content.kind).toBe("button");
    expect(bodyOf(confirm.message)).toMatch(/300,00/);

    const [agreement] = await eventually(
      () =>
        svc.db.db
          .select()
          .from(agreements)
          .where(eq(agreements.caseId, invoice.caseId))
          .then((r) => (r.length > 0 ? r : null)),
      { what: "the agreement row" },
    );
    expect(agreement?.channel).toBe("whatsapp");
    expect(agreement?.totalMinor).toBe(90_000);
    expect(agreement?.renderedText).toBe(bodyOf(confirm.message));
    expect(agreement?.messageIds).toContain(confirm.message.id);
    const plan = await svc.db.db
      .select()
      .from(installments)
      .where(eq(installments.agreementId, agreement?.id ?? ""));
    expect(plan.map((i) => i.amountMinor)).toEqual([30_000, 30_000, 30_000]);
    const [kase] = await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
    expect(kase?.status).toBe("agreed");

    // The written confirmation reaches the debtor; what they said is kept with the titles tapped.
    await eventually(
      () => whatsapp.sent(phone).find((m) => bodyOf(m).includes(plan[0]?.dueDate.slice(8) ?? "??")),
      { what: "the written confirmation" },
    );
    const said = await svc.db.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.caseId, invoice.caseId), eq(messages.direction, "in")))
      .orderBy(messages.createdAt, messages.id);
    // (The test clock stands still: the four share one instant, so their order is not asserted.)
    expect(said.map((m) => m.text).sort()).toEqual(
      ["Bonjour", reason.choice.title, "En 3 fois", confirm.choice.title].sort(),
    );
    await e2e.time.settle();
    expect(await undelivered(svc, invoice.caseId)).toEqual([]);
  });

  it("a reminder outside the 24-hour window goes as the approved template; its quick reply reopens the chat", async () => {
    const { svc, whatsapp } = e2e;
    const phone = newPhone();
    clock.set("2026-11-23T10:00:00Z");
    // Due Friday 27 November; the debtor writes on Monday, then goes quiet.
    const invoice = await givenWhatsAppInvoice(svc, { phone, dueDate: "2026-11-27" });
    await whatsapp.userSendsText(phone, "Bonjour");
    await sentTo(e2e, phone, 1);
    await e2e.time.settle();
    const before = whatsapp.sent(phone).length;

    // Friday 09:00 in Paris, four days after the debtor last wrote: the due-today reminder.
    await e2e.time.advanceTo("2026-11-27T08:30:00Z");
    const sent = await sentTo(e2e, phone, before + 1);
    const reminder = sent.at(-1);
    expect(reminder?.content).toEqual({
      kind: "template",
      to: phone,
      name: "relance_rappel",
      language: "fr",
      params: [
        "Camille Martin",
        expect.stringMatching(/^Atelier /),
        expect.stringMatching(/^F-/),
        // Intl's amount: a narrow no-break space before the euro sign.
        expect.stringMatching(/^900,00\s€$/),
        "27\u00a0novembre\u00a02026",
      ],
    });
    expect(reminder?.delivered).toBe(true);
    expect(await undelivered(svc, invoice.caseId)).toEqual([]);

    // Receipts are recorded on the message row, never backwards.
    const id = reminder?.id ?? "";
    expect((await whatsapp.sendStatus(id, "delivered")).status).toBe(200);
    expect((await whatsapp.sendStatus(id, "read")).status).toBe(200);
    expect((await whatsapp.sendStatus(id, "sent")).status).toBe(200);
    const [row] = await svc.db.db
      .select({ status: messages.status, kind: messages.kind })
      .from(messages)
      .where(eq(messages.externalId, id));
    expect(row).toEqual({ status: "read", kind: "ladder_reminder" });

    // The debtor taps the template's button: inside the window again, the answer is a card.
    const pressed = await whatsapp.userPressesTemplateButton(phone, id, "Voir le message");
    expect(pressed.status).toBe(200);
    const answer = (await sentTo(e2e, phone, before + 2)).at(-1);
    expect(answer?.content.kind).toMatch(/^(button|list)$/);
    expect(answer && bodyOf(answer)).toMatch(/facture/);
  });

  it("a reminder reported failed for the window (131047) goes again as the template, once", async () => {
    const { svc, whatsapp } = e2e;
    const phone = newPhone();
    clock.set("2026-11-23T10:00:00Z");
    // Due Tuesday 24 November: the due-today reminder leaves 22 hours after the debtor wrote.
    const invoice = await givenWhatsAppInvoice(svc, { phone, dueDate: "2026-11-24" });
    await whatsapp.userSendsText(phone, "Bonjour");
    await e2e.time.settle();
    const before = whatsapp.sent(phone).length;
    await e2e.time.advanceTo("2026-11-24T08:30:00Z");
    const card = (await sentTo(e2e, phone, before + 1)).at(-1);
    expect(card?.content.kind).toMatch(/^(button|list)$/);

    // Meta accepted it, then reports it failed: the window had closed on its side.
    const error = { code: 131047, title: "Re-engagement message" };
    const failed = await whatsapp.sendStatus(card?.id ?? "", "failed", [error]);
    expect(failed.status).toBe(200);
    const template = (await sentTo(e2e, phone, before + 2)).at(-1);
    expect(template?.content).toMatchObject({ kind: "template", name: "relance_rappel" });
    const [row] = await svc.db.db
      .select({ status: messages.status, error: messages.statusError })
      .from(messages)
      .where(eq(messages.externalId, card?.id ?? ""));
    expect(row).toEqual({ status: "failed", error: "131047 Re-engagement message" });

    // The same receipt again (Meta redelivers): nothing more is sent.
    await whatsapp.deliver(failed.payload, { times: 2 });
    await e2e.time.settle();
    expect(whatsapp.sent(phone)).toHaveLength(before + 2);
    expect(await undelivered(svc, invoice.caseId)).toEqual([]);
  });

  it("a wa.me link's prefilled code binds the number the debtor writes from, once", async () => {
    const { svc, whatsapp } = e2e;
    clock.set("2026-11-23T10:00:00Z");
    // The debtor gave no number (or another one): the link is how this chat finds the invoice.
    const invoice = await givenWhatsAppInvoice(svc, { dueDate: "2026-12-15" });
    const link = new URL(invoice.links.whatsapp ?? "");
    expect(`${link.origin}${link.pathname}`).toBe("https://wa.me/15550783881");
    const prefilled = link.searchParams.get("text") ?? "";
    expect(prefilled).toMatch(/^#[A-Za-z0-9_-]{24}$/);

    const phone = newPhone();
    expect((await whatsapp.userSendsText(phone, prefilled)).status).toBe(200);
    const [welcome] = await sentTo(e2e, phone, 1);
    expect(welcome && bodyOf(welcome)).toMatch(/^Bonjour, ici Atelier /);
    const [bound] = await svc.db.db
      .select({ debtorId: debtorChannels.debtorId })
      .from(debtorChannels)
      .where(and(eq(debtorChannels.channel, "whatsapp"), eq(debtorChannels.address, phone)));
    const [kase] = await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
    expect(bound?.debtorId).toBe(kase?.debtorId);

    // The same code from another number is refused politely, and binds nothing.
    const other = newPhone();
    await whatsapp.userSendsText(other, prefilled);
    const [refusal] = await sentTo(e2e, other, 1);
    expect(refusal && bodyOf(refusal)).toMatch(/n'est plus valide/);
    const others = await svc.db.db
      .select()
      .from(debtorChannels)
      .where(eq(debtorChannels.address, other));
    expect(others).toEqual([]);
  });
});
