import { randomUUID } from "node:crypto";
import type {
  CaseEvent,
  Channel,
  DebtorAction,
  DebtorMessage,
  Effect,
  OwnerMessage,
} from "../core/index.ts";
import {
  type CaseState,
  currentActions,
  type Decision,
  decide,
  initialCaseState,
} from "../core/index.ts";
import { renderRequestExpired } from "../messages/index.ts";
import { reportIfUnavailable } from "../outage-tracker.ts";
import { withConflictRetries } from "./conflict-retry.ts";
import type { OutboundOp } from "./outbound.ts";
import { planEvent, planReplyOutsideCase } from "./plan-event.ts";
import type { Clock, DependencyHealth, JobPort, Log, MetricsPort } from "./ports.ts";
import type {
  CaseStore,
  CommitResult,
  EventOutcome,
  InboundMessage,
  LoadedCase,
  OwnerDecisionKind,
  OwnerDecisionRecord,
} from "./store.ts";

/**
 * One event for one case, end to end:
 *   1. load the case in one round trip (invoice, business, debtor, chats, active agreement, audit
 *      head) and whether this input was handled before — a redelivery stops here;
 *   2. initialise its state from the invoice if this is its first event;
 *   3. `decide` (pure) → next state + effects, or a refusal;
 *   4. `planEvent` (pure) → one value saying everything the event writes;
 *   5. commit it in ONE transaction, with compare-and-set on the case's version and audit head;
 *   6. after commit, hand what was written to delivery and the timers.
 * A conflict (another event of the case committed since step 1, or took a unique key) starts
 * again from step 1, a bounded number of times (`withConflictRetries`, conflict-retry.ts).
 */

export interface EventInput {
  readonly caseId: string;
  readonly event: CaseEvent;
  /** The dedupe key: a webhook update id, a Slack action id, a timer id… null for API calls that
   *  carry their own idempotency (payments are deduplicated by reference in the store). */
  readonly source: { readonly channel: string; readonly externalId: string } | null;
  /** Who did it, for the audit log: `debtor:telegram`, `owner:U123`, `system`, `api`. */
  readonly actor: string;
  /** The debtor chat the event came from: replies go back there. */
  readonly replyTo?: { readonly channel: Channel; readonly address: string };
  /** The debtor's message itself, kept in `messages`. */
  readonly inboundMessage?: Omit<InboundMessage, "caseId" | "at">;
  /** A pressed button was shown at this case version; if the case moved on since, the press is
   *  refused as stale (the debtor gets the current options instead). */
  readonly expectVersion?: number;
  /** The timer that fired, marked fired in the same transaction. */
  readonly timerId?: string;
  /** Something the owner is told whatever the outcome (a new chat bound to the debtor), written
   *  in the event's commit like any notice: the desk's inbox, and Slack when configured. */
  readonly tellOwner?: OwnerMessage;
  /** Platform housekeeping to do whatever the outcome (answer a callback, clear old buttons, tell
   *  an owner why their click no longer applies), written in the event's own commit. */
  readonly extraOps?: (outcome: "applied" | "refused", refusal?: Refusal) => readonly OutboundOp[];
}

/** Why `decide` refused an event, and the case's status then. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly status: CaseState["status"];
}

export type HandleResult =
  | { readonly outcome: "duplicate" }
  | { readonly outcome: "replied" }
  | { readonly outcome: "not_found" }
  | {
      readonly outcome: "applied";
      readonly version: number;
      readonly status: CaseState["status"];
      readonly effects: readonly Effect[];
    }
  | {
      readonly outcome: "refused";
      readonly code: string;
      readonly message: string;
      readonly status: CaseState["status"];
    };

export interface RuntimeDeps {
  readonly store: CaseStore;
  readonly clock: Clock;
  readonly jobs: JobPort;
  readonly log: Log;
  /** Counts the events run again after a conflict (GET /metrics). */
  readonly metrics?: MetricsPort;
  /** Channels that need configuration to carry notices: e-mail only with an SMTP server. */
  readonly notices?: { readonly email: boolean };
  /** Where a lost Postgres or Redis is reported (one log line per outage, not per event). */
  readonly health?: DependencyHealth;
}

export async function handleEvent(deps: RuntimeDeps, input: EventInput): Promise<HandleResult> {
  const done = await withConflictRetries(deps.metrics, () =>
    deps.store.withCase(input.caseId, input.source, (loaded) => decideEvent(deps, input, loaded)),
  );
  if (!done) return { outcome: "not_found" };
  const result = await afterCommit(deps, done);
  if (result.outcome === "applied") await closeJoinedCases(deps, input.caseId, result.effects);
  return result;
}

/**
 * An invoice that joined this case (the debtor said yes to adding it) left its own case in the
 * same commit; that case is now closed by its own event, deduplicated by the invoice, so a retry
 * closes it once. Should this fail (logged), the old case keeps its timers until it is closed by
 * hand; the invoice itself is already collected by this case.
 */
async function closeJoinedCases(
  deps: RuntimeDeps,
  caseId: string,
  effects: readonly Effect[],
): Promise<void> {
  for (const e of effects) {
    if (e.type !== "join_invoice") continue;
    try {
      await handleEvent(deps, {
        caseId: e.fromCaseId,
        event: { type: "invoice_joined_case", caseId },
        source: { channel: "system", externalId: `joined_${e.invoiceId}` },
        actor: "system",
      });
    } catch (err) {
      deps.log.warn({ err, caseId: e.fromCaseId }, "could not close the case of a joined invoice");
    }
  }
}

/** Decide and plan, for the case as loaded (pure but for the rare look-up of an expired request). */
async function decideEvent(
  deps: RuntimeDeps,
  input: EventInput,
  loaded: LoadedCase,
): Promise<EventOutcome<HandleResult>> {
  if (loaded.seenInbound) return { result: { outcome: "duplicate" }, plan: null };
  const now = deps.clock.now();
  const { state, initEffects } = ensureState(loaded, now);
  // A button shown at an older version is stale unless what it does is still on offer now: an
  // unrelated event (a chat bound, a reminder sent) must not void the card the debtor is reading.
  const stale =
    input.expectVersion !== undefined &&
    input.expectVersion !== loaded.version &&
    !(input.event.type === "debtor_action" && stillOffered(state, input.event.action));
  const decision: Decision = stale
    ? {
        ok: false,
        refusal: { code: "stale_button", message: "the case moved on since this button was shown" },
      }
    : decide(state, input.event, { policy: loaded.policy, facts: loaded.facts, now });
  const newVersion = loaded.version + 1;
  const common = {
    now,
    replyTo: input.replyTo ?? null,
    actor: input.actor,
    inbound: input.source,
    inboundMessage: input.inboundMessage ?? null,
    timerId: input.timerId ?? null,
    emailNotices: deps.notices?.email === true,
  };

  if (!decision.ok) {
    // A refusal changes nothing, but the debtor deserves an answer when it was their doing, and
    // the first event of a case may still have initialised its state.
    const replies: Effect[] = [...initEffects];
    if (input.event.type === "debtor_action" || input.event.type === "debtor_text") {
      replies.push({
        type: "send_debtor",
        automated: false,
        message: { kind: "option_unavailable", actions: currentActions(state) },
      });
    }
    replies.push({
      type: "audit",
      action: "event_refused",
      detail: { event: input.event.type, code: decision.refusal.code },
    });
    if (input.tellOwner) replies.push({ type: "notify_owner", message: input.tellOwner });
    // Without a state change the version stays, and so do the buttons already shown.
    const initialised = initEffects.length > 0;
    const plan = planEvent(loaded, replies, {
      ...common,
      version: initialised ? newVersion : loaded.version,
      state: initialised ? state : null,
      eventKey: eventKey(input, initialised ? newVersion : null),
      extraOps: input.extraOps?.("refused", { ...decision.refusal, status: state.status }) ?? [],
    });
    const result: HandleResult = {
      outcome: "refused",
      code: decision.refusal.code,
      message: decision.refusal.message,
      status: state.status,
    };
    return { result, plan };
  }

  const effects: Effect[] = [
    ...initEffects,
    ...decision.effects,
    ...(input.tellOwner ? [{ type: "notify_owner" as const, message: input.tellOwner }] : []),
  ];
  const plan = planEvent(loaded, effects, {
    ...common,
    ownerDecision: ownerDecisionOf(input, now),
    version: newVersion,
    state: decision.state,
    eventKey: eventKey(input, newVersion),
    extraOps: [
      ...(input.extraOps?.("applied") ?? []),
      ...(await expiredRequestUpdate(deps, loaded, input.event, effects)),
    ],
  });
  return {
    result: { outcome: "applied", version: newVersion, status: decision.state.status, effects },
    plan,
  };
}

/** The owner decision an applied event records on its request's notice (Slack and desk alike). */
function ownerDecisionOf(input: EventInput, at: Date): OwnerDecisionRecord | null {
  const e = input.event;
  const record = (requestId: string | null, decision: OwnerDecisionKind): OwnerDecisionRecord => ({
    caseId: input.caseId,
    requestId,
    by: input.actor,
    decision,
    at,
  });
  switch (e.type) {
    case "owner_approved":
      return record(e.requestId, "approved");
    case "owner_declined":
      return record(e.requestId, "declined");
    case "owner_countered":
      return record(e.requestId, "countered");
    case "owner_payment_check":
      return record(null, e.received ? "payment_received" : "payment_not_received");
    default:
      return null;
  }
}

/**
 * Answers the debtor within a case's context (its language, business, invoice) without an event
 * for the core — `/help`, say. Deduplicated like any input; the case's state does not change.
 */
export async function replyInCase(
  deps: RuntimeDeps,
  input: Pick<EventInput, "caseId" | "actor" | "replyTo"> & {
    readonly source: { readonly channel: string; readonly externalId: string };
    readonly message: DebtorMessage;
  },
): Promise<HandleResult> {
  const done = await withConflictRetries(deps.metrics, () =>
    deps.store.withCase<HandleResult>(input.caseId, input.source, async (loaded) => {
      if (loaded.seenInbound) return { result: { outcome: "duplicate" }, plan: null };
      const plan = planEvent(
        loaded,
        [{ type: "send_debtor", automated: false, message: input.message }],
        {
          version: loaded.version,
          state: null,
          eventKey: `${input.source.channel}/${input.source.externalId}`,
          now: deps.clock.now(),
          replyTo: input.replyTo ?? null,
          actor: input.actor,
          extraOps: [],
          inbound: input.source,
          inboundMessage: null,
          timerId: null,
        },
      );
      return { result: { outcome: "replied" }, plan };
    }),
  );
  if (!done) return { outcome: "not_found" };
  return afterCommit(deps, done);
}

/**
 * Commits ops that belong to no case event — a reply to a chat bound to no case — deduplicated by
 * the inbound's key, then delivers them.
 */
export async function replyOutsideCase(
  deps: RuntimeDeps,
  args: Omit<Parameters<typeof planReplyOutsideCase>[0], "now">,
): Promise<void> {
  if (args.ops.length === 0) return;
  const committed = await deps.store.commit(
    planReplyOutsideCase({ ...args, now: deps.clock.now() }),
  );
  await runAfterCommit(deps, committed);
}

/**
 * Starts a case as soon as its invoice exists: its state is created from the invoice and the
 * policy, and the ladder's timers are scheduled (the J−7 heads-up, the owner's J+15 step…) even if
 * the debtor never opens a link. Safe to repeat: a case already started is left as it is. Called
 * after an invoice is created, and by the reconciler for any case an import or a crash left
 * unstarted.
 */
export async function startCase(
  deps: RuntimeDeps,
  caseId: string,
): Promise<"started" | "already" | "not_found"> {
  const done = await withConflictRetries(deps.metrics, () =>
    deps.store.withCase(caseId, null, async (loaded) => {
      if (loaded.state) return { result: "already" as const, plan: null };
      const now = deps.clock.now();
      const { state, initEffects } = ensureState(loaded, now);
      const version = loaded.version + 1;
      const plan = planEvent(loaded, initEffects, {
        version,
        state,
        eventKey: `case/${caseId}/v${version}`,
        now,
        replyTo: null,
        actor: "system",
        extraOps: [],
        inbound: null,
        inboundMessage: null,
        timerId: null,
        emailNotices: deps.notices?.email === true,
      });
      return { result: "started" as const, plan };
    }),
  );
  if (!done) return "not_found";
  await runAfterCommit(deps, done.committed);
  return done.result;
}

/** Hands what a commit wrote to delivery and the timers; a redelivery found at commit is one. */
async function afterCommit(
  deps: RuntimeDeps,
  done: { readonly result: HandleResult; readonly committed: CommitResult | null },
): Promise<HandleResult> {
  if (done.committed?.outcome === "duplicate") return { outcome: "duplicate" };
  if (done.committed) await runAfterCommit(deps, done.committed);
  return done.result;
}

/**
 * When an approval request times out for good (the first timeout only reminds the owner), its
 * Slack message is rewritten to say so, buttons gone: a click there afterwards would only be
 * refused.
 */
async function expiredRequestUpdate(
  deps: RuntimeDeps,
  loaded: LoadedCase,
  event: CaseEvent,
  effects: readonly Effect[],
): Promise<OutboundOp[]> {
  if (event.type !== "owner_approval_timeout") return [];
  const reminded = effects.some(
    (e) => e.type === "notify_owner" && e.message.kind === "approval_expiring",
  );
  if (reminded) return [];
  const posted = await deps.store.ownerRequestMessage(loaded.caseId, event.requestId);
  if (!posted) return [];
  const text = renderRequestExpired(loaded.business.locale, loaded.policy.ownerApproval.fallback);
  return [{ op: "owner_update", channel: "slack", ...posted, ...text }];
}

/** The case's state, created from the invoice on its first event. */
function ensureState(
  loaded: LoadedCase,
  now: Date,
): { state: CaseState; initEffects: readonly Effect[] } {
  if (loaded.state) return { state: loaded.state, initEffects: [] };
  const init = initialCaseState(loaded.facts, loaded.policy, now);
  return { state: init.state, initEffects: init.effects };
}

/** Whether the current state would show a button doing exactly `action`. */
function stillOffered(state: CaseState, action: DebtorAction): boolean {
  const wanted = canonical(action);
  return currentActions(state).some((a) => canonical(a) === wanted);
}

/** JSON with sorted keys: actions come back from jsonb with their keys reordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Outbox idempotency keys derive from the event: a redelivered webhook maps to the same keys, and
 * two distinct events never share one. An event without an external id is keyed by the version it
 * produced (unique per case), or — a refusal that changes nothing — by a fresh random id.
 */
function eventKey(input: EventInput, version: number | null): string {
  if (input.source) return `${input.source.channel}/${input.source.externalId}`;
  if (version !== null) return `case/${input.caseId}/v${version}`;
  return `refusal/${randomUUID()}`;
}

/**
 * Hands what the commit wrote to delivery and the timers. The commit is done: nothing here may fail
 * the event or keep its request waiting. The JobPort fails fast while Redis is away (jobs/queues.ts:
 * a connection without offline queue, a command timeout, and no attempt at all while the outage
 * tracker knows Redis is down), and whatever gets no job now is still in Postgres: the reconciler
 * gives a job to every pending outbox row and every timer due within the loading window, the
 * loader to later timers, and a cancelled timer whose job could not be dropped does nothing when
 * it fires.
 */
async function runAfterCommit(deps: RuntimeDeps, committed: CommitResult | null): Promise<void> {
  if (committed?.outcome !== "committed") return;
  const steps: (() => Promise<void>)[] = [];
  if (committed.outbox.length > 0) steps.push(() => deps.jobs.enqueueDeliveries(committed.outbox));
  if (committed.timers.length > 0) steps.push(() => deps.jobs.enqueueTimers(committed.timers));
  if (committed.cancelledTimers.length > 0) {
    steps.push(() => deps.jobs.dropTimers(committed.cancelledTimers));
  }
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      // An outage is said once, by the tracker; anything else here is worth a line of its own.
      if (!reportIfUnavailable(deps.health, err)) {
        deps.log.warn({ err }, "enqueue after commit failed; the reconciler will catch up");
      }
    }
  }
}
