import { randomUUID } from "node:crypto";
import { and, count, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cspHash, PAGE_SCRIPT, PAGE_STYLE, webchatAddress } from "../../bot/webchat/index.ts";
import {
  agreements,
  businesses,
  cases,
  debtorChannels,
  debtors,
  inboundEvents,
  linkTokens,
  messages,
  outbox,
} from "../../db/schema.ts";
import { givenBusiness } from "../support/fixtures.ts";
import {
  caseAtRest,
  eventually,
  startTestService,
  TestClock,
  type TestService,
} from "../support/service.ts";

/**
 * The web chat through the whole service (HTTP server + worker, real Postgres and Redis): the page
 * a debtor opens from the link the API handed out, and the JSON routes its script calls.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ clock });
});

afterAll(async () => {
  await svc?.stop();
});

interface ChatMessage {
  id: string;
  from: "bot" | "you";
  text: string;
  buttons: { label: string; token: string }[];
  list?: { title: string; items: { label: string; token: string; description?: string }[] };
  at: string;
}

/** An invoice created through the API, and the path of its web chat link. */
async function givenInvoiceViaApi(
  options: { amount?: number; dueDate?: string; locale?: "fr" | "en" } = {},
) {
  const business = await givenBusiness(svc.db.db, { slack: undefined });
  const res = await svc.api("POST", "/api/invoices", {
    businessId: business.id,
    number: `F-${randomUUID().slice(0, 8)}`,
    amount: options.amount ?? 45_000,
    currency: "EUR",
    issuedAt: "2026-10-19",
    dueDate: options.dueDate ?? "2026-11-18",
    debtor: {
      externalRef: `C-${randomUUID().slice(0, 8)}`,
      name: "Camille Martin",
      locale: options.locale ?? "fr",
      timezone: "Europe/Paris",
    },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { caseId: string; links: { webchat: string } };
  const link = new URL(body.links.webchat);
  expect(link.origin).toBe("http://relance.test");
  const token = link.pathname.replace(/^\/chat\//, "");
  const [row] = await svc.db.db.select().from(businesses).where(eq(businesses.id, business.id));
  // The case starts with the invoice; what it had due then is done before the debtor arrives.
  await caseAtRest(svc, body.caseId);
  return { caseId: body.caseId, businessName: row?.name ?? "?", token, path: link.pathname };
}

/** What the page's script does, from the outside. */
function chatOf(path: string) {
  const url = `${svc.url}${path}`;
  return {
    page: () => fetch(url),
    start: () => fetch(`${url}/start`, { method: "POST" }),
    messages: async (after?: string): Promise<ChatMessage[]> => {
      const res = await fetch(
        `${url}/messages${after === undefined ? "" : `?after=${encodeURIComponent(after)}`}`,
      );
      expect(res.status).toBe(200);
      return (await res.json()) as ChatMessage[];
    },
    post: (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
  };
}
type Chat = ReturnType<typeof chatOf>;

/**
 * Waits until the chat offers a button matching `label` (on the one message whose buttons are
 * live), and returns that button. Every snapshot the page could have shown on the way counts: one
 * with two messages carrying live buttons fails the test, even if a later poll would look fine
 * (an assertion thrown inside `eventually` would only be retried).
 */
async function offered(chat: Chat, label: RegExp) {
  const violations: { live: number; texts: string[] }[] = [];
  const found = await eventually(
    async () => {
      const all = await chat.messages();
      const live = all.filter((m) => m.buttons.length > 0 || m.list);
      if (live.length > 1) {
        violations.push({ live: live.length, texts: live.map((m) => m.text) });
        return "violation" as const;
      }
      const choices = [...(live[0]?.buttons ?? []), ...(live[0]?.list?.items ?? [])];
      return choices.find((b) => label.test(b.label));
    },
    { what: `a button ${label}` },
  );
  expect(violations, "a snapshot showed more than one message with live buttons").toEqual([]);
  if (found === "violation") throw new Error("unreachable");
  return found;
}

/** Rows a chat has written, to show that a refused request wrote nothing. */
async function footprint(caseId: string) {
  const [events] = await svc.db.db
    .select({ n: count() })
    .from(inboundEvents)
    .where(eq(inboundEvents.caseId, caseId));
  const [sent] = await svc.db.db
    .select({ n: count() })
    .from(outbox)
    .where(eq(outbox.caseId, caseId));
  const [kept] = await svc.db.db
    .select({ n: count() })
    .from(messages)
    .where(eq(messages.caseId, caseId));
  const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, caseId));
  return { inbound: events?.n, outbox: sent?.n, messages: kept?.n, version: row?.version };
}

describe("the web chat page", () => {
  it("serves one self-contained page in the debtor's language, with a strict policy, and writes nothing", async () => {
    const invoice = await givenInvoiceViaApi();
    const before = await footprint(invoice.caseId);

    const res = await chatOf(invoice.path).page();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${cspHash(PAGE_SCRIPT)}`);
    expect(csp).toContain(`style-src ${cspHash(PAGE_STYLE)}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");

    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(`Conversation avec ${invoice.businessName}`);
    expect(html).toContain('placeholder="Écrivez votre message…"');
    expect(html).toContain(">Envoyer</button>");
    expect(html).toContain("Connexion…");
    expect(html).toContain('role="log"');
    expect(html).toContain('<label class="sr-only" for="message">Votre message</label>');
    // Self-contained: the inline script and style are exactly the hashed ones; nothing is fetched.
    expect(html).toContain(`<script>${PAGE_SCRIPT}</script>`);
    expect(html).toContain(`<style>${PAGE_STYLE}</style>`);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
    // The token is not echoed into the page (the script reads the path).
    expect(html).not.toContain(invoice.token);

    // Opening the page binds nothing and says nothing: a mail scanner's GET is harmless.
    expect(await footprint(invoice.caseId)).toEqual(before);
    const bound = await svc.db.db
      .select()
      .from(debtorChannels)
      .where(eq(debtorChannels.address, webchatAddress(invoice.token)));
    expect(bound).toEqual([]);
  });

  it("speaks English to an English-speaking debtor", async () => {
    const invoice = await givenInvoiceViaApi({ locale: "en" });
    const html = await (await chatOf(invoice.path).page()).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`Chat with ${invoice.businessName}`);
    expect(html).toContain('placeholder="Type your message…"');
    expect(html).toContain(">Send</button>");
    expect(html).toContain("Connecting…");
  });

  it("answers an unknown link with a 404 page in French and English, and writes nothing", async () => {
    // Timers of earlier tests' cases may fire meanwhile; what the requests could write is the rest.
    const requests = () =>
      svc.db.db
        .select({ n: count() })
        .from(inboundEvents)
        .where(ne(inboundEvents.channel, "timer"));
    const [before] = await requests();
    for (const token of ["AAAAAAAAAAAAAAAAAAAAAAAA", "not*a*token"]) {
      const res = await fetch(`${svc.url}/chat/${encodeURIComponent(token)}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      const html = await res.text();
      expect(html).toContain("Lien introuvable");
      expect(html).toContain("Link not found");
    }
    const unknown = chatOf("/chat/AAAAAAAAAAAAAAAAAAAAAAAA");
    expect((await unknown.start()).status).toBe(404);
    expect((await unknown.post({ id: randomUUID(), text: "bonjour" })).status).toBe(404);
    expect((await fetch(`${svc.url}/chat/AAAAAAAAAAAAAAAAAAAAAAAA/messages`)).status).toBe(404);
    const [after] = await requests();
    expect(after?.n).toBe(before?.n);
  });

  it("does not open with the invoice's Telegram link token", async () => {
    const invoice = await givenInvoiceViaApi();
    const [telegramLink] = await svc.db.db
      .select()
      .from(linkTokens)
      .where(and(eq(linkTokens.caseId, invoice.caseId), eq(linkTokens.channel, "telegram")));
    expect(telegramLink).toBeDefined();
    const res = await fetch(`${svc.url}/chat/${telegramLink?.token}`);
    expect(res.status).toBe(404);
  });

  it("answers an expired, never-used link with a 410 page naming whom to ask, and binds nothing", async () => {
    const invoice = await givenInvoiceViaApi();
    await svc.db.db
      .update(linkTokens)
      .set({ expiresAt: new Date("2026-11-01T00:00:00Z") })
      .where(eq(linkTokens.token, invoice.token));
    const res = await chatOf(invoice.path).page();
    expect(res.status).toBe(410);
    expect((await res.text()).replaceAll("&#39;", "'")).toContain(
      `Ce lien n'est plus valide. Demandez-en un nouveau à ${invoice.businessName}.`,
    );
    const start = await chatOf(invoice.path).start();
    expect(start.status).toBe(410);
    expect(await start.json()).toMatchObject({ error: { code: "link_closed" } });
    const bound = await svc.db.db
      .select()
      .from(debtorChannels)
      .where(eq(debtorChannels.address, webchatAddress(invoice.token)));
    expect(bound).toEqual([]);
  });
});

describe("a debtor negotiates in the web chat", () => {
  it("from the link to a confirmation card, by button and by text, each post acted on once", async () => {
    const invoice = await givenInvoiceViaApi({ amount: 45_000 });
    const chat = chatOf(invoice.path);
    const address = webchatAddress(invoice.token);

    // The page opens the chat: the link is bound to this chat and the bot introduces itself.
    const started = await chat.start();
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({ outcome: "applied" });
    const welcome = await eventually(
      async () => (await chat.messages()).find((m) => m.from === "bot"),
      { what: "the welcome" },
    );
    expect(welcome.text).toMatch(/^Bonjour, ici Atelier /);
    const [link] = await svc.db.db
      .select()
      .from(linkTokens)
      .where(eq(linkTokens.token, invoice.token));
    expect(link?.usedByAddress).toBe(address);

    // Reloading the page (or opening it on a phone too) is the same chat, and no second welcome.
    const again = await chat.start();
    expect(await again.json()).toEqual({ outcome: "duplicate" });

    // Five days late: the reminder asking why arrives; answer it with a button.
    const cashFlow = await offered(chat, /trésorerie/i);
    const pressed = await chat.post({ id: randomUUID(), button: cashFlow.token });
    expect(pressed.status).toBe(200);
    expect(await pressed.json()).toEqual({ outcome: "applied" });
    await offered(chat, /3 fois/i);

    // Then in words; the same post sent twice (a retry) is acted on once.
    const id = randomUUID();
    const said = await chat.post({ id, text: "je peux payer 150 € par mois" });
    expect(said.status).toBe(200);
    expect(await said.json()).toEqual({ outcome: "applied" });
    const confirm = await offered(chat, /confirm/i);
    const before = await footprint(invoice.caseId);
    const repeated = await chat.post({ id, text: "je peux payer 150 € par mois" });
    expect(await repeated.json()).toEqual({ outcome: "duplicate" });
    expect(await footprint(invoice.caseId)).toEqual(before);

    const conversation = await chat.messages();
    const mine = conversation.filter((m) => m.from === "you");
    // What the debtor pressed shows as what they said, with the label they saw.
    expect(mine.map((m) => m.text)).toEqual([cashFlow.label, "je peux payer 150 € par mois"]);
    const card = conversation.at(-1);
    expect(card?.from).toBe("bot");
    expect(card?.text).toMatch(/150,00/);
    expect(card?.buttons.map((b) => b.token)).toContain(confirm.token);
    // Oldest first, and only the newest bot message keeps its buttons.
    const times = conversation.map((m) => m.at);
    expect([...times].sort()).toEqual(times);
    const withButtons = conversation.filter((m) => m.buttons.length > 0 || m.list);
    expect(withButtons.map((m) => m.id)).toEqual([card?.id]);
    // The text came before the card that answers it.
    expect(conversation.findIndex((m) => m.from === "you")).toBeLessThan(conversation.length - 1);

    // A card delivered late (out of order) with buttons of an older case version does not take
    // the live buttons away: they stay on the card whose buttons would be honoured.
    const stale = await svc.db.db
      .insert(messages)
      .values({
        caseId: invoice.caseId,
        debtorId: (await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId)))[0]
          ?.debtorId as string,
        direction: "out",
        channel: "webchat",
        chatId: address,
        kind: "late_delivery",
        text: welcome.text,
        card: {
          text: "Carte en retard",
          buttons: [{ label: "Trésorerie difficile", token: cashFlow.token }],
        },
        createdAt: clock.now(),
      })
      .returning({ id: messages.id });
    const withLate = await chat.messages();
    expect(withLate.at(-1)?.id).toBe(stale[0]?.id);
    expect(withLate.at(-1)?.buttons).toEqual([]);
    expect(withLate.filter((m) => m.buttons.length > 0).map((m) => m.id)).toEqual([card?.id]);
    await svc.db.db.delete(messages).where(eq(messages.id, stale[0]?.id ?? ""));

    // The conversation since a message, by id or by instant.
    const sinceWelcome = await chat.messages(welcome.id);
    expect(sinceWelcome.map((m) => m.id)).toEqual(conversation.slice(1).map((m) => m.id));
    const sinceStart = await chat.messages("2026-11-23T09:00:00Z");
    expect(sinceStart.map((m) => m.id)).toEqual(conversation.map((m) => m.id));

    // The debtor confirms: the agreement records the web chat as its channel.
    const confirmed = await chat.post({ id: randomUUID(), button: confirm.token });
    expect(await confirmed.json()).toEqual({ outcome: "applied" });
    const [agreement] = await eventually(
      () =>
        svc.db.db
          .select()
          .from(agreements)
          .where(eq(agreements.caseId, invoice.caseId))
          .then((r) => (r.length > 0 ? r : null)),
      { what: "the agreement" },
    );
    expect(agreement?.channel).toBe("webchat");
    expect(agreement?.renderedText).toBe(card?.text);

    // The written confirmation reaches the page; every committed message was delivered.
    const written = await eventually(
      async () => (await chat.messages(card?.id)).find((m) => /confirmation écrite/i.test(m.text)),
      { what: "the written confirmation" },
    );
    expect(written.buttons).toEqual([]);
    const saidAtLast = (await chat.messages()).filter((m) => m.from === "you").map((m) => m.text);
    expect(saidAtLast.at(-1)).toBe(confirm.label);
    const undelivered = await svc.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.status, "pending")));
    expect(undelivered).toEqual([]);
  });

  it("a double tap on 'confirm' (two posts at once, two ids) records one agreement and confirms once", async () => {
    const invoice = await givenInvoiceViaApi({ amount: 45_000 });
    const chat = chatOf(invoice.path);
    expect((await chat.start()).status).toBe(200);
    const cashFlow = await offered(chat, /trésorerie/i);
    await chat.post({ id: randomUUID(), button: cashFlow.token });
    const plan = await offered(chat, /3 fois/i);
    await chat.post({ id: randomUUID(), button: plan.token });
    const confirm = await offered(chat, /confirm/i);

    // The page's button fires twice before it could be disabled: two posts, two message ids.
    const taps = await Promise.all([
      chat.post({ id: randomUUID(), button: confirm.token }),
      chat.post({ id: randomUUID(), button: confirm.token }),
    ]);
    expect(taps.map((t) => t.status)).toEqual([200, 200]);
    const outcomes = (await Promise.all(taps.map((t) => t.json()))) as { outcome: string }[];
    // One confirms; the other finds the case moved on and is answered, never acted on.
    expect(outcomes.filter((o) => o.outcome === "applied").length).toBeGreaterThanOrEqual(1);

    await eventually(
      async () => {
        const pending = await svc.db.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.caseId, invoice.caseId), eq(outbox.status, "pending")));
        return pending.length === 0 ? true : null;
      },
      { what: "every committed message delivered" },
    );
    const recorded = await svc.db.db
      .select()
      .from(agreements)
      .where(eq(agreements.caseId, invoice.caseId));
    expect(recorded).toHaveLength(1);
    const confirmations = (await chat.messages()).filter((m) =>
      /confirmation écrite/i.test(m.text),
    );
    expect(confirmations).toHaveLength(1);
  });

  it("understands a typed STOP: automated reminders stop", async () => {
    const invoice = await givenInvoiceViaApi();
    const chat = chatOf(invoice.path);
    await chat.start();
    await offered(chat, /trésorerie/i);
    const res = await chat.post({ id: randomUUID(), text: "STOP" });
    expect(await res.json()).toEqual({ outcome: "applied" });
    const [debtor] = await svc.db.db
      .select({ optedOutAt: debtors.optedOutAt })
      .from(debtors)
      .innerJoin(cases, eq(cases.debtorId, debtors.id))
      .where(eq(cases.id, invoice.caseId));
    expect(debtor?.optedOutAt).not.toBeNull();
    const said = await chat.messages();
    expect(said.filter((m) => m.from === "you").map((m) => m.text)).toEqual(["STOP"]);
  });

  it("refuses malformed posts with 400, 413 and 415, and writes nothing", async () => {
    const invoice = await givenInvoiceViaApi();
    const chat = chatOf(invoice.path);
    await chat.start();
    await offered(chat, /trésorerie/i);
    const before = await footprint(invoice.caseId);

    const cases: [unknown, number, string, string | null][] = [
      ["{not json", 400, "invalid_json", null],
      [{ text: "bonjour" }, 400, "validation_failed", "id"],
      [{ id: "42", text: "bonjour" }, 400, "validation_failed", "id"],
      [{ id: randomUUID() }, 400, "validation_failed", "text"],
      [{ id: randomUUID(), text: "   " }, 400, "validation_failed", "text"],
      [{ id: randomUUID(), text: "x".repeat(2_001) }, 400, "validation_failed", "text"],
      [{ id: randomUUID(), text: "a", button: "b" }, 400, "validation_failed", "button"],
      [{ id: randomUUID(), button: "no spaces allowed" }, 400, "validation_failed", "button"],
      [{ id: randomUUID(), text: "a", extra: 1 }, 400, "validation_failed", "extra"],
      [{ id: randomUUID(), text: "é".repeat(5_000) }, 413, "payload_too_large", null],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await chat.post(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      const error = ((await res.json()) as { error: { code: string; fields?: object } }).error;
      expect(error.code).toBe(code);
      if (field) expect(Object.keys(error.fields ?? {})).toContain(field);
    }
    const plain = await chat.post(JSON.stringify({ id: randomUUID(), text: "bonjour" }), {
      "content-type": "text/plain",
    });
    expect(plain.status).toBe(415);
    expect((await fetch(`${svc.url}${invoice.path}/messages?after=yesterday`)).status).toBe(400);
    expect((await fetch(`${svc.url}${invoice.path}/messages?after=${randomUUID()}`)).status).toBe(
      400,
    );

    expect(await footprint(invoice.caseId)).toEqual(before);
  });

  it("refuses a button from another debtor's chat, without acting", async () => {
    const mine = await givenInvoiceViaApi();
    const theirs = await givenInvoiceViaApi();
    const myChat = chatOf(mine.path);
    const theirChat = chatOf(theirs.path);
    await myChat.start();
    await theirChat.start();
    const foreign = await offered(theirChat, /trésorerie/i);
    await offered(myChat, /trésorerie/i);
    const before = await footprint(mine.caseId);
    const theirsBefore = await footprint(theirs.caseId);

    const res = await myChat.post({ id: randomUUID(), button: foreign.token });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("button_refused");
    expect(await footprint(mine.caseId)).toEqual(before);
    expect(await footprint(theirs.caseId)).toEqual(theirsBefore);
  });

  it("takes 20 posts a minute from one chat, then answers 429 with Retry-After", async () => {
    const invoice = await givenInvoiceViaApi();
    const chat = chatOf(invoice.path);
    const statuses: number[] = [];
    // Malformed on purpose: counted like any post, and nothing reaches the runtime.
    for (let i = 0; i < 21; i++) statuses.push((await chat.post("{")).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    const limited = await chat.post({ id: randomUUID(), text: "bonjour" });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another chat is not affected.
    const other = await givenInvoiceViaApi();
    expect((await chatOf(other.path).start()).status).toBe(200);
  });
});
