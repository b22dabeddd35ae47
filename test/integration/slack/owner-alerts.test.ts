import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  caseState,
  click,
  debtorEvent,
  deliver,
  givenBoundCase,
  givenCaseAwaitingOwner,
  type Harness,
  INTRUDER,
  OWNER,
  post,
  relanceBody,
  requestMessage,
  startHarness,
} from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  expect(h.log.lines.filter((l) => l.level === "error")).toEqual([]);
  await h.close();
});

const textOf = (blocks: readonly unknown[]) => JSON.stringify(blocks);

describe("an 'already paid' claim", () => {
  it("reaches the owner with Payment received / Not received, and 'received' closes the case as paid", async () => {
    const given = await givenBoundCase(h, { locale: "en" });
    await debtorEvent(
      h,
      given.caseId,
      { type: "debtor_action", action: { type: "give_reason", reason: "already_paid" } },
      given.replyTo,
    );
    expect((await caseState(h, given.caseId)).status).toBe("awaiting_payment_check");
    await deliver(h);
    const message = requestMessage(h, given);
    const text = textOf(message.blocks);
    expect(text).toContain('"text":"Payment received"');
    expect(text).toContain('"text":"Not received"');

    await click(h, given, "payment_received");
    await deliver(h);
    expect((await caseState(h, given.caseId)).status).toBe("paid");
    const updated = h.fake.message(given.channel, message.ts);
    expect(textOf(updated?.blocks ?? [])).toContain(`Payment confirmed as received by <@${OWNER}>`);
  });

  it("'not received' reopens the negotiation", async () => {
    const given = await givenBoundCase(h, { locale: "en" });
    await debtorEvent(
      h,
      given.caseId,
      { type: "debtor_action", action: { type: "give_reason", reason: "already_paid" } },
      given.replyTo,
    );
    await deliver(h);
    await click(h, given, "payment_not_received");
    await deliver(h);
    expect((await caseState(h, given.caseId)).status).toBe("offering");
  });
});

describe("/relance", () => {
  it("shows overdue amounts by age, open cases and the approvals waiting, to an approver only", async () => {
    const given = await givenCaseAwaitingOwner(h, { locale: "en" });
    const res = await post(h, relanceBody(given.channel, OWNER, ""));
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_type: string; blocks: unknown[] };
    expect(reply.response_type).toBe("ephemeral");
    const text = textOf(reply.blocks);
    // Due on 31 October, today is 23 November: 23 days late.
    expect(text).toContain("*Overdue:* €1,200.00 across 1 invoice(s)");
    expect(text).toContain("16-30 days late: 1 — €1,200.00");
    expect(text).toContain("0-15 days late: 0");
    expect(text).toContain("*Open cases:* 1");
    expect(text).toContain("*Approvals waiting:* 1");
    expect(text).toContain(`${given.invoiceNumber} — Camille Martin (plan)`);

    const refused = await post(h, relanceBody(given.channel, INTRUDER, ""));
    expect(await refused.json()).toEqual({
      response_type: "ephemeral",
      text: "Only this business's approvers can see its collections.",
    });
  });

  it("with an invoice number, shows that case's state and history", async () => {
    const given = await givenCaseAwaitingOwner(h, { locale: "en" });
    const res = await post(h, relanceBody(given.channel, OWNER, ` ${given.invoiceNumber} `));
    const reply = (await res.json()) as { blocks: unknown[] };
    const text = textOf(reply.blocks);
    expect(text).toContain(`Invoice ${given.invoiceNumber} — Camille Martin`);
    expect(text).toContain("*Status:* awaiting_owner");
    expect(text).toContain("*Amount:* €1,200.00");
    expect(text).toMatch(/\(owner|\(debtor:telegram\)|\(api\)|\(system\)/);

    const unknown = await post(h, relanceBody(given.channel, OWNER, "F-NOPE"));
    expect(((await unknown.json()) as { text: string }).text).toBe(
      "No invoice numbered “F-NOPE” for this business.",
    );
  });

  it("in a channel linked to no business, says so", async () => {
    const res = await post(h, relanceBody("C0NOBODY00", OWNER, ""));
    expect(((await res.json()) as { text: string }).text).toContain(
      "n'est lié à aucune entreprise",
    );
  });
});
