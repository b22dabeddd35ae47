/** The public surface of src/intake/: what other folders import. */
export { type BusinessInput, businessInputSchema, legalIdentitySchema } from "./business-input.ts";
export { createInvoice, parseInvoiceInput } from "./create-invoice.ts";
export { deskUserInputSchema } from "./desk-user-input.ts";
export {
  type FieldErrors,
  fieldErrors,
  hasControlCharacter,
  instantSchema,
  isoDateSchema,
  stripControlCharacters,
  textSchema,
} from "./fields.ts";
export { uuidSchema } from "./invoice-input.ts";
export {
  type DebtorLinks,
  debtorLinks,
  type LinkSettings,
  WEBCHAT_AFTER_CLOSE_DAYS,
} from "./links.ts";
export {
  type CasePaymentInput,
  casePaymentInputSchema,
  type PaymentInput,
  paymentInputSchema,
} from "./payment-input.ts";
export { paymentInstructionsSchema } from "./payment-instructions.ts";
export type {
  AgreementQuery,
  AgreementView,
  AwaitingAddition,
  CaseView,
  CreateInvoiceOutcome,
  HealthProbe,
  IntakeStore,
  InvoiceAdditionOffer,
  InvoiceView,
  LinkTokenSet,
  NewInvoiceRecord,
  PaymentRecorded,
  RecordPaymentOutcome,
  ReissueLinksOutcome,
  ReissueLinksRecord,
} from "./ports.ts";
export { type ReissueRequest, type ReissueResult, reissueCaseLinks } from "./reissue-links.ts";
export { runInvoiceImport } from "./run-import.ts";
