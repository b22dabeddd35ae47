import { describe, expect, it } from "vitest";
import { slackText } from "../../../bot/slack/strings.ts";
import { CASE_STATUSES, type CaseStatus } from "../../../src/core/case-state.ts";
import type { RefusalCode } from "../../../src/core/refusal.ts";
import {
  checkApprover,
  type OwnerContext,
  type OwnerDirectory,
  type OwnerWordId,
  type OwnerWords,
  refusalExplanation,
} from "../../../src/runtime/owner-inbound.ts";

/**
 * What an owner is told when their answer no longer applies — every refusal the core can give, in
 * every case status, and the words for it in French and English. A refusal code added to the
 * core without a row here is a compile error (the table is a `Record<RefusalCode, …>`).
 */

type Explained = { readonly word: OwnerWordId; readonly updateMessage: boolean };

const moved = (word: OwnerWordId): Explained => ({ word, updateMessage: true });
const toUserOnly = (word: OwnerWordId): Explained => ({ word, updateMessage: false });

/** In a case still open, by refusal code. */
const BY_CODE: Record<RefusalCode, Explained> = {
  // The case moved on for good: the request says why, so no other approver tries.
  offer_expired: moved("refusal.offer_expired"),
  stale_offer: moved("refusal.offer_expired"),
  already_closed: moved("refusal.closed"),
  opted_out: moved("refusal.opted_out"),
  human_in_charge: moved("refusal.human"),
  // The owner's terms were refused: only they are told, and may try other terms.
  amount_mismatch: toUserOnly("refusal.invalid_terms"),
  negative_amount: toUserOnly("refusal.invalid_terms"),
  invalid_proposal: toUserOnly("refusal.invalid_terms"),
  invalid_event: toUserOnly("refusal.invalid_terms"),
  // Answered already (another approver, the desk): the message keeps the decision taken.
  unknown_request: toUserOnly("refusal.already_answered"),
  illegal_in_state: toUserOnly("refusal.already_answered"),
  stale_button: toUserOnly("refusal.already_answered"),
  // Anything else: the user is told the case moved on, with the refusal's own words.
  unknown_offer: toUserOnly("refusal.other"),
  not_awaiting_confirmation: toUserOnly("refusal.other"),
  stale_timer: toUserOnly("refusal.other"),
  internal_error: toUserOnly("refusal.other"),
};

/** Statuses that explain any refusal by themselves. */
const BY_STATUS: Partial<Record<CaseStatus, Explained>> = {
  paid: moved("refusal.paid"),
  closed: moved("refusal.closed"),
  opted_out: moved("refusal.opted_out"),
};

const codes = Object.keys(BY_CODE) as RefusalCode[];
const cases = CASE_STATUSES.flatMap((status) =>
  codes.map((code) => ({
    status,
    code,
    expected: BY_STATUS[status] ?? BY_CODE[code],
  })),
);

describe("refusalExplanation", () => {
  it.each(cases)("$code in a case $status → $expected.word", ({ code, status, expected }) => {
    expect(refusalExplanation({ code, status })).toEqual(expected);
  });

  it("names who answered first, and when, when it is known", () => {
    const earlier = { by: "owner:U0OTHER01", at: new Date("2026-11-23T10:00:00Z") };
    for (const code of ["unknown_request", "illegal_in_state", "stale_button"] as const) {
      expect(refusalExplanation({ code, status: "agreed" }, earlier)).toEqual(
        toUserOnly("refusal.decided_by"),
      );
    }
    // Who answered first does not matter when the case itself moved on, or the terms were bad.
    expect(refusalExplanation({ code: "stale_button", status: "paid" }, earlier)).toEqual(
      moved("refusal.paid"),
    );
    expect(refusalExplanation({ code: "amount_mismatch", status: "offering" }, earlier)).toEqual(
      toUserOnly("refusal.invalid_terms"),
    );
  });
});

/** Every refusal word the owner can read, and what each must carry. */
const WORDS: readonly { id: OwnerWordId; fr: RegExp; en: RegExp }[] = [
  { id: "refusal.paid", fr: /réglée/, en: /paid/ },
  { id: "refusal.closed", fr: /clos/, en: /closed/ },
  { id: "refusal.opted_out", fr: /arrêt des messages/, en: /stop automated messages/ },
  { id: "refusal.offer_expired", fr: /expiré/, en: /expired/ },
  { id: "refusal.human", fr: /repris la conversation/, en: /taken the conversation over/ },
  {
    id: "refusal.invalid_terms",
    fr: /ne peuvent pas.*\(la date est passée\)/,
    en: /cannot be used \(la date est passée\)/,
  },
  {
    id: "refusal.other",
    fr: /a évolué \(la date est passée\)/,
    en: /moved on \(la date est passée\)/,
  },
  {
    id: "refusal.already_answered",
    fr: /déjà reçu une réponse.*Rien n'a été modifié/,
    en: /already been answered.*Nothing was changed/,
  },
  {
    id: "refusal.decided_by",
    fr: /Déjà décidé par <@U0OTHER01> — 23 nov\. 11:00\. Rien n'a été modifié/,
    en: /Already decided by <@U0OTHER01> — 23 nov\. 11:00\. Nothing was changed/,
  },
  {
    id: "refusal.not_approver",
    fr: /Seuls les approbateurs.*Rien n'a été modifié/,
    en: /Only this business's approvers.*Nothing was changed/,
  },
  {
    id: "refusal.unknown_case",
    fr: /n'existe plus.*Rien n'a été modifié/,
    en: /no longer exists.*Nothing was changed/,
  },
];

const ARGS = { detail: "la date est passée", user: "<@U0OTHER01>", when: "23 nov. 11:00" };

describe("the refusal words, in French and English", () => {
  it("every word a refusal can lead to is in the table below", () => {
    const reachable = new Set<OwnerWordId>([
      ...Object.values(BY_CODE).map((e) => e.word),
      ...Object.values(BY_STATUS).map((e) => e.word),
      "refusal.decided_by",
      "refusal.not_approver",
      "refusal.unknown_case",
    ]);
    expect([...reachable].sort()).toEqual(WORDS.map((w) => w.id).sort());
  });

  it.each(WORDS)("$id says what it must in both languages", ({ id, fr, en }) => {
    const said = { fr: slackText("fr", id, ARGS), en: slackText("en", id, ARGS) };
    expect(said.fr).toMatch(fr);
    expect(said.en).toMatch(en);
    expect(said.fr).not.toBe(said.en);
    for (const text of Object.values(said)) expect(text).not.toMatch(/undefined|\$\{/);
  });

  it.each(["fr", "en"] as const)(
    "in %s, a refusal that rewrites the request reads as a reason after 'no longer applies'",
    (locale) => {
      for (const { word } of [...Object.values(BY_STATUS), moved("refusal.human")]) {
        const why = slackText(locale, word, ARGS);
        const line = slackText(locale, "decision.moved_on", { why });
        // French typography puts a no-break space before the colon.
        const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
        expect(plain(line)).toBe(
          plain(locale === "fr" ? `ℹ️ Ne s'applique plus : ${why}` : `ℹ️ No longer applies: ${why}`),
        );
      }
    },
  );
});

describe("checkApprover: refusals before the case is read", () => {
  const business: OwnerContext = {
    businessId: "b1",
    approverIds: ["U0OWNER001"],
    slackChannelId: "C0APPROVAL",
    locale: "en",
    timezone: "Europe/Paris",
  };
  const directory = (owner: OwnerContext | null): OwnerDirectory => ({
    approversFor: async () => owner,
    localeForChannel: async () => owner?.locale ?? null,
    amountDue: async () => null,
    decisionOf: async () => null,
  });
  const words: OwnerWords = (locale, id, args) => slackText(locale, id, args);

  it.each(["fr", "en"] as const)(
    "a user who is not an approver is told so in the business's language (%s)",
    async (locale) => {
      const verdict = await checkApprover(
        { directory: directory({ ...business, locale }), words },
        "case-1",
        "U0INTRUDE1",
      );
      expect(verdict).toEqual({
        ok: false,
        outcome: "not_approver",
        text: slackText(locale, "refusal.not_approver"),
      });
    },
  );

  it("a request about a case that no longer exists is answered in French (the business is unknown too)", async () => {
    const verdict = await checkApprover(
      { directory: directory(null), words },
      "gone",
      "U0OWNER001",
    );
    expect(verdict).toEqual({
      ok: false,
      outcome: "unknown_case",
      text: slackText("fr", "refusal.unknown_case"),
    });
  });

  it("an approver passes", async () => {
    const verdict = await checkApprover(
      { directory: directory(business), words },
      "case-1",
      "U0OWNER001",
    );
    expect(verdict).toEqual({ ok: true, owner: business });
  });
});
