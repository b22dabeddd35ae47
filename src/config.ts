import { z } from "zod";

/**
 * The process configuration: every environment variable Relance reads, parsed once (by
 * src/main.ts and the CLIs) with this one schema. Secrets have no defaults. Nothing else reads
 * `process.env`.
 */

/** "true"/"1"/"yes"/"on" or "false"/"0"/"no"/"off" — never JavaScript truthiness ("false" is false). */
const booleanFromEnv = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      if (["true", "1", "yes", "on"].includes(value)) return true;
      if (["false", "0", "no", "off"].includes(value)) return false;
      ctx.addIssue({ code: "custom", message: "expected true or false" });
      return z.NEVER;
    });

/** An optional secret or id: unset and empty both mean "not configured". */
const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v));

const url = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `expected a ${protocols.join(" or ")} URL`,
    );

/** Messages per second, a positive number (fractions allowed: 0.5 is one every 2 s). */
const ratePerSecond = (fallback: number) =>
  z.coerce.number().positive().max(100_000).default(fallback);
/** Milliseconds between two messages to one chat; 0 turns the pacing off. */
const intervalMs = (fallback: number) =>
  z.coerce.number().int().min(0).max(3_600_000).default(fallback);

export const ADMIN_PASSWORD_MIN_LENGTH = 12;

/** `name:language` of an approved WhatsApp template, e.g. `relance_rappel:fr`. */
const whatsappTemplate = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9_]{1,512}:[A-Za-z_]{2,8}$/,
    "expected template_name:language, e.g. relance_rappel:fr",
  )
  .transform((v) => {
    const [name = "", language = ""] = v.split(":");
    return { name, language };
  });

const withoutTrailingSlash = (v: string) => v.replace(/\/+$/, "");

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** 0 picks any free port (tests). */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: url(["postgres:", "postgresql:"]).default(
    "postgres://postgres@127.0.0.1:5432/relance",
  ),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
  API_TOKEN: z.string().trim().min(16, "expected at least 16 characters"),
  PUBLIC_URL: url(["http:", "https:"])
    .default("http://localhost:3000")
    .transform(withoutTrailingSlash),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BULLMQ_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "expected 1-32 characters of [A-Za-z0-9_-]")
    .default("relance"),
  /** Apply pending migrations at start-up (under an advisory lock, safe with several processes). */
  MIGRATE_ON_START: booleanFromEnv(false),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_BOT_USERNAME: optionalString.refine(
    (v) => v === undefined || /^[A-Za-z0-9_]{5,32}$/.test(v),
    "expected a bot username without @",
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_MODE: z.enum(["webhook", "polling"]).default("webhook"),
  TELEGRAM_API_ROOT: url(["http:", "https:"])
    .default("https://api.telegram.org")
    .transform(withoutTrailingSlash),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_API_URL: url(["http:", "https:"]).default("https://slack.com/api/"),
  WHATSAPP_API_URL: url(["http:", "https:"])
    .default("https://graph.facebook.com/v21.0")
    .transform(withoutTrailingSlash),
  WHATSAPP_TOKEN: optionalString,
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  WHATSAPP_PHONE_NUMBER_ID: optionalString,
  /**
   * Send rates, enforced across every worker process (jobs/send-rate.ts). Telegram allows about
   * 30 messages/s per bot (up to 1,000/s with paid broadcasts) and about one per second in one
   * chat; WhatsApp 80/s per business number by default (more on higher tiers), and about one
   * message per 6 s to one user on average; Slack about one message per second per channel.
   */
  TELEGRAM_RATE_PER_SECOND: ratePerSecond(30),
  TELEGRAM_CHAT_INTERVAL_MS: intervalMs(1_000),
  WHATSAPP_RATE_PER_SECOND: ratePerSecond(80),
  WHATSAPP_CHAT_INTERVAL_MS: intervalMs(0),
  SLACK_RATE_PER_SECOND: ratePerSecond(20),
  SLACK_CHANNEL_INTERVAL_MS: intervalMs(1_000),
  /** The business number itself (international, digits): invoices get a wa.me link with it. */
  WHATSAPP_PHONE_NUMBER: optionalString.pipe(
    z
      .string()
      .transform((v) => v.replace(/[\s().+-]/g, ""))
      .pipe(z.string().regex(/^[1-9]\d{6,14}$/, "expected an international phone number"))
      .optional(),
  ),
  /** The reminder template sent outside the 24-hour window, per debtor language, as
   *  `name:language` exactly as approved in WhatsApp Manager. */
  WHATSAPP_TEMPLATE_FR: whatsappTemplate.default({ name: "relance_rappel", language: "fr" }),
  WHATSAPP_TEMPLATE_EN: whatsappTemplate.default({ name: "relance_reminder", language: "en" }),
  /** SMTP server of e-mail notices, e.g. smtps://user:password@smtp.example.org:465. */
  SMTP_URL: optionalString.pipe(url(["smtp:", "smtps:"]).optional()),
  /** Sender of e-mail notices, e.g. "Atelier Lune <relances@example.org>". */
  MAIL_FROM: optionalString,
  /**
   * Days an unused deep link (Telegram, web chat, WhatsApp code) can still bind a chat. Short: a
   * link sits in e-mails and forwarded PDFs, and a reissue gives the debtor a fresh one anyway.
   */
  LINK_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** HTTP Basic password of /admin: long enough that throttled guessing gets nowhere. */
  ADMIN_PASSWORD: optionalString.refine(
    (v) => v === undefined || [...v].length >= ADMIN_PASSWORD_MIN_LENGTH,
    `expected at least ${ADMIN_PASSWORD_MIN_LENGTH} characters`,
  ),
});

export type Config = z.output<typeof configSchema>;
export type Env = Readonly<Record<string, string | undefined>>;

/** Start-up configuration error; `message` is one line naming every bad variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    message: string,
    readonly variables: readonly string[],
  ) {
    super(message);
  }
}

function describe(error: z.ZodError, env: Env): ConfigError {
  const problems = error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "?");
    const message = env[variable] === undefined ? "is required" : `is invalid: ${issue.message}`;
    return { variable, text: `${variable} ${message}` };
  });
  return new ConfigError(
    `invalid configuration: ${problems.map((p) => p.text).join("; ")}`,
    problems.map((p) => p.variable),
  );
}

function parseWith<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  // Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) throw describe(result.error, cleaned);
  return result.data;
}

/** Parses the whole configuration; throws `ConfigError` naming the bad variable(s). */
export function loadConfig(env: Env): Config {
  return parseWith(configSchema, env);
}

/** The part the migration CLI needs (no secrets required). */
export const migrateConfigSchema = configSchema.pick({ DATABASE_URL: true });
export type MigrateConfig = z.output<typeof migrateConfigSchema>;
export function loadMigrateConfig(env: Env): MigrateConfig {
  return parseWith(migrateConfigSchema, env);
}

/** The part the CSV import needs: the database and what deep links are built from. */
export const importConfigSchema = configSchema.pick({
  DATABASE_URL: true,
  PUBLIC_URL: true,
  TELEGRAM_BOT_USERNAME: true,
  WHATSAPP_PHONE_NUMBER: true,
  LINK_TTL_DAYS: true,
  LOG_LEVEL: true,
});
export type ImportConfig = z.output<typeof importConfigSchema>;
export function loadImportConfig(env: Env): ImportConfig {
  return parseWith(importConfigSchema, env);
}

/**
 * The process environment, for the entry points (src/main.ts, the CLIs): this module is the only
 * one that touches it, so every variable Relance reads is in the schemas above.
 */
export function processEnv(): Env {
  return process.env;
}

/** The part the health check needs: where Postgres and Redis are. */
export const healthConfigSchema = configSchema.pick({ DATABASE_URL: true, REDIS_URL: true });
export type HealthConfig = z.output<typeof healthConfigSchema>;
export function loadHealthConfig(env: Env): HealthConfig {
  return parseWith(healthConfigSchema, env);
}
