import { describe, expect, it } from "vitest";
import {
  type Block,
  escapeMrkdwn,
  messageSummary,
  OWNER_ACTIONS_BLOCK_ID,
  ownerMessageBlocks,
  ownerUpdateBlocks,
  SLACK_BUTTON_TEXT_MAX,
  SLACK_HEADER_TEXT_MAX,
  SLACK_MESSAGE_BLOCKS_MAX,
  SLACK_SECTION_FIELDS_MAX,
  SLACK_SECTION_TEXT_MAX,
  truncate,
} from "../../../bot/slack/blocks.ts";
import type { OutboundOp } from "../../../src/runtime/outbound.ts";

type OwnerMessageOp = Extract<OutboundOp, { op: "owner_message" }>;

const value = JSON.stringify({ caseId: "c1", requestId: "r1" });

function approvalOp(overrides: Partial<OwnerMessageOp> = {}): OwnerMessageOp {
  return {
    op: "owner_message",
    channel: "slack",
    slackChannel: "C0BIZ",
    messageKind: "approval_request",
    requestId: "r1",
    title: "Installment plan outside your policy",
    body: "Dupont SARL proposes 10 monthly installments.",
    fields: [
      { label: "Client", value: "Dupont SARL" },
      { label: "Invoice", value: "F-2026-001" },
      { label: "Amount due", value: "€1,200.00" },
      { label: "Reason", value: "Cash-flow difficulty" },
      { label: "Client's proposal", value: "€120 a month" },
      { label: "Outside policy", value: "Installments: 10 instead of at most 6" },
    ],
    actions: [
      { actionId: "approve", label: "approve", value },
      { actionId: "decline", label: "decline", value },
      { actionId: "counter", label: "counter", value },
    ],
    ...overrides,
  };
}

const textsOf = (blocks: readonly Block[]): string[] =>
  blocks.flatMap((b) => {
    if (b.type === "header") return [b.text.text];
    if (b.type === "section") return [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === "actions") return b.elements.map((e) => e.text.text);
    return [];
  });

describe("owner message blocks", () => {
  it("shows the title as a header, the facts as fields and the three decisions as buttons", () => {
    const { blocks, text } = ownerMessageBlocks(approvalOp(), "en");
    expect(blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Installment plan outside your policy", emoji: true },
    });
    const fields = blocks.find((b) => b.type === "section" && b.fields);
    expect(fields?.type === "section" && fields.fields?.map((f) => f.text)).toContain(
      "*Outside policy*\nInstallments: 10 instead of at most 6",
    );
    const actions = blocks.at(-1);
    expect(actions).toMatchObject({ type: "actions", block_id: OWNER_ACTIONS_BLOCK_ID });
    expect(actions?.type === "actions" && actions.elements).toEqual([
      {
        type: "button",
        action_id: "approve",
        text: { type: "plain_text", text: "Approve", emoji: true },
        value,
        style: "primary",
      },
      {
        type: "button",
        action_id: "decline",
        text: { type: "plain_text", text: "Decline", emoji: true },
        value,
        style: "danger",
      },
      {
        type: "button",
        action_id: "counter",
        text: { type: "plain_text", text: "Counter…", emoji: true },
        value,
      },
    ]);
    expect(text).toContain("Installment plan outside your policy");
  });

  it("labels the buttons in the business's locale", () => {
    const { blocks } = ownerMessageBlocks(approvalOp(), "fr");
    expect(textsOf(blocks)).toEqual(
      expect.arrayContaining(["Approuver", "Refuser", "Contre-proposer…"]),
    );
    const claim = ownerMessageBlocks(
      approvalOp({
        messageKind: "already_paid_claim",
        actions: [
          { actionId: "payment_received", label: "payment_received", value },
          { actionId: "payment_not_received", label: "payment_not_received", value },
        ],
      }),
      "fr",
    );
    expect(textsOf(claim.blocks)).toEqual(expect.arrayContaining(["Paiement reçu", "Non reçu"]));
  });

  it("escapes the debtor's words so they cannot mention the channel or forge links", () => {
    const { blocks } = ownerMessageBlocks(
      approvalOp({
        messageKind: "dispute",
        body: "Client says: <!channel> the work was <https://evil.example|not done> & late",
        fields: [{ label: "Client's message", value: "<@U0OWNER001> pay me" }],
        actions: [],
      }),
      "en",
    );
    const all = textsOf(blocks).join("\n");
    expect(all).not.toMatch(/<[!@h]/);
    expect(all).toContain("&lt;!channel&gt;");
    expect(all).toContain("&amp; late");
    expect(blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("escapes the debtor's words in the fallback text too (notifications read it as mrkdwn)", () => {
    const message = ownerMessageBlocks(
      approvalOp({
        messageKind: "dispute",
        title: "Dispute from <!here> & co",
        body: "Client says: <!channel> the work was <https://evil.example|not done>",
        actions: [],
      }),
      "en",
    );
    expect(message.text).not.toMatch(/<[!@h]/);
    expect(message.text).toContain("&lt;!channel&gt;");
    expect(message.text).toContain("&lt;!here&gt; &amp; co");
  });

  it("cuts every text to its Block Kit limit instead of letting Slack refuse the message", () => {
    const long = "x".repeat(10_000);
    const { blocks } = ownerMessageBlocks(
      approvalOp({
        title: long,
        body: long,
        fields: Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: long })),
        actions: [{ actionId: "approve", label: long, value }],
      }),
      "en",
    );
    const header = blocks[0];
    expect(header?.type === "header" && Array.from(header.text.text).length).toBe(
      SLACK_HEADER_TEXT_MAX,
    );
    for (const block of blocks) {
      if (block.type === "section") {
        expect(Array.from(block.text?.text ?? "").length).toBeLessThanOrEqual(
          SLACK_SECTION_TEXT_MAX,
        );
        expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_SECTION_FIELDS_MAX);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
    // 23 fields → three field sections of at most 10.
    expect(blocks.filter((b) => b.type === "section" && b.fields).length).toBe(3);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_MESSAGE_BLOCKS_MAX);
    const actions = blocks.at(-1);
    expect(
      actions?.type === "actions" && actions.elements[0]?.text.text.length,
    ).toBeLessThanOrEqual(SLACK_BUTTON_TEXT_MAX);
  });

  it("keeps the buttons even when the facts would fill the message", () => {
    const { blocks } = ownerMessageBlocks(
      approvalOp({
        fields: Array.from({ length: 600 }, (_, i) => ({ label: `L${i}`, value: "v" })),
      }),
      "en",
    );
    expect(blocks.length).toBe(SLACK_MESSAGE_BLOCKS_MAX);
    expect(blocks.at(-1)?.type).toBe("actions");
  });

  it("refuses a button value longer than Slack accepts rather than cutting the JSON", () => {
    expect(() =>
      ownerMessageBlocks(
        approvalOp({
          actions: [{ actionId: "approve", label: "approve", value: "x".repeat(2001) }],
        }),
        "en",
      ),
    ).toThrow(RangeError);
  });
});

describe("owner update blocks", () => {
  it("replaces the request with its facts and the decision, without buttons", () => {
    const { blocks } = ownerUpdateBlocks({
      op: "owner_update",
      channel: "slack",
      slackChannel: "C0BIZ",
      messageTs: "1700000000.000100",
      title: "Installment plan outside your policy",
      body: "*Client*: Dupont SARL\n\n✅ Approved by <@U0OWNER001> — 23/11/2026 10:04",
    });
    expect(blocks.some((b) => b.type === "actions")).toBe(false);
    // The body is our own mrkdwn: the mention must stay a mention.
    expect(textsOf(blocks).join("\n")).toContain("<@U0OWNER001>");
  });

  it("reads back a request's text from the blocks Slack returns, for the updated message", () => {
    const { blocks } = ownerMessageBlocks(approvalOp({ body: "A & B" }), "en");
    const summary = messageSummary(JSON.parse(JSON.stringify(blocks)));
    expect(summary?.title).toBe("Installment plan outside your policy");
    expect(summary?.mrkdwn).toContain("A &amp; B");
    expect(summary?.mrkdwn).toContain("*Invoice*: F-2026-001");
    expect(summary?.mrkdwn).not.toContain("Approve");
    expect(messageSummary("nope")).toBeNull();
  });
});

describe("text helpers", () => {
  it("truncates by characters without splitting an emoji", () => {
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("abcd", 3)).toBe("ab…");
    expect(truncate("😀😀😀😀", 3)).toBe("😀😀…");
  });

  it("escapes the three characters mrkdwn gives a meaning", () => {
    expect(escapeMrkdwn("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });
});

describe("button wordings", () => {
  it("lets the runtime pick another wording for the same action by its label", () => {
    const { blocks } = ownerMessageBlocks(
      approvalOp({
        actions: [
          { actionId: "approve", label: "approve", value },
          { actionId: "decline", label: "skip", value },
        ],
      }),
      "fr",
    );
    const actions = blocks.at(-1);
    expect(
      actions?.type === "actions" && actions.elements.map((e) => [e.action_id, e.text.text]),
    ).toEqual([
      ["approve", "Approuver"],
      ["decline", "Passer"],
    ]);
    const dispute = ownerMessageBlocks(
      approvalOp({
        messageKind: "dispute",
        actions: [
          { actionId: "approve", label: "uphold", value },
          { actionId: "counter", label: "discount", value },
          { actionId: "decline", label: "reject", value },
        ],
      }),
      "en",
    );
    const texts = dispute.blocks.at(-1);
    expect(texts?.type === "actions" && texts.elements.map((e) => e.text.text)).toEqual([
      "Agree with the client",
      "Offer a discount…",
      "Keep the amount due",
    ]);
  });
});
