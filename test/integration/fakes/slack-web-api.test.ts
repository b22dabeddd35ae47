import type { AddressInfo } from "node:net";
import { App, LogLevel, verifySlackRequest } from "@slack/bolt";
import { ErrorCode, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../fakes/manual-clock.ts";
import {
  blockActionsPayload,
  eventCallbackBody,
  postSignedToApp,
  signSlackRequest,
  slashCommandBody,
  urlVerificationBody,
  viewSubmissionPayload,
} from "../../fakes/slack-signing.ts";
import { FakeSlack } from "../../fakes/slack-web-api.ts";

const CHANNEL = "C0APPROVAL";
const OWNER = "U0OWNER001";

let clock: ManualClock;
let fake: FakeSlack;
let client: WebClient;

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const button = (actionId: string, text = "Approve", value = "v") => ({
  type: "button",
  action_id: actionId,
  text: { type: "plain_text", text },
  value,
});
const approvalBlocks = [
  section("Camille asks for 3 installments"),
  {
    type: "actions",
    block_id: "decision",
    elements: [button("approve"), button("reject", "Reject")],
  },
];
const modal = (title = "Counter-offer") => ({
  type: "modal",
  callback_id: "counter",
  title: { type: "plain_text", text: title },
  submit: { type: "plain_text", text: "Send" },
  blocks: [section("Propose another plan")],
});

beforeEach(async () => {
  clock = new ManualClock();
  fake = new FakeSlack({ now: clock.now });
  const { url } = await fake.start();
  client = new WebClient(fake.token, {
    slackApiUrl: `${url}/api/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
});

afterEach(async () => {
  await fake.stop();
});

/** The Slack error code a call failed with (`invalid_auth`, `ratelimited`, …). */
async function platformError(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (typeof error !== "object" || error === null || !("data" in error)) {
    throw new Error(`expected a platform error, got ${String(error)}`);
  }
  return error.data as Record<string, unknown>;
}

describe("FakeSlack through WebClient", () => {
  it("identifies the bot on auth.test", async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: "T0RELANCE1", user_id: fake.botUserId });
    expect(fake.calls[0]?.method).toBe("auth.test");
  });

  it("refuses a wrong token with invalid_auth", async () => {
    const other = new WebClient("xoxb-wrong", {
      slackApiUrl: `${fake.url}/api/`,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    expect((await platformError(other.auth.test())).error).toBe("invalid_auth");
  });

  it("posts a Block Kit message and keeps it in the channel's history", async () => {
    const first = await client.chat.postMessage({
      channel: CHANNEL,
      text: "Approval needed",
      blocks: approvalBlocks,
    });
    expect(first).toMatchObject({
      ok: true,
      channel: CHANNEL,
      message: { text: "Approval needed" },
    });
    const second = await client.chat.postMessage({ channel: CHANNEL, text: "Another" });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.messages(CHANNEL).map((m) => m.text)).toEqual(["Approval needed", "Another"]);
    expect(fake.message(CHANNEL, first.ts ?? "")?.blocks).toEqual(approvalBlocks);
  });

  it("replaces a message on chat.update and keeps blocks when none are sent", async () => {
    const posted = await client.chat.postMessage({
      channel: CHANNEL,
      text: "Pending",
      blocks: approvalBlocks,
    });
    const ts = posted.ts ?? "";
    await client.chat.update({
      channel: CHANNEL,
      ts,
      text: "Approved by owner",
      blocks: [section("Approved")],
    });
    expect(fake.message(CHANNEL, ts)).toMatchObject({
      text: "Approved by owner",
      blocks: [section("Approved")],
      edited: true,
    });
    await client.chat.update({ channel: CHANNEL, ts, text: "Approved (final)" });
    expect(fake.message(CHANNEL, ts)?.blocks).toEqual([section("Approved")]);
    const missing = await platformError(
      client.chat.update({ channel: CHANNEL, ts: "1.000001", text: "x" }),
    );
    expect(missing.error).toBe("message_not_found");
  });

  it("answers channel_not_found for an unknown channel", async () => {
    const error = await platformError(client.chat.postMessage({ channel: "C0NOPE", text: "x" }));
    expect(error.error).toBe("channel_not_found");
  });

  it("enforces Block Kit limits with Slack's invalid_blocks and JSON pointers", async () => {
    const cases: [unknown[], string][] = [
      [
        [section("a".repeat(3001))],
        "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
      ],
      [
        Array.from({ length: 51 }, () => ({ type: "divider" })),
        "no more than 50 items allowed [json-pointer:/blocks]",
      ],
      [
        [{ type: "actions", elements: [button("a", "b".repeat(76))] }],
        "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
      ],
      [
        [{ type: "actions", elements: [button("a".repeat(256))] }],
        "must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]",
      ],
      [
        [{ type: "actions", elements: [button("a", "ok", "v".repeat(2001))] }],
        "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]",
      ],
      [
        [{ type: "actions", elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }],
        "no more than 25 items allowed [json-pointer:/blocks/0/elements]",
      ],
    ];
    for (const [blocks, message] of cases) {
      // Slack counts rejected calls against the channel's rate limit too.
      clock.advance(5000);
      const error = await platformError(
        client.chat.postMessage({ channel: CHANNEL, text: "x", blocks: blocks as never }),
      );
      expect(error.error).toBe("invalid_blocks");
      expect(error.errors).toContain(message);
    }
    // Exactly at the limits is fine.
    await expect(
      client.chat.postMessage({
        channel: CHANNEL,
        text: "x",
        blocks: [
          section("a".repeat(3000)),
          {
            type: "actions",
            elements: [button("a".repeat(255), "b".repeat(75), "v".repeat(2000))],
          },
        ] as never,
      }),
    ).resolves.toMatchObject({ ok: true });
    expect(fake.messages(CHANNEL)).toHaveLength(1);
  });

  it("accepts JSON bodies as well as form bodies", async () => {
    const response = await fetch(`${fake.url}/api/chat.postMessage`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        authorization: `Bearer ${fake.token}`,
      },
      body: JSON.stringify({ channel: CHANNEL, text: "json", blocks: approvalBlocks }),
    });
    expect(await response.json()).toMatchObject({ ok: true });
    expect(fake.messages(CHANNEL)[0]?.blocks).toEqual(approvalBlocks);
  });

  it("posts ephemeral messages only to members of the channel", async () => {
    const ephemeral = await client.chat.postEphemeral({
      channel: CHANNEL,
      user: OWNER,
      text: "Only you",
    });
    expect(ephemeral.message_ts).toEqual(expect.any(String));
    expect(fake.ephemerals(CHANNEL)).toEqual([
      expect.objectContaining({ user: OWNER, text: "Only you" }),
    ]);
    fake.addUser({ id: "U0OTHER001", name: "other" });
    const error = await platformError(
      client.chat.postEphemeral({ channel: CHANNEL, user: "U0OTHER001", text: "x" }),
    );
    expect(error.error).toBe("user_not_in_channel");
  });

  it("opens a modal only with a fresh, unused trigger_id", async () => {
    const trigger = fake.issueTriggerId(OWNER);
    const opened = await client.views.open({ trigger_id: trigger, view: modal() as never });
    const viewId = opened.view?.id ?? "";
    expect(viewId).toMatch(/^V/);
    expect(fake.view(viewId)?.view).toMatchObject({ callback_id: "counter" });
    expect(
      (await platformError(client.views.open({ trigger_id: trigger, view: modal() as never })))
        .error,
    ).toBe("exchanged_trigger_id");
    const stale = fake.issueTriggerId(OWNER);
    clock.advance(3001);
    expect(
      (await platformError(client.views.open({ trigger_id: stale, view: modal() as never }))).error,
    ).toBe("expired_trigger_id");
    expect(
      (await platformError(client.views.open({ trigger_id: "1.2.3", view: modal() as never })))
        .error,
    ).toBe("invalid_trigger_id");
    const tooLongTitle = await platformError(
      client.views.open({
        trigger_id: fake.issueTriggerId(),
        view: modal("t".repeat(25)) as never,
      }),
    );
    expect(tooLongTitle.error).toBe("invalid_arguments");
  });

  it("updates a modal and refuses a stale hash", async () => {
    const opened = await client.views.open({
      trigger_id: fake.issueTriggerId(),
      view: modal() as never,
    });
    const id = opened.view?.id ?? "";
    const hash = opened.view?.hash ?? "";
    const updated = await client.views.update({
      view_id: id,
      hash,
      view: modal("Updated") as never,
    });
    expect(updated.view?.hash).not.toBe(hash);
    expect(fake.view(id)?.history).toHaveLength(2);
    const conflict = await platformError(
      client.views.update({ view_id: id, hash, view: modal() as never }),
    );
    expect(conflict.error).toBe("hash_conflict");
  });

  it("describes users and channels, and opens a DM when posting to a user", async () => {
    expect((await client.users.info({ user: OWNER })).user).toMatchObject({
      id: OWNER,
      tz: "Europe/Paris",
    });
    expect((await platformError(client.users.info({ user: "U0NOBODY" }))).error).toBe(
      "user_not_found",
    );
    expect((await client.conversations.info({ channel: CHANNEL })).channel).toMatchObject({
      name: "approvals",
    });
    const dm = await client.chat.postMessage({ channel: OWNER, text: "Hello owner" });
    expect(dm.channel).toBe(fake.imChannel(OWNER));
    expect(fake.messages(OWNER).map((m) => m.text)).toEqual(["Hello owner"]);
  });

  it("rate limits chat.postMessage per channel with 429 and Retry-After", async () => {
    for (let i = 0; i < 5; i++) await client.chat.postMessage({ channel: CHANNEL, text: `m${i}` });
    const error = await client.chat
      .postMessage({ channel: CHANNEL, text: "too fast" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 5 });
    expect(fake.calls.at(-1)?.status).toBe(429);
    clock.advance(5000);
    await expect(
      client.chat.postMessage({ channel: CHANNEL, text: "later" }),
    ).resolves.toMatchObject({ ok: true });
  });

  it("injects 5xx and 429 failures", async () => {
    fake.failNext("chat.postMessage", { status: 503 });
    const http = await client.chat
      .postMessage({ channel: CHANNEL, text: "x" })
      .catch((e: unknown) => e);
    expect(http).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    fake.failNext("*", { status: 429, retryAfter: 30 });
    const limited = await client.auth.test().catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 30 });
    fake.failNext("chat.postMessage", { status: 200, body: { ok: false, error: "fatal_error" } });
    expect(
      (await platformError(client.chat.postMessage({ channel: CHANNEL, text: "x" }))).error,
    ).toBe("fatal_error");
    await expect(client.chat.postMessage({ channel: CHANNEL, text: "x" })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("serves response_url: replace_original edits the message, at most 5 uses", async () => {
    const posted = await client.chat.postMessage({
      channel: CHANNEL,
      text: "Pending",
      blocks: approvalBlocks,
    });
    const press = fake.pressButton(CHANNEL, posted.ts ?? "", "approve");
    expect(press).toMatchObject({
      actionId: "approve",
      blockId: "decision",
      value: "v",
      text: "Approve",
    });
    const post = (body: unknown) =>
      fetch(press.responseUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ replace_original: true, text: "Approved" })).status).toBe(200);
    expect(fake.message(CHANNEL, press.messageTs)).toMatchObject({ text: "Approved", blocks: [] });
    for (let i = 0; i < 4; i++) await post({ text: "ephemeral" });
    expect((await post({ text: "sixth" })).status).toBe(404);
    expect(() => fake.pressButton(CHANNEL, press.messageTs, "approve")).toThrow(/shows no button/);
  });
});

describe("Slack request signing and payloads", () => {
  it("signs exactly as Bolt verifies", () => {
    const body = urlVerificationBody("challenge-1").body;
    const signed = signSlackRequest(body, "signing-secret", 1_700_000_000);
    expect(signed["x-slack-signature"]).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(signed["x-slack-request-timestamp"]).toBe("1700000000");
    // Bolt's verifier types the timestamp header as a number.
    const headers = {
      "x-slack-signature": signed["x-slack-signature"],
      "x-slack-request-timestamp": Number(signed["x-slack-request-timestamp"]),
    };
    expect(() =>
      verifySlackRequest({
        signingSecret: "signing-secret",
        body,
        headers,
        nowMilliseconds: 1_700_000_000_000,
      }),
    ).not.toThrow();
    expect(() =>
      verifySlackRequest({
        signingSecret: "other",
        body,
        headers,
        nowMilliseconds: 1_700_000_000_000,
      }),
    ).toThrow();
  });

  it("builds bodies a real Bolt app routes to its handlers", async () => {
    const secret = "bolt-signing-secret";
    const seen: string[] = [];
    const app = new App({
      token: fake.token,
      signingSecret: secret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: `${fake.url}/api/`, retryConfig: { retries: 0 } },
    });
    app.action("approve", async ({ ack, body, action, client: boltClient, respond }) => {
      await ack();
      seen.push(`action:${"value" in action ? action.value : ""}:${body.user.id}`);
      await boltClient.chat.postMessage({ channel: CHANNEL, text: "Approved via Bolt" });
      await respond({ replace_original: true, text: "Done" });
    });
    app.view("counter", async ({ ack, view }) => {
      await ack();
      seen.push(`view:${view.state.values.amount?.amount_input?.value ?? ""}`);
    });
    app.command("/relance", async ({ ack, command }) => {
      await ack();
      seen.push(`command:${command.text}`);
    });
    app.event("app_mention", async ({ event }) => {
      seen.push(`event:${event.text}`);
    });
    const server = (await app.start(0)) as unknown as { address(): AddressInfo };
    const endpoint = `http://127.0.0.1:${server.address().port}/slack/events`;
    try {
      const posted = await client.chat.postMessage({
        channel: CHANNEL,
        text: "Pending",
        blocks: approvalBlocks,
      });
      const press = fake.pressButton(CHANNEL, posted.ts ?? "", "approve");
      // Bolt checks the timestamp against the wall clock, so sign with it here.
      const sign = { secret, timestampSeconds: Math.floor(Date.now() / 1000) };
      expect((await postSignedToApp(endpoint, blockActionsPayload(press), sign)).status).toBe(200);
      const submission = viewSubmissionPayload({
        user: { id: OWNER },
        viewId: "V0TEST",
        callbackId: "counter",
        values: { amount: { amount_input: { type: "plain_text_input", value: "120" } } },
      });
      expect((await postSignedToApp(endpoint, submission, sign)).status).toBe(200);
      const command = slashCommandBody({
        command: "/relance",
        text: "status INV-1",
        user_id: OWNER,
        channel_id: CHANNEL,
        trigger_id: fake.issueTriggerId(),
      });
      expect((await postSignedToApp(endpoint, command, sign)).status).toBe(200);
      const event = eventCallbackBody({
        event: {
          type: "app_mention",
          user: OWNER,
          text: "hello",
          ts: "1.000001",
          channel: CHANNEL,
          event_ts: "1.000001",
        },
      });
      expect((await postSignedToApp(endpoint, event, sign)).status).toBe(200);
      const challenge = await postSignedToApp(endpoint, urlVerificationBody("xyz"), sign);
      expect(challenge.body).toContain("xyz");
      const forged = await postSignedToApp(endpoint, blockActionsPayload(press), {
        ...sign,
        secret: "wrong",
      });
      expect(forged.status).toBe(401);

      await expect.poll(() => seen.length).toBe(4);
      expect(seen).toEqual([
        "action:v:U0OWNER001",
        "view:120",
        "command:status INV-1",
        "event:hello",
      ]);
      await expect.poll(() => fake.message(CHANNEL, press.messageTs)?.text).toBe("Done");
      expect(fake.messages(CHANNEL).map((m) => m.text)).toContain("Approved via Bolt");
    } finally {
      await app.stop();
    }
  });
});
