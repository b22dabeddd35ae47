import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseVariants, messages } from "../../db/schema.ts";
import { createExperimentStore } from "../../db/stores/experiments.ts";
import { assignVariant } from "../../src/runtime/wording-experiments.ts";
import { botMessages, startTimerWorld, type TimerWorld } from "../support/timers.ts";

/**
 * A wording experiment end to end: real service, Postgres, Redis and BullMQ workers, a fake
 * Telegram, the ladder driven on a test clock. The J+3 reminder of a case in the experiment goes
 * out in the case's variant, is recorded with it, and reaches the debtor's chat; once the owner
 * ends the experiment, a case reminded afterwards gets the winner and never enters it.
 */

let world: TimerWorld;

beforeAll(async () => {
  // Tuesday 10 November 2026, 11:00 in Paris.
  world = await startTimerWorld("2026-11-10T10:00:00Z");
});

afterAll(async () => {
  await world?.stop();
});

/** What each variant of `reminder-ask-reason` says in English (catalogue words). */
const ASK_REASON_EN: Record<string, string> = {
  a: "we have not yet received payment for invoice",
  b: "does not show as paid on our side yet",
  c: "A forgotten invoice or a tight month happens to everyone",
};

function askReasonText(chat: number): { text: string; variant: string | undefined }[] {
  return botMessages(world, chat)
    .filter((m) => Object.values(ASK_REASON_EN).some((w) => m.text.includes(w)))
    .map((m) => ({
      text: m.text,
      variant: Object.entries(ASK_REASON_EN).find(([, w]) => m.text.includes(w))?.[0],
    }));
}

describe("a wording experiment on the J+3 reminder", () => {
  it("sends each case its variant, records it, and after the owner ends it sends the winner", async () => {
    const business = await world.business();
    const store = createExperimentStore(world.db);
    const variants = [
      { key: "a", weight: 1 },
      { key: "b", weight: 1 },
      { key: "c", weight: 1 },
    ];
    const started = await store.start({
      businessId: business.id,
      messageId: "reminder-ask-reason",
      variants,
      by: "desk:owner@atelier.test",
      at: world.clock.now(),
    });
    if (started.outcome !== "started") throw new Error("not started");
    const experiment = { id: started.id, variants };

    // Due Friday 20 November (J+3: Monday 23rd at 09:00 Paris); the second on 4 December.
    const first = await world.invoiceWithChat(business.id, { dueDate: "2026-11-20" });
    const second = await world.invoiceWithChat(business.id, { dueDate: "2026-12-04" });
    const expected = assignVariant(first.caseId, experiment);
    if (expected === null) throw new Error("no variant");

    await world.time.advanceTo("2026-11-23T09:00:00Z");
    const said = askReasonText(first.chat);
    expect(said.map((m) => m.variant)).toEqual([expected]);
    const sent = await world.db
      .select({ wording: messages.wording, at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.caseId, first.caseId), eq(messages.direction, "out")));
    expect(sent.filter((m) => m.wording !== null)).toEqual([
      {
        wording: [
          { experimentId: started.id, messageId: "reminder-ask-reason", variant: expected },
        ],
        at: new Date("2026-11-23T08:00:00Z"),
      },
    ]);
    expect(
      await world.db
        .select({ caseId: caseVariants.caseId, variant: caseVariants.variant })
        .from(caseVariants)
        .where(eq(caseVariants.experimentId, started.id)),
    ).toEqual([{ caseId: first.caseId, variant: expected }]);
    // The second case has not been asked yet: it is in no variant.
    expect(askReasonText(second.chat)).toEqual([]);

    // The owner ends it, keeping a variant the first case did not get.
    const winner = expected === "c" ? "b" : "c";
    expect(
      await store.end({
        businessId: business.id,
        experimentId: started.id,
        winner,
        by: "desk:owner@atelier.test",
        at: world.clock.now(),
      }),
    ).toBe(true);

    // J+3 of the second invoice: Monday 7 December.
    await world.time.advanceTo("2026-12-07T09:00:00Z");
    expect(askReasonText(second.chat).map((m) => m.variant)).toEqual([winner]);
    expect((await world.debtorMessages(second.caseId)).map((m) => m.kind)).toContain(
      "ladder:ask_reason",
    );
    // Nobody entered the experiment after it ended; the first case's record is unchanged.
    expect(
      await world.db
        .select({ caseId: caseVariants.caseId, variant: caseVariants.variant })
        .from(caseVariants)
        .where(eq(caseVariants.experimentId, started.id)),
    ).toEqual([{ caseId: first.caseId, variant: expected }]);
    const secondSent = await world.db
      .select({ wording: messages.wording })
      .from(messages)
      .where(and(eq(messages.caseId, second.caseId), eq(messages.direction, "out")));
    expect(secondSent.every((m) => m.wording === null)).toBe(true);
  }, 120_000);
});
