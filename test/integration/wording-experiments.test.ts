import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import {
  agreements,
  auditLog,
  caseVariants,
  experiments,
  outbox,
  payments,
} from "../../db/schema.ts";
import { createExperimentStore } from "../../db/stores/experiments.ts";
import { experimentFigures } from "../../src/http/admin/experiment-figures.ts";
import { meanInterval, wilsonInterval } from "../../src/http/admin/experiment-stats.ts";
import { formatMoney } from "../../src/messages/index.ts";
import { assignmentPoint, assignVariant } from "../../src/runtime/wording-experiments.ts";
import { type DeskClient, givenDeskUser, sendTo, signIn } from "../support/desk.ts";
import {
  givenSimulatedCases,
  inBatches,
  markDelivered,
  sendLadderCard,
} from "../support/experiments.ts";
import { givenBusiness } from "../support/fixtures.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * Wording experiments on real Postgres: 1,000 cases split between two variants through the
 * runtime's own path, their statistics on the owner's dashboard; an owner starting, reweighing
 * and ending an experiment on the desk (CSRF like every desk form); a case keeping its variant
 * when the shares change and when the service restarts; and the winner said to every case once
 * the experiment ends.
 */

const PASSWORD = "desk-password-0123456789";
const T0 = new Date("2026-11-23T10:00:00Z");
const clock = new TestClock(T0.toISOString());
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ clock, mode: "web" });
});

afterAll(async () => {
  await svc?.stop();
});

const db = (): Db => svc.db.db;
const DAY = 86_400_000;

/** Intl's no-break spaces and Hono's escaped apostrophes, as the eye reads them. */
function visible(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, " ").replace(/&#39;/g, "'");
}

async function ownerOf(businessId: string): Promise<DeskClient> {
  const email = `owner-${randomUUID().slice(0, 8)}@atelier.test`;
  await givenDeskUser(db(), {
    email,
    password: PASSWORD,
    role: "owner",
    businessIds: [businessId],
  });
  return signIn(sendTo(svc.url ?? ""), email, PASSWORD);
}

/** What each variant of `reminder-ask-reason` says, in French (catalogue words). */
const ASK_REASON_FR: Record<string, string> = {
  a: "nous n'avons pas encore reçu le règlement",
  b: "n'apparaît pas encore comme réglée chez nous",
  c: "cela arrive à tout le monde",
};

/** The text of the ladder card the case was last sent (its newest outbox row). */
async function lastCardText(caseId: string): Promise<{ text: string; wording: unknown }> {
  const [row] = await db()
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.kind, "send_card")))
    .orderBy(sql`${outbox.seq} desc`)
    .limit(1);
  const payload = row?.payload as { card?: { text?: string }; wording?: unknown } | undefined;
  return { text: visible(payload?.card?.text ?? ""), wording: payload?.wording };
}

function variantSaid(text: string): string | undefined {
  return Object.entries(ASK_REASON_FR).find(([, words]) => text.includes(words))?.[0];
}

async function assignments(experimentId: string): Promise<Record<string, string>> {
  const rows = await db()
    .select({ caseId: caseVariants.caseId, variant: caseVariants.variant })
    .from(caseVariants)
    .where(eq(caseVariants.experimentId, experimentId));
  return Object.fromEntries(rows.map((r) => [r.caseId, r.variant]));
}

describe("1,000 cases in a two-variant experiment", () => {
  /** Fixed, with the case ids, so the split is the same on every run (pinned below). */
  const EXPERIMENT_ID = "3c0de5a1-7b2e-4f19-9c4d-6a8b0e2f1d37";
  const N = 1_000;
  const AMOUNT = 100_000;
  const DUE = "2026-11-13";

  it("splits them as the weights ask, records each case's variant, and shows their statistics with 95 % intervals", async () => {
    const business = await givenBusiness(db(), { name: "Atelier Expérience" });
    await db()
      .insert(experiments)
      .values({
        id: EXPERIMENT_ID,
        businessId: business.id,
        messageId: "reminder-options",
        variants: [
          { key: "a", weight: 1 },
          { key: "b", weight: 1 },
        ],
        startedAt: T0,
        startedBy: "desk:owner@atelier.test",
      });
    const ids = await givenSimulatedCases(db(), business.id, N, {
      amountMinor: AMOUNT,
      dueDate: DUE,
      issuedAt: "2026-10-14T00:00:00Z",
      locale: "fr",
    });
    const written = await inBatches(ids, 8, (caseId) =>
      sendLadderCard(db(), caseId, "options", T0, DUE, AMOUNT),
    );
    await inBatches(written, 8, (outboxIds) => markDelivered(db(), outboxIds, T0));

    // The split: each case in the variant its hash gives, 3 binomial SDs of 500 at most (±48).
    const assigned = await assignments(EXPERIMENT_ID);
    const experiment = {
      id: EXPERIMENT_ID,
      variants: [
        { key: "a", weight: 1 },
        { key: "b", weight: 1 },
      ],
    };
    expect(Object.keys(assigned)).toHaveLength(N);
    for (const caseId of ids) expect(assigned[caseId]).toBe(assignVariant(caseId, experiment));
    const inB = ids.filter((c) => assigned[c] === "b").length;
    expect(Math.abs(inB - N / 2)).toBeLessThanOrEqual(48);
    // Pinned (Python's hashlib, computing the same points on its own, counts 485 too).
    expect(inB).toBe(485);

    // Every message sent names the experiment and the variant it said, and says it.
    const sent = await db().execute<{ variant: string; recorded: string; text: string }>(sql`
      select m.wording->0->>'variant' as variant, cv.variant as recorded, m.text
      from messages m join case_variants cv on cv.case_id = m.case_id
      where cv.experiment_id = ${EXPERIMENT_ID}::uuid and m.direction = 'out'`);
    expect(sent).toHaveLength(N);
    for (const m of sent) {
      expect(m.variant).toBe(m.recorded);
      expect(m.text).toContain(
        m.recorded === "b" ? "choisissez la façon de régler" : "reste à régler",
      );
    }

    // What follows, drawn from each case's own hash: replies 30 % (a) vs 45 % (b); agreements
    // 20 % vs 21 %; each agreed case pays in full, after 1–20 days (a) or 1–10 days (b).
    const u = (caseId: string, what: string) => assignmentPoint(caseId, what);
    const truth = { reply: { a: 0.3, b: 0.45 }, agree: { a: 0.2, b: 0.21 } };
    const replies: { caseId: string; at: Date }[] = [];
    const agreed: { caseId: string; at: Date }[] = [];
    const paid: { caseId: string; at: Date; days: number }[] = [];
    for (const caseId of ids) {
      const v = assigned[caseId] as "a" | "b";
      if (u(caseId, "reply") < truth.reply[v]) {
        replies.push({ caseId, at: new Date(T0.getTime() + 3_600_000) });
      }
      if (u(caseId, "agree") < truth.agree[v]) {
        agreed.push({ caseId, at: new Date(T0.getTime() + 2 * 3_600_000) });
        const days = 1 + Math.floor(u(caseId, "days") * (v === "a" ? 20 : 10));
        paid.push({ caseId, at: new Date(T0.getTime() + days * DAY), days });
      }
    }
    // A message written before the card does not count as a reply to it.
    const early = ids.filter((c) => !replies.some((r) => r.caseId === c)).slice(0, 10);
    await givenInbound(db(), [
      ...replies,
      ...early.map((caseId) => ({ caseId, at: new Date(T0.getTime() - DAY) })),
    ]);
    await givenAgreements(db(), business.id, agreed, AMOUNT);
    await givenFullPayments(db(), paid);
    clock.set(new Date(T0.getTime() + 30 * DAY));

    // The figures expected, counted here from what was written.
    const inVariant = (v: string) => ids.filter((c) => assigned[c] === v);
    const expected = (v: "a" | "b") => {
      const cases = inVariant(v);
      const has = (list: { caseId: string }[]) =>
        cases.filter((c) => list.some((x) => x.caseId === c)).length;
      const days = paid.filter((p) => assigned[p.caseId] === v).map((p) => p.days);
      const recovered = cases.map((c): number => (paid.some((p) => p.caseId === c) ? AMOUNT : 0));
      return { cases: cases.length, replied: has(replies), agreed: has(agreed), days, recovered };
    };
    const a = expected("a");
    const b = expected("b");

    // The view model, from the store's SQL.
    const [raw] = await createExperimentStore(db()).stats(
      { businessIds: [business.id] },
      { businessId: business.id, now: clock.now() },
    );
    if (!raw) throw new Error("no experiment figures");
    const figure = experimentFigures(raw);
    for (const [key, want] of [
      ["a", a],
      ["b", b],
    ] as const) {
      const v = figure.variants.find((x) => x.key === key);
      expect(v?.cases, key).toBe(want.cases);
      expect(v?.reply.successes, key).toBe(want.replied);
      expect(v?.agreement.successes, key).toBe(want.agreed);
      expect(v?.daysToPayment.n, key).toBe(want.days.length);
      expect(v?.daysToPayment.mean, key).toBeCloseTo(mean(want.days), 9);
      expect(v?.recovered[0]?.totalMinor, key).toBe(want.recovered.reduce((s, x) => s + x, 0));
      expect(v?.recovered[0]?.perCase.mean, key).toBeCloseTo(mean(want.recovered), 6);
      const ci = wilsonInterval(want.replied, want.cases);
      expect(v?.reply.interval?.low).toBeCloseTo(ci?.low ?? -1, 12);
    }
    const bFigure = figure.variants.find((x) => x.key === "b");
    expect(bFigure?.versusBase?.reply.kind).toBe("significant");
    expect(bFigure?.versusBase?.agreement.kind).toBe("not_significant");
    expect(bFigure?.versusBase?.daysToPayment).toMatchObject({
      kind: "significant",
      higher: false,
    });

    // The dashboard, as the owner reads it (signed in now: a session lasts 12 hours).
    const desk = await ownerOf(business.id);
    const res = await desk.get(`/admin/dashboard?businessId=${business.id}`);
    expect(res.status).toBe(200);
    const html = visible(await res.text());
    expect(html).toContain("Expériences de formulation");
    expect(html).toContain("Relance : proposer des solutions");
    const pct = (x: number) =>
      visible(
        new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 1 }).format(x),
      );
    const rateText = (x: number, n: number) => {
      const ci = wilsonInterval(x, n);
      return `${pct(x / n)} (${pct(ci?.low ?? 0)} à ${pct(ci?.high ?? 0)})`;
    };
    const euros = (minor: number) => visible(formatMoney(Math.round(minor), "EUR", "fr"));
    const oneDecimal = (x: number) =>
      new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(x);
    for (const [key, want] of [
      ["a", a],
      ["b", b],
    ] as const) {
      const row = new RegExp(`<tr data-variant="${key}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? "";
      expect(row, key).toContain(`>${want.cases}<`);
      expect(row).toContain(rateText(want.replied, want.cases));
      expect(row).toContain(` ${want.replied}/${want.cases}`);
      expect(row).toContain(rateText(want.agreed, want.cases));
      const money = meanInterval(sampleOf(want.recovered));
      expect(row).toContain(
        `${euros(mean(want.recovered))} (${euros(money?.low ?? 0)} à ${euros(money?.high ?? 0)})`,
      );
      const days = meanInterval(sampleOf(want.days));
      expect(row).toContain(
        `${oneDecimal(mean(want.days))} (${oneDecimal(days?.low ?? 0)} à ${oneDecimal(days?.high ?? 0)})`,
      );
    }
    expect(html).toMatch(
      /data-measure="reply" data-verdict="significant">b, taux de réponse : plus élevé qu'avec a, différence significative \(p (=|&lt;) /,
    );
    expect(html).toMatch(
      /data-measure="agreement" data-verdict="not_significant">b, taux d'accord : différence avec a pas encore significative \(p = 0,\d+\)/,
    );
    expect(html).toMatch(
      /data-measure="days" data-verdict="significant">b, jours jusqu'au paiement : plus bas qu'avec a/,
    );
    expect(html).toContain("test z de deux proportions");
    expect(html).toContain("Wilson");
  }, 300_000);
});

describe("an owner runs an experiment on the desk", () => {
  it("starts it (CSRF checked), refuses a second one on the same message, reweighs it and ends it keeping the winner", async () => {
    const business = await givenBusiness(db(), { name: "Atelier Lune" });
    const desk = await ownerOf(business.id);
    const base = `/admin/businesses/${business.id}/experiments`;

    const chooser = await desk.get("/admin/experiments");
    expect(chooser.status).toBe(303);
    expect(chooser.headers.get("location")).toBe(base);
    const empty = visible(await (await desk.get(base)).text());
    expect(empty).toContain("Relance : demander la raison du retard");
    for (const words of Object.values(ASK_REASON_FR)) expect(empty).toContain(words);

    const shares = { messageId: "reminder-ask-reason", share_a: "50", share_b: "50", share_c: "0" };
    expect((await desk.post(base, { ...shares, _csrf: null })).status).toBe(403);
    expect((await desk.post(base, { ...shares, _csrf: "forged" })).status).toBe(403);
    const bad = await desk.post(base, { ...shares, share_b: "0" });
    expect(bad.status).toBe(400);
    expect(visible(await bad.text())).toContain("dont au moins deux positives");
    expect((await desk.post(base, { ...shares, messageId: "welcome" })).status).toBe(400);

    const started = await desk.post(base, shares);
    expect(started.status).toBe(303);
    expect(started.headers.get("location")).toBe(`${base}?done=started`);
    const again = await desk.post(base, shares);
    expect(again.status).toBe(400);
    expect(visible(await again.text())).toContain("déjà en cours");
    const [experiment] = await db()
      .select()
      .from(experiments)
      .where(eq(experiments.businessId, business.id));
    if (!experiment) throw new Error("experiment not started");
    expect(experiment).toMatchObject({
      messageId: "reminder-ask-reason",
      status: "running",
      variants: [
        { key: "a", weight: 50 },
        { key: "b", weight: 50 },
        { key: "c", weight: 0 },
      ],
      startedBy: expect.stringMatching(/^desk:owner-/),
    });

    // Cases: each says its variant; a case's variant is recorded with its first card.
    const ids = await givenSimulatedCasesOf(business.id, 20);
    const said: Record<string, string | undefined> = {};
    for (const caseId of ids) {
      await sendLadderCard(db(), caseId, "ask_reason", clock.now(), "2026-11-13", 50_000);
      said[caseId] = variantSaid((await lastCardText(caseId)).text);
      expect(said[caseId]).toBe(assignVariant(caseId, experiment));
    }
    expect((await lastCardText(ids[0] ?? "")).wording).toEqual([
      {
        experimentId: experiment.id,
        messageId: "reminder-ask-reason",
        variant: said[ids[0] ?? ""],
      },
    ]);
    expect(Object.values(await assignments(experiment.id)).sort()).toEqual(
      ids.map((c) => said[c]).sort(),
    );

    // Another business's owner cannot touch it.
    const other = await givenBusiness(db(), { name: "Autre Atelier" });
    const stranger = await ownerOf(other.id);
    expect((await stranger.post(`${base}/${experiment.id}/end`, { winner: "b" })).status).toBe(404);
    expect(
      (
        await stranger.post(`/admin/businesses/${other.id}/experiments/${experiment.id}/end`, {
          winner: "b",
        })
      ).status,
    ).toBe(404);

    // Ending keeps the winner: the variant fewer cases got, so every one of the others moves.
    const winner = ids.filter((c) => said[c] === "a").length <= 10 ? "a" : "b";
    expect((await desk.post(`${base}/${experiment.id}/end`, { winner: "c " })).status).toBe(400);
    const ended = await desk.post(`${base}/${experiment.id}/end`, { winner });
    expect(ended.status).toBe(303);
    const page = visible(await (await desk.get(`${base}?done=ended`)).text());
    expect(page).toContain("tous les dossiers reçoivent maintenant la formulation gardée");
    expect(page).toContain(`formulation gardée : ${winner}`);
    const before = Object.keys(await assignments(experiment.id)).length;
    const newcomers = await givenSimulatedCasesOf(business.id, 5);
    for (const caseId of [...ids, ...newcomers]) {
      await sendLadderCard(db(), caseId, "ask_reason", clock.now(), "2026-11-13", 50_000);
      const card = await lastCardText(caseId);
      expect(variantSaid(card.text), caseId).toBe(winner);
      expect(card.wording).toBeUndefined();
    }
    // Nobody enters an ended experiment.
    expect(Object.keys(await assignments(experiment.id))).toHaveLength(before);
    // Ended once: a second end is not found, and the audit chain has each step.
    expect((await desk.post(`${base}/${experiment.id}/end`, { winner: "a" })).status).toBe(404);
    const audit = await db()
      .select({ action: auditLog.action, actor: auditLog.actor })
      .from(auditLog)
      .where(and(eq(auditLog.businessId, business.id), sql`${auditLog.action} like 'experiment_%'`))
      .orderBy(auditLog.id);
    expect(audit.map((e) => e.action)).toEqual(["experiment_started", "experiment_ended"]);
    expect(audit.every((e) => e.actor.startsWith("desk:owner-"))).toBe(true);
  }, 60_000);

  it("keeps each case's variant when the shares change, and after the service restarts", async () => {
    const business = await givenBusiness(db(), { name: "Atelier Soleil" });
    const desk = await ownerOf(business.id);
    const base = `/admin/businesses/${business.id}/experiments`;
    await desk.post(base, {
      messageId: "reminder-ask-reason",
      share_a: "50",
      share_b: "50",
      share_c: "0",
    });
    const [experiment] = await db()
      .select()
      .from(experiments)
      .where(eq(experiments.businessId, business.id));
    if (!experiment) throw new Error("experiment not started");
    const ids = await givenSimulatedCasesOf(business.id, 20);
    // A case that got "a" (with 20 cases at 50 %, one does but once in a million runs).
    const inA = ids.find((c) => assignVariant(c, experiment) === "a");
    if (!inA) throw new Error("no case in a");
    await sendLadderCard(db(), inA, "ask_reason", clock.now(), "2026-11-13", 50_000);
    expect(variantSaid((await lastCardText(inA)).text)).toBe("a");

    // New cases now go to b and c only: the case in a stays in a.
    const reweighed = await desk.post(`${base}/${experiment.id}/weights`, {
      share_a: "0",
      share_b: "30",
      share_c: "70",
    });
    expect(reweighed.status).toBe(303);
    const [now] = await db().select().from(experiments).where(eq(experiments.id, experiment.id));
    expect(now?.variants).toEqual([
      { key: "a", weight: 0 },
      { key: "b", weight: 30 },
      { key: "c", weight: 70 },
    ]);
    await sendLadderCard(db(), inA, "ask_reason", clock.now(), "2026-11-13", 50_000);
    expect(variantSaid((await lastCardText(inA)).text)).toBe("a");
    const newcomer = ids.find((c) => c !== inA) ?? "";
    await sendLadderCard(db(), newcomer, "ask_reason", clock.now(), "2026-11-13", 50_000);
    const newcomerVariant = variantSaid((await lastCardText(newcomer)).text);
    expect(newcomerVariant).toBe(
      assignVariant(newcomer, { ...experiment, variants: now?.variants ?? [] }),
    );
    expect(newcomerVariant).not.toBe("a");

    // A new service on the same database: the same cases say the same variants.
    await svc.stop();
    svc = await startTestService({ clock, mode: "web" });
    for (const [caseId, variant] of [
      [inA, "a"],
      [newcomer, newcomerVariant],
    ] as const) {
      await sendLadderCard(db(), caseId, "ask_reason", clock.now(), "2026-11-13", 50_000);
      expect(variantSaid((await lastCardText(caseId)).text)).toBe(variant);
    }
    expect(await assignments(experiment.id)).toEqual({ [inA]: "a", [newcomer]: newcomerVariant });
  }, 60_000);
});

/** Simulated cases for the desk tests: each call its own range of ids (the 1,000 above use
 *  0–999), so ids never collide between businesses. */
let nextIndex = 10_000;
async function givenSimulatedCasesOf(businessId: string, count: number) {
  const firstIndex = nextIndex;
  nextIndex += count;
  return givenSimulatedCases(db(), businessId, count, {
    amountMinor: 50_000,
    dueDate: "2026-11-13",
    issuedAt: "2026-10-14T00:00:00Z",
    locale: "fr",
    firstIndex,
  });
}

async function givenInbound(db: Db, rows: readonly { caseId: string; at: Date }[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into messages (case_id, debtor_id, direction, channel, chat_id, external_id, kind,
      text, created_at)
    select c.id, c.debtor_id, 'in', 'telegram', 'chat', gen_random_uuid()::text, 'text', 'Bonjour',
      r.at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("caseId" uuid, at timestamptz)
      join cases c on c.id = r."caseId"`);
}

async function givenAgreements(
  db: Db,
  businessId: string,
  rows: readonly { caseId: string; at: Date }[],
  amountMinor: number,
) {
  if (rows.length === 0) return;
  await db.insert(agreements).values(
    rows.map((r) => ({
      caseId: r.caseId,
      businessId,
      offerKey: "o1_1",
      terms: { kind: "pay_now", amountMinor },
      totalMinor: amountMinor,
      currency: "EUR",
      renderedText: "Accord",
      channel: "telegram",
      confirmedAt: r.at,
    })),
  );
}

async function givenFullPayments(db: Db, rows: readonly { caseId: string; at: Date }[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into ${payments} (invoice_id, amount_minor, received_at, reference)
    select i.id, i.amount_minor, r.at, 'VIR-' || c.id
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("caseId" uuid, at timestamptz)
      join cases c on c.id = r."caseId" join invoices i on i.id = c.invoice_id`);
  await db.execute(sql`
    update invoices i set paid_minor = i.amount_minor, status = 'paid'
    from cases c
    where c.invoice_id = i.id
      and c.id in (select "caseId" from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r("caseId" uuid, at timestamptz))`);
}

function mean(values: readonly number[]): number {
  return values.reduce((s, x) => s + x, 0) / values.length;
}

function sampleOf(values: readonly number[]) {
  const m = mean(values);
  const variance = values.reduce((s, x) => s + (x - m) ** 2, 0) / (values.length - 1);
  return { n: values.length, mean: m, sd: Math.sqrt(variance) };
}
