import type {
  CaseFacts,
  CaseState,
  Channel,
  Locale,
  OwnerMessage,
  PlanTerms,
  Policy,
  TimerKind,
} from "../core/index.ts";
import type { HashedAuditEntry } from "./audit-hash.ts";
import type { OutboundOp } from "./outbound.ts";
import type { CaseExperiment } from "./wording-experiments.ts";

/**
 * The runtime's view of Postgres. `db/` implements it with drizzle; the runtime only sees these
 * shapes, so it can be read (and reasoned about) without knowing SQL.
 */

export interface ChannelBinding {
  readonly channel: Channel;
  readonly address: string;
  readonly boundAt: Date;
  /** When the debtor last wrote or pressed something in this chat; null if never. */
  readonly lastSeenAt: Date | null;
}

/** Everything `handle` needs about one case, loaded in the event's transaction. */
export interface LoadedCase {
  readonly caseId: string;
  readonly businessId: string;
  readonly debtorId: string;
  readonly invoiceId: string;
  readonly version: number;
  /** null until the first event initialises it from the invoice. */
  readonly state: CaseState | null;
  readonly facts: CaseFacts;
  readonly policy: Policy;
  readonly business: {
    readonly name: string;
    readonly locale: Locale;
    readonly timezone: string;
    readonly slackChannelId: string | null;
    /** Who signs for the business (the desk's settings); null: the business's name alone. */
    readonly senderName?: string | null;
    /** Their role; null: none. */
    readonly senderRole?: string | null;
    /** Who the business is in law (the formal steps' signature). */
    readonly legalIdentity?: {
      readonly name: string | null;
      readonly registration: string | null;
      readonly address: string | null;
    };
    readonly paymentInstructions: {
      iban?: string;
      bic?: string;
      payUrl?: string;
      text?: string;
    } | null;
  };
  readonly debtor: {
    readonly name: string;
    readonly locale: Locale;
    readonly timezone: string;
    /** The e-mail address given at intake, if any: where notices go when no chat can push. */
    readonly email: string | null;
  };
  /** The case's web-chat link token (an e-mail links to the chat with it); null if none. */
  readonly webchatToken: string | null;
  readonly bindings: readonly ChannelBinding[];
  /** The head of the case's audit chain (null before its first entry). */
  readonly auditHead: string | null;
  /** The case's active agreement and its schedule as recorded (a promise is one installment). */
  readonly activeAgreement: {
    readonly id: string;
    readonly schedule: readonly {
      seq: number;
      amountMinor: number;
      paidMinor: number;
      status: string;
    }[];
  } | null;
  /** `inbound` given to `load` was handled before. */
  readonly seenInbound: boolean;
  /**
   * The business's wording experiments that still decide what a case says (running ones, and
   * ended ones with a winner), each with the case's recorded variant. Absent: none.
   */
  readonly experiments?: readonly CaseExperiment[];
}

/** A case's variant in a wording experiment, recorded the first time one of its cards says it. */
export interface NewCaseVariant {
  readonly caseId: string;
  readonly experimentId: string;
  readonly variant: string;
  readonly at: Date;
}

export interface NewOutboxRow {
  readonly idempotencyKey: string;
  readonly caseId: string | null;
  /** null for a reply outside any case (a stranger's /start). */
  readonly businessId: string | null;
  readonly op: OutboundOp;
  readonly notBefore: Date;
}

export interface NewTimer {
  readonly caseId: string;
  readonly kind: TimerKind;
  readonly key: string;
  readonly dueAt: Date;
  readonly payload: Readonly<Record<string, string | number>>;
}

export interface NewAgreement {
  readonly caseId: string;
  readonly businessId: string;
  readonly offerKey: string;
  readonly terms: PlanTerms;
  readonly totalMinor: number;
  readonly currency: string;
  /** The exact text the debtor confirmed and its message ids are read, in the commit, from the
   *  case's last confirm_terms card (its outbox row): the evidence is what was shown. */
  readonly channel: string;
  readonly approvedBy: string | null;
  readonly confirmedAt: Date;
  /**
   * A running agreement re-balanced after a payment made outside it (the debtor confirmed
   * nothing new): its evidence is this text — the card that told them — instead of a
   * confirm_terms card. Absent for an agreement the debtor confirmed.
   */
  readonly rebalancedText?: string;
  /** What was already paid on each installment when it was recorded (a re-balanced plan keeps
   *  its paid installments); absent: nothing. */
  readonly paidInstallments?: readonly { readonly seq: number; readonly paidMinor: number }[];
}

/** The chat a card was sent to: its buttons are honoured from there only. */
export interface ButtonChat {
  readonly channel: Channel | "email";
  readonly address: string;
}

export interface NewButtonToken {
  readonly token: string;
  readonly caseId: string;
  readonly debtorId: string;
  readonly action: unknown;
  readonly caseVersion: number;
  readonly chat: ButtonChat;
}

/** A card sent again to another chat (a failed notice rerouted): each of its buttons gets a new
 *  token, a copy of the old one (same action, same case version) for the new chat. */
export interface ButtonTokenCopy {
  readonly from: string;
  readonly token: string;
  readonly chat: ButtonChat;
}

export interface InboundMessage {
  readonly caseId: string | null;
  readonly debtorId: string;
  readonly channel: Channel;
  readonly chatId: string;
  readonly externalId: string;
  readonly kind: string;
  readonly text: string | null;
  /** The runtime clock's now, like outbound messages: one timeline, one clock (tests move it). */
  readonly at: Date;
}

export interface InboundKey {
  readonly channel: string;
  readonly externalId: string;
}

/** A new set of offers shown to the debtor. */
export interface NewOffers {
  readonly caseId: string;
  readonly offerSetVersion: number;
  readonly offers: readonly { key: string; terms: PlanTerms; withinPolicy: boolean }[];
  readonly expiresAt: Date;
}

/** The installments' progress and the agreement's status, as the core's standing says. */
export interface AgreementUpdate {
  readonly agreementId: string;
  readonly status: "active" | "completed" | "broken";
  readonly installments: readonly { seq: number; paidMinor: number; status: "pending" | "paid" }[];
}

/** Pending timers to cancel: of these kinds (all when null), narrowed to these keys when given. */
export interface TimerCancel {
  readonly kinds: readonly TimerKind[] | null;
  readonly keys: readonly string[] | null;
}

/**
 * Something the owner is told or asked (every `notify_owner` effect), recorded whether or not
 * Slack is configured: the owner's desk lists these, so no request is ever dropped for want of
 * a Slack channel.
 */
export interface NewOwnerNotice {
  readonly idempotencyKey: string;
  readonly caseId: string;
  readonly businessId: string;
  readonly kind: OwnerMessage["kind"];
  /** The approval request or dispute it asks about; null for the rest. */
  readonly requestId: string | null;
  readonly message: OwnerMessage;
  /** Also posted to the business's Slack channel. */
  readonly slack: boolean;
  readonly at: Date;
}

/** The owner's decisions (Slack or desk alike), recorded on the notice that asked for them. */
export type OwnerDecisionKind =
  | "approved"
  | "declined"
  | "countered"
  | "payment_received"
  | "payment_not_received";

/** An owner decision the event applied: who answered which request, and when. */
export interface OwnerDecisionRecord {
  readonly caseId: string;
  /** null for the answer to an "already paid" claim (it has no request id). */
  readonly requestId: string | null;
  /** `owner:<Slack user id>` or `desk:<e-mail>`. */
  readonly by: string;
  readonly decision: OwnerDecisionKind;
  readonly at: Date;
}

/** The compare-and-set on the case row, and what it becomes. */
export interface CaseWrite {
  readonly caseId: string;
  readonly debtorId: string;
  /** The version and audit head read at load: another event committed since → conflict. */
  readonly expect: { readonly version: number; readonly auditHead: string | null };
  readonly version: number;
  /** null: the state is unchanged (a refusal), only the audit head moves. */
  readonly state: CaseState | null;
  readonly auditHead: string | null;
  /** The case becomes paid or closed with this event: when (its links stop working). */
  readonly closedAt?: Date | null;
  /** The debtor asked to stop: recorded on the debtor, across channels and cases. */
  readonly optOut: boolean;
  /** The event changes the case's status: automated messages still held (quiet hours, cap) were
   *  decided for the old status and are voided before this event's own rows are written. */
  readonly voidHeldAutomated: boolean;
}

/**
 * Everything one event writes, decided before anything is written (see plan-event.ts): the store
 * commits it at once, in one transaction, or not at all.
 */
export interface CommitPlan {
  /** null for writes outside any case's state (a reply to a stranger, an owner's refusal). */
  readonly caseWrite: CaseWrite | null;
  /** The dedupe key: a redelivery (seen before, or committed meanwhile) writes nothing. */
  readonly inbound: (InboundKey & { readonly caseId: string | null }) | null;
  readonly inboundMessage: InboundMessage | null;
  readonly timerFired: { readonly id: string; readonly at: Date } | null;
  readonly outbox: readonly NewOutboxRow[];
  readonly buttonTokens: readonly NewButtonToken[];
  readonly buttonTokenCopies?: readonly ButtonTokenCopy[];
  /**
   * Web-chat links this event sends again (in e-mails): an unused one stays open for its
   * lifetime counted from now — a link works for as long after it was last sent as after it was
   * first issued.
   */
  readonly linksResent?: { readonly tokens: readonly string[]; readonly at: Date } | null;
  readonly offers: NewOffers | null;
  readonly agreement: NewAgreement | null;
  readonly agreementUpdate: AgreementUpdate | null;
  readonly timersCancel: readonly TimerCancel[];
  /** Replaces any pending timer with the same (case, key). */
  readonly timersSet: readonly NewTimer[];
  /** Entries of the case's chain, already linked after `caseWrite.expect.auditHead`. */
  readonly audit: readonly HashedAuditEntry[];
  /** What the owner is told or asked, for the desk (and Slack, through `outbox`). */
  readonly ownerNotices: readonly NewOwnerNotice[];
  /** The owner decision this event applied, marked on its notice (who decided, when). */
  readonly ownerDecision: OwnerDecisionRecord | null;
  /** Wording-experiment assignments made by this event (a case's first card in each). */
  readonly caseVariants: readonly NewCaseVariant[];
  /** A new invoice joins this case, leaving its own case (case_invoices; decide-addition.ts). */
  readonly joinInvoice?: {
    readonly invoiceId: string;
    readonly fromCaseId: string;
    readonly at: Date;
  } | null;
}

export type CommitResult =
  | {
      readonly outcome: "committed";
      /** The outbox rows written, for delivery right after commit. */
      readonly outbox: readonly { id: string; channel: string; kind: string; notBefore: Date }[];
      readonly timers: readonly { id: string; dueAt: Date }[];
      /** Timers cancelled or replaced: their jobs can go. */
      readonly cancelledTimers: readonly string[];
    }
  /** The inbound was seen before: nothing was written. */
  | { readonly outcome: "duplicate" };

/**
 * Thrown by a store when a concurrent transaction got in the way (a moved version, a unique key
 * taken meanwhile, a serialization failure): the event is retried from the start, a bounded number
 * of times.
 */
export class CaseConflict extends Error {
  override readonly name = "CaseConflict";
  constructor(readonly reason: string) {
    super(`concurrent write (${reason})`);
  }
}

/** What an event decided, from the case as loaded: the result to return, and what to write. */
export interface EventOutcome<T> {
  readonly result: T;
  /** null: nothing to write (a redelivery, a case already started). */
  readonly plan: CommitPlan | null;
}

export interface CaseStore {
  /**
   * One event's unit of work, in one transaction: the case is loaded in one statement (with its
   * invoice, business, debtor, chats, active agreement, and whether `inbound` was handled before)
   * and held until commit, so events of one case take turns while other cases run in parallel;
   * `decide` returns the result and the plan, which is committed before the transaction ends.
   * null when the case does not exist. Throws `CaseConflict` when a concurrent write got in the
   * way anyway (a unique key taken meanwhile): the caller runs the event again.
   */
  withCase<T>(
    caseId: string,
    inbound: InboundKey | null,
    decide: (loaded: LoadedCase) => Promise<EventOutcome<T>>,
  ): Promise<{ readonly result: T; readonly committed: CommitResult | null } | null>;
  /** Commits a plan that changes no case's state (a reply outside any case), in one transaction. */
  commit(plan: CommitPlan): Promise<CommitResult>;
  /** Where the owner's approval request `requestId` was posted (Slack channel and message ts). */
  ownerRequestMessage(
    caseId: string,
    requestId: string,
  ): Promise<{ slackChannel: string; messageTs: string } | null>;
}
