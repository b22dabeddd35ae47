import { Hono } from "hono";
import { z } from "zod";
import {
  casePaymentInputSchema,
  reissueCaseLinks,
  textSchema,
  uuidSchema,
} from "../../intake/index.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError, ErrorCode, notFound } from "../errors.ts";
import { pathId, readJson, validate } from "../read-body.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `POST /api/cases/:id/links/reissue`: an empty object is enough. */
const reissueSchema = z
  .object({
    /** A guard for clients that hold several businesses: the case must be this business's. */
    businessId: uuidSchema.optional(),
    /** Why, for the audit log (e.g. "the client says they never opened the link"). */
    reason: textSchema(500).optional(),
  })
  .strict();

/**
 * GET /api/cases/:id: status, state, version, audit history and messages.
 * POST /api/cases/:id/links/reissue: revokes the debtor's links, unbinds the chats they opened,
 * returns fresh links (see src/intake/reissue-links.ts).
 */
export function caseRoutes(
  deps: Pick<AppDeps, "intake" | "links" | "now" | "onPaymentRecorded">,
): Hono {
  const app = new Hono();

  /**
   * A payment for the case, which may cover several invoices: to the invoice named, then oldest
   * first (src/core/allocate.ts). Naming the invoice re-balances the running plan; without it the
   * payment counts as the plan's next installments. Idempotent by reference within the case.
   */
  app.post("/:id/payments", async (c) => {
    const caseId = pathId(c, "case");
    const input = validate(casePaymentInputSchema, await readJson(c));
    const outcome = await deps.intake.recordCasePayment(
      caseId,
      input.invoiceId === undefined
        ? input
        : { ...input, invoiceId: input.invoiceId.toLowerCase() },
      deps.now(),
    );
    switch (outcome.kind) {
      case "case_not_found":
      case "invoice_not_found":
        throw notFound("case");
      case "invoice_not_in_case":
        throw new ApiError(
          422,
          ErrorCode.InvoiceNotInCase,
          "the case does not cover this invoice",
          {
            invoiceId: "not an invoice of this case",
          },
        );
      case "currency_mismatch":
        throw new ApiError(
          400,
          ErrorCode.ValidationFailed,
          "the case's invoices are in another currency",
          {
            currency: `must be ${outcome.currency}, the currency of the case's invoices`,
          },
        );
      case "conflict":
        throw new ApiError(
          409,
          ErrorCode.Conflict,
          "this payment reference was already recorded with another amount",
          { reference: "already used with another amount" },
        );
      case "exceeds_due":
        throw new ApiError(
          422,
          ErrorCode.AmountExceedsDue,
          `the amount is more than the ${outcome.dueMinor} minor units still due on the case`,
          { amountMinor: `must be at most ${outcome.dueMinor}` },
        );
      case "created":
      case "existing": {
        // Also on a repeat: the runtime deduplicates by payment id (see the invoice route).
        await deps.onPaymentRecorded(outcome.payment);
        const { payment } = outcome;
        return c.json(
          {
            paymentId: payment.paymentId,
            caseId: payment.caseId,
            amountMinor: payment.amountMinor,
            reference: payment.reference,
            receivedAt: payment.receivedAt,
            ...(payment.allocations ? { allocations: payment.allocations } : {}),
            ...(payment.settles ? { settles: payment.settles } : {}),
            due: payment.remainingMinor,
          },
          outcome.kind === "created" ? 201 : 200,
        );
      }
    }
  });

  app.get("/:id", async (c) => {
    const found = await deps.intake.getCase(pathId(c, "case"));
    if (found === null) throw notFound("case");
    return c.json(found);
  });

  app.post("/:id/links/reissue", async (c) => {
    const id = c.req.param("id");
    // Like every path id that is not a uuid: it names nothing (404), said on its field.
    if (!UUID.test(id)) {
      throw new ApiError(404, ErrorCode.NotFound, "case not found", { id: "not a case id" });
    }
    const body = validate(reissueSchema, await readJson(c));
    const result = await reissueCaseLinks(
      { store: deps.intake, links: deps.links, now: deps.now },
      {
        caseId: id.toLowerCase(),
        by: "api",
        ...(body.businessId === undefined ? {} : { businessId: body.businessId.toLowerCase() }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
      },
    );
    switch (result.kind) {
      case "reissued":
        return c.json({
          caseId: result.caseId,
          links: result.links,
          revoked: result.revoked,
          unbound: result.unbound,
        });
      case "not_found":
        throw new ApiError(404, ErrorCode.NotFound, "case not found", { id: "no such case" });
      case "business_mismatch":
        throw new ApiError(
          422,
          ErrorCode.BusinessMismatch,
          "the case belongs to another business",
          { businessId: "not the business of this case" },
        );
      case "case_finished":
        throw new ApiError(
          409,
          ErrorCode.CaseFinished,
          `the case is ${result.status}: its links stay closed`,
          { id: `the case is ${result.status}` },
        );
    }
  });
  return app;
}
