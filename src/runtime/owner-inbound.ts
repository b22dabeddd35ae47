import type { CaseEvent, Locale, PlanTerms } from "../core/index.ts";
import { formatInstant } from "../messages/index.ts";
import { type HandleResult, handleEvent, type Refusal, type RuntimeDeps } from "./handle-event.ts";
import type { OutboundOp } from "./outbound.ts";

/**
 * What a business owner did in Slack, turned into case events. The Slack adapter (bot/slack)
 * verifies and parses the request; this module checks that the clicking user is one of the
 * business's approvers, maps the button to an event and hands it to `handleEvent`, which
 * deduplicates it, lets `decide` accept or refuse it, and writes the follow-up Slack ops (the
 * request's message updated with the decision, or an explanation) in the same transaction.
 *
 * Exactly one decision per request: the dedupe key is `<message ts>/<action id>`, so a double
 * click, or two approvers pressing the same button at once, is one event. Two approvers pressing
 * DIFFERENT buttons are two events; both reach `decide`, which accepts the first and refuses the
 * second because the request is no longer pending — the second approver is told so, privately, and
 * the message keeps showing the first decision.
 */

export const OWNER_ACTION_IDS = [
  "approve",
  "decline",
  "counter",
  "payment_received",
  "payment_not_received",
] as const;
export type OwnerActionId = (typeof OWNER_ACTION_IDS)[number];

export function isOwnerActionId(id: string): id is OwnerActionId {
  return (OWNER_ACTION_IDS as readonly string[]).includes(id);
}

/** Who may decide for the business behind a case, and where and how to talk to them. */
export interface OwnerContext {
  readonly businessId: string;
  /** Slack user ids allowed to decide (businesses.approver_ids). */
  readonly approverIds: readonly string[];
  readonly slackChannelId: string | null;
  readonly locale: Locale;
  /** IANA zone used to show "when" a decision was taken. */
  readonly timezone: string;
}

/** Lookups outside a case's transaction, for the owner side. Implemented in db/owner-directory.ts. */
export interface OwnerDirectory {
  /** The business behind a case; null when the case does not exist. */
  approversFor(caseId: string): Promise<OwnerContext | null>;
  /** The locale of the business whose owner channel this is (button texts, modal, /relance). */
  localeForChannel(slackChannelId: string): Promise<Locale | null>;
  /** What a counter-offer must settle: the amount still due, in minor units, and its currency. */
  amountDue(caseId: string): Promise<{ amountDueMinor: number; currency: string } | null>;
  /** Who already answered this request (the "already paid" check when `requestId` is null), from
   *  Slack or the desk alike; null while nobody has. */
  decisionOf(
    caseId: string,
    requestId: string | null,
  ): Promise<{ readonly by: string; readonly at: Date } | null>;
}

/** The owner-facing words the runtime needs; the Slack adapter supplies them (bot/slack/strings.ts). */
export type OwnerWordId =
  | "decision.approved"
  | "decision.declined"
  | "decision.countered"
  | "decision.payment_received"
  | "decision.payment_not_received"
  | "decision.moved_on"
  | "refusal.not_approver"
  | "refusal.unknown_case"
  | "refusal.already_answered"
  | "refusal.decided_by"
  | "refusal.paid"
  | "refusal.closed"
  | "refusal.opted_out"
  | "refusal.offer_expired"
  | "refusal.human"
  | "refusal.invalid_terms"
  | "refusal.other";
export type OwnerWords = (
  locale: Locale,
  id: OwnerWordId,
  args?: Readonly<Record<string, string | number>>,
) => string;

export interface OwnerInboundDeps extends RuntimeDeps {
  readonly directory: OwnerDirectory;
  readonly words: OwnerWords;
}

export interface OwnerActionInput {
  readonly slackUserId: string;
  /** The channel of the message that carried the button. */
  readonly slackChannel: string;
  /** That message's ts: the message chat.update rewrites, and half of the dedupe key. */
  readonly messageTs: string;
  readonly actionId: OwnerActionId;
  readonly caseId: string;
  /** The approval request answered; null for an "already paid" check. */
  readonly requestId: string | null;
  /** Overrides the dedupe key (default `<messageTs>/<actionId>`). */
  readonly externalId?: string;
  /** The owner's terms, for `counter` (validated by the adapter's modal, re-checked by decide). */
  readonly counterTerms?: PlanTerms;
  /** The request as shown (title and mrkdwn, already escaped), kept above the decision line when
   *  the message is updated; without it the update shows the decision alone. */
  readonly original?: { readonly title: string; readonly mrkdwn: string };
  /** Extra mrkdwn under the decision line (e.g. the counter-offer's terms), already escaped. */
  readonly detail?: string;
}

export type OwnerActionOutcome =
  | HandleResult
  /** The clicking user is not an approver: nothing was written; show `text` to them only. */
  | { readonly outcome: "not_approver"; readonly text: string }
  /** The case behind the button does not exist (any more); show `text` to the user only. */
  | { readonly outcome: "unknown_case"; readonly text: string }
  /** A malformed action (no request id for an approval, counter without terms): a bug upstream. */
  | { readonly outcome: "invalid_action"; readonly reason: string };

/** Slack user ids (U… or W… for Enterprise Grid); anything else is never put in a mention. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Checks the user may act for the case's business, before anything else (e.g. opening a modal). */
export async function checkApprover(
  deps: Pick<OwnerInboundDeps, "directory" | "words">,
  caseId: string,
  slackUserId: string,
): Promise<
  | { readonly ok: true; readonly owner: OwnerContext }
  | { readonly ok: false; readonly outcome: "not_approver" | "unknown_case"; readonly text: string }
> {
  const owner = await deps.directory.approversFor(caseId);
  if (!owner) {
    return {
      ok: false,
      outcome: "unknown_case",
      // The business is unknown too: French is the product's first language.
      text: deps.words("fr", "refusal.unknown_case"),
    };
  }
  if (!owner.approverIds.includes(slackUserId)) {
    return {
      ok: false,
      outcome: "not_approver",
      text: deps.words(owner.locale, "refusal.not_approver"),
    };
  }
  return { ok: true, owner };
}

export async function handleOwnerAction(
  deps: OwnerInboundDeps,
  input: OwnerActionInput,
): Promise<OwnerActionOutcome> {
  const check = await checkApprover(deps, input.caseId, input.slackUserId);
  if (!check.ok) {
    deps.log.warn(
      { caseId: input.caseId, user: input.slackUserId, action: input.actionId, why: check.outcome },
      "owner action refused before reaching the case",
    );
    return { outcome: check.outcome, text: check.text };
  }
  const { owner } = check;
  const event = toEvent(input);
  if (typeof event === "string") return { outcome: "invalid_action", reason: event };
  // Read before the event: if it is refused because someone answered first (on the desk, say),
  // the clicking user is told who, and when.
  const earlier = await deps.directory.decisionOf(input.caseId, input.requestId);

  // The refusal's explanation depends on why decide refused, known only inside the event: it is
  // written in the same commit as the refusal (nothing about the case changes).
  return handleEvent(deps, {
    caseId: input.caseId,
    event,
    source: {
      channel: "slack",
      externalId: input.externalId ?? `${input.messageTs}/${input.actionId}`,
    },
    actor: `owner:${input.slackUserId}`,
    extraOps: (outcome, refusal) =>
      outcome === "applied"
        ? [decisionUpdate(deps, owner, input)]
        : refusal
          ? refusalOps(deps, owner, input, refusal, earlier)
          : [],
  });
}

function toEvent(input: OwnerActionInput): CaseEvent | string {
  return ownerEvent(input.actionId, input.requestId, input.slackUserId, input.counterTerms);
}

/** The case event an owner's answer is, wherever it was given (Slack or the desk). */
export function ownerEvent(
  actionId: OwnerActionId,
  requestId: string | null,
  by: string,
  counterTerms: PlanTerms | undefined,
): CaseEvent | string {
  const input = { actionId, requestId, counterTerms };
  switch (input.actionId) {
    case "approve":
      if (!input.requestId) return "approve without a request id";
      return { type: "owner_approved", requestId: input.requestId, by };
    case "decline":
      if (!input.requestId) return "decline without a request id";
      return { type: "owner_declined", requestId: input.requestId, by };
    case "counter":
      if (!input.requestId) return "counter without a request id";
      if (!input.counterTerms) return "counter without terms";
      return { type: "owner_countered", requestId: input.requestId, by, terms: input.counterTerms };
    case "payment_received":
      return { type: "owner_payment_check", received: true, by };
    case "payment_not_received":
      return { type: "owner_payment_check", received: false, by };
    default: {
      const unhandled: never = input.actionId;
      return `unknown action ${String(unhandled)}`;
    }
  }
}

const DECISION_WORD: Record<OwnerActionId, OwnerWordId> = {
  approve: "decision.approved",
  decline: "decision.declined",
  counter: "decision.countered",
  payment_received: "decision.payment_received",
  payment_not_received: "decision.payment_not_received",
};

function mention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : escapeSlack(userId);
}

/** Slack mrkdwn gives `&`, `<`, `>` a meaning; text we did not write is escaped. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function when(deps: RuntimeDeps, owner: OwnerContext): string {
  return whenOf(deps.clock.now(), owner);
}

function whenOf(at: Date, owner: Pick<OwnerContext, "locale" | "timezone">): string {
  try {
    return formatInstant(at.toISOString(), owner.locale, owner.timezone);
  } catch {
    return formatInstant(at.toISOString(), owner.locale, "UTC");
  }
}

function updateOp(input: OwnerActionInput, line: string): OutboundOp {
  const body = [input.original?.mrkdwn, line, input.detail]
    .filter((part): part is string => part !== undefined && part.trim() !== "")
    .join("\n\n");
  return {
    op: "owner_update",
    channel: "slack",
    slackChannel: input.slackChannel,
    messageTs: input.messageTs,
    title: input.original?.title || line,
    body,
  };
}

function decisionUpdate(
  deps: OwnerInboundDeps,
  owner: OwnerContext,
  input: OwnerActionInput,
): OutboundOp {
  const line = deps.words(owner.locale, DECISION_WORD[input.actionId], {
    user: mention(input.slackUserId),
    when: when(deps, owner),
  });
  return updateOp(input, line);
}

/**
 * Why an owner's answer no longer applies, and whether the request message itself should say so.
 * When the case moved on for good (paid, closed, opted out, offer expired, a human took over), the
 * request is rewritten to say why, so nobody else tries. When the request was simply answered
 * already (another approver was quicker) or the terms were refused, only the clicking user is told:
 * the message keeps showing the decision that was taken, or stays open for another try — and when
 * it is known who answered it first (`earlier`), the user is told who and when.
 */
export function refusalExplanation(
  result: Pick<Refusal, "code" | "status">,
  earlier: { readonly by: string; readonly at: Date } | null = null,
): {
  readonly word: OwnerWordId;
  readonly updateMessage: boolean;
} {
  switch (result.status) {
    case "paid":
      return { word: "refusal.paid", updateMessage: true };
    case "closed":
      return { word: "refusal.closed", updateMessage: true };
    case "opted_out":
      return { word: "refusal.opted_out", updateMessage: true };
    default:
      break;
  }
  switch (result.code) {
    case "offer_expired":
    case "stale_offer":
      return { word: "refusal.offer_expired", updateMessage: true };
    case "already_closed":
      return { word: "refusal.closed", updateMessage: true };
    case "opted_out":
      return { word: "refusal.opted_out", updateMessage: true };
    case "human_in_charge":
      return { word: "refusal.human", updateMessage: true };
    case "amount_mismatch":
    case "negative_amount":
    case "invalid_proposal":
    case "invalid_event":
      return { word: "refusal.invalid_terms", updateMessage: false };
    case "unknown_request":
    case "illegal_in_state":
    case "stale_button":
      return {
        word: earlier ? "refusal.decided_by" : "refusal.already_answered",
        updateMessage: false,
      };
    default:
      return { word: "refusal.other", updateMessage: false };
  }
}

/** Who decided, as an owner reads it: a Slack mention, or the desk user's e-mail. */
export function deciderLabel(by: string): string {
  if (by.startsWith("owner:")) return mention(by.slice("owner:".length));
  if (by.startsWith("desk:")) return escapeSlack(by.slice("desk:".length));
  return escapeSlack(by);
}

function refusalOps(
  deps: OwnerInboundDeps,
  owner: OwnerContext,
  input: OwnerActionInput,
  refusal: Refusal,
  earlier: { readonly by: string; readonly at: Date } | null,
): OutboundOp[] {
  const { word, updateMessage } = refusalExplanation(refusal, earlier);
  const why = deps.words(owner.locale, word, {
    detail: refusal.message,
    ...(earlier ? { user: deciderLabel(earlier.by), when: whenOf(earlier.at, owner) } : {}),
  });
  const ops: OutboundOp[] = [
    {
      op: "owner_ephemeral",
      channel: "slack",
      slackChannel: input.slackChannel,
      userId: input.slackUserId,
      text: why,
    },
  ];
  if (updateMessage) {
    ops.push(updateOp(input, deps.words(owner.locale, "decision.moved_on", { why })));
  }
  return ops;
}

/** An owner's answer given on the desk (src/http/admin): the same event, through the same commit
 *  path, as a click in Slack — whichever comes first decides, the other is refused. */
export interface DeskDecisionInput {
  readonly caseId: string;
  /** null for the "already paid" check. */
  readonly requestId: string | null;
  readonly actionId: OwnerActionId;
  /** The signed-in desk user: `desk:<email>` in the audit log and the agreement. */
  readonly email: string;
  readonly counterTerms?: PlanTerms;
  /** The request as Slack showed it (title and mrkdwn, escaped), kept above the decision line. */
  readonly original?: { readonly title: string; readonly mrkdwn: string };
}

export type DeskDecisionOutcome =
  | HandleResult
  | { readonly outcome: "not_found" }
  | { readonly outcome: "invalid_action"; readonly reason: string };

export async function handleDeskDecision(
  deps: OwnerInboundDeps,
  input: DeskDecisionInput,
): Promise<DeskDecisionOutcome> {
  const owner = await deps.directory.approversFor(input.caseId);
  if (!owner) return { outcome: "not_found" };
  const by = `desk:${input.email}`;
  const event = ownerEvent(input.actionId, input.requestId, by, input.counterTerms);
  if (typeof event === "string") return { outcome: "invalid_action", reason: event };
  // The request's Slack message, if it was posted there: it is rewritten to say who decided, so
  // nobody clicks it afterwards (a click would be refused anyway).
  const posted =
    input.requestId === null
      ? null
      : await deps.store.ownerRequestMessage(input.caseId, input.requestId);
  return handleEvent(deps, {
    caseId: input.caseId,
    event,
    // One submission of one form is one decision, however many times it is posted.
    source: {
      channel: "desk",
      externalId: `${input.caseId}/${input.requestId ?? "payment_check"}/${input.actionId}/${input.email}`,
    },
    actor: by,
    extraOps: (outcome) => {
      if (outcome !== "applied" || posted === null) return [];
      const line = deps.words(owner.locale, DECISION_WORD[input.actionId], {
        user: escapeSlack(input.email),
        when: when(deps, owner),
      });
      const body = [input.original?.mrkdwn, line].filter((p) => p && p.trim() !== "").join("\n\n");
      return [
        {
          op: "owner_update",
          channel: "slack",
          slackChannel: posted.slackChannel,
          messageTs: posted.messageTs,
          title: input.original?.title || line,
          body,
        },
      ];
    },
  });
}
