import { randomUUID } from "node:crypto";
import type { Update } from "grammy/types";
import type { FakeTelegram, SeenMessage } from "../fakes/telegram-bot-api.ts";
import type { Rng } from "./rng.ts";

/**
 * The chaos run's debtors: each negotiates one invoice to an agreement — open the link, say why
 * the payment is late (cash flow), take the three-installment plan, confirm it — through Telegram
 * (webhook updates from the fake Bot API) or the web chat (its JSON routes, as the page's script
 * calls them). They behave like real clients while the service is killed under them:
 *
 * - Telegram redelivers an update the webhook did not answer with 2xx (refused, reset, timed
 *   out, 5xx) with the same update_id, until it gets a 2xx;
 * - the web chat's page retries a post with the same message id until it is answered;
 * - a debtor who pressed and saw nothing come back for a long while presses again (a new update),
 *   which is counted: it is what a lost input would look like to them.
 *
 * A debtor acts on the newest card that offers something it knows, so a late or repeated card,
 * or "this option is no longer available" followed by the current options, does not derail it.
 */

export const REASON = /trésorerie/i;
export const PLAN = /3 fois/i;
export const CONFIRM = /je confirme/i;
export const WRITTEN = /confirmation écrite/i;

export type Channel = "telegram" | "webchat";

export interface Negotiation {
  readonly index: number;
  readonly channel: Channel;
  readonly zone: string;
  /** The debtor's send window is closed for the whole run (automated messages must wait). */
  readonly zoneClosed: boolean;
  readonly businessId: string;
  readonly externalRef: string;
  readonly number: string;
  /** Telegram chat id (Telegram debtors). */
  readonly chat: number;
  /** After the agreement, a second invoice for the same debtor: its due reminder is automated. */
  readonly secondInvoice: boolean;
  /** Created before the load starts (a business posts its invoices before debtors answer). */
  invoice?: CreatedInvoice;
  caseId?: string;
  secondCaseId?: string;
  /** The service answered the "confirm" press with success (2xx). */
  confirmAcknowledged: boolean;
  /** The written confirmation reached the debtor. */
  sawWrittenConfirmation: boolean;
  presses: number;
  /** Same update / same post sent again after no answer or an error answer. */
  redeliveries: number;
  /** New presses made because nothing came back for `stallMs`. */
  retaps: number;
  startedAt?: number;
  finishedAt?: number;
  error?: string;
  readonly trace: string[];
}

export interface DebtorWorld {
  readonly telegram: FakeTelegram;
  readonly webUrl: string;
  readonly apiToken: string;
  /** Invoice dates: due five days ago, so the reminder asking why is due when the case starts. */
  readonly issuedAt: string;
  readonly dueDate: string;
  /** performance.now() after which a debtor gives up (the run's walk deadline). */
  readonly deadline: number;
  /** A debtor who pressed and got nothing for this long presses again. */
  readonly stallMs: number;
  readonly stats: ClientStats;
  /** Telegram holds at most this many webhook requests open at once (setWebhook's
   *  max_connections, 40 by default). */
  readonly webhookSlots: Semaphore;
}

/** At most `size` holders at once; the others wait in turn. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}

/** What the clients saw of the service, across every debtor. */
export interface ClientStats {
  /** HTTP status (0: refused, reset or timed out) of every webhook delivery and web-chat/API call
   *  that was not a success, by route kind. */
  failures: Record<string, Record<string, number>>;
  apiCalls: number;
  webhookDeliveries: number;
  webchatPosts: number;
  webchatPolls: number;
  /** From a press (its first delivery) to the next card, by channel, in ms. */
  answerMs: Record<Channel, number[]>;
}

export function newClientStats(): ClientStats {
  return {
    failures: {},
    apiCalls: 0,
    webhookDeliveries: 0,
    webchatPosts: 0,
    webchatPolls: 0,
    answerMs: { telegram: [], webchat: [] },
  };
}

function countFailure(stats: ClientStats, route: string, status: number): void {
  const byStatus = stats.failures[route] ?? {};
  byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  stats.failures[route] = byStatus;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class GaveUp extends Error {}

function checkDeadline(world: Pick<DebtorWorld, "deadline">, what: string): void {
  if (performance.now() > world.deadline) throw new GaveUp(`deadline reached while ${what}`);
}

/** A pause before retrying: a little longer each time, never more than 3 s. */
function backoff(rng: Rng, attempt: number): number {
  return Math.min(3_000, 250 * 2 ** Math.min(attempt, 4)) * rng.between(0.5, 1);
}

/**
 * One HTTP call to the service; status 0 when it was refused, reset or timed out. A browser's
 * fetch has no timeout: two minutes stand for a debtor who gives up waiting and tries again.
 */
async function call(
  url: string,
  init: RequestInit & { timeoutMs?: number },
): Promise<{ status: number; body: unknown; retryAfterS: number | null }> {
  try {
    const res = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(init.timeoutMs ?? 120_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    const retryAfter = res.headers.get("retry-after");
    return {
      status: res.status,
      body,
      retryAfterS: retryAfter === null ? null : Number(retryAfter),
    };
  } catch {
    return { status: 0, body: null, retryAfterS: null };
  }
}

/** POST /api/… until the service answers 2xx (an invoice post is idempotent by its number). */
async function apiPost(
  world: Pick<DebtorWorld, "webUrl" | "apiToken" | "deadline" | "stats">,
  rng: Rng,
  route: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  for (let attempt = 0; ; attempt++) {
    checkDeadline(world, `POST ${route}`);
    world.stats.apiCalls += 1;
    const res = await call(`${world.webUrl}${route}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${world.apiToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    if (res.status === 200 || res.status === 201) return res.body as Record<string, unknown>;
    countFailure(world.stats, `POST ${route}`, res.status);
    if (res.status !== 0 && res.status < 500 && res.status !== 429) {
      throw new Error(`POST ${route}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    await sleep(backoff(rng, attempt));
  }
}

export interface CreatedInvoice {
  readonly caseId: string;
  readonly telegramToken: string | null;
  readonly webchatToken: string | null;
}

export async function createInvoice(
  world: Pick<DebtorWorld, "webUrl" | "apiToken" | "issuedAt" | "dueDate" | "deadline" | "stats">,
  rng: Rng,
  n: Negotiation,
  number: string,
  amount: number,
): Promise<CreatedInvoice> {
  const body = await apiPost(world, rng, "/api/invoices", {
    businessId: n.businessId,
    number,
    amount,
    currency: "EUR",
    issuedAt: world.issuedAt,
    dueDate: world.dueDate,
    debtor: {
      externalRef: n.externalRef,
      name: `Débiteur ${n.index}`,
      locale: "fr",
      timezone: n.zone,
    },
  });
  const links = body.links as { telegram?: string | null; webchat?: string | null };
  return {
    caseId: String(body.caseId),
    telegramToken: links.telegram ? new URL(links.telegram).searchParams.get("start") : null,
    webchatToken: links.webchat ? new URL(links.webchat).pathname.replace(/^\/chat\//, "") : null,
  };
}

/** Runs one debtor's negotiation to its end; never throws (what went wrong is recorded). */
export async function negotiate(world: DebtorWorld, rng: Rng, n: Negotiation): Promise<void> {
  n.startedAt = performance.now();
  try {
    const invoice = n.invoice ?? (await createInvoice(world, rng, n, n.number, 90_000));
    n.invoice = invoice;
    n.caseId = invoice.caseId;
    if (n.channel === "telegram") {
      if (!invoice.telegramToken) throw new Error("no Telegram deep link");
      await telegramWalk(world, rng, n, invoice.telegramToken);
    } else {
      if (!invoice.webchatToken) throw new Error("no web chat link");
      await webchatWalk(world, rng, n, invoice.webchatToken);
    }
    if (n.secondInvoice) {
      const second = await createInvoice(world, rng, n, `${n.number}-B`, 30_000);
      n.secondCaseId = second.caseId;
      n.trace.push("second invoice");
    }
  } catch (error) {
    n.error = error instanceof Error ? error.message : String(error);
  } finally {
    n.finishedAt = performance.now();
  }
}

// ── Telegram ─────────────────────────────────────────────────────────────────────────────────

/** Delivers an update as Telegram does: again and again, same update_id, until a 2xx. */
async function deliverUntilAccepted(
  world: DebtorWorld,
  rng: Rng,
  n: Negotiation,
  first: { update: Update; status: number | "queued" },
): Promise<void> {
  let status = first.status;
  world.stats.webhookDeliveries += 1;
  for (let attempt = 0; ; attempt++) {
    if (typeof status === "number" && status >= 200 && status < 300) return;
    countFailure(world.stats, "telegram webhook", typeof status === "number" ? status : -1);
    checkDeadline(world, "redelivering an update");
    await sleep(backoff(rng, attempt));
    n.redeliveries += 1;
    world.stats.webhookDeliveries += 1;
    const [again] = await world.webhookSlots.run(() => world.telegram.deliver(first.update));
    status = again?.status ?? 0;
  }
}

function botMessages(world: DebtorWorld, chat: number): SeenMessage[] {
  return world.telegram.chats(chat).filter((m) => m.from === "bot");
}

/** The button to press on a card: the step the card is for, or null if it offers none we know. */
function stepOf(labels: readonly string[]): RegExp | null {
  for (const step of [CONFIRM, PLAN, REASON]) if (labels.some((l) => step.test(l))) return step;
  return null;
}

async function telegramWalk(
  world: DebtorWorld,
  rng: Rng,
  n: Negotiation,
  token: string,
): Promise<void> {
  const chat = n.chat;
  const started = await world.webhookSlots.run(() => world.telegram.userStarts(chat, token));
  await deliverUntilAccepted(world, rng, n, started);
  n.trace.push("start");
  let seenBefore = 0;
  let lastPressed: { messageId: number; step: RegExp } | null = null;
  let pressedAt = performance.now();
  let answered = false;
  for (;;) {
    checkDeadline(world, `waiting in chat ${chat} (${n.trace.at(-1)})`);
    const mine = botMessages(world, chat);
    if (mine.some((m) => WRITTEN.test(m.text))) {
      n.sawWrittenConfirmation = true;
      n.trace.push("written confirmation");
      return;
    }
    const fresh = mine.length > seenBefore;
    const stalled = performance.now() - pressedAt > world.stallMs;
    // The newest card offering a step we know (the pressed card keeps its buttons in Telegram).
    const card = [...mine].reverse().find((m) => stepOf(m.buttons.flat().map((b) => b.text)));
    const step = card ? stepOf(card.buttons.flat().map((b) => b.text)) : null;
    // Pressed, and nothing new yet (or only the same card again): wait for the answer.
    const waitingForAnswer =
      lastPressed !== null && (!fresh || card?.messageId === lastPressed.messageId);
    if (lastPressed !== null && fresh && !answered) {
      answered = true;
      world.stats.answerMs.telegram.push(performance.now() - pressedAt);
    }
    if (!card || !step || (waitingForAnswer && !stalled)) {
      await sleep(200);
      continue;
    }
    if (waitingForAnswer && stalled) {
      n.retaps += 1;
      n.trace.push(`retap after ${Math.round(world.stallMs / 1000)} s`);
    }
    const button = card.buttons.flat().find((b) => step.test(b.text));
    if (!button?.callbackData) throw new Error(`card ${card.messageId} has no callback data`);
    await sleep(rng.between(1_000, 5_000)); // reading the card
    seenBefore = botMessages(world, chat).length;
    lastPressed = { messageId: card.messageId, step };
    pressedAt = performance.now();
    answered = false;
    n.presses += 1;
    const data = button.callbackData;
    const first = await world.webhookSlots.run(() =>
      world.telegram.userPressesButton(chat, card.messageId, data),
    );
    await deliverUntilAccepted(world, rng, n, first);
    n.trace.push(step.source);
    if (step === CONFIRM) n.confirmAcknowledged = true;
  }
}

// ── Web chat ─────────────────────────────────────────────────────────────────────────────────

interface ChatMessage {
  readonly id: string;
  readonly from: "bot" | "you";
  readonly text: string;
  readonly buttons: readonly { label: string; token: string }[];
  readonly list?: { items: readonly { label: string; token: string }[] };
}

/** What the page's script does after a post: poll briskly for 4 s, then every 2 s. */
const POLL_AFTER_POST_MS = 300;
const POLL_BURST_MS = 4_000;
const POLL_MS = 2_000;

async function webchatWalk(
  world: DebtorWorld,
  rng: Rng,
  n: Negotiation,
  token: string,
): Promise<void> {
  const base = `${world.webUrl}/chat/${token}`;
  // The page opens the chat (once per chat; a retry is answered "duplicate").
  for (let attempt = 0; ; attempt++) {
    checkDeadline(world, "opening the web chat");
    world.stats.webchatPosts += 1;
    const res = await call(`${base}/start`, { method: "POST" });
    if (res.status === 200) break;
    countFailure(world.stats, "web chat start", res.status);
    if (res.status !== 0 && res.status < 500 && res.status !== 429) {
      throw new Error(`web chat start: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    n.redeliveries += 1;
    await sleep(res.retryAfterS ? res.retryAfterS * 1000 : backoff(rng, attempt));
  }
  n.trace.push("start");
  let lastPressedCard: string | null = null;
  let pressedAt = performance.now();
  let burstUntil = performance.now() + POLL_BURST_MS;
  let answered = false;
  for (;;) {
    checkDeadline(world, `waiting in the web chat (${n.trace.at(-1)})`);
    await sleep(performance.now() < burstUntil ? POLL_AFTER_POST_MS : POLL_MS);
    world.stats.webchatPolls += 1;
    const res = await call(`${base}/messages`, { method: "GET" });
    if (res.status !== 200) {
      countFailure(world.stats, "web chat poll", res.status);
      if (res.retryAfterS) await sleep(res.retryAfterS * 1000);
      continue;
    }
    const conversation = res.body as ChatMessage[];
    if (conversation.some((m) => m.from === "bot" && WRITTEN.test(m.text))) {
      n.sawWrittenConfirmation = true;
      n.trace.push("written confirmation");
      return;
    }
    // Only the newest bot message keeps its buttons on the page.
    const live = conversation.find((m) => m.from === "bot" && m.buttons.length > 0);
    const choices = [...(live?.buttons ?? []), ...(live?.list?.items ?? [])];
    const step = stepOf(choices.map((c) => c.label));
    if (!live || !step) continue;
    const stalled = performance.now() - pressedAt > world.stallMs;
    if (lastPressedCard !== null && live.id !== lastPressedCard && !answered) {
      answered = true;
      world.stats.answerMs.webchat.push(performance.now() - pressedAt);
    }
    if (live.id === lastPressedCard) {
      if (!stalled) continue;
      n.retaps += 1;
      n.trace.push(`retap after ${Math.round(world.stallMs / 1000)} s`);
    }
    const choice = choices.find((c) => step.test(c.label));
    if (!choice) continue;
    await sleep(rng.between(1_000, 5_000)); // reading the card
    lastPressedCard = live.id;
    pressedAt = performance.now();
    answered = false;
    n.presses += 1;
    await postUntilAnswered(world, rng, n, base, choice.token);
    burstUntil = performance.now() + POLL_BURST_MS;
    n.trace.push(step.source);
    if (step === CONFIRM) n.confirmAcknowledged = true;
  }
}

/** The page's post of a pressed button, retried with the same id until the service answers. */
async function postUntilAnswered(
  world: DebtorWorld,
  rng: Rng,
  n: Negotiation,
  base: string,
  button: string,
): Promise<void> {
  const id = randomUUID();
  for (let attempt = 0; ; attempt++) {
    checkDeadline(world, "posting to the web chat");
    world.stats.webchatPosts += 1;
    const res = await call(`${base}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id, button }),
    });
    if (res.status === 200) return;
    countFailure(world.stats, "web chat post", res.status);
    if (res.status !== 0 && res.status < 500 && res.status !== 429) {
      throw new Error(`web chat post: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    n.redeliveries += 1;
    await sleep(res.retryAfterS ? res.retryAfterS * 1000 : backoff(rng, attempt));
  }
}
