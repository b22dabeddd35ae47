import { DateTime } from "luxon";
import { z } from "zod";

/**
 * Field schemas shared by every intake path (REST API and CSV import). Each rejects with a message
 * a person can act on; the path of the failing field is reported by the caller.
 */

/** zod's `error` option: "is required" when the field is absent, `what` otherwise. */
export const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : what),
});

/** No amount may exceed 10^12 minor units: exact as a JS number, and a sane business ceiling. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/** A positive integer number of minor units (cents), at most 10^12. */
export const amountMinorSchema = z
  .number(expected("expected an integer number of minor units"))
  .int("expected an integer number of minor units (no fractions)")
  .positive("must be greater than zero")
  .max(MAX_AMOUNT_MINOR, `must be at most ${MAX_AMOUNT_MINOR} minor units`);

/** ISO 4217 codes in current use, as the runtime's ICU knows them. */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

export const currencySchema = z
  .string(expected("expected an ISO 4217 currency code"))
  .regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code such as EUR")
  .refine((code) => CURRENCIES.has(code), "unknown ISO 4217 currency code");

/** The canonical IANA name of `zone` (e.g. "europe/paris" → "Europe/Paris"), or null if unknown. */
export function canonicalTimeZone(zone: string): string | null {
  // Offsets ("+01:00") and abbreviations are not IANA zones; a zone name starts with a letter.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const timeZoneSchema = z
  .string(expected("expected an IANA time zone such as Europe/Paris"))
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical === null) {
      ctx.addIssue({ code: "custom", message: "unknown IANA time zone" });
      return z.NEVER;
    }
    return canonical;
  });

export const localeSchema = z.enum(["fr", "en"], expected("expected fr or en"));

/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 does not). */
export const isoDateSchema = z
  .string(expected("expected a date YYYY-MM-DD"))
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")
  .refine((v) => DateTime.fromISO(v, { zone: "utc" }).isValid, "this day does not exist");

const DATETIME_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface IssuedAt {
  /** The instant (a bare date means midnight UTC of that day). */
  readonly at: Date;
  /** The calendar day as written, for comparing with the due date. */
  readonly day: string;
}

/** A date `YYYY-MM-DD` or a date-time with `Z` or an offset. */
export const issuedAtSchema = z
  .string(expected("expected a date YYYY-MM-DD or an ISO 8601 date-time with zone"))
  .transform((value, ctx): IssuedAt => {
    const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
    if (!isDate && !DATETIME_WITH_ZONE.test(value)) {
      ctx.addIssue({
        code: "custom",
        message: "expected a date YYYY-MM-DD or an ISO 8601 date-time with zone",
      });
      return z.NEVER;
    }
    const parsed = isDate
      ? DateTime.fromISO(value, { zone: "utc" })
      : DateTime.fromISO(value, { setZone: true });
    const day = parsed.toISODate();
    if (!parsed.isValid || day === null) {
      ctx.addIssue({ code: "custom", message: "this date does not exist" });
      return z.NEVER;
    }
    return { at: parsed.toJSDate(), day };
  });

/** An ISO 8601 instant with zone (`receivedAt`, filters). */
export const instantSchema = z
  .string(expected("expected an ISO 8601 date-time with zone"))
  .regex(DATETIME_WITH_ZONE, "expected an ISO 8601 date-time with zone")
  .transform((value, ctx) => {
    const parsed = DateTime.fromISO(value, { setZone: true });
    if (!parsed.isValid) {
      ctx.addIssue({ code: "custom", message: "this date-time does not exist" });
      return z.NEVER;
    }
    return parsed.toJSDate();
  });

/** WhatsApp addresses are E.164 numbers; stored as digits without "+" (the Cloud API's wa_id). */
export const phoneSchema = z
  .string()
  .transform((v) => v.replace(/[\s().-]/g, ""))
  .pipe(
    z
      .string()
      .regex(/^\+?[1-9]\d{6,14}$/, "expected an international phone number such as +33612345678"),
  )
  .transform((v) => v.replace(/^\+/, ""));

/**
 * C0 control characters other than tab, line feed and carriage return, DEL, and lone UTF-16
 * surrogates. U+0000 and a lone surrogate in particular: Postgres cannot store either in text
 * (the second is no valid UTF-8), so they must be refused here, naming the field, rather than fail
 * the insert with a 500 (found by the hostile-input property test: `"Qxzvwk\udfff"`).
 */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if ((unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) || unit === 0x7f) {
      return true;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1; // a well-formed pair: one character outside the Basic Multilingual Plane
        continue;
      }
      return true;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
  }
  return false;
}

/** `text` without the control characters `hasControlCharacter` finds (for chat text, where
 *  dropping them is kinder than refusing the message). */
export function stripControlCharacters(text: string): string {
  if (!hasControlCharacter(text)) return text;
  let kept = "";
  for (const char of text) if (!hasControlCharacter(char)) kept += char;
  return kept;
}

/** Text that is not blank, trimmed, at most `max` characters, without control characters. */
export const textSchema = (max: number) =>
  z
    .string(expected("expected text"))
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !hasControlCharacter(text), "must not contain control characters");

/** `{ "debtor.timezone": "unknown IANA time zone", … }`: the first problem of each field. */
export type FieldErrors = Record<string, string>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  const add = (path: readonly PropertyKey[], message: string) => {
    const key = path.length > 0 ? path.map(String).join(".") : "body";
    if (!(key in fields)) fields[key] = message;
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], "is not a known field");
    } else {
      add(issue.path, issue.message);
    }
  }
  return fields;
}
