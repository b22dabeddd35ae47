import type { TelegramLog } from "../../../bot/telegram/log.ts";

export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly obj: object;
  readonly msg: string;
}

/** A TelegramLog that keeps every line, so tests can assert what was logged and how often. */
export function recordingLog(): TelegramLog & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine["level"]) =>
    (obj: object, msg: string): void => {
      lines.push({ level, obj, msg });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
