/**
 * The logging the adapter needs; a pino `Logger` fits it. Log objects carry ids and kinds, never
 * chat ids, texts or tokens (src/logger.ts redacts those keys anyway).
 */
export interface TelegramLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
