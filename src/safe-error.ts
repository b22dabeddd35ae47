import { RelanceErrorCode } from "./error-codes.ts";

/**
 * What may be said about an error in a log line or a job's failure reason: a stable code, a
 * message that carries no data, the error's type and its stack frames.
 *
 * Database errors are the dangerous ones: drizzle's message repeats the query with its parameters
 * (a debtor's name, a chat address, ids), postgres.js errors carry `parameters`, `query` and a
 * `detail` such as `Key (address)=(+33612…) already exists`, and some SQLSTATE messages quote the
 * refused value. Of those only the SQLSTATE, the constraint and the table are kept — schema names,
 * never data.
 */
export interface SafeError {
  readonly type: string;
  readonly code: string;
  readonly message: string;
  /** `sqlstate`, `constraint`, `table` of a database error. */
  readonly db?: {
    readonly sqlstate: string;
    readonly constraint?: string;
    readonly table?: string;
  };
  /** Stack frames only (the first line, which repeats the message, is dropped). */
  readonly stack?: string;
}

interface PostgresLike {
  readonly code: string;
  readonly severity?: unknown;
  readonly constraint_name?: unknown;
  readonly table_name?: unknown;
}

/** postgres.js connection failures (src/errors.js of postgres) and socket errors. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

const MAX_MESSAGE = 300;

export function describeError(error: unknown): SafeError {
  const chain = causeChain(error);
  const top = chain[0];
  const type = top instanceof Error ? top.name : typeof top;
  const stack = top instanceof Error ? framesOf(top.stack) : undefined;
  const base = { type, ...(stack ? { stack } : {}) };

  const pg = chain.find(isPostgresError);
  if (pg !== undefined) {
    const constraint = typeof pg.constraint_name === "string" ? pg.constraint_name : undefined;
    const table = typeof pg.table_name === "string" ? pg.table_name : undefined;
    const code = codeOfSqlState(pg.code);
    return {
      ...base,
      code,
      message: `database error ${pg.code}${constraint ? ` on ${constraint}` : table ? ` on ${table}` : ""}`,
      db: {
        sqlstate: pg.code,
        ...(constraint ? { constraint } : {}),
        ...(table ? { table } : {}),
      },
    };
  }
  const connection = chain.find(
    (e) => typeof codeOf(e) === "string" && CONNECTION_CODES.has(codeOf(e) as string),
  );
  if (chain.some(isQueryError)) {
    return connection === undefined
      ? { ...base, code: RelanceErrorCode.DbError, message: "a database query failed" }
      : {
          ...base,
          code: RelanceErrorCode.DbUnavailable,
          message: `the database is unreachable (${codeOf(connection)})`,
        };
  }
  const own = chain
    .map(codeOf)
    .find((c): c is string => typeof c === "string" && c.startsWith("relance_"));
  const message = top instanceof Error ? top.message : String(top);
  return {
    ...base,
    code:
      own ??
      (chain.some(isRedisConnectionError)
        ? RelanceErrorCode.RedisUnavailable
        : connection
          ? // Outside a query, so not from postgres.js (it attaches the query to every error it
            // rejects one with): a platform's API, an SMTP relay, or a Redis socket error that the
            // listener did not wrap (src/outage-tracker.ts: `DependencyUnavailableError`).
            RelanceErrorCode.NetworkUnreachable
          : RelanceErrorCode.Internal),
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
  };
}

/**
 * What ioredis and BullMQ reject a command with when Redis cannot be reached: the connection
 * closed (ioredis's and BullMQ's `Connection is closed.`), the offline queue disabled while
 * reconnecting, a command timeout, the retry limit, a command aborted by a closing connection.
 * Matched by name and message: src/ does not import ioredis.
 */
const REDIS_CONNECTION_ERROR_NAMES = new Set([
  "MaxRetriesPerRequestError",
  "ConnectionClosedError",
]);
const REDIS_CONNECTION_MESSAGES = [
  /^Connection is closed\.?$/,
  /^Stream isn't writeable and enableOfflineQueue options is false$/,
  /^Command timed out$/,
  /^Command aborted due to connection close$/,
  /^Reached the max retries per request limit/,
];

function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (REDIS_CONNECTION_ERROR_NAMES.has(error.name)) return true;
  return REDIS_CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** `code: message`, for a BullMQ failure reason or any place that takes one line. */
export function safeErrorLine(error: unknown): string {
  const safe = describeError(error);
  return `${safe.code}: ${safe.message}`;
}

/** True when a unique constraint refused the row (anywhere in the cause chain). */
export function isUniqueViolation(error: unknown): boolean {
  return causeChain(error).some((e) => isPostgresError(e) && e.code === "23505");
}

function codeOfSqlState(sqlstate: string): RelanceErrorCode {
  if (sqlstate === "23505") return RelanceErrorCode.DbUniqueViolation;
  if (sqlstate === "23503") return RelanceErrorCode.DbForeignKeyViolation;
  if (sqlstate.startsWith("23")) return RelanceErrorCode.DbIntegrityViolation;
  if (sqlstate.startsWith("22")) return RelanceErrorCode.DbInvalidValue;
  if (sqlstate === "40001" || sqlstate === "40P01") return RelanceErrorCode.DbConflict;
  if (sqlstate === "42P01" || sqlstate === "42703") return RelanceErrorCode.DbNotMigrated;
  if (sqlstate.startsWith("08") || sqlstate.startsWith("57P") || sqlstate === "53300") {
    return RelanceErrorCode.DbUnavailable;
  }
  return RelanceErrorCode.DbError;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function codeOf(error: unknown): unknown {
  return typeof error === "object" && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

function isPostgresError(error: unknown): error is PostgresLike {
  if (typeof error !== "object" || error === null) return false;
  const e = error as Partial<PostgresLike>;
  return (
    typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === "string"
  );
}

/** drizzle's DrizzleQueryError (and postgres.js errors) carry the query and its parameters. */
function isQueryError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return "query" in error && ("params" in error || "parameters" in error);
}

function framesOf(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  const frames = stack.split("\n").filter((line) => /^\s+at /.test(line));
  return frames.length > 0 ? frames.join("\n") : undefined;
}
