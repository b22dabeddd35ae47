import { z } from "zod";
import { policySchema } from "../core/index.ts";
import { currencySchema, expected, localeSchema, textSchema, timeZoneSchema } from "./fields.ts";
import { paymentInstructionsSchema } from "./payment-instructions.ts";

const slackIdSchema = z
  .string(expected("expected a Slack id"))
  .regex(/^[A-Z0-9]{2,32}$/, "expected a Slack id such as C0123ABC or U0123ABC");

export const legalIdentitySchema = z
  .object({
    name: textSchema(200).nullable().default(null),
    registration: textSchema(80).nullable().default(null),
    address: textSchema(300).nullable().default(null),
  })
  .strict();

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
    /** A person who signs the everyday messages: « Claire, gérante — Atelier Lune ». */
    sender: z
      .object({ name: textSchema(80), role: textSchema(80).nullable().default(null) })
      .strict()
      .nullable()
      .default(null),
    /** Who the business is in law: the formal reminder and notice are signed with it. */
    legalIdentity: legalIdentitySchema.default({ name: null, registration: null, address: null }),
  })
  .strict();

export type BusinessInput = z.output<typeof businessInputSchema>;
