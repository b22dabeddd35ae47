import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { insertBusiness } from "../../db/stores/businesses.ts";
import { createIntakeStore } from "../../db/stores/intake-store.ts";
import { businessInputSchema } from "../../src/intake/business-input.ts";
import { createInvoice, parseInvoiceInput } from "../../src/intake/create-invoice.ts";
import { isoDateDaysFrom, TEST_EPOCH } from "./clock.ts";

/**
 * Tiny builders: every call makes fresh, unique rows, so tests can run in parallel. Dates come
 * from `now` — the test's clock, `TEST_EPOCH` by default — never from the real calendar: the
 * default invoice was issued 53 days and fell due 23 days before `now`, whatever today is.
 */

const EPOCH = new Date(TEST_EPOCH);

export function businessBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Atelier ${randomUUID().slice(0, 8)}`,
    locale: "fr",
    timezone: "Europe/Paris",
    currency: "EUR",
    // Required: every "pay now" answer shows them (a valid French test IBAN and a payment page).
    paymentInstructions: {
      iban: "FR76 3000 6000 0112 3456 7890 189",
      bic: "BNPAFRPPXXX",
      payUrl: "https://pay.example/atelier",
    },
    ...overrides,
  };
}

export async function givenBusiness(
  db: Db,
  overrides: Record<string, unknown> = {},
  now: Date = EPOCH,
) {
  return insertBusiness(db, businessInputSchema.parse(businessBody(overrides)), now);
}

export interface InvoiceBodyOverrides {
  readonly [key: string]: unknown;
  readonly debtor?: Record<string, unknown>;
}

export function invoiceBody(
  businessId: string,
  overrides: InvoiceBodyOverrides = {},
  now: Date = EPOCH,
): Record<string, unknown> {
  const { debtor, ...rest } = overrides;
  return {
    businessId,
    number: `F-${randomUUID().slice(0, 8)}`,
    amount: 120_000,
    currency: "EUR",
    issuedAt: isoDateDaysFrom(now, -53),
    dueDate: isoDateDaysFrom(now, -23),
    ...rest,
    debtor: {
      externalRef: `C-${randomUUID().slice(0, 8)}`,
      name: "Camille Martin",
      locale: "fr",
      timezone: "Europe/Paris",
      ...debtor,
    },
  };
}

export const TEST_LINKS = {
  publicUrl: "http://relance.test",
  telegramBotUsername: "relance_test_bot",
};

/** Creates an invoice (with its debtor and case) through the real intake path. */
export async function givenInvoice(
  db: Db,
  businessId: string,
  overrides: InvoiceBodyOverrides = {},
  now: Date = EPOCH,
) {
  const parsed = parseInvoiceInput(invoiceBody(businessId, overrides, now), now);
  if (!parsed.ok) throw new Error(`bad fixture: ${JSON.stringify(parsed.fields)}`);
  const result = await createInvoice(
    { store: createIntakeStore(db), links: TEST_LINKS, now: () => now },
    parsed.invoice,
  );
  if (result.kind !== "created") throw new Error(`fixture invoice not created: ${result.kind}`);
  return result;
}
