import type { Locale } from "../core/types.ts";

/** What the runtime knows about a case that the core's messages leave out: who, what, how to pay. */
export interface RenderContext {
  readonly locale: Locale;
  /** The debtor's IANA zone, for instants (calendar days are shown as they are). */
  readonly timezone: string;
  /** ISO 4217 code of the invoice. */
  readonly currency: string;
  readonly businessName: string;
  readonly debtorName: string;
  readonly invoiceNumber: string;
  readonly paymentInstructions?: {
    readonly iban?: string;
    /** Shown with the IBAN when the business gave it. */
    readonly bic?: string;
    readonly payUrl?: string;
    /** The reference the debtor must give with a transfer; the invoice number when absent. */
    readonly reference?: string;
    /** Free text from the business, e.g. "Cheque to 12 rue …". */
    readonly text?: string;
  };
}
