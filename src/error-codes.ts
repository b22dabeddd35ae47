/**
 * Relance's stable error codes, in one vocabulary: logs, alerts, job failure reasons and tests
 * match these, never messages. (The HTTP API's response codes — `validation_failed`, … — are a
 * public contract of their own, in src/http/errors.ts; what is logged about them uses these.)
 */
export const RelanceErrorCode = {
  /** Anything not classified below: a bug, or a failure of a library we did not foresee. */
  Internal: "relance_internal",
  /** A unique constraint refused a row: usually a race that another request or job won. */
  DbUniqueViolation: "relance_db_unique_violation",
  DbForeignKeyViolation: "relance_db_foreign_key_violation",
  /** Another constraint (check, not-null, exclusion) refused a row. */
  DbIntegrityViolation: "relance_db_integrity_violation",
  /** Postgres refused a value (SQLSTATE class 22: bad encoding, NUL byte, out of range…). */
  DbInvalidValue: "relance_db_invalid_value",
  /** Serialization failure or deadlock: the transaction may be retried. */
  DbConflict: "relance_db_conflict",
  /** A case transaction lost to concurrent writes on every attempt (src/runtime/conflict-retry.ts). */
  CaseConflictRetriesExhausted: "relance_case_conflict_retries_exhausted",
  /** Postgres cannot be reached, or closed the connection, or is shutting down. */
  DbUnavailable: "relance_db_unavailable",
  /** The database schema is behind the code: `npm run db:migrate`. */
  DbNotMigrated: "relance_db_not_migrated",
  /** Any other database error. */
  DbError: "relance_db_error",
  /** Redis cannot be reached, closed the connection, or did not answer in time (queues, send
   *  gate). What a commit wrote is safe in Postgres; the reconciler re-adds its jobs. */
  RedisUnavailable: "relance_redis_unavailable",
  /** A socket to some other peer failed (a platform's API, an SMTP relay): the log line's context
   *  says which. Not a database error. */
  NetworkUnreachable: "relance_network_unreachable",
  /** Too many failed admin logins from one address or for one user. */
  AdminLoginThrottled: "relance_admin_login_throttled",
  SlackBodyTooLarge: "relance_slack_body_too_large",
  SlackBadRequest: "relance_slack_bad_request",
  SlackSignatureMissing: "relance_slack_signature_missing",
  SlackTimestampInvalid: "relance_slack_timestamp_invalid",
  SlackTimestampStale: "relance_slack_timestamp_stale",
  SlackTimestampFuture: "relance_slack_timestamp_future",
  SlackSignatureMismatch: "relance_slack_signature_mismatch",
} as const;
export type RelanceErrorCode = (typeof RelanceErrorCode)[keyof typeof RelanceErrorCode];
