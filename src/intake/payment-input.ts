import { z } from "zod";
import { amountMinorSchema, instantSchema, textSchema } from "./fields.ts";
import { uuidSchema } from "./invoice-input.ts";

/** POST /api/invoices/:id/payments; idempotent by `reference`. */
export const paymentInputSchema = z
  .object({
    amount: amountMinorSchema,
    receivedAt: instantSchema,
    reference: textSchema(200),
  })
  .strict();

export type PaymentInput = z.output<typeof paymentInputSchema>;

/**
 * POST /api/cases/:id/payments; idempotent by `reference` within the case. `invoiceId` names the
 * invoice the payment is for (a bank transfer quoting its number): it is filled first and the
 * running plan is re-balanced; without it the payment goes oldest invoice first, like an
 * installment. `amountMinor` and `currency` name the money as the business's books do.
 */
export const casePaymentInputSchema = z
  .object({
    invoiceId: uuidSchema.optional(),
    amountMinor: amountMinorSchema,
    currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code, e.g. EUR"),
    reference: textSchema(200),
    receivedAt: instantSchema,
  })
  .strict();

export type CasePaymentInput = z.output<typeof casePaymentInputSchema>;
