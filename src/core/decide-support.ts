import { countryOf } from "./business-days.ts";
import {
  type CaseCommon,
  type CaseFacts,
  type CaseState,
  type CaseStateOf,
  type CaseStatus,
  common,
  type PendingApproval,
  remainingMinor,
} from "./case-state.ts";
import { addHours, localDate } from "./dates.ts";
import type { Effect } from "./effects.ts";
import type { DebtorMessage, OwnerMessage } from "./messages.ts";
import { proposeTerms } from "./offers.ts";
import type { Policy } from "./policy.ts";
import { breachesOf, type FitContext } from "./policy-fit.ts";
import { type Refusal, type RefusalCode, refusal } from "./refusal.ts";
import type { IsoDate, Offer, PlanTerms, Reason, TimerKind } from "./types.ts";

export interface DecideContext {
  readonly policy: Policy;
  readonly facts: CaseFacts;
  readonly now: Date;
}

export type Decision =
  | { readonly ok: true; readonly state: CaseState; readonly effects: Effect[] }
  | { readonly ok: false; readonly refusal: Refusal };

/** Accepts the event: the new state, its effects, and one audit entry describing the change. */
export function accept(
  state: CaseState,
  effects: readonly Effect[],
  action: string,
  detail: Record<string, unknown> = {},
): Decision {
  return {
    ok: true,
    state,
    effects: [...effects, { type: "audit", action, detail: { status: state.status, ...detail } }],
  };
}

export function refuse(code: RefusalCode, message: string): Decision {
  return { ok: false, refusal: refusal(code, message) };
}

/** Builds a state of `status` from the common fields of `from` plus the status's own fields. */
export function toStatus<S extends CaseStatus>(
  from: CaseCommon,
  status: S,
  extra: Omit<CaseStateOf<S>, keyof CaseCommon | "status">,
): CaseStateOf<S> {
  return { ...common(from as CaseState), ...extra, status } as CaseStateOf<S>;
}

/** The same status with some common fields changed. */
export function withCommon(state: CaseState, changes: Partial<CaseCommon>): CaseState {
  return { ...state, ...changes };
}

export function today(ctx: DecideContext): IsoDate {
  return localDate(ctx.now, ctx.facts.debtor.timezone);
}

export function remaining(state: CaseCommon, ctx: DecideContext): number {
  return remainingMinor(state, ctx.facts);
}

export function fitContext(state: CaseCommon, ctx: DecideContext): FitContext {
  return {
    policy: ctx.policy,
    remainingMinor: remaining(state, ctx),
    today: today(ctx),
    invoiceIssuedAt: ctx.facts.invoice.issuedAt,
    promisesMade: state.promisesMade,
    ...(state.payday ? { payday: state.payday, country: debtorCountry(ctx) } : {}),
    ...(state.promisesBroken ? { promisesBroken: state.promisesBroken } : {}),
  };
}

/** The debtor's country, for the public holidays their payments avoid (business-days.ts). */
export function debtorCountry(ctx: DecideContext): string {
  return countryOf(ctx.facts.debtor.timezone, ctx.facts.business.timezone, ctx.facts.debtor.locale);
}

/** A reply to something the debtor just did: not subject to quiet hours. */
export function reply(message: DebtorMessage): Effect {
  return { type: "send_debtor", message, automated: false };
}

/** A message the bot sends on its own initiative (quiet hours, weekdays and the cap apply). */
export function followUp(message: DebtorMessage): Effect {
  return { type: "send_debtor", message, automated: true };
}

/** A scheduled reminder: never sent to a debtor who opted out. */
export function reminder(state: CaseCommon, message: DebtorMessage): Effect[] {
  return state.optedOut ? [] : [followUp(message)];
}

export function notifyOwner(message: OwnerMessage): Effect {
  return { type: "notify_owner", message };
}

export function cancelTimers(...kinds: TimerKind[]): Effect {
  return { type: "cancel_timers", kinds };
}

/** Leaves the default ladder: its timers are cancelled and a pending formal step is dropped. */
export function stopLadder(state: CaseCommon): { common: Partial<CaseCommon>; effects: Effect[] } {
  if (state.ladder.stopped) return { common: {}, effects: [] };
  // A pending formal step is dropped; its approval timer is left to fire and be refused as stale,
  // because cancelling by kind would also cancel a plan approval's timer.
  return {
    common: { ladder: { ...state.ladder, stopped: true }, ladderApproval: null },
    effects: [cancelTimers("ladder_step")],
  };
}

export const OFFER_EXPIRY_KEY = "offer_expiry";

/**
 * Opens a new offer set (version + 1) with ids `o<version>_<n>`, records it and schedules its
 * expiry. Returns the offers so the caller can show them in whichever message fits.
 */
export function openOfferSet(
  state: CaseCommon,
  drafts: readonly { terms: PlanTerms; withinPolicy: boolean }[],
  ctx: DecideContext,
  approvedBy: string | null = null,
): { common: Partial<CaseCommon>; offers: Offer[]; effects: Effect[] } {
  const version = state.offerVersion + 1;
  const offers: Offer[] = drafts.map((d, i) => ({
    id: `o${version}_${i + 1}`,
    terms: d.terms,
    withinPolicy: d.withinPolicy,
  }));
  const expiresAt = addHours(ctx.now, ctx.policy.offers.expiresAfterHours);
  return {
    common: { offerVersion: version, offerSet: { version, offers, expiresAt, approvedBy } },
    offers,
    effects: [
      { type: "record_offers", offerSetVersion: version, offers, expiresAt },
      {
        type: "schedule_timer",
        kind: "offer_expiry",
        key: OFFER_EXPIRY_KEY,
        at: expiresAt,
        payload: { offerSetVersion: version },
      },
    ],
  };
}

/** At most this many offers on one card: the new ones first, then those still standing. */
export const MAX_OFFERS_SHOWN = 4;

/**
 * Like `openOfferSet`, but the offers already shown stay available (DOMAIN.md: an answer to the
 * debtor never withdraws what they were offered a moment ago) unless they expired, no longer fit
 * the policy, or repeat new terms. Kept offers keep their ids — the buttons already on screen
 * still work — and are not recorded again.
 */
export function openOfferSetKeeping(
  state: CaseCommon,
  drafts: readonly { terms: PlanTerms; withinPolicy: boolean }[],
  ctx: DecideContext,
): { common: Partial<CaseCommon>; offers: Offer[]; effects: Effect[] } {
  const fit = fitContext(state, ctx);
  // Offers the owner approved carry their approval with their set: they are not mixed in.
  const standing =
    state.offerSet?.approvedBy != null
      ? []
      : liveOffers(state, ctx).filter(
          (o) => o.withinPolicy && breachesOf(o.terms, fit).length === 0,
        );
  if (standing.length === 0) return openOfferSet(state, drafts, ctx);
  // A draft already on screen keeps its offer (and id); only the others are new.
  const fresh = drafts.filter((d) => !standing.some((o) => sameTerms(o.terms, d.terms)));
  if (fresh.length === 0 && state.offerSet !== null) {
    // Nothing new: the same set (same version and expiry), the drafts first.
    const first = drafts.flatMap((d) => standing.filter((o) => sameTerms(o.terms, d.terms)));
    const offers = [...first, ...standing.filter((o) => !first.includes(o))];
    return { common: { offerSet: { ...state.offerSet, offers } }, offers, effects: [] };
  }
  const opened = openOfferSet(state, fresh, ctx);
  const fromDrafts = drafts.flatMap((d) => {
    const offer =
      standing.find((o) => sameTerms(o.terms, d.terms)) ??
      opened.offers.find((o) => sameTerms(o.terms, d.terms));
    return offer === undefined ? [] : [offer];
  });
  const others = standing.filter((o) => !fromDrafts.includes(o));
  const offers = [...fromDrafts, ...others].slice(0, Math.max(MAX_OFFERS_SHOWN, drafts.length));
  const set = opened.common.offerSet;
  return {
    ...opened,
    offers,
    common: { ...opened.common, ...(set ? { offerSet: { ...set, offers } } : {}) },
  };
}

/** The offers of the current set, unless it expired. */
export function liveOffers(state: CaseCommon, ctx: DecideContext): readonly Offer[] {
  const set = state.offerSet;
  if (set === null || ctx.now.getTime() >= new Date(set.expiresAt).getTime()) return [];
  return set.offers;
}

/** Same terms, whatever the key order (states come back from jsonb with their keys reordered). */
export function sameTerms(a: PlanTerms, b: PlanTerms): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

/** Closes the current offer set (its buttons become stale) and cancels its expiry timer. */
export function closeOfferSet(state: CaseCommon): {
  common: Partial<CaseCommon>;
  effects: Effect[];
} {
  if (state.offerSet === null) return { common: {}, effects: [] };
  return { common: { offerSet: null }, effects: [cancelTimers("offer_expiry")] };
}

export function approvalTimerKey(requestId: string): string {
  return `approval_${requestId}`;
}

/** A new approval request id (`r<n>`) and its timeout timer. */
export function newApproval(
  state: CaseCommon,
  fields: Omit<PendingApproval, "requestId" | "timeouts">,
  ctx: DecideContext,
): { approval: PendingApproval; common: Partial<CaseCommon>; effects: Effect[] } {
  const n = state.requestCount + 1;
  const approval: PendingApproval = { ...fields, requestId: `r${n}`, timeouts: 0 };
  return {
    approval,
    common: { requestCount: n },
    effects: [approvalTimer(approval.requestId, ctx)],
  };
}

export function approvalTimer(requestId: string, ctx: DecideContext): Effect {
  return {
    type: "schedule_timer",
    kind: "approval_timeout",
    key: approvalTimerKey(requestId),
    at: addHours(ctx.now, ctx.policy.ownerApproval.timeoutHours),
    payload: { requestId },
  };
}

/**
 * Back to negotiation (after a broken plan or promise, a declined proposal, a refused payment
 * claim): a fresh set of in-policy offers for the case's reason, status `offering`.
 */
export function reopenNegotiation(
  from: CaseCommon,
  ctx: DecideContext,
): { state: CaseStateOf<"offering">; offers: Offer[]; effects: Effect[] } {
  const opened = openOfferSet(from, draftsFor(from.reason, from, ctx), ctx);
  return {
    state: toStatus({ ...from, ...opened.common }, "offering", {}),
    offers: opened.offers,
    effects: opened.effects,
  };
}

/** The bot's own offers for a reason: always inside policy. */
export function draftsFor(
  reason: Reason | null,
  state: CaseCommon,
  ctx: DecideContext,
): { terms: PlanTerms; withinPolicy: boolean }[] {
  return proposeTerms(reason, fitContext(state, ctx)).map((terms) => ({
    terms,
    withinPolicy: true,
  }));
}

/** Where an offer id points: the current set, an older set, or nowhere. */
export function locateOffer(
  state: CaseCommon,
  offerId: string,
): { found: Offer } | { missing: "stale_offer" | "unknown_offer" } {
  const found = state.offerSet?.offers.find((o) => o.id === offerId);
  if (found !== undefined) return { found };
  const match = /^o(\d+)_\d+$/.exec(offerId);
  const version = match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
  const current = state.offerSet?.version ?? null;
  if (version !== null && version >= 1 && version <= state.offerVersion && version !== current) {
    return { missing: "stale_offer" };
  }
  return { missing: "unknown_offer" };
}
