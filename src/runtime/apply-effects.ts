import type { Effect } from "../core/effects.ts";
import type { DebtorMessage, OwnerMessage } from "../core/messages.ts";
import type { Channel, PlanTerms } from "../core/types.ts";
import { type RenderContext, renderDebtorMessage, renderOwnerMessage } from "../messages/index.ts";
import { tokenizeCard } from "./button-tokens.ts";
import type { OutboundOp } from "./outbound.ts";
import { pickDebtorChannel } from "./pick-channel.ts";
import type { CaseTransaction, LoadedCase, NewOutboxRow } from "./store.ts";

/**
 * Turns the core's effects into rows, inside the event's transaction. Nothing leaves the process
 * here: outgoing messages become outbox rows, timers become timer rows, and what must happen after
 * commit (enqueueing their jobs) is returned.
 */

export interface AfterCommit {
  readonly deliveries: { id: string; channel: string; notBefore: Date }[];
  readonly timers: { id: string; dueAt: Date }[];
  readonly droppedTimers: string[];
}

export function emptyAfterCommit(): AfterCommit {
  return { deliveries: [], timers: [], droppedTimers: [] };
}

export interface ApplyOptions {
  /** The case version the transaction will commit; button tokens are bound to it. */
  readonly version: number;
  /** Prefix of every outbox idempotency key written for this event. */
  readonly eventKey: string;
  readonly now: Date;
  readonly replyTo: { readonly channel: Channel; readonly address: string } | null;
  readonly actor: string;
  readonly extraOps: readonly OutboundOp[];
  /** The event changes the case's status: automated messages still held (quiet hours, cap) were
   *  decided for the old status and are voided before this event's own rows are written. */
  readonly voidHeld?: boolean;
}

export async function applyEffects(
  tx: CaseTransaction,
  loaded: LoadedCase,
  effects: readonly Effect[],
  opts: ApplyOptions,
): Promise<AfterCommit> {
  const after = emptyAfterCommit();
  const outbox: NewOutboxRow[] = [];
  const ctx = renderContext(loaded);
  const enqueue = (op: OutboundOp) =>
    outbox.push({
      idempotencyKey: `${opts.eventKey}#${outbox.length}`,
      caseId: loaded.caseId,
      businessId: loaded.businessId,
      op,
      notBefore: opts.now,
    });

  for (const op of opts.extraOps) enqueue(op);

  for (const effect of effects) {
    switch (effect.type) {
      case "send_debtor": {
        const op = await debtorCard(tx, loaded, ctx, effect.message, effect.automated, opts);
        if (op) enqueue(op);
        else await unreachable(tx, loaded, "debtor", effect.message.kind, "no chat bound yet");
        break;
      }
      case "notify_owner": {
        const op = ownerMessage(loaded, ctx, effect.message);
        if (op) enqueue(op);
        else
          await unreachable(
            tx,
            loaded,
            "owner",
            effect.message.kind,
            "no Slack channel configured",
          );
        break;
      }
      case "record_offers":
        await tx.insertOffers(
          loaded.caseId,
          effect.offerSetVersion,
          effect.offers.map((o) => ({ key: o.id, terms: o.terms, withinPolicy: o.withinPolicy })),
          new Date(effect.expiresAt),
        );
        break;
      case "record_agreement": {
        const shown = await tx.lastConfirmationShown(loaded.caseId);
        await tx.insertAgreement({
          caseId: loaded.caseId,
          businessId: loaded.businessId,
          offerKey: effect.offerId,
          terms: effect.terms,
          totalMinor: totalOf(effect.terms),
          currency: loaded.facts.invoice.currency,
          renderedText: shown?.text ?? "",
          channel: opts.replyTo?.channel ?? "unknown",
          messageIds: shown?.externalIds ?? [],
          approvedBy: effect.approvedBy,
          confirmedAt: opts.now,
        });
        break;
      }
      case "schedule_timer": {
        const timer = await tx.scheduleTimer({
          caseId: loaded.caseId,
          kind: effect.kind,
          key: effect.key,
          dueAt: new Date(effect.at),
          payload: effect.payload,
        });
        after.timers.push({ id: timer.id, dueAt: timer.dueAt });
        // A replaced timer would do nothing when its job ran; its job is removed all the same.
        after.droppedTimers.push(...(timer.replaced ?? []));
        break;
      }
      case "cancel_timers":
        after.droppedTimers.push(
          ...(await tx.cancelTimers(loaded.caseId, effect.kinds, effect.keys)),
        );
        break;
      case "audit":
        await tx.appendAudit({
          businessId: loaded.businessId,
          caseId: loaded.caseId,
          actor: opts.actor,
          action: effect.action,
          detail: effect.detail,
        });
        break;
      default: {
        const unhandled: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(unhandled)}`);
      }
    }
  }

  if (opts.voidHeld) await tx.voidHeldAutomated(loaded.caseId);
  if (outbox.length > 0) {
    const rows = await tx.insertOutbox(outbox);
    for (const row of rows) after.deliveries.push({ ...row, notBefore: opts.now });
  }
  return after;
}

/** A message with nowhere to go is not an error, but it must leave a trace in the case history. */
function unreachable(
  tx: CaseTransaction,
  loaded: LoadedCase,
  who: "debtor" | "owner",
  message: string,
  reason: string,
): Promise<void> {
  return tx.appendAudit({
    businessId: loaded.businessId,
    caseId: loaded.caseId,
    actor: "system",
    action: `${who}_unreachable`,
    detail: { message, reason },
  });
}

function renderContext(loaded: LoadedCase): RenderContext {
  return {
    locale: loaded.debtor.locale,
    timezone: loaded.debtor.timezone,
    currency: loaded.facts.invoice.currency,
    businessName: loaded.business.name,
    debtorName: loaded.debtor.name,
    invoiceNumber: loaded.facts.invoice.number,
    ...(loaded.business.paymentInstructions
      ? { paymentInstructions: loaded.business.paymentInstructions }
      : {}),
  };
}

async function debtorCard(
  tx: CaseTransaction,
  loaded: LoadedCase,
  ctx: RenderContext,
  message: DebtorMessage,
  automated: boolean,
  opts: ApplyOptions,
): Promise<OutboundOp | null> {
  const target = pickDebtorChannel(loaded.bindings, opts.replyTo);
  if (!target) return null;
  const card = renderDebtorMessage(message, ctx, { automated });
  const { outbound, tokens } = tokenizeCard(card, {
    caseId: loaded.caseId,
    debtorId: loaded.debtorId,
    caseVersion: opts.version,
  });
  if (tokens.length > 0) await tx.insertButtonTokens(tokens);
  return {
    op: "send_card",
    channel: target.channel,
    address: target.address,
    messageKind: message.kind,
    automated,
    card: outbound,
  };
}

function ownerMessage(
  loaded: LoadedCase,
  ctx: RenderContext,
  message: OwnerMessage,
): OutboundOp | null {
  const slackChannel = loaded.business.slackChannelId;
  if (!slackChannel) return null;
  const text = renderOwnerMessage(message, { ...ctx, locale: loaded.business.locale });
  const requestId =
    message.kind === "approval_request" || message.kind === "dispute"
      ? (message.requestId ?? null)
      : null;
  const value = JSON.stringify({ caseId: loaded.caseId, requestId });
  const actions = ownerActions(message).map(([actionId, label]) => ({ actionId, label, value }));
  return {
    op: "owner_message",
    channel: "slack",
    slackChannel,
    messageKind: message.kind,
    requestId,
    title: text.title,
    body: text.body,
    fields: text.fields,
    actions,
  };
}

/**
 * The buttons under an owner message: [action id the Slack adapter routes, label key it shows].
 * A formal step can be approved or skipped, not countered; a dispute is upheld, rejected (the
 * amount stays due) or settled with a discount.
 */
function ownerActions(message: OwnerMessage): [string, string][] {
  switch (message.kind) {
    case "approval_request":
      return message.subject === "formal_reminder" ||
        message.subject === "formal_notice" ||
        message.subject === "escalation"
        ? [
            ["approve", "approve"],
            ["decline", "skip"],
          ]
        : [
            ["approve", "approve"],
            ["decline", "decline"],
            ["counter", "counter"],
          ];
    case "dispute":
      return message.requestId
        ? [
            ["approve", "uphold"],
            ["decline", "reject"],
            ["counter", "discount"],
          ]
        : [];
    case "already_paid_claim":
      return [
        ["payment_received", "payment_received"],
        ["payment_not_received", "payment_not_received"],
      ];
    default:
      return [];
  }
}

/** What the debtor commits to pay under these terms. */
export function totalOf(terms: PlanTerms): number {
  switch (terms.kind) {
    case "pay_now":
    case "promise":
      return terms.amountMinor;
    case "installments":
      return terms.installments.reduce((sum, i) => sum + i.amountMinor, 0);
  }
}
