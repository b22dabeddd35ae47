import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type postgres from "postgres";
import { renderCard } from "../../bot/telegram/render-card.ts";
import { verifyAuditChain } from "../../db/audit.ts";
import type { Db } from "../../db/client.ts";
import {
  DELIVER_QUEUE_BY_CHANNEL,
  deliveryLane,
  QUEUES,
  TIMER_WINDOW_MS,
} from "../../jobs/catalog.ts";
import { jobId } from "../../jobs/job-ids.ts";
import { policySchema } from "../../src/core/policy.ts";
import { nextAllowedInstant } from "../../src/core/quiet-hours.ts";
import { outboundCardSchema } from "../../src/runtime/outbound.ts";
import type { RecordedCall } from "../fakes/fake-http-server.ts";
import type { Negotiation } from "./debtors.ts";
import type { FaultRecord } from "./faults.ts";
import { wallDate, wallNow } from "./wall-clock.ts";

/**
 * What must hold once the run is quiet, each check read from Postgres, Redis and the fake Bot
 * API's record of every call — never from what the service says about itself.
 */

export interface Violation {
  readonly check: string;
  readonly detail: string;
}

export interface CheckReport {
  readonly violations: Violation[];
  /** Label → value, printed as the summary table. */
  readonly figures: [string, string | number][];
}

export interface CheckInputs {
  readonly sql: postgres.Sql;
  readonly db: Db;
  readonly redis: Redis;
  readonly prefix: string;
  readonly calls: readonly RecordedCall[];
  readonly negotiations: readonly Negotiation[];
  readonly faults: readonly FaultRecord[];
  /** Process kills by the run (wall-clock ms), besides the faults' own. */
  readonly kills: readonly { at: number; what: string }[];
}

export async function runChecks(inputs: CheckInputs): Promise<CheckReport> {
  const violations: Violation[] = [];
  const figures: [string, string | number][] = [];
  const add = (check: string, detail: string) => violations.push({ check, detail });

  await checkAgreements(inputs, add, figures);
  const outbox = await checkOutbox(inputs, add, figures);
  const platform = checkPlatform(inputs, outbox, add, figures);
  await checkQuietHours(inputs, outbox, platform, add, figures);
  await checkTimers(inputs, add, figures);
  const audit = await verifyAuditChain(inputs.db);
  figures.push(["audit entries verified", audit.entries]);
  if (!audit.ok) {
    add("audit", `chain broken at entry ${audit.brokenAtId} (${audit.reason})`);
  }
  return { violations, figures };
}

// ── Agreements ───────────────────────────────────────────────────────────────────────────────

async function checkAgreements(
  { sql, negotiations }: CheckInputs,
  add: (check: string, detail: string) => void,
  figures: [string, string | number][],
): Promise<void> {
  const rows = await sql<{ caseId: string; n: number }[]>`
    select case_id as "caseId", count(*)::int as n from agreements group by case_id`;
  const byCase = new Map(rows.map((r) => [r.caseId, r.n]));
  const confirmed = negotiations.filter((n) => n.confirmAcknowledged);
  let exactlyOne = 0;
  for (const n of confirmed) {
    const count = n.caseId ? (byCase.get(n.caseId) ?? 0) : 0;
    if (count === 1) exactlyOne += 1;
    else add("agreements", `negotiation ${n.index} (${n.channel}) confirmed; case has ${count}`);
  }
  for (const n of negotiations) {
    if (n.sawWrittenConfirmation && !(n.caseId && byCase.has(n.caseId))) {
      add("agreements", `negotiation ${n.index} saw a written confirmation but has no agreement`);
    }
  }
  for (const [caseId, count] of byCase) {
    if (count > 1) add("agreements", `case ${caseId} has ${count} agreements`);
  }
  figures.push(["negotiations confirmed (confirm press answered 2xx)", confirmed.length]);
  figures.push(["… with exactly one agreement", exactlyOne]);
  figures.push(["agreements in Postgres", rows.reduce((s, r) => s + r.n, 0)]);
}

// ── Outbox ───────────────────────────────────────────────────────────────────────────────────

interface OutboxRow {
  id: string;
  caseId: string | null;
  kind: string;
  channel: string;
  status: string;
  lastError: string | null;
  notBefore: Date;
  sentAt: Date | null;
  claimedUntil: Date | null;
  payload: Record<string, unknown>;
  attempts: number;
  /** When the row's last change committed (for a sent row: its mark), by the database's clock. */
  committedAt: Date | null;
}

async function checkOutbox(
  { sql, redis, prefix }: CheckInputs,
  add: (check: string, detail: string) => void,
  figures: [string, string | number][],
): Promise<OutboxRow[]> {
  const rows = await sql<OutboxRow[]>`
    select id, case_id as "caseId", kind, channel, status, last_error as "lastError",
           not_before as "notBefore", sent_at as "sentAt", claimed_until as "claimedUntil",
           payload, attempts, pg_xact_commit_timestamp(xmin) as "committedAt"
    from outbox order by seq`;
  const now = wallNow();
  const counts = new Map<string, number>();
  const held: OutboxRow[] = [];
  for (const row of rows) {
    counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    if (row.status === "failed") {
      add("outbox", `row ${row.id} (${row.channel} ${row.kind}) failed: ${row.lastError}`);
    } else if (row.status === "cancelled" && !row.lastError?.startsWith("cancelled:")) {
      add("outbox", `row ${row.id} cancelled without a reason`);
    } else if (row.status === "pending") {
      if (row.notBefore.getTime() <= now) {
        add(
          "outbox",
          `row ${row.id} (${row.channel} ${row.kind}) still pending, due since ${row.notBefore.toISOString()}, claimed until ${row.claimedUntil?.toISOString() ?? "-"}, ${row.lastError ?? ""}`,
        );
      } else held.push(row);
    }
  }
  // A row held for later must have its job when its time is near (the reconciler's horizon).
  let heldWithJob = 0;
  for (const row of held) {
    if (row.notBefore.getTime() - now > TIMER_WINDOW_MS) continue;
    const lane = deliveryLane(row.channel, row.kind);
    if (lane === null) continue;
    const queue = new Queue(DELIVER_QUEUE_BY_CHANNEL[lane], { connection: redis, prefix });
    const job = await queue.getJob(jobId("send", row.id));
    const state = job ? await job.getState() : "missing";
    if (state === "delayed" || state === "waiting" || state === "active" || state === "prioritized")
      heldWithJob += 1;
    else add("outbox", `row ${row.id} due ${row.notBefore.toISOString()} has no job (${state})`);
  }
  const cancelledWhy = new Map<string, number>();
  for (const row of rows.filter((r) => r.status === "cancelled")) {
    const why = row.lastError ?? "?";
    cancelledWhy.set(why, (cancelledWhy.get(why) ?? 0) + 1);
  }
  figures.push(["outbox rows", rows.length]);
  figures.push(["… sent", counts.get("sent") ?? 0]);
  figures.push(["… cancelled (with a reason)", counts.get("cancelled") ?? 0]);
  for (const [why, n] of cancelledWhy) figures.push([`    ${why}`, n]);
  figures.push(["… held for later (quiet hours, not yet due)", held.length]);
  if (heldWithJob > 0)
    figures.push(["    of which due within 10 min, with their job", heldWithJob]);
  figures.push(["… failed", counts.get("failed") ?? 0]);
  figures.push([
    "… pending and due (undelivered)",
    rows.filter((r) => r.status === "pending" && r.notBefore.getTime() <= now).length,
  ]);
  return rows;
}

// ── What reached Telegram ────────────────────────────────────────────────────────────────────

/** The identity of a message as the platform saw it: chat, text, buttons (tokens are per card). */
function messageKey(chat: string, text: string, markup: unknown): string {
  const keyboard =
    (markup as { inline_keyboard?: { text?: string; callback_data?: string }[][] } | undefined)
      ?.inline_keyboard ?? [];
  const buttons = keyboard.flat().map((b) => `${b.text ?? ""}=${b.callback_data ?? ""}`);
  return `${chat}\u0000${text}\u0000${buttons.join("\u0001")}`;
}

function parsedMarkup(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

interface PlatformFacts {
  /** Successful sendMessage times by message key. */
  readonly sends: Map<string, number[]>;
  /** Outbox row id → its message key (Telegram cards). */
  readonly keyOfRow: Map<string, string>;
}

function checkPlatform(
  { calls, faults, kills }: CheckInputs,
  outbox: readonly OutboxRow[],
  add: (check: string, detail: string) => void,
  figures: [string, string | number][],
): PlatformFacts {
  const sends = new Map<string, number[]>();
  let sendCalls = 0;
  let rateLimited = 0;
  const methods = new Map<string, number>();
  for (const c of calls) {
    methods.set(`${c.method} ${c.status}`, (methods.get(`${c.method} ${c.status}`) ?? 0) + 1);
    if (c.method !== "sendMessage") continue;
    if (c.status === 429) rateLimited += 1;
    if (c.status !== 200) continue;
    sendCalls += 1;
    const key = messageKey(
      String(c.params.chat_id),
      String(c.params.text ?? ""),
      parsedMarkup(c.params.reply_markup),
    );
    sends.set(key, [...(sends.get(key) ?? []), c.at]);
  }
  const rowsByKey = new Map<string, OutboxRow[]>();
  const keyOfRow = new Map<string, string>();
  for (const row of outbox) {
    if (row.channel !== "telegram" || row.kind !== "send_card") continue;
    const card = outboundCardSchema.safeParse(row.payload.card);
    if (!card.success) continue;
    const { message } = renderCard(card.data);
    const key = messageKey(String(row.payload.address), message.text, message.reply_markup);
    keyOfRow.set(row.id, key);
    if (row.status !== "sent") continue;
    rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row]);
  }

  // The window of "Guarantees": from the platform taking a card to the commit marking it sent,
  // measured on every card sent once (Postgres commit timestamps against the fake's clock).
  const windows: number[] = [];
  for (const [key, rows] of rowsByKey) {
    const times = [...(sends.get(key) ?? [])].sort((a, b) => a - b);
    if (times.length !== rows.length) continue;
    // Rows with the same card text and no buttons pair with their sends in order.
    const marks = rows
      .map((r) => r.committedAt?.getTime())
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    marks.forEach((mark, i) => {
      const sent = times[i];
      if (sent !== undefined) windows.push(mark - sent);
    });
  }
  // A duplicate is the documented one when the sender may have died inside that window: a
  // process death (or a Postgres restart, which stalls the mark) after the first copy, no later
  // than the slowest mark this run saw.
  const window = Math.max(1_000, ...windows);
  const deaths = [
    ...kills,
    ...faults
      .filter((f) => f.kind === "pg-restart")
      .map((f) => ({ at: f.startedAt, what: "Postgres restart" })),
  ];
  let duplicates = 0;
  let explained = 0;
  const stories: string[] = [];
  for (const [key, times] of sends) {
    const rows = rowsByKey.get(key)?.length ?? 0;
    const chat = key.split("\u0000")[0];
    if (rows === 0) {
      // Sent, but no row says so: was it committed at all?
      const committed = [...keyOfRow.values()].includes(key);
      add(
        "platform",
        committed
          ? `a card to chat ${chat} reached Telegram ${times.length}× but its row is not marked sent`
          : `a message to chat ${chat} reached Telegram that no outbox row holds`,
      );
      continue;
    }
    const extra = times.length - rows;
    if (extra < 0) {
      add("platform", `chat ${chat}: ${rows} rows marked sent, ${times.length} reached Telegram`);
    }
    if (extra <= 0) continue;
    duplicates += extra;
    const sorted = [...times].sort((a, b) => a - b);
    const first = sorted[0] ?? 0;
    const second = sorted[1] ?? first;
    const cause = deaths.find(
      (d) => d.at >= first - 100 && d.at <= Math.min(first + window, second),
    );
    if (cause) {
      explained += 1;
      stories.push(
        `chat ${chat}: ${times.length} copies; ${cause.what} ${cause.at - first} ms after the first, the next ${((second - first) / 1000).toFixed(1)} s later`,
      );
    } else {
      add(
        "duplicates",
        `chat ${chat}: the same card reached Telegram ${times.length}× (${sorted.map((t) => new Date(t).toISOString().slice(11, 23)).join(", ")}) with no process death or Postgres restart within ${window} ms of the first`,
      );
    }
  }
  figures.push(["sendMessage accepted by the fake Telegram", sendCalls]);
  figures.push(["sendMessage refused 429 (rate limits)", rateLimited]);
  figures.push(["platform took a card → its row marked sent (p50 / p99 / max)", spread(windows)]);
  figures.push(["duplicates to Telegram (same card, same chat, again)", duplicates]);
  figures.push([
    "… with a process death / Postgres restart within that window of the first copy",
    `${explained} of ${duplicates}`,
  ]);
  for (const story of stories) figures.push(["    ", story]);
  const edits = [...methods].filter(([k]) => /^(editMessage\w+|answerCallbackQuery) 200$/.test(k));
  for (const [k, v] of edits) figures.push([`${k.replace(/ 200$/, "")} accepted`, v]);
  return { sends, keyOfRow };
}

// ── Quiet hours ──────────────────────────────────────────────────────────────────────────────

async function checkQuietHours(
  { sql, negotiations }: CheckInputs,
  outbox: readonly OutboxRow[],
  facts: PlatformFacts,
  add: (check: string, detail: string) => void,
  figures: [string, string | number][],
): Promise<void> {
  const contexts = await sql<
    { caseId: string; debtorZone: string; businessZone: string; policy: unknown }[]
  >`
    select c.id as "caseId", d.timezone as "debtorZone", b.timezone as "businessZone", b.policy
    from cases c join debtors d on d.id = c.debtor_id join businesses b on b.id = c.business_id`;
  const byCase = new Map(contexts.map((c) => [c.caseId, c]));
  const closedZones = new Set(negotiations.filter((n) => n.zoneClosed).map((n) => n.zone));
  let sentOpen = 0;
  let sentClosed = 0;
  let heldClosed = 0;
  let heldOpen = 0;
  for (const row of outbox) {
    if (row.kind !== "send_card" || row.payload.automated !== true || !row.caseId) continue;
    const ctx = byCase.get(row.caseId);
    if (!ctx) continue;
    const policy = policySchema.parse(ctx.policy);
    const window = {
      timezone: ctx.debtorZone || ctx.businessZone,
      sendWindow: policy.sendWindow,
      allowedWeekdays: policy.allowedWeekdays,
    };
    const closedZone = closedZones.has(ctx.debtorZone);
    if (row.status === "pending") {
      if (closedZone) heldClosed += 1;
      else heldOpen += 1;
      // Held for quiet hours: the window must indeed be closed now, and the row due when it opens.
      if (row.lastError === "postponed: quiet_hours") {
        const now = wallDate();
        const opens = nextAllowedInstant(now, window);
        if (opens.getTime() === now.getTime()) {
          add(
            "quiet hours",
            `row ${row.id} held for quiet hours while ${window.timezone} is inside its window`,
          );
        } else if (row.notBefore.getTime() !== opens.getTime()) {
          add(
            "quiet hours",
            `row ${row.id} held until ${row.notBefore.toISOString()}, the window opens ${opens.toISOString()}`,
          );
        }
      }
      continue;
    }
    if (row.status !== "sent") continue;
    // When it reached the debtor: every copy Telegram took, or the web chat's record.
    const key = facts.keyOfRow.get(row.id);
    const times =
      row.channel === "telegram" && key
        ? (facts.sends.get(key) ?? [])
        : row.sentAt
          ? [row.sentAt.getTime()]
          : [];
    for (const t of times) {
      const at = new Date(t);
      if (nextAllowedInstant(at, window).getTime() !== at.getTime()) {
        add(
          "quiet hours",
          `automated ${String(row.payload.messageKind)} (${row.channel}) reached the debtor at ${at.toISOString()}, outside ${window.sendWindow.from}–${window.sendWindow.to} in ${window.timezone}`,
        );
      }
    }
    if (closedZone) sentClosed += 1;
    else sentOpen += 1;
  }
  figures.push(["automated messages sent, debtors inside their send window", sentOpen]);
  figures.push(["automated messages sent, debtors in quiet hours", sentClosed]);
  figures.push(["automated messages held for quiet hours (debtors in quiet hours)", heldClosed]);
  if (heldOpen > 0)
    figures.push(["automated messages held, debtors inside their window", heldOpen]);
  if (sentOpen === 0 || heldClosed === 0) {
    add(
      "quiet hours",
      `the check saw nothing to judge: ${sentOpen} automated sends inside a window, ${heldClosed} held outside one`,
    );
  }
}

// ── Timers ───────────────────────────────────────────────────────────────────────────────────

async function checkTimers(
  { sql, redis, prefix }: CheckInputs,
  add: (check: string, detail: string) => void,
  figures: [string, string | number][],
): Promise<void> {
  const rows = await sql<
    { id: string; kind: string; status: string; dueAt: Date; enqueuedAt: Date | null }[]
  >`select id, kind, status, due_at as "dueAt", enqueued_at as "enqueuedAt" from timers`;
  const now = wallNow();
  const queue = new Queue(QUEUES.timers, { connection: redis, prefix });
  let fired = 0;
  let cancelled = 0;
  let withJob = 0;
  let beyond = 0;
  for (const t of rows) {
    if (t.status === "fired") fired += 1;
    else if (t.status === "cancelled") cancelled += 1;
    if (t.status !== "pending") continue;
    const due = t.dueAt.getTime();
    if (due <= now) {
      add("timers", `${t.kind} timer ${t.id} due ${t.dueAt.toISOString()} never fired`);
      continue;
    }
    if (due - now > TIMER_WINDOW_MS) {
      beyond += 1;
      continue;
    }
    const job = await queue.getJob(jobId("timer", t.id));
    const state = job ? await job.getState() : "missing";
    if (state === "delayed" || state === "waiting" || state === "active" || state === "prioritized")
      withJob += 1;
    else
      add("timers", `${t.kind} timer ${t.id} due ${t.dueAt.toISOString()} has no job (${state})`);
  }
  figures.push(["timers", rows.length]);
  figures.push(["… fired", fired]);
  figures.push(["… cancelled", cancelled]);
  figures.push(["… pending, due within 10 min, with their BullMQ job", withJob]);
  figures.push(["… pending beyond the loader's 10-min window (in Postgres)", beyond]);
}

function spread(ms: readonly number[]): string {
  if (ms.length === 0) return "-";
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return `${Math.round(at(0.5))} ms / ${Math.round(at(0.99))} ms / ${Math.round(sorted.at(-1) ?? 0)} ms (${ms.length} cards)`;
}
