import { z } from "zod";
import type { Frequency, IsoDate, Locale, PlanTerms } from "../../src/core/index.ts";
import { formatMoney } from "../../src/messages/index.ts";
import {
  COUNTER_FREQUENCIES,
  COUNTER_INSTALLMENTS_MAX,
  COUNTER_INSTALLMENTS_MIN,
  type CounterError,
  type CounterField,
  currencyDigits,
  parseCounterFields,
  parseMajorAmount,
} from "../../src/runtime/index.ts";
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
export { COUNTER_INSTALLMENTS_MAX, COUNTER_INSTALLMENTS_MIN };

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

const FREQUENCIES: readonly Frequency[] = COUNTER_FREQUENCIES;

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

export { currencyDigits, parseMajorAmount };

const BLOCK_OF: Record<CounterField, string> = {
  count: COUNTER_BLOCKS.count,
  amount: COUNTER_BLOCKS.amount,
  firstDate: COUNTER_BLOCKS.firstDate,
  frequency: COUNTER_BLOCKS.frequency,
  discount: COUNTER_BLOCKS.discount,
};

/** Validates the modal's values (src/runtime/counter-terms.ts, as the desk does) and says the
 *  errors in the modal's words, keyed by block id. */
export function parseCounterSubmission(values: unknown, ctx: CounterContext): CounterParse {
  const parsed = counterStateSchema.safeParse(values ?? {});
  if (!parsed.success)
    return { ok: false, errors: { [COUNTER_BLOCKS.count]: text(ctx, "error.nothing") } };
  const v = parsed.data;
  const result = parseCounterFields(
    {
      count: v.count,
      amount: v.amount,
      firstDate: v.first_date,
      frequency: v.frequency,
      discount: v.discount,
    },
    ctx,
  );
  if (result.ok) return result;
  const money = (minor: number) => formatMoney(minor, ctx.currency, ctx.locale);
  const errors: Record<string, string> = {};
  for (const [field, error] of Object.entries(result.errors) as [CounterField, CounterError][]) {
    if (error.id === "core") {
      errors[BLOCK_OF[field]] = error.message;
      continue;
    }
    const args = error.args ?? {};
    errors[BLOCK_OF[field]] = text(ctx, error.id, {
      ...args,
      ...(args.total !== undefined ? { total: money(args.total) } : {}),
      ...(args.min !== undefined ? { min: money(args.min) } : {}),
    });
  }
  return { ok: false, errors };
}

function text(
  ctx: CounterContext,
  id: Parameters<typeof slackText>[1],
  args?: Record<string, string | number>,
): string {
  return slackText(ctx.locale, id, args);
}
