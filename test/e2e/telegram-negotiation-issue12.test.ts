import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, auditLog, cases } from "../../db/schema.ts";
import { TestClock } from "../support/service.ts";
import {
  botMessages,
  chatIds,
  findButton,
  givenBoundChat,
  givenInvoiceViaApi,
  settled,
  startTelegramE2E,
  type TelegramE2E,
} from "../support/telegram-e2e.ts";

/**
 * Issue 12, end to end on Telegram, with the exact messages quoted there: an invoice of 1,200 €
 * under the default policy, each debtor writing right after opening the link (before any button).
 * The free text goes through the real interpreter, the real core and the real outbox.
 */

// Monday 23 November 2026, 11:00 in Paris: inside the default send window.
const clock = new TestClock("2026-11-23T10:00:00Z");
let e2e: TelegramE2E;
const newChat = chatIds();

beforeAll(async () => {
  e2e = await startTelegramE2E({
    clock,
    fake: { now: clock.millis, rateLimits: false },
    worker: { rates: { telegram: { perSecond: 1_000, perChatIntervalMs: 0 } } },
  });
});

afterAll(async () => {
  await e2e?.stop();
});

async function caseStatus(caseId: string): Promise<string | undefined> {
  const [row] = await e2e.svc.db.db.select().from(cases).where(eq(cases.id, caseId));
  return (row?.state as { status: string } | undefined)?.status;
}

async function audited(caseId: string, action: string) {
  return e2e.svc.db.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, action)))
    .orderBy(asc(auditLog.id));
}

async function says(chat: number, caseId: string, words: string) {
  const { status } = await e2e.telegram.userSendsText(chat, words);
  expect(status).toBe(200);
  await settled(e2e.svc, caseId);
  return botMessages(e2e.telegram, chat).at(-1);
}

async function press(chat: number, label: RegExp, caseId: string) {
  const button = findButton(e2e.telegram, chat, label);
  const { status } = await e2e.telegram.userPressesButton(
    chat,
    button.messageId,
    button.callbackData,
  );
  expect(status).toBe(200);
  await settled(e2e.svc, caseId);
  return botMessages(e2e.telegram, chat).at(-1);
}

const labels = (m: { readonly buttons: readonly (readonly { text: string }[])[] } | undefined) =>
  m?.buttons.flat().map((b) => b.text) ?? [];

async function boundOn1200(locale: "fr" | "en" = "fr") {
  const invoice = await givenInvoiceViaApi(e2e.svc, { amount: 120_000, locale });
  return givenBoundChat(e2e, newChat(), invoice);
}

describe("issue 12 on Telegram", () => {
  it("'je peux payer 200 euros par mois': 240 € then 5 × 192 € at once, 6 × 200 € asked of the owner; 'oui, je confirme' confirms", async () => {
    const { chat, caseId } = await boundOn1200();
    const reply = await says(chat, caseId, "je peux payer 200 euros par mois");
    // The owner is asked for what the debtor can do; the debtor is not left waiting with nothing.
    expect(await caseStatus(caseId)).toBe("awaiting_owner");
    const [request] = await audited(caseId, "proposal_sent_to_owner");
    expect(request?.detail).toMatchObject({
      proposal: { amountPerPeriodMinor: 20_000, period: "month" },
      breaches: [{ limit: "min_down_payment", allowed: 24_000, proposed: 20_000 }],
    });
    expect(reply?.text).toMatch(/D'ici là, vous pouvez choisir/);
    // The closest plan shows its down payment; the policy's limit is not stated as a rule while
    // the owner, who may accept more, looks at the proposal.
    expect(reply?.text).toMatch(/240,00\s€ d'acompte puis 192,00\s€\/mois/);
    expect(reply?.text).not.toMatch(/acompte d'au moins/);
    expect(reply?.text).not.toMatch(/Option 1/);
    expect(reply?.text).not.toMatch(/Aucune de ces options/);
    expect(labels(reply)).toContain("En 6 fois");

    await press(chat, /En 6 fois/, caseId);
    expect(await caseStatus(caseId)).toBe("awaiting_confirmation");
    const confirmed = await says(chat, caseId, "oui, je confirme");
    expect(await caseStatus(caseId)).toBe("agreed");
    const [agreement] = await e2e.svc.db.db
      .select()
      .from(agreements)
      .where(eq(agreements.caseId, caseId));
    expect(agreement?.totalMinor).toBe(120_000);
    expect(agreement?.approvedBy).toBeNull();
    expect(confirmed?.text).toMatch(/192,00\s€/);
    expect(await audited(caseId, "approval_withdrawn")).toHaveLength(1);
  });

  it("'en 8 fois' right after opening the link: the owner is asked for 8, and the 6 installments the policy allows are offered meanwhile", async () => {
    const { chat, caseId } = await boundOn1200();
    const reply = await says(chat, caseId, "en 8 fois");
    // 8 installments are inside the approval band: the owner studies exactly that, so no policy
    // limit is stated to the debtor, who can still take the closest plan without waiting.
    expect(await caseStatus(caseId)).toBe("awaiting_owner");
    const [request] = await audited(caseId, "proposal_sent_to_owner");
    expect(request?.detail).toMatchObject({ proposal: { count: 8 } });
    expect(reply?.text).toMatch(/en 8 fois\. Nous l'étudions/);
    expect(reply?.text).not.toMatch(/Nous allons jusqu'à/);
    expect(reply?.text).toMatch(/6 mensualités/);
    expect(labels(reply)).toContain("En 6 fois");
    expect(labels(reply)).not.toContain("En 4 fois");
  });

  it("'Payer maintenant' shows how to pay: the payment page and the reference to use", async () => {
    const { chat, caseId } = await boundOn1200();
    const reply = await says(chat, caseId, "Payer maintenant");
    expect(reply?.text).toContain("https://pay.example/atelier");
    expect(reply?.text).toMatch(/réf\. F-/);
    expect(reply?.text).not.toMatch(/Contactez/);
    const pressed = await press(chat, /^Payer maintenant$/, caseId);
    expect(pressed?.text).toContain("https://pay.example/atelier");
  });

  it("'je peux mettre 300 maintenant et le reste en 3 fois': 300 € down, then 3 × 300 €, for confirmation", async () => {
    const { chat, caseId } = await boundOn1200();
    const reply = await says(chat, caseId, "je peux mettre 300 maintenant et le reste en 3 fois");
    expect(await caseStatus(caseId)).toBe("awaiting_confirmation");
    expect(reply?.text.match(/300,00\s€/g)).toHaveLength(4);
    expect(reply?.text).toMatch(/acompte/);
  });

  it("'can I do 3 payments starting on the 15th': three monthly payments from 15 December", async () => {
    const { chat, caseId } = await boundOn1200("en");
    const reply = await says(chat, caseId, "can I do 3 payments starting on the 15th");
    expect(await caseStatus(caseId)).toBe("awaiting_confirmation");
    expect(reply?.text).toMatch(/15\sDecember\s2026/);
    expect(reply?.text).toMatch(/15\sJanuary\s2027/);
    expect(reply?.text).toMatch(/15\sFebruary\s2027/);
    expect(reply?.text.match(/€400\.00/g)).toHaveLength(3);
  });

  it("'j'ai déjà payé la moitié, le reste fin du mois': the claim is checked with the owner, reminders pause", async () => {
    const { chat, caseId } = await boundOn1200();
    const words = "j'ai déjà payé la moitié, le reste fin du mois";
    const reply = await says(chat, caseId, words);
    expect(await caseStatus(caseId)).toBe("awaiting_payment_check");
    expect(reply?.text).toMatch(/sa date et sa référence/);
    // The day named for the rest is not read any more: a date in a message about a payment made
    // is read in the past only (the interpreter), so "fin du mois" is not acknowledged here.
    expect(await audited(caseId, "reason_given")).toHaveLength(1);
  });

  it("'200 euros' alone is checked before anything is done; 'Oui, c'est cela' goes on as '200 € par mois'", async () => {
    const { chat, caseId } = await boundOn1200();
    const check = await says(chat, caseId, "200 euros");
    expect(check?.text).toMatch(/Vous proposez 200,00\s€ par mois, c'est bien cela\s\?/);
    expect(await caseStatus(caseId)).toBe("scheduled");
    const answer = await press(chat, /Oui, c'est cela/, caseId);
    expect(await caseStatus(caseId)).toBe("awaiting_owner");
    expect(answer?.text).toMatch(/240,00\s€ d'acompte puis 192,00\s€\/mois/);
  });

  it("three messages in a row it cannot read: the options again twice, then a person", async () => {
    const { chat, caseId } = await boundOn1200();
    await says(chat, caseId, "j'ai des difficultés de trésorerie");
    const first = await says(chat, caseId, "pfff");
    expect(first?.text).toMatch(/Vous pouvez toujours choisir l.une de ces options/);
    expect(labels(first)).toContain("En 3 fois");
    await says(chat, caseId, "pfff");
    const third = await says(chat, caseId, "pfff");
    expect(third?.text).toMatch(/une personne de notre équipe vous répondra ici/);
    expect(await audited(caseId, "handover_after_misreads")).toHaveLength(1);
  });
});
