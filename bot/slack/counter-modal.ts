import { z } from "zod";
import { daysBetween, isIsoDate } from "../../src/core/dates.ts";
import { termsProblem, toInstallments } from "../../src/core/installment-plan.ts";
import { splitEvenly } from "../../src/core/money.ts";
import type { Frequency, IsoDate, Locale, PlanTerms } from "../../src/core/types.ts";
import { formatMoney } from "../../src/messages/format.ts";
import { escapeMrkdwn, truncate } from "./blocks.ts";
import { slackText } from "./strings.ts";

/**
 * The Counter… modal: the owner proposes other terms — a plan (number of installments, an optional
 * amount per installment, the first date, a frequency), a discount, or both. The submission is
 * validated here, field by field, and errors go back to Slack as `response_action: "errors"` keyed
 * by block id, so the owner corrects them in place; `decide` re-checks the terms anyway.
 * https://docs.slack.dev/surfaces/modals#displaying_errors
 */
export const COUNTER_MODAL_CALLBACK_ID = "relance_counter";
export const SLACK_MODAL_TITLE_MAX = 24;
export const SLACK_MODAL_BUTTON_MAX = 24;
export const SLACK_PRIVATE_METADATA_MAX = 3000;
export const SLACK_INPUT_LABEL_MAX = 2000;
export const SLACK_INPUT_HINT_MAX = 2000;
export const COUNTER_INSTALLMENTS_MIN = 2;
export const COUNTER_INSTALLMENTS_MAX = 60;

/** Block ids of the inputs; each holds one element whose action id is `value`. */
export const COUNTER_BLOCKS = {
  count: "count",
  amount: "amount",
  firstDate: "first_date",
  frequency: "frequency",
  discount: "discount",
} as const;
const ELEMENT = "value";

/** What the modal carries from the button press to the submission (private_metadata). */
export const counterMetadataSchema = z.object({
  caseId: z.string().min(1),
  requestId: z.string().min(1),
  channel: z.string().min(1),
  messageTs: z.string().min(1),
  title: z.string().default(""),
  mrkdwn: z.string().default(""),
});
export type CounterMetadata = z.infer<typeof counterMetadataSchema>;

/** JSON for private_metadata; the request's text is shortened (whole lines) to fit Slack's limit. */
export function encodeCounterMetadata(meta: CounterMetadata): string {
  let lines = meta.mrkdwn.split("\n");
  for (;;) {
    const json = JSON.stringify({ ...meta, mrkdwn: lines.join("\n") });
    if (json.length <= SLACK_PRIVATE_METADATA_MAX) return json;
    if (lines.length === 0) return JSON.stringify({ ...meta, title: "", mrkdwn: "" });
    lines = lines.slice(0, -1);
  }
}

export interface CounterContext {
  readonly locale: Locale;
  readonly amountDueMinor: number;
  readonly currency: string;
  /** Today in the business's zone: the first date may not be earlier. */
  readonly today: IsoDate;
}

const FREQUENCIES: readonly Frequency[] = ["monthly", "biweekly", "weekly"];

function plain(text: string, max: number) {
  return { type: "plain_text" as const, text: truncate(text, max), emoji: true };
}

export function counterModalView(ctx: CounterContext, meta: CounterMetadata) {
  const s = (id: Parameters<typeof slackText>[1], args?: Record<string, string | number>) =>
    slackText(ctx.locale, id, args);
  const option = (f: Frequency) => ({
    text: plain(s(`modal.frequency.${f}`), 75),
    value: f,
  });
  const input = (
    blockId: string,
    label: string,
    element: Record<string, unknown>,
    hint?: string,
  ) => ({
    type: "input" as const,
    block_id: blockId,
    optional: true,
    label: plain(label, SLACK_INPUT_LABEL_MAX),
    element: { ...element, action_id: ELEMENT },
    ...(hint ? { hint: plain(hint, SLACK_INPUT_HINT_MAX) } : {}),
  });
  return {
    type: "modal" as const,
    callback_id: COUNTER_MODAL_CALLBACK_ID,
    title: plain(s("modal.title"), SLACK_MODAL_TITLE_MAX),
    submit: plain(s("modal.submit"), SLACK_MODAL_BUTTON_MAX),
    close: plain(s("modal.close"), SLACK_MODAL_BUTTON_MAX),
    private_metadata: encodeCounterMetadata(meta),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(s("modal.intro")) } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: s("modal.amount_due", {
            amount: escapeMrkdwn(formatMoney(ctx.amountDueMinor, ctx.currency, ctx.locale)),
          }),
        },
      },
      input(
        COUNTER_BLOCKS.count,
        s("modal.count"),
        { type: "plain_text_input" },
        s("modal.count_hint"),
      ),
      input(
        COUNTER_BLOCKS.amount,
        s("modal.amount"),
        { type: "plain_text_input" },
        s("modal.amount_hint"),
      ),
      input(COUNTER_BLOCKS.firstDate, s("modal.first_date"), {
        type: "datepicker",
        initial_date: ctx.today,
      }),
      input(COUNTER_BLOCKS.frequency, s("modal.frequency"), {
        type: "static_select",
        options: FREQUENCIES.map(option),
        initial_option: option("monthly"),
      }),
      input(
        COUNTER_BLOCKS.discount,
        s("modal.discount"),
        { type: "plain_text_input" },
        s("modal.discount_hint"),
      ),
    ],
  };
}

// What Slack sends in view.state.values for our inputs (unknown inputs are ignored).
const textValue = z
  .object({ value: z.string().nullish() })
  .transform((v) => (v.value ?? "").trim());
const dateValue = z
  .object({ selected_date: z.string().nullish() })
  .transform((v) => v.selected_date ?? "");
const selectValue = z
  .object({ selected_option: z.object({ value: z.string() }).nullish() })
  .transform((v) => v.selected_option?.value ?? "");
const slot = (schema: z.ZodType<string, unknown>) =>
  z
    .object({ value: schema })
    .optional()
    .transform((v) => v?.value ?? "");

export const counterStateSchema = z.object({
  [COUNTER_BLOCKS.count]: slot(textValue),
  [COUNTER_BLOCKS.amount]: slot(textValue),
  [COUNTER_BLOCKS.firstDate]: slot(dateValue),
  [COUNTER_BLOCKS.frequency]: slot(selectValue),
  [COUNTER_BLOCKS.discount]: slot(textValue),
});

export type CounterParse =
  | { readonly ok: true; readonly terms: PlanTerms }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** Minor-unit digits of a currency (EUR 2, JPY 0), from Intl. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * "150", "150.5", "150,50", "1 200,50" → minor units. Returns "invalid" for anything else and
 * "too_many_decimals" when the currency has fewer minor digits than typed. No float ever: the
 * digits are concatenated as a string and parsed as an integer.
 */
export function parseMajorAmount(
  text: string,
  currency: string,
): number | "invalid" | "too_many_decimals" {
  const digits = currencyDigits(currency);
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, "").replace(/[€$£]/g, "");
  const match = /^(\d{1,10})(?:[.,](\d+))?$/.exec(cleaned);
  if (!match) return "invalid";
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return "too_many_decimals";
  const minor = Number.parseInt(whole + fraction.padEnd(digits, "0"), 10);
  return Number.isSafeInteger(minor) && minor > 0 ? minor : "invalid";
}

/** Validates the modal's values and turns them into terms that settle exactly what is due. */
export function parseCounterSubmission(values: unknown, ctx: CounterContext): CounterParse {
  const parsed = counterStateSchema.safeParse(values ?? {});
  if (!parsed.success)
    return { ok: false, errors: { [COUNTER_BLOCKS.count]: text(ctx, "error.nothing") } };
  const v = parsed.data;
  const errors: Record<string, string> = {};
  const money = (minor: number) => formatMoney(minor, ctx.currency, ctx.locale);

  let discount = 0;
  if (v.discount !== "") {
    const d = parseMajorAmount(v.discount, ctx.currency);
    if (typeof d !== "number" || d >= ctx.amountDueMinor) {
      errors[COUNTER_BLOCKS.discount] =
        d === "too_many_decimals"
          ? text(ctx, "error.amount_too_many_decimals", { digits: currencyDigits(ctx.currency) })
          : text(ctx, "error.discount");
    } else discount = d;
  }
  const payable = ctx.amountDueMinor - discount;

  if (v.count === "") {
    if (v.discount === "")
      return { ok: false, errors: { [COUNTER_BLOCKS.count]: text(ctx, "error.nothing") } };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return finish({ kind: "pay_now", amountMinor: payable, discountMinor: discount }, ctx);
  }

  const count = /^\d{1,3}$/.test(v.count) ? Number(v.count) : Number.NaN;
  if (
    !(count >= COUNTER_INSTALLMENTS_MIN && count <= COUNTER_INSTALLMENTS_MAX) ||
    count > payable
  ) {
    errors[COUNTER_BLOCKS.count] = text(ctx, "error.count");
  }
  if (v.first_date === "" || !isIsoDate(v.first_date)) {
    errors[COUNTER_BLOCKS.firstDate] = text(ctx, "error.first_date_missing");
  } else if (daysBetween(ctx.today, v.first_date) < 0) {
    errors[COUNTER_BLOCKS.firstDate] = text(ctx, "error.first_date_past");
  }
  const frequency: Frequency = (FREQUENCIES as readonly string[]).includes(v.frequency)
    ? (v.frequency as Frequency)
    : "monthly";

  let amounts: number[] | null = null;
  if (errors[COUNTER_BLOCKS.count] === undefined && errors[COUNTER_BLOCKS.discount] === undefined) {
    if (v.amount === "") {
      amounts = splitEvenly(payable, count);
    } else {
      const per = parseMajorAmount(v.amount, ctx.currency);
      if (per === "invalid") errors[COUNTER_BLOCKS.amount] = text(ctx, "error.amount");
      else if (per === "too_many_decimals") {
        errors[COUNTER_BLOCKS.amount] = text(ctx, "error.amount_too_many_decimals", {
          digits: currencyDigits(ctx.currency),
        });
      } else if (per * count < payable) {
        errors[COUNTER_BLOCKS.amount] = text(ctx, "error.amount_too_small", {
          count,
          total: money(payable),
          min: money(Math.ceil(payable / count)),
        });
      } else if (per * (count - 1) >= payable) {
        errors[COUNTER_BLOCKS.amount] = text(ctx, "error.amount_too_large", {
          total: money(payable),
        });
      } else {
        // Fixed installments; the last takes the balance (0 < last ≤ per).
        amounts = [...Array.from({ length: count - 1 }, () => per), payable - per * (count - 1)];
      }
    }
  }
  if (Object.keys(errors).length > 0 || amounts === null) return { ok: false, errors };
  const installments = toInstallments(amounts, frequency, v.first_date, false);
  return finish(
    {
      kind: "installments",
      frequency,
      installments,
      ...(discount > 0 ? { discountMinor: discount } : {}),
    },
    ctx,
  );
}

/** The core's own check, so terms it would refuse are caught while the modal is still open. */
function finish(terms: PlanTerms, ctx: CounterContext): CounterParse {
  const problem = termsProblem(terms, ctx.amountDueMinor, ctx.today);
  if (problem === null) return { ok: true, terms };
  const block =
    problem.code === "invalid_proposal" ? COUNTER_BLOCKS.firstDate : COUNTER_BLOCKS.count;
  return { ok: false, errors: { [block]: problem.message } };
}

function text(
  ctx: CounterContext,
  id: Parameters<typeof slackText>[1],
  args?: Record<string, string | number>,
): string {
  return slackText(ctx.locale, id, args);
}
