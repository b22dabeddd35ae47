import type { Locale } from "../../src/core/index.ts";
import type { OutboundOp } from "../../src/runtime/index.ts";
import { isSlackStringId, slackText } from "./strings.ts";

/**
 * Pure Block Kit serializers for what the runtime asks to show the owner. Slack rejects a whole
 * message with `invalid_blocks` when one limit is exceeded, so every text is cut to its limit here
 * (with an ellipsis) rather than trusted to be short. Limits: https://docs.slack.dev/reference/block-kit
 */
export const SLACK_MESSAGE_BLOCKS_MAX = 50;
export const SLACK_HEADER_TEXT_MAX = 150;
export const SLACK_SECTION_TEXT_MAX = 3000;
export const SLACK_SECTION_FIELDS_MAX = 10;
export const SLACK_SECTION_FIELD_TEXT_MAX = 2000;
export const SLACK_ACTIONS_ELEMENTS_MAX = 25;
export const SLACK_CONTEXT_ELEMENTS_MAX = 10;
export const SLACK_BUTTON_TEXT_MAX = 75;
export const SLACK_BUTTON_VALUE_MAX = 2000;
export const SLACK_ACTION_ID_MAX = 255;
/** The top-level `text`: the notification and screen-reader fallback. Slack truncates at 40,000. */
export const SLACK_MESSAGE_TEXT_MAX = 40_000;
/** Slack's guidance for the fallback `text` is "a few thousand characters" at most; notifications
 *  show far less. */
export const SLACK_FALLBACK_TEXT_MAX = 3000;

/** The block id of the buttons of an owner message; listeners and tests find them by it. */
export const OWNER_ACTIONS_BLOCK_ID = "relance_owner_actions";

// Minimal Block Kit types: only what we emit.
export interface PlainText {
  readonly type: "plain_text";
  readonly text: string;
  readonly emoji?: boolean;
}
export interface Mrkdwn {
  readonly type: "mrkdwn";
  readonly text: string;
}
export interface ButtonElement {
  readonly type: "button";
  readonly action_id: string;
  readonly text: PlainText;
  readonly value?: string;
  readonly style?: "primary" | "danger";
}
export type Block =
  | { readonly type: "header"; readonly block_id?: string; readonly text: PlainText }
  | {
      readonly type: "section";
      readonly block_id?: string;
      readonly text?: Mrkdwn | PlainText;
      readonly fields?: readonly (Mrkdwn | PlainText)[];
    }
  | {
      readonly type: "actions";
      readonly block_id?: string;
      readonly elements: readonly ButtonElement[];
    }
  | { readonly type: "context"; readonly block_id?: string; readonly elements: readonly Mrkdwn[] }
  | { readonly type: "divider" };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Block[];
}

/** Cuts `text` to `max` characters (code points, never splitting a surrogate pair), with "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Escapes text for mrkdwn. Slack gives `&`, `<` and `>` a meaning (`<!channel>`, `<@U123>`,
 * links), so text we did not write — a debtor's words — must never reach mrkdwn unescaped: a
 * dispute saying "<!channel>" would otherwise ping the whole channel.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const plain = (text: string, max: number): PlainText => ({
  type: "plain_text",
  text: truncate(text.trim() === "" ? "—" : text, max),
  emoji: true,
});

/** A header block (plain text, cut to Slack's 150 characters). */
export function plainHeader(text: string): Block {
  return { type: "header", text: plain(text, SLACK_HEADER_TEXT_MAX) };
}

/** Splits mrkdwn into sections of at most SLACK_SECTION_TEXT_MAX, at paragraph breaks when it can. */
export function mrkdwnSections(text: string): Block[] {
  const sections: Block[] = [];
  let current = "";
  const flush = () => {
    if (current.trim() !== "")
      sections.push({ type: "section", text: { type: "mrkdwn", text: current } });
    current = "";
  };
  for (const paragraph of text.split(/\n{2,}/)) {
    const candidate = current === "" ? paragraph : `${current}\n\n${paragraph}`;
    if (Array.from(candidate).length <= SLACK_SECTION_TEXT_MAX) {
      current = candidate;
      continue;
    }
    flush();
    current = truncate(paragraph, SLACK_SECTION_TEXT_MAX);
  }
  flush();
  return sections;
}

type OwnerMessageOp = Extract<OutboundOp, { op: "owner_message" }>;
type OwnerUpdateOp = Extract<OutboundOp, { op: "owner_update" }>;
type OwnerAction = OwnerMessageOp["actions"][number];

/**
 * The button's text. The runtime sends ids, not words: `label` may name a wording for the same
 * action (`{ actionId: "decline", label: "skip" }` for a formal step, `"uphold"`, `"reject"` and
 * `"discount"` for a dispute), else the action id's own wording is used; unknown ids show as is.
 */
export function buttonLabel(action: OwnerAction, locale: Locale): string {
  for (const id of [`button.${action.label}`, `button.${action.actionId}`]) {
    if (isSlackStringId(id)) return slackText(locale, id);
  }
  return action.label;
}

function buttonStyle(actionId: string): "primary" | "danger" | undefined {
  switch (actionId) {
    case "approve":
    case "payment_received":
      return "primary";
    case "decline":
      return "danger";
    default:
      return undefined;
  }
}

function button(action: OwnerAction, locale: Locale): ButtonElement {
  const style = buttonStyle(action.actionId);
  return {
    type: "button",
    action_id: truncate(action.actionId, SLACK_ACTION_ID_MAX),
    text: plain(buttonLabel(action, locale), SLACK_BUTTON_TEXT_MAX),
    // The value is our JSON ({caseId, requestId}); cutting it would corrupt it, so it is checked
    // instead (a value that long is a bug upstream, and Slack would refuse the whole message).
    value: action.value,
    ...(style ? { style } : {}),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A message to the owner: a header (title), the body, the labelled facts as two-column fields, and
 * the buttons. Everything the runtime sends is plain text (it may quote the debtor), so it is
 * escaped before it becomes mrkdwn.
 */
export function ownerMessageBlocks(op: OwnerMessageOp, locale: Locale): SlackMessage {
  for (const action of op.actions) {
    if (action.value.length > SLACK_BUTTON_VALUE_MAX) {
      throw new RangeError(`button value for ${action.actionId} exceeds ${SLACK_BUTTON_VALUE_MAX}`);
    }
  }
  const blocks: Block[] = [{ type: "header", text: plain(op.title, SLACK_HEADER_TEXT_MAX) }];
  if (op.body.trim() !== "") blocks.push(...mrkdwnSections(escapeMrkdwn(op.body)));
  const fields = op.fields.map(
    (f): Mrkdwn => ({
      type: "mrkdwn",
      text: truncate(
        `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`,
        SLACK_SECTION_FIELD_TEXT_MAX,
      ),
    }),
  );
  for (const group of chunk(fields, SLACK_SECTION_FIELDS_MAX)) {
    blocks.push({ type: "section", fields: group });
  }
  const buttons = op.actions.slice(0, SLACK_ACTIONS_ELEMENTS_MAX).map((a) => button(a, locale));
  // Keep room for the buttons: they are the point of an approval request.
  const room = SLACK_MESSAGE_BLOCKS_MAX - (buttons.length > 0 ? 1 : 0);
  const kept = blocks.slice(0, room);
  if (buttons.length > 0) {
    kept.push({ type: "actions", block_id: OWNER_ACTIONS_BLOCK_ID, elements: buttons });
  }
  // The fallback text is mrkdwn too (notifications, screen readers): escaped like the blocks.
  return { text: fallbackText(escapeMrkdwn(op.title), escapeMrkdwn(op.body)), blocks: kept };
}

/**
 * The request after a decision: same header, the body (already mrkdwn: the runtime builds it from
 * the original message and the decision line, with the approver as a `<@U…>` mention), and no
 * buttons — so nobody can click again.
 */
export function ownerUpdateBlocks(op: OwnerUpdateOp): SlackMessage {
  const header: Block = { type: "header", text: plain(op.title, SLACK_HEADER_TEXT_MAX) };
  const blocks = [header, ...mrkdwnSections(op.body)].slice(0, SLACK_MESSAGE_BLOCKS_MAX);
  return { text: fallbackText(escapeMrkdwn(op.title), op.body), blocks };
}

function fallbackText(title: string, body: string): string {
  return truncate(body.trim() === "" ? title : `${title}\n${body}`, SLACK_FALLBACK_TEXT_MAX);
}

/**
 * Reads back the text of one of our messages (as Slack returns it in an interaction payload):
 * the header and the mrkdwn sections and fields, without the buttons. Used to keep the facts of a
 * request visible once chat.update replaces it with the decision. The result is mrkdwn, already
 * escaped, as we sent it.
 */
export function messageSummary(blocks: unknown): { title: string; mrkdwn: string } | null {
  if (!Array.isArray(blocks)) return null;
  let title = "";
  const parts: string[] = [];
  for (const block of blocks) {
    if (typeof block !== "object" || block === null) continue;
    const b = block as { type?: unknown; text?: { text?: unknown }; fields?: unknown };
    if (b.type === "header" && typeof b.text?.text === "string") title = b.text.text;
    if (b.type !== "section") continue;
    if (typeof b.text?.text === "string") parts.push(b.text.text);
    if (Array.isArray(b.fields)) {
      const lines = b.fields
        .map((f: unknown) =>
          typeof f === "object" && f !== null && typeof (f as { text?: unknown }).text === "string"
            ? (f as { text: string }).text.replace("\n", ": ")
            : null,
        )
        .filter((line): line is string => line !== null);
      if (lines.length > 0) parts.push(lines.join("\n"));
    }
  }
  if (title === "" && parts.length === 0) return null;
  return { title, mrkdwn: parts.join("\n\n") };
}
