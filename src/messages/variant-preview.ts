import type { Locale } from "../core/index.ts";
import { t, variantMessageId } from "./bundle.ts";
import { formatDate, formatMoney } from "./format.ts";
import { common } from "./terms-text.ts";

/**
 * A wording variant as the owner's desk shows it before and during an experiment: the message
 * alone, said with example values (an invoice of 1 200 in the business's currency, due on
 * 31 October 2026). null when the message needs a value the example does not have.
 */
export function variantPreview(
  locale: Locale,
  messageId: string,
  variant: string,
  example: { readonly businessName: string; readonly currency: string },
): string | null {
  const args = {
    ...common({
      locale,
      timezone: "UTC",
      currency: example.currency,
      businessName: example.businessName,
      debtorName: "Camille Martin",
      invoiceNumber: "F-2026-001",
    }),
    amount: formatMoney(120_000, example.currency, locale),
    dueDate: formatDate("2026-10-31", locale),
    deadline: formatDate("2026-11-30", locale),
  };
  try {
    return t(locale, variantMessageId(messageId, variant), args);
  } catch {
    return null;
  }
}
