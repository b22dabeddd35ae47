import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WhatsAppDelivery } from "../../../bot/whatsapp/index.ts";
import { DeliveryError } from "../../../src/runtime/delivery.ts";
import type { OutboundOp } from "../../../src/runtime/outbound.ts";
import { FakeWhatsApp } from "../../fakes/whatsapp-cloud-api.ts";
import { TestClock } from "../../support/service.ts";
import { APPROVED_TEMPLATES } from "../../support/whatsapp-e2e.ts";

/** The adapter against the fake Cloud API: what it sends, and how each refusal is classified. */

const clock = new TestClock("2026-11-23T10:00:00Z");
const fake = new FakeWhatsApp({
  now: clock.millis,
  rateLimits: false,
  templates: APPROVED_TEMPLATES,
});
const silent = { debug() {}, info() {}, warn() {}, error() {} };
let delivery: WhatsAppDelivery;

beforeAll(async () => {
  await fake.start();
  delivery = new WhatsAppDelivery(
    {
      apiUrl: `${fake.url}/v21.0`,
      token: fake.accessToken,
      phoneNumberId: fake.phoneNumberId,
      templates: {
        fr: { name: "relance_rappel", language: "fr" },
        en: { name: "relance_reminder", language: "en" },
      },
    },
    silent,
  );
});

afterAll(async () => {
  await fake.stop();
});

let seq = 0;
function phone(): string {
  seq += 1;
  return `3361000${String(seq).padStart(4, "0")}`;
}
const token = (n: number) => `tok${String(n).padStart(9, "0")}`;
const summary = {
  locale: "fr" as const,
  businessName: "Atelier Lune",
  debtorName: "Camille Martin",
  invoiceNumber: "F-2026-001",
  amountDue: "900,00 €",
  dueDate: "27 novembre 2026",
};

function card(to: string, over: Partial<Extract<OutboundOp, { op: "send_card" }>> = {}) {
  return {
    op: "send_card",
    channel: "whatsapp",
    address: to,
    messageKind: "ladder_reminder",
    automated: true,
    locale: "fr",
    card: {
      text: "Bonjour, petit rappel.",
      buttons: [{ label: "Payer maintenant", token: token(1) }],
    },
    ...over,
  } satisfies OutboundOp;
}

describe("the WhatsApp delivery", () => {
  it("sends up to three choices as reply buttons, more as a list, none as text", async () => {
    const to = phone();
    fake.userWrote(to);
    await delivery.deliver(card(to, { card: { text: "Sans choix.", buttons: [] } }));
    await delivery.deliver(
      card(to, {
        card: {
          text: "Trois choix.",
          buttons: [1, 2, 3].map((n) => ({ label: `Choix ${n}`, token: token(n) })),
        },
      }),
    );
    await delivery.deliver(
      card(to, {
        card: {
          text: "Quatre choix.",
          buttons: [1, 2, 3].map((n) => ({
            label: `Choix numéro ${n} un peu long`,
            token: token(n),
          })),
          list: {
            title: "Autres choix",
            items: [{ label: "Arrêter les rappels", token: token(4) }],
          },
        },
      }),
    );
    const kinds = fake.sent(to).map((m) => m.content.kind);
    expect(kinds).toEqual(["text", "button", "list"]);
    const list = fake.sent(to)[2]?.content;
    if (list?.kind !== "list") throw new Error("no list");
    expect(list.button).toBe("Voir les choix");
    expect(list.rows.map((r) => r.id)).toEqual([token(1), token(2), token(3), token(4)]);
    // Titles cut to 24 characters keep their whole label in the description.
    expect(list.rows[0]).toEqual({
      id: token(1),
      title: "Choix numéro 1 un peu l…",
      description: "Choix numéro 1 un peu long",
    });
  });

  it("a body too long for reply buttons goes as a list; a text over 4096 is shortened", async () => {
    const to = phone();
    fake.userWrote(to);
    await delivery.deliver(
      card(to, { card: { text: "a ".repeat(600), buttons: [{ label: "Oui", token: token(1) }] } }),
    );
    await delivery.deliver(card(to, { card: { text: "b".repeat(5000), buttons: [] } }));
    const [long, huge] = fake.sent(to);
    expect(long?.content.kind).toBe("list");
    expect(huge?.content.kind === "text" && huge.content.body.length).toBe(4096);
  });

  it("outside the window a notice goes as the template (planned, or after a 131047)", async () => {
    const to = phone();
    const planned = await delivery.deliver(card(to, { summary, viaTemplate: true }));
    const after131047 = await delivery.deliver(card(to, { summary }));
    const sent = fake.sent(to);
    expect(sent.map((m) => m.content.kind)).toEqual(["template", "template"]);
    expect(sent.map((m) => m.id)).toEqual([planned.externalId, after131047.externalId]);
    expect(fake.calls.filter((c) => c.status === 400).at(-1)?.response).toMatchObject({
      error: { code: 131047 },
    });
    expect(sent[0]?.content).toEqual({
      kind: "template",
      to,
      name: "relance_rappel",
      language: "fr",
      params: ["Camille Martin", "Atelier Lune", "F-2026-001", "900,00 €", "27 novembre 2026"],
    });
  });

  it("a card with no template to fall back on fails for good outside the window", async () => {
    const to = phone();
    const error = await delivery.deliver(card(to)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure).toEqual({ kind: "permanent" });
    expect((error as DeliveryError).platformCode).toBe(131047);
    expect(fake.sent(to)).toEqual([]);
  });

  it("classifies throughput limits, outages and refusals", async () => {
    const to = phone();
    fake.userWrote(to);
    const classify = (e: unknown) => (e as DeliveryError).failure;
    fake.failNext("messages", { status: 429 });
    expect(classify(await delivery.deliver(card(to)).catch((e: unknown) => e))).toEqual({
      kind: "rate_limited",
      retryAfterMs: 1_000,
    });
    fake.failNext("messages", { status: 503 });
    expect(classify(await delivery.deliver(card(to)).catch((e: unknown) => e))).toEqual({
      kind: "transient",
    });
    const wrongToken = new WhatsAppDelivery(
      {
        apiUrl: fake.url,
        token: "EAAwrong",
        phoneNumberId: fake.phoneNumberId,
        templates: { fr: APPROVED_TEMPLATES[0], en: APPROVED_TEMPLATES[1] },
      },
      silent,
    );
    expect(classify(await wrongToken.deliver(card(to)).catch((e: unknown) => e))).toEqual({
      kind: "permanent",
    });
  });

  it("the pair rate limit of one number waits and retries", async () => {
    const limited = new FakeWhatsApp({
      now: clock.millis,
      rateLimits: { perRecipient: { max: 1, windowMs: 6_000 } },
    });
    await limited.start();
    try {
      const client = new WhatsAppDelivery(
        {
          apiUrl: limited.url,
          token: limited.accessToken,
          phoneNumberId: limited.phoneNumberId,
          templates: { fr: APPROVED_TEMPLATES[0], en: APPROVED_TEMPLATES[1] },
        },
        silent,
      );
      const to = phone();
      limited.userWrote(to);
      await client.deliver(card(to));
      const error = await client.deliver(card(to)).catch((e: unknown) => e);
      expect((error as DeliveryError).failure).toEqual({
        kind: "rate_limited",
        retryAfterMs: 6_000,
      });
      expect((error as DeliveryError).platformCode).toBe(131056);
    } finally {
      await limited.stop();
    }
  });
});
