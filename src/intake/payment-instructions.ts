import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";
import { z } from "zod";
import { expected, textSchema } from "./fields.ts";

/**
 * How a business's debtors pay: a bank transfer (IBAN, checked with its mod-97 checksum, and
 * optionally the BIC), a payment page, or both — plus free text. Every "pay now" answer shows
 * them, with the reference the debtor must give (the invoice number), so a business cannot start
 * cases without them. One schema for every intake path (REST API, fixtures, demo).
 */

export const ibanSchema = z.string(expected("expected an IBAN")).transform((raw, ctx) => {
  const electronic = electronicFormatIBAN(raw) ?? "";
  if (!isValidIBAN(electronic)) {
    ctx.addIssue({
      code: "custom",
      message: "not a valid IBAN (country, length or check digits)",
    });
    return z.NEVER;
  }
  // Stored and shown grouped by four, as on a bank statement.
  return friendlyFormatIBAN(electronic) ?? electronic;
});

export const bicSchema = z
  .string(expected("expected a BIC"))
  .transform((raw) => raw.replace(/\s+/g, "").toUpperCase())
  .refine((bic) => isValidBIC(bic), "not a valid BIC (8 or 11 characters, e.g. BNPAFRPPXXX)");

export const payUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
  .max(2_000);

export const paymentInstructionsSchema = z
  .object(
    {
      iban: ibanSchema.nullable().default(null),
      bic: bicSchema.nullable().default(null),
      payUrl: payUrlSchema.nullable().default(null),
      text: textSchema(2_000).nullable().default(null),
    },
    expected("expected the payment instructions: an IBAN, a payment URL, or both"),
  )
  .strict()
  .refine((p) => p.iban !== null || p.payUrl !== null, {
    message: "give an IBAN (iban), a payment URL (payUrl), or both",
  })
  .refine((p) => p.bic === null || p.iban !== null, {
    message: "a BIC goes with an IBAN",
    path: ["bic"],
  });

export type PaymentInstructionsInput = z.output<typeof paymentInstructionsSchema>;
