import type { Channel, DebtorMessage, Effect, OwnerMessage, PlanTerms } from "../core/index.ts";
import { agreementStanding, type CaseState, isFinished, localDate } from "../core/index.ts";
import { type RenderContext, renderDebtorCard, renderOwnerMessage } from "../messages/index.ts";
import { type AuditInput, chainEntries } from "./audit-hash.ts";
import { tokenizeCard } from "./button-tokens.ts";
import { noticeSummary } from "./notice-summary.ts";
import type { OutboundOp } from "./outbound.ts";
import { routeDebtorMessage } from "./pick-channel.ts";
import type {
  AgreementUpdate,
  CommitPlan,
  InboundKey,
  InboundMessage,
  LoadedCase,
  NewAgreement,
  NewButtonToken,
  NewCaseVariant,
  NewOffers,
  NewOutboxRow,
  NewOwnerNotice,
  NewTimer,
  OwnerDecisionRecord,
  TimerCancel,
} from "./store.ts";
import { type CaseWording, caseWording } from "./wording-experiments.ts";

/**
 * The pure step between `decide` and the store: turns the core's effects for one event into ONE
 * value that says everything the event writes (`CommitPlan`). Cards are rendered here and their
 * buttons become tokens, audit entries are linked into the case's hash chain, and the agreement's
 * standing is derived from the new state — so the store only has to write, never to decide.
 */

export interface PlanOptions {
  /** The case version the commit will write; button tokens are bound to it. */
  readonly version: number;
  /** The new state; null when the event changes nothing (a refusal, a reply). */
  readonly state: CaseState | null;
  /** Prefix of every outbox idempotency key written for this event. */
  readonly eventKey: string;
  readonly now: Date;
  readonly replyTo: { readonly channel: Channel; readonly address: string } | null;
  readonly actor: string;
  /** Platform housekeeping written before the effects' own rows (answer a callback…). */
  readonly extraOps: readonly OutboundOp[];
  readonly inbound: InboundKey | null;
  readonly inboundMessage: Omit<InboundMessage, "caseId" | "at"> | null;
  readonly timerId: string | null;
  /** The owner decision the event applies, if it is one (recorded on the request's notice). */
  readonly ownerDecision?: OwnerDecisionRecord | null;
  /** E-mail can carry notices (an SMTP server is configured). */
  readonly emailNotices?: boolean;
}

export function planEvent(
  loaded: LoadedCase,
  effects: readonly Effect[],
  opts: PlanOptions,
): CommitPlan {
  const outbox: NewOutboxRow[] = [];
  const buttonTokens: NewButtonToken[] = [];
  const audit: AuditInput[] = [];
  const timersSet: NewTimer[] = [];
  const timersCancel: TimerCancel[] = [];
  const ownerNotices: NewOwnerNotice[] = [];
  let offers: NewOffers | null = null;
  let agreement: NewAgreement | null = null;
  let joinInvoice: CommitPlan["joinInvoice"] = null;
  let ownerToldUnreachable = false;
  const caseVariants: NewCaseVariant[] = [];
  const wording = caseWording(loaded.caseId, loaded.experiments ?? []);
  const ctx = renderContext(loaded, opts.now, opts.emailNotices === true, wording);
  const enqueue = (op: OutboundOp) =>
    outbox.push({
      idempotencyKey: `${opts.eventKey}#${outbox.length}`,
      caseId: loaded.caseId,
      businessId: loaded.businessId,
      op,
      notBefore: opts.now,
    });
  const note = (action: string, detail: Readonly<Record<string, unknown>>, actor = opts.actor) =>
    audit.push({
      businessId: loaded.businessId,
      caseId: loaded.caseId,
      actor,
      action,
      detail,
      at: opts.now,
    });

  /** Recorded for the desk in every case; posted to Slack too when the business has a channel.
   *  Without one the desk is where the owner sees it (no request is dropped). */
  const tellOwner = (message: OwnerMessage) => {
    const op = ownerMessage(loaded, ctx, message);
    if (op) enqueue(op);
    ownerNotices.push({
      idempotencyKey: `${opts.eventKey}#notice${ownerNotices.length}`,
      caseId: loaded.caseId,
      businessId: loaded.businessId,
      kind: message.kind,
      requestId: requestIdOf(message),
      message,
      slack: op !== null,
      at: opts.now,
    });
  };

  for (const op of opts.extraOps) enqueue(op);

  for (const effect of effects) {
    switch (effect.type) {
      case "send_debtor": {
        const card = debtorCard(loaded, ctx, effect.message, effect.automated, opts, wording);
        if (card) {
          buttonTokens.push(...card.tokens);
          for (const op of card.ops) enqueue(op);
          // A case enters an experiment the first time one of its cards says the message.
          for (const shown of card.experiments) {
            const known =
              wording.running[shown.messageId]?.recorded === true ||
              caseVariants.some((v) => v.experimentId === shown.experimentId);
            if (known) continue;
            caseVariants.push({
              caseId: loaded.caseId,
              experimentId: shown.experimentId,
              variant: shown.variant,
              at: opts.now,
            });
          }
        }
        if (!card?.carried) {
          // A message with nowhere to go is not an error, but it must leave a trace.
          note(
            "debtor_unreachable",
            {
              message: effect.message.kind,
              reason: card ? "kept on the web chat only" : "no chat bound yet",
            },
            "system",
          );
          // A debtor who opened a link but whom nothing can notify (the web chat alone, no
          // e-mail): the owner hears of it, once per event. (Before any link is opened, the
          // question is asked again when a chat is bound: no alert for every unopened invoice.)
          if (card && effect.automated && !ownerToldUnreachable) {
            ownerToldUnreachable = true;
            tellOwner({ kind: "debtor_unreachable", about: effect.message.kind });
          }
        }
        break;
      }
      case "notify_owner":
        tellOwner(effect.message);
        break;
      case "record_offers":
        offers = {
          caseId: loaded.caseId,
          offerSetVersion: effect.offerSetVersion,
          offers: effect.offers.map((o) => ({
            key: o.id,
            terms: o.terms,
            withinPolicy: o.withinPolicy,
          })),
          expiresAt: new Date(effect.expiresAt),
        };
        break;
      case "record_agreement":
        agreement = {
          caseId: loaded.caseId,
          businessId: loaded.businessId,
          offerKey: effect.offerId,
          terms: effect.terms,
          totalMinor: totalOf(effect.terms),
          currency: loaded.facts.invoice.currency,
          channel: effect.rebalanced ? "api" : (opts.replyTo?.channel ?? "unknown"),
          approvedBy: effect.approvedBy,
          confirmedAt: opts.now,
          ...(effect.rebalanced ? rebalancedEvidence(outbox, effect.terms, opts.state) : {}),
          // An invoice added to a running plan: the installments already paid stay paid.
          ...(!effect.rebalanced && effects.some((e) => e.type === "join_invoice")
            ? paidInstallmentsOf(effect.terms, opts.state)
            : {}),
        };
        break;
      case "join_invoice":
        joinInvoice = { invoiceId: effect.invoiceId, fromCaseId: effect.fromCaseId, at: opts.now };
        break;
      case "schedule_timer":
        timersSet.push({
          caseId: loaded.caseId,
          kind: effect.kind,
          key: effect.key,
          dueAt: new Date(effect.at),
          payload: effect.payload,
        });
        break;
      case "cancel_timers":
        timersCancel.push({ kinds: effect.kinds ?? null, keys: effect.keys ?? null });
        break;
      case "audit":
        note(effect.action, effect.detail);
        break;
      default: {
        const unhandled: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(unhandled)}`);
      }
    }
  }

  const chained = chainEntries(loaded.auditHead, audit);
  const previous = loaded.state?.status ?? null;
  return {
    caseWrite: {
      caseId: loaded.caseId,
      debtorId: loaded.debtorId,
      expect: { version: loaded.version, auditHead: loaded.auditHead },
      version: opts.version,
      state: opts.state,
      auditHead: chained.head,
      closedAt:
        opts.state !== null &&
        isFinished(opts.state) &&
        !(loaded.state !== null && isFinished(loaded.state))
          ? opts.now
          : null,
      optOut: opts.state?.status === "opted_out",
      voidHeldAutomated: opts.state !== null && previous !== opts.state.status,
    },
    inbound: opts.inbound ? { ...opts.inbound, caseId: loaded.caseId } : null,
    inboundMessage: opts.inboundMessage
      ? { ...opts.inboundMessage, caseId: loaded.caseId, at: opts.now }
      : null,
    timerFired: opts.timerId ? { id: opts.timerId, at: opts.now } : null,
    outbox,
    buttonTokens,
    linksResent: linksResentBy(outbox, opts.now),
    offers,
    agreement,
    // A new agreement starts as recorded; otherwise the active one follows the new state.
    agreementUpdate: agreement || !opts.state ? null : agreementUpdate(loaded, opts.state),
    timersCancel,
    timersSet,
    audit: chained.entries,
    ownerNotices,
    ownerDecision: opts.ownerDecision ?? null,
    caseVariants,
    joinInvoice,
  };
}

/**
 * The evidence of a plan re-balanced after a payment made outside it: the text of the card that
 * told the debtor (this event's last card; a placeholder when none could be written, e.g. a human
 * in charge), and what was already paid on each installment it keeps.
 */
function rebalancedEvidence(
  outbox: readonly NewOutboxRow[],
  terms: PlanTerms,
  state: CaseState | null,
): Pick<NewAgreement, "rebalancedText" | "paidInstallments"> {
  const cards = outbox.flatMap(({ op }) => (op.op === "send_card" ? [op.card.text] : []));
  return {
    rebalancedText: cards.at(-1) ?? "(re-balanced after a payment; no message could be sent)",
    ...paidInstallmentsOf(terms, state),
  };
}

/** What was already paid on each installment the new terms keep (from the state's standing). */
function paidInstallmentsOf(
  terms: PlanTerms,
  state: CaseState | null,
): Pick<NewAgreement, "paidInstallments"> {
  const schedule =
    terms.kind === "installments"
      ? terms.installments.map((i) => ({ seq: i.seq, amountMinor: i.amountMinor }))
      : terms.kind === "promise"
        ? [{ seq: 1, amountMinor: terms.amountMinor }]
        : [];
  const standing = state ? agreementStanding(state, schedule) : null;
  return standing?.status === "active"
    ? {
        paidInstallments: standing.progress
          .filter((p) => p.paidMinor > 0)
          .map((p) => ({ seq: p.seq, paidMinor: p.paidMinor })),
      }
    : {};
}

/** The web-chat links the event's e-mails carry: each is sent again, so it stays open longer. */
function linksResentBy(
  outbox: readonly NewOutboxRow[],
  at: Date,
): { tokens: string[]; at: Date } | null {
  const tokens = [
    ...new Set(
      outbox.flatMap(({ op }) =>
        op.op === "send_card" && op.channel === "email" && op.webchatToken !== undefined
          ? [op.webchatToken]
          : [],
      ),
    ),
  ];
  return tokens.length === 0 ? null : { tokens, at };
}

function requestIdOf(message: OwnerMessage): string | null {
  return message.kind === "approval_request" ||
    message.kind === "dispute" ||
    message.kind === "approval_expiring"
    ? (message.requestId ?? null)
    : null;
}

/**
 * Writes outside any case's state — a reply to a chat bound to no case — as the same kind of value: deduplicated by the inbound's key, outbox rows and nothing else.
 */
export function planReplyOutsideCase(args: {
  readonly inbound: InboundKey;
  readonly caseId: string | null;
  readonly businessId: string | null;
  readonly ops: readonly OutboundOp[];
  readonly now: Date;
}): CommitPlan {
  const key = `${args.inbound.channel}/${args.inbound.externalId}`;
  return {
    ...EMPTY_PLAN,
    inbound: { ...args.inbound, caseId: args.caseId },
    outbox: args.ops.map((op, i) => ({
      idempotencyKey: `${key}#${i}`,
      caseId: args.caseId,
      businessId: args.businessId,
      op,
      notBefore: args.now,
    })),
  };
}

const EMPTY_PLAN: CommitPlan = {
  caseWrite: null,
  inbound: null,
  inboundMessage: null,
  timerFired: null,
  outbox: [],
  buttonTokens: [],
  offers: null,
  agreement: null,
  agreementUpdate: null,
  timersCancel: [],
  timersSet: [],
  audit: [],
  ownerNotices: [],
  ownerDecision: null,
  caseVariants: [],
};

/** What the case's active agreement and its installments become in the new state. */
function agreementUpdate(loaded: LoadedCase, state: CaseState): AgreementUpdate | null {
  const active = loaded.activeAgreement;
  if (!active) return null;
  const standing = agreementStanding(state, active.schedule);
  switch (standing.status) {
    case "unchanged":
      return null;
    case "active": {
      const changed = standing.progress.filter((p) => {
        const row = active.schedule.find((s) => s.seq === p.seq);
        return row && (row.paidMinor !== p.paidMinor || row.status !== p.status);
      });
      return changed.length === 0
        ? null
        : { agreementId: active.id, status: "active", installments: changed };
    }
    case "completed":
      return {
        agreementId: active.id,
        status: "completed",
        installments: active.schedule.map((s) => ({
          seq: s.seq,
          paidMinor: s.amountMinor,
          status: "paid" as const,
        })),
      };
    case "broken":
      // The installments keep what was paid towards them: the record of how far the plan went.
      return { agreementId: active.id, status: "broken", installments: [] };
  }
}

/** `today` (the debtor's day, for the formal notice's deadline) and the owner's reply delay are
 *  what the messages promise; both come from what the case already holds. */
function renderContext(
  loaded: LoadedCase,
  now: Date,
  emailNotices: boolean,
  wording: CaseWording,
): RenderContext {
  // Whether a reminder could reach the debtor at all: what a confirmation may promise.
  const remindable = routeDebtorMessage({
    bindings: loaded.bindings,
    replyTo: null,
    now,
    notice: true,
    email: emailNotices && loaded.webchatToken !== null ? loaded.debtor.email : null,
  }).notified;
  return {
    remindable,
    today: localDate(now, loaded.debtor.timezone),
    replyWithinHours: loaded.policy.ownerApproval.timeoutHours,
    locale: loaded.debtor.locale,
    timezone: loaded.debtor.timezone,
    currency: loaded.facts.invoice.currency,
    businessName: loaded.business.name,
    debtorName: loaded.debtor.name,
    invoiceNumber: loaded.facts.invoice.number,
    ...(loaded.facts.invoices && loaded.facts.invoices.length > 1
      ? {
          invoices: loaded.facts.invoices.map((i) => ({
            number: i.number,
            amountDueMinor: Math.max(0, i.amountMinor - i.paidMinor),
            dueDate: i.dueDate,
          })),
        }
      : {}),
    ...(loaded.business.senderName ? { senderName: loaded.business.senderName } : {}),
    ...(loaded.business.senderName && loaded.business.senderRole
      ? { senderRole: loaded.business.senderRole }
      : {}),
    ...legalIdentityOf(loaded),
    ...(loaded.business.paymentInstructions
      ? { paymentInstructions: loaded.business.paymentInstructions }
      : {}),
    ...(Object.keys(wording.wording).length > 0 ? { wording: wording.wording } : {}),
  };
}

/** The parts of the business's legal identity the settings give (the formal steps sign with it). */
function legalIdentityOf(loaded: LoadedCase): Pick<RenderContext, "legalIdentity"> {
  const legal = loaded.business.legalIdentity;
  if (!legal) return {};
  const parts = {
    ...(legal.name ? { name: legal.name } : {}),
    ...(legal.registration ? { registration: legal.registration } : {}),
    ...(legal.address ? { address: legal.address } : {}),
  };
  return Object.keys(parts).length > 0 ? { legalIdentity: parts } : {};
}

/** A running experiment a card took part in, with the variant it said. */
interface ExperimentShown {
  readonly experimentId: string;
  readonly messageId: string;
  readonly variant: string;
}

function debtorCard(
  loaded: LoadedCase,
  ctx: RenderContext,
  message: DebtorMessage,
  automated: boolean,
  opts: PlanOptions,
  wording: CaseWording,
): {
  ops: OutboundOp[];
  tokens: NewButtonToken[];
  carried: boolean;
  experiments: readonly ExperimentShown[];
} | null {
  const summary = automated ? noticeSummary(message, loaded, ctx) : undefined;
  const route = routeDebtorMessage({
    bindings: loaded.bindings,
    replyTo: opts.replyTo,
    now: opts.now,
    notice: summary !== undefined,
    // An e-mail is only worth sending with the link to the chat where the card's buttons are.
    email: opts.emailNotices === true && loaded.webchatToken !== null ? loaded.debtor.email : null,
  });
  const targets = route.targets;
  if (targets.length === 0) return null;
  const rendered = renderDebtorCard(message, ctx, { automated });
  const card = rendered.card;
  const experiments = rendered.wording.flatMap((use): ExperimentShown[] => {
    const running = wording.running[use.messageId];
    return running
      ? [{ experimentId: running.experimentId, messageId: use.messageId, variant: use.variant }]
      : [];
  });
  const tokens: NewButtonToken[] = [];
  const ops: OutboundOp[] = targets.map((target) => {
    // Each chat gets its own tokens: a button is honoured only where it was sent.
    const tokenized = tokenizeCard(card, {
      caseId: loaded.caseId,
      debtorId: loaded.debtorId,
      caseVersion: opts.version,
      chat: { channel: target.channel, address: target.address },
    });
    tokens.push(...tokenized.tokens);
    return {
      op: "send_card",
      channel: target.channel,
      address: target.address,
      messageKind: message.kind,
      automated,
      card: tokenized.outbound,
      locale: loaded.debtor.locale,
      ...(summary === undefined ? {} : { summary }),
      ...(target.viaTemplate ? { viaTemplate: true } : {}),
      ...(target.channel === "email" && loaded.webchatToken !== null
        ? { webchatToken: loaded.webchatToken }
        : {}),
      ...(experiments.length > 0 ? { wording: experiments.map((e) => ({ ...e })) } : {}),
    };
  });
  return {
    ops,
    tokens,
    experiments,
    // A reply is read where the debtor is writing; anything else needs a channel that notifies.
    carried: opts.replyTo !== null || route.notified,
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
