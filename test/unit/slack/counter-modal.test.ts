import { describe, expect, it } from "vitest";
import {
  COUNTER_BLOCKS,
  type CounterContext,
  counterModalView,
  encodeCounterMetadata,
  parseCounterSubmission,
  parseMajorAmount,
  SLACK_MODAL_TITLE_MAX,
  SLACK_PRIVATE_METADATA_MAX,
} from "../../../bot/slack/counter-modal.ts";

const ctx: CounterContext = {
  locale: "en",
  amountDueMinor: 120_000,
  currency: "EUR",
  today: "2026-11-23",
};

/** view.state.values as Slack sends them for our inputs (element action id "value"). */
function values(input: {
  count?: string;
  amount?: string;
  firstDate?: string;
  frequency?: string;
  discount?: string;
}) {
  const text = (value: string | undefined) => ({
    value: { type: "plain_text_input", value: value ?? null },
  });
  return {
    [COUNTER_BLOCKS.count]: text(input.count),
    [COUNTER_BLOCKS.amount]: text(input.amount),
    [COUNTER_BLOCKS.firstDate]: {
      value: { type: "datepicker", selected_date: input.firstDate ?? null },
    },
    [COUNTER_BLOCKS.frequency]: {
      value: {
        type: "static_select",
        selected_option: input.frequency
          ? { value: input.frequency, text: { type: "plain_text", text: "x" } }
          : null,
      },
    },
    [COUNTER_BLOCKS.discount]: text(input.discount),
  };
}

describe("counter-offer submission", () => {
  it("splits the amount due evenly over the installments when no amount is given", () => {
    const result = parseCounterSubmission(
      values({ count: "7", firstDate: "2026-12-01", frequency: "monthly" }),
      ctx,
    );
    expect(result.ok).toBe(true);
    if (!result.ok || result.terms.kind !== "installments") throw new Error("expected a plan");
    const amounts = result.terms.installments.map((i) => i.amountMinor);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(120_000);
    expect(amounts).toEqual([17_143, 17_143, 17_143, 17_143, 17_143, 17_143, 17_142]);
    expect(result.terms.installments.map((i) => i.dueDate).slice(0, 3)).toEqual([
      "2026-12-01",
      "2027-01-01",
      "2027-02-01",
    ]);
  });

  it("uses the owner's installment amount, the last installment taking the balance", () => {
    const result = parseCounterSubmission(
      values({ count: "5", amount: "250,50", firstDate: "2026-11-30", frequency: "biweekly" }),
      ctx,
    );
    if (!result.ok || result.terms.kind !== "installments") throw new Error("expected a plan");
    expect(result.terms.frequency).toBe("biweekly");
    expect(result.terms.installments.map((i) => i.amountMinor)).toEqual([
      25_050, 25_050, 25_050, 25_050, 19_800,
    ]);
  });

  it("turns a discount alone into one payment of the rest", () => {
    expect(parseCounterSubmission(values({ discount: "200" }), ctx)).toEqual({
      ok: true,
      terms: { kind: "pay_now", amountMinor: 100_000, discountMinor: 20_000 },
    });
  });

  it("combines a discount with a plan: the installments settle what is left", () => {
    const result = parseCounterSubmission(
      values({ count: "2", firstDate: "2026-12-01", discount: "100" }),
      ctx,
    );
    if (!result.ok || result.terms.kind !== "installments") throw new Error("expected a plan");
    expect(result.terms.discountMinor).toBe(10_000);
    expect(result.terms.installments.map((i) => i.amountMinor)).toEqual([55_000, 55_000]);
  });

  it("refuses a count outside 2..60, keyed by the count's block", () => {
    for (const count of ["1", "61", "abc", "2.5"]) {
      const result = parseCounterSubmission(values({ count, firstDate: "2026-12-01" }), ctx);
      expect(result).toEqual({
        ok: false,
        errors: { count: "Enter a whole number between 2 and 60." },
      });
    }
  });

  it("refuses a first date in the past or missing", () => {
    expect(parseCounterSubmission(values({ count: "3", firstDate: "2026-11-22" }), ctx)).toEqual({
      ok: false,
      errors: { first_date: "The first payment date cannot be in the past." },
    });
    expect(parseCounterSubmission(values({ count: "3" }), ctx)).toEqual({
      ok: false,
      errors: { first_date: "Choose the first payment date." },
    });
    // Today is allowed.
    expect(parseCounterSubmission(values({ count: "3", firstDate: "2026-11-23" }), ctx).ok).toBe(
      true,
    );
  });

  it("refuses an amount that does not fit the number of installments, saying what would", () => {
    const small = parseCounterSubmission(
      values({ count: "3", amount: "100", firstDate: "2026-12-01" }),
      ctx,
    );
    expect(small.ok).toBe(false);
    if (!small.ok) expect(small.errors.amount).toContain("€400.00");
    const large = parseCounterSubmission(
      values({ count: "3", amount: "700", firstDate: "2026-12-01" }),
      ctx,
    );
    expect(large.ok === false && large.errors.amount).toMatch(/Fewer instalments/);
    const bad = parseCounterSubmission(
      values({ count: "3", amount: "-5", firstDate: "2026-12-01" }),
      ctx,
    );
    expect(bad.ok === false && bad.errors.amount).toBe(
      "Enter a positive amount, e.g. 150 or 150.50.",
    );
    const cents = parseCounterSubmission(
      values({ count: "3", amount: "400.001", firstDate: "2026-12-01" }),
      ctx,
    );
    expect(cents.ok === false && cents.errors.amount).toMatch(/at most 2 decimal/);
  });

  it("refuses a discount as large as the amount due, and an empty form", () => {
    expect(parseCounterSubmission(values({ discount: "1200" }), ctx)).toEqual({
      ok: false,
      errors: { discount: "Enter a discount smaller than the amount due." },
    });
    expect(parseCounterSubmission(values({}), ctx)).toEqual({
      ok: false,
      errors: { count: "Enter a number of instalments, a discount, or both." },
    });
  });

  it("answers in French for a French business", () => {
    const result = parseCounterSubmission(values({ count: "99", firstDate: "2026-12-01" }), {
      ...ctx,
      locale: "fr",
    });
    expect(result).toEqual({
      ok: false,
      errors: { count: "Saisissez un nombre entier entre 2 et 60." },
    });
  });
});

describe("amounts typed by the owner", () => {
  it("reads major units with a dot, a comma or spaces, into exact minor units", () => {
    expect(parseMajorAmount("150", "EUR")).toBe(15_000);
    expect(parseMajorAmount("150.5", "EUR")).toBe(15_050);
    expect(parseMajorAmount("1 200,05", "EUR")).toBe(120_005);
    expect(parseMajorAmount("0.1", "EUR")).toBe(10);
    expect(parseMajorAmount("1500", "JPY")).toBe(1500);
    expect(parseMajorAmount("15.5", "JPY")).toBe("too_many_decimals");
    expect(parseMajorAmount("0", "EUR")).toBe("invalid");
    expect(parseMajorAmount("1e3", "EUR")).toBe("invalid");
  });
});

describe("the counter-offer modal", () => {
  it("fits Slack's limits and carries the request in its metadata", () => {
    const view = counterModalView(
      { ...ctx, locale: "fr" },
      {
        caseId: "c1",
        requestId: "r1",
        channel: "C1",
        messageTs: "1.2",
        title: "T",
        mrkdwn: "x".repeat(5000),
      },
    );
    expect(view.title.text.length).toBeLessThanOrEqual(SLACK_MODAL_TITLE_MAX);
    expect(view.private_metadata.length).toBeLessThanOrEqual(SLACK_PRIVATE_METADATA_MAX);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ caseId: "c1", requestId: "r1" });
    expect(view.blocks.map((b) => ("block_id" in b ? b.block_id : null)).filter(Boolean)).toEqual([
      "count",
      "amount",
      "first_date",
      "frequency",
      "discount",
    ]);
  });

  it("shortens the request text by whole lines to fit the metadata", () => {
    const meta = encodeCounterMetadata({
      caseId: "c",
      requestId: "r",
      channel: "C",
      messageTs: "1.1",
      title: "T",
      mrkdwn: Array.from({ length: 400 }, (_, i) => `line ${i} ${"y".repeat(20)}`).join("\n"),
    });
    expect(meta.length).toBeLessThanOrEqual(SLACK_PRIVATE_METADATA_MAX);
    const parsed = JSON.parse(meta) as { mrkdwn: string };
    expect(parsed.mrkdwn.split("\n").at(-1)).toMatch(/^line \d+ y{20}$/);
  });
});
