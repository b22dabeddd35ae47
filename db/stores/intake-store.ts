import type { IntakeStore } from "../../src/intake/index.ts";
import type { Db } from "../client.ts";
import { listAgreements } from "./agreements.ts";
import { businessExists, insertBusiness } from "./businesses.ts";
import { getCaseView } from "./cases.ts";
import { createInvoiceWithCase, getInvoiceView } from "./invoices.ts";
import { reissueLinks } from "./links.ts";
import { recordCasePayment, recordPayment } from "./payments.ts";

/** The Postgres implementation of the intake port. */
export function createIntakeStore(db: Db): IntakeStore {
  return {
    createBusiness: (input, now) => insertBusiness(db, input, now),
    businessExists: (id) => businessExists(db, id),
    createInvoice: (record) => createInvoiceWithCase(db, record),
    recordPayment: (invoiceId, payment, now) => recordPayment(db, invoiceId, payment, now),
    recordCasePayment: (caseId, payment, now) => recordCasePayment(db, caseId, payment, now),
    getInvoice: (id) => getInvoiceView(db, id),
    getCase: (id) => getCaseView(db, id),
    listAgreements: (query) => listAgreements(db, query),
    reissueLinks: (record) => reissueLinks(db, record),
  };
}
