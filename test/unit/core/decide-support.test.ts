import { describe, expect, it } from "vitest";
import type { CaseState } from "../../../src/core/case-state.ts";
import {
  locateOffer,
  MAX_OFFERS_SHOWN,
  openOfferSetKeeping,
  reminder,
  sameTerms,
} from "../../../src/core/decide-support.ts";
import type { PlanTerms } from "../../../src/core/types.ts";
import { act, ctx, fresh, run } from "./fixtures.ts";

/**
 * The shared rules of `decide`: which offers stay on screen when new ones come, which button an
 * offer id points to, when two terms are the same, and who gets a scheduled reminder.
 */

const c = ctx();

/** 'Forgot': pay now and a promise, in policy, offer set 1. */
function forgotOffers(): CaseState {
  const s = run(fresh(), [act({ type: "give_reason", reason: "forgot" })]).state;
  expect(s.offerSet?.offers.map((o) => o.terms.kind)).toEqual(["pay_now", "promise"]);
  return s;
}

const plan: PlanTerms = {
  kind: "installments",
  frequency: "monthly",
  installments: [
    { seq: 1, dueDate: "2026-11-30", amountMinor: 40_000 },
    { seq: 2, dueDate: "2026-12-30", amountMinor: 40_000 },
    { seq: 3, dueDate: "2027-01-30", amountMinor: 40_000 },
  ],
};

function promiseOn(date: string): PlanTerms {
  return { kind: "promise", date, amountMinor: 120_000 };
}

describe("new offers beside those on screen", () => {
  it("the new terms come first, the standing offers keep their buttons, and only the new are recorded", () => {
    const s = forgotOffers();
    const standing = s.offerSet?.offers ?? [];
    const opened = openOfferSetKeeping(s, [{ terms: plan, withinPolicy: true }], c);
    expect(opened.offers.map((o) => o.id)).toEqual(["o2_1", ...standing.map((o) => o.id)]);
    expect(opened.common.offerSet?.offers).toEqual(opened.offers);
    const recorded = opened.effects.flatMap((e) => (e.type === "record_offers" ? e.offers : []));
    expect(recorded.map((o) => o.terms)).toEqual([plan]);
  });

  it("terms already on screen are not offered twice: the same set, those terms first, nothing recorded", () => {
    const s = forgotOffers();
    const [payNow, promise] = s.offerSet?.offers ?? [];
    const opened = openOfferSetKeeping(
      s,
      [{ terms: promise?.terms ?? plan, withinPolicy: true }],
      c,
    );
    expect(opened.offers).toEqual([promise, payNow]);
    expect(opened.effects).toEqual([]);
    expect(opened.common.offerSet).toMatchObject({
      version: 1,
      expiresAt: s.offerSet?.expiresAt,
      offers: [promise, payNow],
    });
  });

  it("a draft repeating a standing offer keeps that offer's button; the other drafts are new", () => {
    const s = forgotOffers();
    const [payNow, promise] = s.offerSet?.offers ?? [];
    const opened = openOfferSetKeeping(
      s,
      [
        { terms: plan, withinPolicy: true },
        { terms: payNow?.terms ?? plan, withinPolicy: true },
      ],
      c,
    );
    expect(opened.offers.map((o) => o.id)).toEqual(["o2_1", payNow?.id, promise?.id]);
    // In the drafts' order, whichever standing offer they repeat.
    const reordered = openOfferSetKeeping(
      s,
      [
        { terms: plan, withinPolicy: true },
        { terms: promise?.terms ?? plan, withinPolicy: true },
      ],
      c,
    );
    expect(reordered.offers.map((o) => o.id)).toEqual(["o2_1", promise?.id, payNow?.id]);
  });

  it("offers the owner approved, expired offers and offers out of policy are not kept", () => {
    const s = forgotOffers();
    const set = s.offerSet;
    if (set === null) throw new Error("no offers");
    const draft = [{ terms: plan, withinPolicy: true }];
    const approved: CaseState = { ...s, offerSet: { ...set, approvedBy: "U_OWNER" } };
    expect(openOfferSetKeeping(approved, draft, c).offers.map((o) => o.terms)).toEqual([plan]);
    const later = ctx({ now: new Date(set.expiresAt) });
    expect(openOfferSetKeeping(s, draft, later).offers.map((o) => o.terms)).toEqual([plan]);
    const outside: CaseState = {
      ...s,
      offerSet: { ...set, offers: set.offers.map((o) => ({ ...o, withinPolicy: false })) },
    };
    expect(openOfferSetKeeping(outside, draft, c).offers.map((o) => o.terms)).toEqual([plan]);
    // In policy when shown, but no longer fitting: a promise beyond the policy's horizon.
    const far: CaseState = {
      ...s,
      offerSet: {
        ...set,
        offers: [{ id: "o1_1", terms: promiseOn("2027-06-01"), withinPolicy: true }],
      },
    };
    expect(openOfferSetKeeping(far, draft, c).offers.map((o) => o.terms)).toEqual([plan]);
  });

  it(`at most ${MAX_OFFERS_SHOWN} offers are shown, unless the new ones alone are more`, () => {
    const s = forgotOffers();
    const three = ["2026-12-01", "2026-12-02", "2026-12-03"].map((d) => ({
      terms: promiseOn(d),
      withinPolicy: true,
    }));
    const opened = openOfferSetKeeping(s, three, c);
    expect(opened.offers).toHaveLength(MAX_OFFERS_SHOWN);
    expect(opened.offers.slice(0, 3).map((o) => o.terms)).toEqual(three.map((d) => d.terms));
    const five = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"].map(
      (d) => ({ terms: promiseOn(d), withinPolicy: true }),
    );
    expect(openOfferSetKeeping(s, five, c).offers.map((o) => o.terms)).toEqual(
      five.map((d) => d.terms),
    );
  });
});

describe("where an offer id points", () => {
  const s = (current: number | null, offerVersion: number): CaseState => {
    const base = forgotOffers();
    const set = base.offerSet;
    if (set === null) throw new Error("no offers");
    return {
      ...base,
      offerVersion,
      offerSet:
        current === null
          ? null
          : {
              ...set,
              version: current,
              offers: set.offers.map((o, i) => ({ ...o, id: `o${current}_${i + 1}` })),
            },
    };
  };

  it("an offer of the current set is found", () => {
    expect(locateOffer(s(3, 3), "o3_2")).toMatchObject({ found: { id: "o3_2" } });
  });

  it("an offer of an older set is stale, whatever the set's number of digits", () => {
    expect(locateOffer(s(3, 3), "o2_1")).toEqual({ missing: "stale_offer" });
    expect(locateOffer(s(13, 13), "o12_10")).toEqual({ missing: "stale_offer" });
    expect(locateOffer(s(null, 2), "o2_1")).toEqual({ missing: "stale_offer" });
  });

  it("ids never issued, malformed, or missing from the current set are unknown", () => {
    for (const id of ["o4_1", "o0_1", "xo2_1", "o2_1x", "o2_", "o3_9"]) {
      expect(locateOffer(s(3, 3), id)).toEqual({ missing: "unknown_offer" });
    }
  });
});

describe("the same terms", () => {
  it("whatever the order of their keys (states come back from jsonb reordered)", () => {
    const reordered = JSON.parse(
      '{"installments":[{"amountMinor":40000,"dueDate":"2026-11-30","seq":1},' +
        '{"dueDate":"2026-12-30","seq":2,"amountMinor":40000},' +
        '{"seq":3,"amountMinor":40000,"dueDate":"2027-01-30"}],"frequency":"monthly","kind":"installments"}',
    ) as PlanTerms;
    expect(sameTerms(plan, reordered)).toBe(true);
  });

  it("not when an amount, a date or the order of installments differs", () => {
    expect(sameTerms(promiseOn("2026-12-01"), promiseOn("2026-12-02"))).toBe(false);
    expect(sameTerms(plan, { ...plan, installments: [...plan.installments].reverse() })).toBe(
      false,
    );
    expect(
      sameTerms({ kind: "pay_now", amountMinor: 1 }, { kind: "pay_now", amountMinor: 2 }),
    ).toBe(false);
    expect(
      sameTerms(
        { kind: "pay_now", amountMinor: 1, discountMinor: 0 },
        { kind: "pay_now", amountMinor: 1 },
      ),
    ).toBe(false);
  });
});

describe("a scheduled reminder", () => {
  it("goes out as an automated message, never to a debtor who opted out", () => {
    const message = {
      kind: "ladder_reminder",
      step: "heads_up",
      amountDueMinor: 120_000,
      dueDate: "2026-11-10",
    } as const;
    expect(reminder(fresh(), message)).toEqual([{ type: "send_debtor", message, automated: true }]);
    expect(reminder({ ...fresh(), optedOut: true }, message)).toEqual([]);
  });
});
