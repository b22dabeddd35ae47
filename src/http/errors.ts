import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldErrors } from "../intake/index.ts";

/**
 * Stable error codes of the HTTP API: clients, logs and tests match these, never messages.
 * Every error response is `{ error: { code, message, fields? } }`.
 */
export const ErrorCode = {
  ValidationFailed: "validation_failed",
  InvalidJson: "invalid_json",
  Unauthorized: "unauthorized",
  PayloadTooLarge: "payload_too_large",
  UnsupportedMediaType: "unsupported_media_type",
  NotFound: "not_found",
  UnknownBusiness: "unknown_business",
  Conflict: "conflict",
  AmountExceedsDue: "amount_exceeds_due",
  /** The case named belongs to another business than the one the request names (422). */
  BusinessMismatch: "business_mismatch",
  /** A case payment names an invoice the case does not cover (422). */
  InvoiceNotInCase: "invoice_not_in_case",
  /** The case is paid or closed: what was asked applies to open cases only (409). */
  CaseFinished: "case_finished",
  /** 503: Postgres cannot be reached. Try again after `Retry-After` (every write of the API is
   *  idempotent: a repeated request does not write twice). */
  DatabaseUnavailable: "database_unavailable",
  /** 503: Redis cannot be reached and the request needed it (no route does before its commit). */
  QueueUnavailable: "queue_unavailable",
  Internal: "internal_error",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly fields?: FieldErrors;
  };
}

/** An error meant for the client: thrown anywhere in a handler, rendered by the app's boundary. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields === undefined ? {} : { fields: this.fields }),
      },
    };
  }
}

export const validationFailed = (fields: FieldErrors): ApiError =>
  new ApiError(400, ErrorCode.ValidationFailed, "the request is invalid", fields);

export const notFound = (what: string): ApiError =>
  new ApiError(404, ErrorCode.NotFound, `${what} not found`);
