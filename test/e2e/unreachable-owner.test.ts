import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, messages } from "../../db/schema.ts";
import { createDeskInbox } from "../../db/stores/desk-inbox.ts";
import { eventually } from "../support/service.ts";
import { OWNER_CHANNEL, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * A debtor who only uses the web chat and gave no e-mail: the page cannot push, so a reminder is
 * only kept there — and the owner is told in Slack, the audit keeps it, and the confirmation of a
 * plan promises no reminder it cannot send.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Monday 23 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-23T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

describe("a message no channel can carry", () => {
  it("reaches the owner instead of failing silently, and the debtor is promised no reminder", async () => {
    const business = await world.business();
    const res = await world.svc.api("POST", "/api/invoices", {
      businessId: business.id,
      number: `F-${randomBytes(4).toString("hex")}`,
      amount: 45_000,
      currency: "EUR",
      issuedAt: "2026-10-01",
      dueDate: "2026-12-01",
      debtor: {
        externalRef: `C-${randomBytes(4).toString("hex")}`,
        name: "Alex Moreau",
        locale: "fr",
        timezone: "Europe/Paris",
      },
    });
    expect(res.status).toBe(201);
    const invoice = (await res.json()) as { caseId: string; links: { webchat: string } };
    const chat = `${world.svc.url}${new URL(invoice.links.webchat).pathname}`;
    expect((await fetch(`${chat}/start`, { method: "POST" })).status).toBe(200);
    await world.time.settle();
    expect(await world.ownerMessages(invoice.caseId)).toEqual([]);

    // The J−7 heads-up: kept on the web chat, and the owner alerted.
    await world.time.advanceTo("2026-11-24T08:30:00Z");
    const kept = await world.db
      .select({ kind: messages.kind, channel: messages.channel })
      .from(messages)
      .where(and(eq(messages.caseId, invoice.caseId), eq(messages.kind, "ladder_reminder")));
    expect(kept).toEqual([{ kind: "ladder_reminder", channel: "webchat" }]);
    expect(await world.ownerMessages(invoice.caseId)).toEqual([
      expect.objectContaining({ kind: "debtor_unreachable", status: "sent" }),
    ]);
    const posted = world.slack.messages(OWNER_CHANNEL);
    expect(JSON.stringify(posted)).toMatch(/Client injoignable|Debtor unreachable/);
    const audit = await world.db
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.caseId, invoice.caseId), eq(auditLog.action, "debtor_unreachable")));
    expect(audit.map((a) => a.detail)).toContainEqual({
      message: "ladder_reminder",
      reason: "kept on the web chat only",
    });

    // The desk lists it among what the owner was told, Slack or not: whom to call, about what
    // (newest first: before it, the web chat the debtor opened, as every new chat is).
    const told = await createDeskInbox(world.db).recent(undefined, 500);
    expect(told.filter((n) => n.caseId === invoice.caseId)).toEqual([
      expect.objectContaining({
        debtorName: "Alex Moreau",
        message: { kind: "debtor_unreachable", about: "ladder_reminder" },
      }),
      expect.objectContaining({
        message: { kind: "chat_bound", channel: "webchat", via: "link" },
      }),
    ]);

    // A plan confirmed there says to note the dates rather than promising reminders.
    const post = (body: unknown) =>
      fetch(`${chat}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ id: randomUUID(), text: "je peux payer 150 € par mois" })).status).toBe(
      200,
    );
    const confirm = await eventually(
      async () => {
        const all = (await (await fetch(`${chat}/messages`)).json()) as {
          buttons: { label: string; token: string }[];
        }[];
        return all.at(-1)?.buttons.find((b) => /confirm/i.test(b.label));
      },
      { what: "the confirmation card" },
    );
    expect((await post({ id: randomUUID(), button: confirm.token })).status).toBe(200);
    const confirmation = await eventually(
      async () => {
        const all = (await (await fetch(`${chat}/messages`)).json()) as { text: string }[];
        return all.find((m) => /Confirmation écrite/.test(m.text));
      },
      { what: "the written confirmation" },
    );
    expect(confirmation.text).toMatch(/Notez ces dates\s:\snous ne pourrons pas vous les rappeler/);
    expect(confirmation.text).not.toMatch(/Nous vous rappellerons/);
  });
});
