import { z } from "zod";
import {
  amountMinorSchema,
  currencySchema,
  expected,
  isoDateSchema,
  issuedAtSchema,
  localeSchema,
  phoneSchema,
  textSchema,
  timeZoneSchema,
} from "./fields.ts";

export const uuidSchema = z.uuid({ error: "expected an id (uuid)" });

export const debtorInputSchema = z
  .object({
    externalRef: textSchema(200),
    name: textSchema(200),
    locale: localeSchema,
    timezone: timeZoneSchema,
    /** A Telegram username or chat id, kept as a contact; a chat is bound only via the deep link. */
    telegram: textSchema(64).optional(),
    whatsapp: phoneSchema.optional(),
    email: z.email({ error: "expected an e-mail address" }).max(320).optional(),
  })
  .strict();

/** POST /api/invoices and one CSV row: the same schema for both. */
export const invoiceInputSchema = z
  .object({
    businessId: uuidSchema,
    number: textSchema(100),
    amount: amountMinorSchema,
    currency: currencySchema,
    issuedAt: issuedAtSchema,
    dueDate: isoDateSchema,
    debtor: z.object(debtorInputSchema.shape, expected("expected an object")).strict(),
  })
  .strict()
  .superRefine((invoice, ctx) => {
    if (invoice.dueDate < invoice.issuedAt.day) {
      ctx.addIssue({
        code: "custom",
        path: ["dueDate"],
        message: "the due date is before the issue date",
      });
    }
  });

export type InvoiceInput = z.output<typeof invoiceInputSchema>;
export type DebtorInput = InvoiceInput["debtor"];
