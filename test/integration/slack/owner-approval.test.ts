import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements } from "../../../db/schema.ts";
import {
  caseState,
  click,
  clickBody,
  debtorEvent,
  deliver,
  givenCaseAwaitingOwner,
  type Harness,
  INTRUDER,
  OWNER,
  OWNER_2,
  outboxOf,
  post,
  requestMessage,
  slackInbound,
  startHarness,
  submitCounter,
} from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  // Nothing along the way failed loudly (Bolt, listeners, deliveries).
  expect(h.log.lines.filter((l) => l.level === "error")).toEqual([]);
  await h.close();
});

const textOf = (blocks: readonly unknown[]) => JSON.stringify(blocks);
const hasButtons = (blocks: readonly unknown[]) =>
  blocks.some((b) => (b as { type?: string }).type === "actions");

describe("an approval request in the owner's channel", () => {
  it("shows the debtor, invoice, amount due, reason, proposal and the policy limit exceeded, with three buttons", async () => {
    const given = await givenCaseAwaitingOwner(h, { locale: "en" });
    const outcomes = await deliver(h);
    expect(outcomes.some((o) => o.kind === "sent")).toBe(true);
    const message = requestMessage(h, given);
    const text = textOf(message.blocks);
    expect(text).toContain("Camille Martin");
    expect(text).toContain(given.invoiceNumber);
    expect(text).toContain("€1,200.00");
    const actions = message.blocks.find((b) => (b as { type?: string }).type === "actions") as {
      elements: { action_id: string; text: { text: string } }[];
    };
    expect(actions.elements.map((e) => [e.action_id, e.text.text])).toEqual([
      ["approve", "Approve"],
      ["decline", "Decline"],
      ["counter", "Counter…"],
    ]);
    expect(text).toContain("€150.00 per month");
    // Which policy limit is exceeded, and by how much.
    expect(text).toContain("Number of instalments: 8 (maximum 6)");
  });
});

describe("approving", () => {
  it("updates the request with who approved and when, asks the debtor to confirm, and records the approver in the agreement", async () => {
    const given = await givenCaseAwaitingOwner(h);
    await deliver(h);
    const ts = requestMessage(h, given).ts;

    const res = await click(h, given, "approve");
    expect(res.status).toBe(200);
    await deliver(h);

    const updated = h.fake.message(given.channel, ts);
    expect(updated?.edited).toBe(true);
    expect(hasButtons(updated?.blocks ?? [])).toBe(false);
    expect(textOf(updated?.blocks ?? [])).toContain(`Approuvé par <@${OWNER}>`);
    // The facts stay visible above the decision.
    expect(textOf(updated?.blocks ?? [])).toContain(given.invoiceNumber);

    const state = await caseState(h, given.caseId);
    expect(state.status).toBe("awaiting_confirmation");
    const rows = await outboxOf(h, given.caseId);
    const confirm = rows.find(
      (r) => (r.payload as { messageKind?: string }).messageKind === "confirm_terms",
    );
    expect(confirm?.channel).toBe("telegram");

    // The debtor confirms the exact terms: the agreement carries the approver's Slack id.
    if (state.status !== "awaiting_confirmation") throw new Error("not awaiting confirmation");
    await debtorEvent(h, given.caseId, {
      type: "debtor_action",
      action: { type: "confirm", offerId: state.pendingOfferId },
    });
    const [agreement] = await h.conn.db
      .select()
      .from(agreements)
      .where(eq(agreements.caseId, given.caseId));
    expect(agreement?.approvedBy).toBe(OWNER);
    expect((await caseState(h, given.caseId)).status).toBe("agreed");
  });

  it("a double click gives exactly one decision", async () => {
    const given = await givenCaseAwaitingOwner(h);
    await deliver(h);
    const before = await caseState(h, given.caseId);
    const body = clickBody(h, given, "approve");
    const [a, b] = await Promise.all([post(h, body), post(h, body)]);
    await h.slack.idle();
    expect([a.status, b.status]).toEqual([200, 200]);
    const after = await caseState(h, given.caseId);
    expect(after.version).toBe(before.version + 1);
    expect(after.status).toBe("awaiting_confirmation");
    const updates = (await outboxOf(h, given.caseId)).filter((r) => r.kind === "owner_update");
    expect(updates).toHaveLength(1);
  });

  it("two approvers pressing different buttons at once: the first decides, the second is told privately", async () => {
    const given = await givenCaseAwaitingOwner(h, { locale: "en" });
    await deliver(h);
    const before = await caseState(h, given.caseId);
    const approve = clickBody(h, given, "approve", OWNER);
    const decline = clickBody(h, given, "decline", OWNER_2);
    await Promise.all([post(h, approve), post(h, decline)]);
    await h.slack.idle();
    await deliver(h);
    const after = await caseState(h, given.caseId);
    expect(after.version).toBe(before.version + 1);
    const updates = (await outboxOf(h, given.caseId)).filter((r) => r.kind === "owner_update");
    expect(updates).toHaveLength(1);
    const ephemerals = h.fake.ephemerals(given.channel);
    expect(ephemerals).toHaveLength(1);
    expect(ephemerals[0]?.text).toContain("already been answered");
  });

  it("a click by someone who is not an approver changes nothing and is refused privately", async () => {
    const given = await givenCaseAwaitingOwner(h, { locale: "en" });
    await deliver(h);
    const before = await caseState(h, given.caseId);
    const rowsBefore = await outboxOf(h, given.caseId);
    const ts = requestMessage(h, given).ts;

    const res = await click(h, given, "approve", INTRUDER);
    expect(res.status).toBe(200);
    await deliver(h);

    const after = await caseState(h, given.caseId);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe("awaiting_owner");
    expect(await outboxOf(h, given.caseId)).toHaveLength(rowsBefore.length);
    expect(await slackInbound(h, ts)).toHaveLength(0);
    expect(h.fake.message(given.channel, ts)?.edited).toBe(false);
    const [refusal] = h.fake.ephemerals(given.channel);
    expect(refusal?.user).toBe(INTRUDER);
    expect(refusal?.text).toContain("Only this business's approvers");

    // The counter button too: no modal opens for them.
    const viewsBefore = h.fake.views().length;
    await click(h, given, "counter", INTRUDER);
    expect(h.fake.views()).toHaveLength(viewsBefore);
    expect(h.fake.ephemerals(given.channel)).toHaveLength(2);
  });

  it("an approval whose invoice was paid meanwhile is refused and the message says why", async () => {
    const given = await givenCaseAwaitingOwner(h, { locale: "en" });
    await deliver(h);
    const ts = requestMessage(h, given).ts;
    const paid = await debtorEvent(h, given.caseId, {
      type: "payment_received",
      amountMinor: 120_000,
      reference: "VIR-1",
      receivedAt: h.clock.now().toISOString(),
    });
    expect(paid.outcome).toBe("applied");
    expect((await caseState(h, given.caseId)).status).toBe("paid");

    await click(h, given, "approve");
    await deliver(h);
    expect((await caseState(h, given.caseId)).status).toBe("paid");
    const updated = h.fake.message(given.channel, ts);
    expect(textOf(updated?.blocks ?? [])).toContain("the invoice was paid in the meantime");
    expect(hasButtons(updated?.blocks ?? [])).toBe(false);
    expect(h.fake.ephemerals(given.channel)[0]?.text).toContain("paid in the meantime");
  });
});

describe("declining", () => {
  it("updates the request and sends the debtor back to the in-policy options", async () => {
    const given = await givenCaseAwaitingOwner(h);
    await deliver(h);
    const ts = requestMessage(h, given).ts;
    await click(h, given, "decline");
    await deliver(h);
    expect(textOf(h.fake.message(given.channel, ts)?.blocks ?? [])).toContain(
      `Refusé par <@${OWNER}>`,
    );
    const state = await caseState(h, given.caseId);
    expect(state.status).toBe("offering");
    const rows = await outboxOf(h, given.caseId);
    expect(
      rows.some((r) => (r.payload as { messageKind?: string }).messageKind === "owner_declined"),
    ).toBe(true);
  });
});

describe("countering", () => {
  it("opens a modal, refuses invalid terms in place, then sends valid terms to the debtor for confirmation", async () => {
    const given = await givenCaseAwaitingOwner(h, { locale: "en" });
    await deliver(h);
    const ts = requestMessage(h, given).ts;
    const viewsBefore = h.fake.views().length;
    await click(h, given, "counter");
    const views = h.fake.views();
    expect(views).toHaveLength(viewsBefore + 1);
    const view = views.at(-1);
    if (!view) throw new Error("no modal");
    expect(textOf([view.view])).toContain("€1,200.00");

    const before = await caseState(h, given.caseId);
    const invalid = await post(
      h,
      submitCounter(h, view.id, OWNER, { count: "1", first_date: "2026-12-01" }),
    );
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toEqual({
      response_action: "errors",
      errors: { count: "Enter a whole number between 2 and 60." },
    });
    await h.slack.idle();
    expect((await caseState(h, given.caseId)).version).toBe(before.version);

    const valid = await post(
      h,
      submitCounter(h, view.id, OWNER, {
        count: "6",
        first_date: "2026-12-05",
        frequency: "monthly",
      }),
    );
    expect(valid.status).toBe(200);
    expect(await valid.text()).toBe("");
    await h.slack.idle();
    await deliver(h);

    const state = await caseState(h, given.caseId);
    expect(state.status).toBe("awaiting_confirmation");
    const offer = state.offerSet?.offers[0];
    expect(offer?.terms).toMatchObject({ kind: "installments", frequency: "monthly" });
    expect(
      offer?.terms.kind === "installments" && offer.terms.installments.map((i) => i.amountMinor),
    ).toEqual([20_000, 20_000, 20_000, 20_000, 20_000, 20_000]);
    const updated = textOf(h.fake.message(given.channel, ts)?.blocks ?? []);
    expect(updated).toContain(`Counter-offer by <@${OWNER}>`);
    expect(updated).toContain("6 instalments from 5\u00a0December\u00a02026");
  });
});

describe("signed requests only", () => {
  it("a bad signature, a stale or future timestamp, or one changed byte gets 401 and writes nothing", async () => {
    const given = await givenCaseAwaitingOwner(h);
    await deliver(h);
    const before = await caseState(h, given.caseId);
    const rowsBefore = (await outboxOf(h, given.caseId)).length;
    const ts = requestMessage(h, given).ts;
    const body = clickBody(h, given, "approve");
    const nowSeconds = Math.floor(h.clock.now().getTime() / 1000);

    const attempts = [
      post(h, body, { secret: "not-the-secret" }),
      post(h, body, { timestampSeconds: nowSeconds - 301 }),
      post(h, body, { timestampSeconds: nowSeconds + 301 }),
      post(h, body, { body: body.body.replace("approve", "apprové") }),
      post(h, body, { body: `${body.body.slice(0, -1)}${body.body.endsWith("a") ? "b" : "a"}` }),
    ];
    const responses = await Promise.all(attempts);
    await h.slack.idle();
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await responses[1]?.json()).toEqual({ error: "relance_slack_timestamp_stale" });
    expect(await responses[2]?.json()).toEqual({ error: "relance_slack_timestamp_future" });

    const after = await caseState(h, given.caseId);
    expect(after.version).toBe(before.version);
    expect(await outboxOf(h, given.caseId)).toHaveLength(rowsBefore);
    expect(await slackInbound(h, ts)).toHaveLength(0);
  });

  it("answers Slack's URL verification challenge once signed", async () => {
    const res = await post(h, {
      body: JSON.stringify({ type: "url_verification", challenge: "c-123", token: "x" }),
      contentType: "application/json",
    });
    expect(await res.json()).toEqual({ challenge: "c-123" });
  });
});
