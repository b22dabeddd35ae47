import { z } from "zod";
import { amountMinorSchema, instantSchema, textSchema } from "./fields.ts";

/** POST /api/invoices/:id/payments; idempotent by `reference`. */
export const paymentInputSchema = z
  .object({
    amount: amountMinorSchema,
    receivedAt: instantSchema,
    reference: textSchema(200),
  })
  .strict();

export type PaymentInput = z.output<typeof paymentInputSchema>;
