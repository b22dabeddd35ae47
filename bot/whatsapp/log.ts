/** The subset of pino's logger the WhatsApp adapter uses. */
export interface WhatsAppLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
