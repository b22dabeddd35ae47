import { z } from "zod";
import { policySchema } from "../core/policy.ts";
import { currencySchema, expected, localeSchema, textSchema, timeZoneSchema } from "./fields.ts";
import { paymentInstructionsSchema } from "./payment-instructions.ts";

const slackIdSchema = z
  .string(expected("expected a Slack id"))
  .regex(/^[A-Z0-9]{2,32}$/, "expected a Slack id such as C0123ABC or U0123ABC");

/** POST /api/businesses. The policy is optional: every omitted value takes its default. */
export const businessInputSchema = z
  .object({
    name: textSchema(200),
    locale: localeSchema,
    timezone: timeZoneSchema,
    currency: currencySchema,
    policy: policySchema.default(() => policySchema.parse({})),
    slack: z
      .object({
        channelId: slackIdSchema.nullable().default(null),
        approverIds: z.array(slackIdSchema).max(50).default([]),
      })
      .strict()
      .default({ channelId: null, approverIds: [] }),
    /** Required: a case must always be able to say how to pay. */
    paymentInstructions: paymentInstructionsSchema,
  })
  .strict();

export type BusinessInput = z.output<typeof businessInputSchema>;
