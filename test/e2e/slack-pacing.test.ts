import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, debtorChannels, outbox } from "../../db/schema.ts";
import { handleEvent } from "../../src/runtime/handle-event.ts";
import type { RecordedCall } from "../fakes/fake-http-server.ts";
import { FakeSlack } from "../fakes/slack-web-api.ts";
import { FakeTelegram } from "../fakes/telegram-bot-api.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { eventually, startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * Slack's pace, with the fake's real limits on: chat.postMessage allows about one message per
 * second in a channel (the fake: at most 5 in any 5 s, its documented "short bursts allowed"), the
 * other methods their per-minute tiers, and a 429 carries Retry-After. The service runs with its
 * production Slack rates (one message per second per channel) and gets a burst of approval
 * requests for one business at once: none is lost or sent twice, each channel is paced, a 429 is
 * retried once after its Retry-After, and another channel is not held up by the first's queue.
 *
 * The pace is real time: the send gate counts on Redis's clock (jobs/send-rate.ts) and BullMQ's
 * delays are real milliseconds, so the fake measures its windows on real time too (`Date.now`,
 * as in telegram-rate-limits.test.ts). The service's own clock is the test clock.
 */

/** Approval requests for the busy channel, at once: about BURST seconds at Slack's pace. */
const BURST = 6;
const clock = new TestClock("2026-11-23T09:00:00Z");
const OWNER = "U0OWNER001";
const BUSY = "C0PACEBUSY";
const QUIET = "C0PACEQUIET";
const slack = new FakeSlack({
  // Real time: the limits and the call log are about when requests actually arrive.
  now: Date.now,
  users: [{ id: OWNER, name: "owner", tz: "Europe/Paris" }],
  channels: [
    { id: BUSY, name: "busy", members: [OWNER] },
    { id: QUIET, name: "quiet", members: [OWNER] },
  ],
  // rateLimits left to the fake's defaults: Slack's tiers, on.
});
// The debtors are on Telegram (the bot can reach them: no "unreachable" notice for the owner).
const telegram = new FakeTelegram({ now: clock.millis, rateLimits: false });
let svc: TestService;
let chatSeq = 6_400_000;

/** At most 6 monthly installments: 150 € a month on 1,200 € needs the owner. */
const POLICY = {
  installments: {
    maxCount: 6,
    downPaymentAboveCount: 10,
    frequencies: ["monthly"],
    minInstallmentMinor: 5_000,
    maxPlanDays: 180,
    minDownPaymentPercent: 20,
  },
};

beforeAll(async () => {
  await Promise.all([slack.start(), telegram.start()]);
  svc = await startTestService({
    clock,
    telegramApiRoot: telegram.url,
    telegramToken: telegram.token,
    slackApiUrl: `${slack.url}/api/`,
    slackToken: slack.token,
    // No worker rates given: the production Slack rates (DEFAULT_RATES.slack).
  });
});

afterAll(async () => {
  await svc?.stop();
  await Promise.all([slack.stop(), telegram.stop()]);
});

/** A case of the business whose debtor's Telegram chat is bound (and welcomed). */
async function givenBoundCase(businessId: string): Promise<string> {
  const invoice = await givenInvoice(svc.db.db, businessId, {}, clock.now());
  const [row] = await svc.db.db.select().from(cases).where(eq(cases.id, invoice.caseId));
  if (!row) throw new Error("no case");
  chatSeq += 1;
  const chat = String(chatSeq);
  telegram.addChat(chatSeq);
  await svc.db.db
    .insert(debtorChannels)
    .values({ debtorId: row.debtorId, channel: "telegram", address: chat });
  await handleEvent(svc.runtime, {
    caseId: invoice.caseId,
    event: { type: "channel_bound", channel: "telegram" },
    source: { channel: "telegram", externalId: randomUUID() },
    actor: "debtor:telegram",
    replyTo: { channel: "telegram", address: chat },
  });
  return invoice.caseId;
}

const postsTo = (channel: string) =>
  slack.calls.filter((c) => c.method === "chat.postMessage" && c.params.channel === channel);
const accepted = (calls: RecordedCall[]) => calls.filter((c) => c.status === 200);

describe("Slack's pace with its rate limits on", () => {
  it("a burst of approval requests to one channel: each posted once, a second apart; a 429 waits its Retry-After; another channel is not held up", async () => {
    const busy = await givenBusiness(svc.db.db, {
      policy: POLICY,
      slack: { channelId: BUSY, approverIds: [OWNER] },
    });
    const quiet = await givenBusiness(svc.db.db, {
      policy: POLICY,
      slack: { channelId: QUIET, approverIds: [OWNER] },
    });
    const busyCases = await Promise.all(
      Array.from({ length: BURST }, () => givenBoundCase(busy.id)),
    );
    const quietCase = await givenBoundCase(quiet.id);
    const callsBefore = slack.calls.length;

    // Slack refuses the first post of the burst once, asking for two seconds.
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 2 });
    const propose = (caseId: string) =>
      handleEvent(svc.runtime, {
        caseId,
        event: {
          type: "debtor_action",
          action: { type: "propose", proposal: { amountPerPeriodMinor: 15_000, period: "month" } },
        },
        source: { channel: "telegram", externalId: randomUUID() },
        actor: "debtor:telegram",
      });
    // All at once: the requests for the busy channel, then one for the quiet one.
    const outcomes = await Promise.all(busyCases.map(propose));
    expect(outcomes.map((o) => o.outcome === "applied" && o.status)).toEqual(
      Array(BURST).fill("awaiting_owner"),
    );
    expect(await propose(quietCase)).toMatchObject({ status: "awaiting_owner" });

    const allCases = [...busyCases, quietCase];
    const ownerRows = async () =>
      svc.db.db
        .select()
        .from(outbox)
        .where(and(inArray(outbox.caseId, allCases), eq(outbox.kind, "owner_message")));

    const rows = await eventually(
      async () => {
        const now = await ownerRows();
        return now.length > 0 && now.every((r) => r.status !== "pending") ? now : null;
      },
      { timeoutMs: 25_000, what: "every approval request posted" },
    );

    // None lost, none twice: each row was posted once, and the channels show exactly those.
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    const busyRows = rows.filter((r) => busyCases.includes(r.caseId ?? ""));
    expect(busyRows.map((r) => (r.payload as { messageKind?: string }).messageKind)).toEqual(
      Array(BURST).fill("approval_request"),
    );
    const shown = (channel: string) =>
      slack
        .messages(channel)
        .filter((m) => m.fromBot)
        .map((m) => m.ts)
        .sort();
    expect(shown(BUSY)).toEqual(busyRows.map((r) => r.externalId).sort());
    expect(shown(QUIET)).toEqual(
      rows
        .filter((r) => r.caseId === quietCase)
        .map((r) => r.externalId)
        .sort(),
    );

    const calls = slack.calls.slice(callsBefore);

    const busyPosts = postsTo(BUSY).filter((c) => calls.includes(c));
    const busyAccepted = accepted(busyPosts);
    expect(busyAccepted).toHaveLength(busyRows.length);
    // The pace: the send gate spaces the posts to one channel a second apart; each request then
    // reaches Slack a little later, by how long its HTTP call took to leave (up to a few hundred
    // ms on a loaded machine), so a gap may shrink by that much — never to a burst — and the
    // whole run is as long as the pace says.
    const at = busyAccepted.map((c) => c.at);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(500);
    expect((at.at(-1) ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual((at.length - 1) * 1_000 - 500);

    // Every 429 — the injected one (Retry-After: 2), and any the pace did not avoid (the fake's
    // window asks for at least 1 s) — was retried once its Retry-After had passed, and the same
    // message then went exactly once.
    const refused = calls.filter((c) => c.method === "chat.postMessage" && c.status === 429);
    const [injected] = refused;
    expect(injected?.params.channel).toBe(BUSY);
    for (const refusal of refused) {
      const again = accepted(calls).filter(
        (c) => c.method === "chat.postMessage" && c.params.text === refusal.params.text,
      );
      expect(again).toHaveLength(1);
      const retryAfterMs = refusal === injected ? 2_000 : 1_000;
      expect((again[0]?.at ?? 0) - refusal.at).toBeGreaterThanOrEqual(retryAfterMs);
    }

    // The quiet channel's request did not wait behind the busy channel's queue.
    const quietPost = accepted(postsTo(QUIET).filter((c) => calls.includes(c)));
    expect(quietPost).toHaveLength(1);
    expect(quietPost[0]?.at ?? 0).toBeLessThan(busyAccepted.at(-1)?.at ?? 0);
  });
});
