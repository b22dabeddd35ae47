import { type FieldErrors, fieldErrors } from "./fields.ts";
import { type InvoiceInput, invoiceInputSchema } from "./invoice-input.ts";
import {
  type DebtorLinks,
  debtorLinks,
  type LinkSettings,
  linkExpiry,
  newLinkTokenSet,
} from "./links.ts";
import type { IntakeStore, InvoiceAdditionOffer } from "./ports.ts";

/**
 * The one way an invoice enters Relance, shared by POST /api/invoices and the CSV import:
 * `parseInvoiceInput` validates, `createInvoice` stores (idempotently) and returns the debtor's links.
 */

export type ParsedInvoice =
  | { readonly ok: true; readonly invoice: InvoiceInput }
  | { readonly ok: false; readonly fields: FieldErrors };

/**
 * How far past "now" an issue date may lie: a day covers every time zone's "today" (UTC−12 to
 * UTC+14) and a client's clock a little ahead; an invoice dated later is not issued yet.
 */
export const ISSUED_AT_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** Validates an invoice body; `now` judges whether its issue date is in the future. */
export function parseInvoiceInput(raw: unknown, now: Date): ParsedInvoice {
  const result = invoiceInputSchema.safeParse(raw);
  if (!result.success) return { ok: false, fields: fieldErrors(result.error) };
  if (result.data.issuedAt.at.getTime() > now.getTime() + ISSUED_AT_TOLERANCE_MS) {
    return { ok: false, fields: { issuedAt: "the invoice is issued in the future" } };
  }
  return { ok: true, invoice: result.data };
}

export interface InvoiceIntakeDeps {
  readonly store: Pick<IntakeStore, "createInvoice">;
  readonly links: LinkSettings;
  readonly now: () => Date;
}

export type InvoiceIntakeResult =
  | {
      readonly kind: "created" | "existing";
      readonly invoiceId: string;
      readonly caseId: string;
      readonly links: DebtorLinks;
      /** The invoice joined the debtor's open case: one conversation for their invoices. */
      readonly grouped?: boolean;
      /** The debtor's case with a running agreement, to offer the invoice to as an addition. */
      readonly offerTo?: InvoiceAdditionOffer;
    }
  | { readonly kind: "unknown_business" }
  | { readonly kind: "conflict"; readonly fields: readonly string[] };

export async function createInvoice(
  deps: InvoiceIntakeDeps,
  invoice: InvoiceInput,
): Promise<InvoiceIntakeResult> {
  const now = deps.now();
  const outcome = await deps.store.createInvoice({
    invoice,
    tokens: newLinkTokenSet(),
    tokensExpireAt: linkExpiry(deps.links, now),
    now,
  });
  switch (outcome.kind) {
    case "created":
    case "existing":
      return {
        kind: outcome.kind,
        invoiceId: outcome.invoiceId,
        caseId: outcome.caseId,
        links: debtorLinks(deps.links, outcome.tokens),
        ...(outcome.grouped === true ? { grouped: true } : {}),
        ...(outcome.offerTo ? { offerTo: outcome.offerTo } : {}),
      };
    case "unknown_business":
    case "conflict":
      return outcome;
  }
}
