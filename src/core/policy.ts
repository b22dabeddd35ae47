import { z } from "zod";

/**
 * A business's collection policy: what the bot may agree to alone, what goes to the owner, and when
 * it may speak. Every value has a default taken from DOMAIN.md, so `{}` is a valid policy.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)");

export const ladderStepKindSchema = z.enum([
  "heads_up",
  "due_today",
  "ask_reason",
  "options",
  "personal_contact",
  "formal_reminder",
  "formal_notice",
]);

export const ladderStepSchema = z.object({
  /** Days relative to the due date; negative is before it. */
  day: z.number().int().min(-60).max(365),
  kind: ladderStepKindSchema,
  /** The owner must approve this step before anything is sent (formal steps). */
  ownerApproval: z.boolean().default(false),
});

export const DEFAULT_LADDER: z.output<typeof ladderStepSchema>[] = [
  { day: -7, kind: "heads_up", ownerApproval: false },
  { day: 0, kind: "due_today", ownerApproval: false },
  { day: 3, kind: "ask_reason", ownerApproval: false },
  { day: 10, kind: "options", ownerApproval: false },
  { day: 15, kind: "personal_contact", ownerApproval: false },
  { day: 30, kind: "formal_reminder", ownerApproval: true },
  { day: 45, kind: "formal_notice", ownerApproval: true },
];

const frequencySchema = z.enum(["weekly", "biweekly", "monthly"]);

export const policySchema = z
  .object({
    ladder: z
      .array(ladderStepSchema)
      .min(1)
      .max(20)
      .default(DEFAULT_LADDER)
      .refine(
        (steps) => steps.every((s, i) => i === 0 || s.day > (steps[i - 1]?.day ?? -Infinity)),
        {
          message: "ladder days must strictly increase",
        },
      ),
    /** Automated messages are sent only inside this local window, on these ISO weekdays (1 = Monday). */
    sendWindow: z
      .object({ from: hhmm.default("08:00"), to: hhmm.default("20:00") })
      .refine((w) => w.from < w.to, { message: "sendWindow.from must be before sendWindow.to" })
      .default({ from: "08:00", to: "20:00" }),
    allowedWeekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6]),
    /** Automated messages per debtor per rolling 7 days, across channels. */
    frequencyCap: z.number().int().min(1).max(50).default(3),
    installments: z
      .object({
        maxCount: z.number().int().min(2).max(60).default(6),
        frequencies: z.array(frequencySchema).min(1).default(["monthly", "biweekly", "weekly"]),
        /** Smallest installment, in minor units of the invoice currency. */
        minInstallmentMinor: z.number().int().min(1).default(5_000),
        /** Last installment at most this many days after the plan starts. */
        maxPlanDays: z.number().int().min(7).max(1_825).default(180),
        /** Down payment required for plans longer than `downPaymentAboveCount` installments. */
        minDownPaymentPercent: z.number().int().min(0).max(90).default(20),
        downPaymentAboveCount: z.number().int().min(1).max(60).default(3),
      })
      .default({
        maxCount: 6,
        frequencies: ["monthly", "biweekly", "weekly"],
        minInstallmentMinor: 5_000,
        maxPlanDays: 180,
        minDownPaymentPercent: 20,
        downPaymentAboveCount: 3,
      }),
    promise: z
      .object({
        maxDaysAhead: z.number().int().min(1).max(365).default(30),
        /** How many times a promised date may be moved (a new promise after a broken one is a
         *  move too): each promise after the first is one. */
        maxReschedules: z.number().int().min(0).max(10).default(2),
        /** After the first move, a promise is moved again only once this share of what it
         *  covers has been paid since it was made. */
        moveMinPaymentPercent: z.number().int().min(0).max(100).default(20),
        /** A debtor who broke this many promises is offered plans only, no new date. */
        brokenPromisesBeforePlansOnly: z.number().int().min(1).max(10).default(2),
      })
      .default({
        maxDaysAhead: 30,
        maxReschedules: 2,
        moveMinPaymentPercent: 20,
        brokenPromisesBeforePlansOnly: 2,
      }),
    counterOffer: z
      .object({
        /** Accept a debtor's proposal alone when it fits the policy. */
        autoAcceptWithinPolicy: z.boolean().default(true),
        /** Beyond policy but within this band (percent over each limit) goes to the owner;
         *  further out, the bot counters with the nearest plan that fits. */
        approvalBandPercent: z.number().int().min(0).max(500).default(50),
        /** Bot counter-rounds before the case is handed to the owner. */
        maxBotRounds: z.number().int().min(0).max(10).default(2),
      })
      .default({ autoAcceptWithinPolicy: true, approvalBandPercent: 50, maxBotRounds: 2 }),
    earlyPaymentDiscount: z
      .object({
        percent: z.number().min(0).max(50),
        withinDays: z.number().int().min(1).max(90),
      })
      .nullable()
      .default(null),
    missedInstallment: z
      .object({
        graceDays: z.number().int().min(0).max(60).default(3),
        strikesToBreak: z.number().int().min(1).max(12).default(2),
      })
      .default({ graceDays: 3, strikesToBreak: 2 }),
    offers: z
      .object({
        expiresAfterHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(72),
      })
      .default({ expiresAfterHours: 72 }),
    ownerApproval: z
      .object({
        timeoutHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30)
          .default(48),
        /** What happens when the owner never answers (after one reminder). */
        fallback: z.enum(["decline", "hand_over"]).default("decline"),
      })
      .default({ timeoutHours: 48, fallback: "decline" }),
    /** Late-payment costs that may be mentioned in the formal steps only (B2B France: €40 + interest). */
    formalSteps: z
      .object({
        mentionRecoveryIndemnity: z.boolean().default(false),
        recoveryIndemnityMinor: z.number().int().min(0).default(4_000),
        mentionLateInterest: z.boolean().default(false),
      })
      .default({
        mentionRecoveryIndemnity: false,
        recoveryIndemnityMinor: 4_000,
        mentionLateInterest: false,
      }),
  })
  .strict();

/** A validated policy, every default filled in. */
export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type LadderStep = Policy["ladder"][number];

export const DEFAULT_POLICY: Policy = policySchema.parse({});
