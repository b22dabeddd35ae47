import pino, { type DestinationStream, type Logger } from "pino";
import { describeError } from "./safe-error.ts";

export type { Logger };

/**
 * Personal data never reaches the logs: debtor names, phone numbers, e-mail addresses, chat text,
 * chat ids, tokens and credentials are replaced by "[redacted]" wherever they appear up to two
 * levels deep in a log object.
 */
const SENSITIVE_KEYS = [
  "name",
  "debtorName",
  "phone",
  "whatsapp",
  "telegram",
  "email",
  "text",
  "chatId",
  "chat_id",
  "address",
  "token",
  "password",
  "secret",
  "authorization",
  "cookie",
  "renderedText",
] as const;

export const REDACT_PATHS: string[] = [
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-slack-signature"]',
];

export interface LoggerOptions {
  readonly level: string;
  /** Where log lines go; stdout when omitted (tests pass a buffer). */
  readonly destination?: DestinationStream;
}

/**
 * Errors are logged by code and a message that carries no data (`describeError`): a database
 * error's query parameters, `detail` and quoted values never reach a log line.
 */
const errorSerializer = (error: unknown) => describeError(error);

/** One JSON object per line, with `service` and ISO timestamps. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "relance" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: errorSerializer, error: errorSerializer },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
