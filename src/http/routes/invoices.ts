import { Hono } from "hono";
import {
  createInvoice,
  debtorLinks,
  parseInvoiceInput,
  paymentInputSchema,
} from "../../intake/index.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError, ErrorCode, notFound, validationFailed } from "../errors.ts";
import { pathId, readJson, validate } from "../read-body.ts";

export function invoiceRoutes(
  deps: Pick<AppDeps, "intake" | "links" | "now" | "onPaymentRecorded" | "onInvoiceCreated">,
): Hono {
  const app = new Hono();

  /** 201 on creation, 200 with the same ids on a repeat, 409 if the number is reused with other terms. */
  app.post("/", async (c) => {
    const parsed = parseInvoiceInput(await readJson(c), deps.now());
    if (!parsed.ok) throw validationFailed(parsed.fields);
    const result = await createInvoice(
      { store: deps.intake, links: deps.links, now: deps.now },
      parsed.invoice,
    );
    switch (result.kind) {
      case "created":
      case "existing":
        // Also on a repeat, in case the first call stored the invoice but could not start its case.
        await deps.onInvoiceCreated?.(result.caseId, result.offerTo);
        return c.json(
          {
            invoiceId: result.invoiceId,
            caseId: result.caseId,
            links: result.links,
            ...(result.grouped === true ? { grouped: true } : {}),
          },
          result.kind === "created" ? 201 : 200,
        );
      case "unknown_business":
        throw new ApiError(422, ErrorCode.UnknownBusiness, "no business has this id", {
          businessId: "unknown business",
        });
      case "conflict":
        throw new ApiError(
          409,
          ErrorCode.Conflict,
          "this invoice number already exists with other terms",
          Object.fromEntries(result.fields.map((f) => [f, "differs from the stored invoice"])),
        );
    }
  });

  app.get("/:id", async (c) => {
    const invoice = await deps.intake.getInvoice(pathId(c, "invoice"));
    if (invoice === null) throw notFound("invoice");
    const { amountMinor, paidMinor, tokens, payments, ...rest } = invoice;
    return c.json({
      ...rest,
      amount: amountMinor,
      paid: paidMinor,
      due: amountMinor - paidMinor,
      payments: payments.map(({ amountMinor: amount, ...p }) => ({ ...p, amount })),
      links: tokens === null ? null : debtorLinks(deps.links, tokens),
    });
  });

  /** Idempotent by reference: same reference and amount → 200 with the same id; another amount →
   *  409; more than what is still due → 422. */
  app.post("/:id/payments", async (c) => {
    const invoiceId = pathId(c, "invoice");
    const input = validate(paymentInputSchema, await readJson(c));
    const outcome = await deps.intake.recordPayment(invoiceId, input, deps.now());
    switch (outcome.kind) {
      case "invoice_not_found":
      case "case_not_found":
      case "invoice_not_in_case":
      case "currency_mismatch":
        throw notFound("invoice");
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
          `the amount is more than the ${outcome.dueMinor} minor units still due`,
          { amount: `must be at most ${outcome.dueMinor}` },
        );
      case "created":
      case "existing": {
        // Also on a repeat: if the first call stored the payment but failed to hand it to the
        // runtime, the client's retry delivers it; the runtime deduplicates by payment id.
        await deps.onPaymentRecorded(outcome.payment);
        const { payment } = outcome;
        return c.json(
          {
            paymentId: payment.paymentId,
            invoiceId: payment.invoiceId,
            amount: payment.amountMinor,
            reference: payment.reference,
            receivedAt: payment.receivedAt,
            due: payment.remainingMinor,
          },
          outcome.kind === "created" ? 201 : 200,
        );
      }
    }
  });

  return app;
}
