import { randomUUID } from "node:crypto";
import type { Effect } from "../core/effects.ts";
import type { CaseEvent, DebtorAction } from "../core/events.ts";
import {
  type CaseState,
  currentActions,
  type Decision,
  decide,
  initialCaseState,
} from "../core/index.ts";
import type { DebtorMessage } from "../core/messages.ts";
import type { Channel } from "../core/types.ts";
import { renderRequestExpired } from "../messages/index.ts";
import { type AfterCommit, applyEffects, emptyAfterCommit } from "./apply-effects.ts";
import type { OutboundOp } from "./outbound.ts";
import type { Clock, JobPort, Log } from "./ports.ts";
import {
  CaseConflict,
  type CaseStore,
  type CaseTransaction,
  type InboundMessage,
  type LoadedCase,
} from "./store.ts";

/**
 * One event for one case, end to end:
 *   1. record the inbound event — a redelivery (same channel + external id) stops here;
 *   2. load the case, initialise its state from the invoice if this is its first event;
 *   3. `decide` (pure) → next state + effects, or a refusal;
 *   4. write the state with compare-and-set on `version`, and every effect (outbox rows, offers,
 *      agreements, timers, audit) — all in ONE transaction;
 *   5. after commit, enqueue the jobs for what was written.
 * A version conflict (another event moved the case meanwhile) retries the whole transaction.
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
  /** Platform housekeeping to do whatever the outcome (answer a callback, clear old buttons). */
  readonly extraOps?: (outcome: "applied" | "refused") => readonly OutboundOp[];
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
}

const MAX_ATTEMPTS = 5;

export async function handleEvent(deps: RuntimeDeps, input: EventInput): Promise<HandleResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { result, after } = await deps.store.transaction((tx) => runOnce(deps, tx, input));
      await runAfterCommit(deps, after);
      return result;
    } catch (err) {
      if (err instanceof CaseConflict && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
  }
}

async function runOnce(
  deps: RuntimeDeps,
  tx: CaseTransaction,
  input: EventInput,
): Promise<{ result: HandleResult; after: AfterCommit }> {
  if (input.source) {
    const fresh = await tx.recordInbound(
      input.source.channel,
      input.source.externalId,
      input.caseId,
    );
    if (!fresh) return { result: { outcome: "duplicate" }, after: emptyAfterCommit() };
  }
  const loaded = await tx.loadCase(input.caseId);
  if (!loaded) return { result: { outcome: "not_found" }, after: emptyAfterCommit() };

  const now = deps.clock.now();
  if (input.inboundMessage) {
    await tx.recordInboundMessage({ ...input.inboundMessage, caseId: input.caseId, at: now });
  }
  if (input.timerId) await tx.markTimerFired(input.timerId, now);

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
    // Without a state change the version stays, and so do the buttons already shown.
    const initialised = initEffects.length > 0;
    const after = await applyEffects(tx, loaded, replies, {
      version: initialised ? newVersion : loaded.version,
      eventKey: eventKey(input, initialised ? newVersion : null),
      now,
      replyTo: input.replyTo ?? null,
      actor: input.actor,
      extraOps: input.extraOps?.("refused") ?? [],
    });
    if (initialised) await save(tx, loaded, state);
    return {
      result: {
        outcome: "refused",
        code: decision.refusal.code,
        message: decision.refusal.message,
        status: state.status,
      },
      after,
    };
  }

  const effects = [...initEffects, ...decision.effects];
  const after = await applyEffects(tx, loaded, effects, {
    version: newVersion,
    eventKey: eventKey(input, newVersion),
    now,
    replyTo: input.replyTo ?? null,
    actor: input.actor,
    extraOps: [
      ...(input.extraOps?.("applied") ?? []),
      ...(await expiredRequestUpdate(tx, loaded, input.event, effects)),
    ],
    voidHeld: state.status !== decision.state.status,
  });
  await save(tx, loaded, decision.state);
  return {
    result: {
      outcome: "applied",
      version: newVersion,
      status: decision.state.status,
      effects,
    },
    after,
  };
}

/**
 * Answers the debtor within a case's context (its language, business, invoice) without an event
 * for the core — `/help`, say. Deduplicated like any input; the case itself does not change.
 */
export async function replyInCase(
  deps: RuntimeDeps,
  input: Pick<EventInput, "caseId" | "actor" | "replyTo"> & {
    readonly source: { readonly channel: string; readonly externalId: string };
    readonly message: DebtorMessage;
  },
): Promise<HandleResult> {
  const { result, after } = await deps.store.transaction(async (tx) => {
    if (!(await tx.recordInbound(input.source.channel, input.source.externalId, input.caseId))) {
      return { result: { outcome: "duplicate" } as const, after: emptyAfterCommit() };
    }
    const loaded = await tx.loadCase(input.caseId);
    if (!loaded) return { result: { outcome: "not_found" } as const, after: emptyAfterCommit() };
    const after = await applyEffects(
      tx,
      loaded,
      [{ type: "send_debtor", automated: false, message: input.message }],
      {
        version: loaded.version,
        eventKey: `${input.source.channel}/${input.source.externalId}`,
        now: deps.clock.now(),
        replyTo: input.replyTo ?? null,
        actor: input.actor,
        extraOps: [],
      },
    );
    return { result: { outcome: "replied" } as const, after };
  });
  await runAfterCommit(deps, after);
  return result;
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
  const { result, after } = await deps.store.transaction(async (tx) => {
    const loaded = await tx.loadCase(caseId);
    if (!loaded) return { result: "not_found" as const, after: emptyAfterCommit() };
    if (loaded.state) return { result: "already" as const, after: emptyAfterCommit() };
    const now = deps.clock.now();
    const { state, initEffects } = ensureState(loaded, now);
    const version = loaded.version + 1;
    const after = await applyEffects(tx, loaded, initEffects, {
      version,
      eventKey: `case/${caseId}/v${version}`,
      now,
      replyTo: null,
      actor: "system",
      extraOps: [],
    });
    await save(tx, loaded, state);
    return { result: "started" as const, after };
  });
  await runAfterCommit(deps, after);
  return result;
}

/**
 * When an approval request times out for good (the first timeout only reminds the owner), its
 * Slack message is rewritten to say so, buttons gone: a click there afterwards would only be
 * refused.
 */
async function expiredRequestUpdate(
  tx: CaseTransaction,
  loaded: LoadedCase,
  event: CaseEvent,
  effects: readonly Effect[],
): Promise<OutboundOp[]> {
  if (event.type !== "owner_approval_timeout") return [];
  const reminded = effects.some(
    (e) => e.type === "notify_owner" && e.message.kind === "approval_expiring",
  );
  if (reminded) return [];
  const posted = await tx.ownerRequestMessage(loaded.caseId, event.requestId);
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

async function save(tx: CaseTransaction, loaded: LoadedCase, state: CaseState): Promise<void> {
  const ok = await tx.saveCase(loaded.caseId, loaded.version, state);
  if (!ok) throw new CaseConflict("version");
}

async function runAfterCommit(deps: RuntimeDeps, after: AfterCommit): Promise<void> {
  try {
    if (after.deliveries.length > 0) await deps.jobs.enqueueDeliveries(after.deliveries);
    if (after.timers.length > 0) await deps.jobs.enqueueTimers(after.timers);
    if (after.droppedTimers.length > 0) await deps.jobs.dropTimers(after.droppedTimers);
  } catch (err) {
    // Committed rows are the truth; the reconciler enqueues whatever is left without a job.
    deps.log.warn({ err }, "enqueue after commit failed; the reconciler will catch up");
  }
}
