import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const API_TOKEN = "a-long-enough-api-token";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("loadConfig accepted the environment");
}

describe("loadConfig", () => {
  it("fills in the documented defaults", () => {
    const config = loadConfig({ API_TOKEN });
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/relance",
      REDIS_URL: "redis://127.0.0.1:6379",
      PUBLIC_URL: "http://localhost:3000",
      BULLMQ_PREFIX: "relance",
      TELEGRAM_MODE: "webhook",
      TELEGRAM_API_ROOT: "https://api.telegram.org",
      SLACK_API_URL: "https://slack.com/api/",
      WHATSAPP_API_URL: "https://graph.facebook.com/v21.0",
      MIGRATE_ON_START: false,
    });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
  });

  it('parses booleans explicitly: "false" is false and "true" is true', () => {
    expect(loadConfig({ API_TOKEN, MIGRATE_ON_START: "false" }).MIGRATE_ON_START).toBe(false);
    expect(loadConfig({ API_TOKEN, MIGRATE_ON_START: "0" }).MIGRATE_ON_START).toBe(false);
    expect(loadConfig({ API_TOKEN, MIGRATE_ON_START: "true" }).MIGRATE_ON_START).toBe(true);
  });

  it("names a missing secret in one line", () => {
    const error = configError({});
    expect(error.message).toBe("invalid configuration: API_TOKEN is required");
    expect(error.variables).toEqual(["API_TOKEN"]);
  });

  it("names every malformed variable in one line", () => {
    const error = configError({
      API_TOKEN: "short",
      PORT: "eighty",
      MIGRATE_ON_START: "perhaps",
      REDIS_URL: "http://not-redis",
      TELEGRAM_MODE: "carrier-pigeon",
    });
    expect(error.message).not.toContain("\n");
    expect([...error.variables].sort()).toEqual([
      "API_TOKEN",
      "MIGRATE_ON_START",
      "PORT",
      "REDIS_URL",
      "TELEGRAM_MODE",
    ]);
  });

  it("reads the send rates, Telegram's by default, and refuses a rate that is not positive", () => {
    expect(loadConfig({ API_TOKEN })).toMatchObject({
      TELEGRAM_RATE_PER_SECOND: 30,
      TELEGRAM_CHAT_INTERVAL_MS: 1_000,
      WHATSAPP_RATE_PER_SECOND: 80,
      WHATSAPP_CHAT_INTERVAL_MS: 0,
      SLACK_RATE_PER_SECOND: 20,
      SLACK_CHANNEL_INTERVAL_MS: 1_000,
    });
    expect(
      loadConfig({ API_TOKEN, TELEGRAM_RATE_PER_SECOND: "1000", TELEGRAM_CHAT_INTERVAL_MS: "0" }),
    ).toMatchObject({ TELEGRAM_RATE_PER_SECOND: 1_000, TELEGRAM_CHAT_INTERVAL_MS: 0 });
    const error = configError({
      API_TOKEN,
      TELEGRAM_RATE_PER_SECOND: "0",
      SLACK_CHANNEL_INTERVAL_MS: "-5",
      WHATSAPP_RATE_PER_SECOND: "fast",
    });
    expect([...error.variables].sort()).toEqual([
      "SLACK_CHANNEL_INTERVAL_MS",
      "TELEGRAM_RATE_PER_SECOND",
      "WHATSAPP_RATE_PER_SECOND",
    ]);
  });

  it("treats an empty variable as unset", () => {
    const config = loadConfig({ API_TOKEN, PORT: "", TELEGRAM_BOT_USERNAME: "" });
    expect(config.PORT).toBe(3000);
    expect(config.TELEGRAM_BOT_USERNAME).toBeUndefined();
  });

  it("refuses an admin password shorter than 12 characters, naming it", () => {
    const error = configError({ API_TOKEN, ADMIN_PASSWORD: "hunter2" });
    expect(error.message).toBe(
      "invalid configuration: ADMIN_PASSWORD is invalid: expected at least 12 characters",
    );
    expect(error.variables).toEqual(["ADMIN_PASSWORD"]);
    expect(loadConfig({ API_TOKEN, ADMIN_PASSWORD: "twelve-chars" }).ADMIN_PASSWORD).toBe(
      "twelve-chars",
    );
  });

  it("reads the WhatsApp templates, the business number and the SMTP server, refusing bad ones by name", () => {
    const defaults = loadConfig({ API_TOKEN });
    expect(defaults.WHATSAPP_TEMPLATE_FR).toEqual({ name: "relance_rappel", language: "fr" });
    expect(defaults.WHATSAPP_TEMPLATE_EN).toEqual({ name: "relance_reminder", language: "en" });
    expect(defaults.SMTP_URL).toBeUndefined();
    const set = loadConfig({
      API_TOKEN,
      WHATSAPP_TEMPLATE_EN: "payment_reminder:en_GB",
      WHATSAPP_PHONE_NUMBER: "+1 (555) 078-3881",
      SMTP_URL: "smtps://user:secret@smtp.example.org:465",
      MAIL_FROM: "Atelier Lune <relances@example.org>",
    });
    expect(set.WHATSAPP_TEMPLATE_EN).toEqual({ name: "payment_reminder", language: "en_GB" });
    expect(set.WHATSAPP_PHONE_NUMBER).toBe("15550783881");
    expect(set.SMTP_URL).toBe("smtps://user:secret@smtp.example.org:465");
    const error = configError({
      API_TOKEN,
      WHATSAPP_TEMPLATE_FR: "Relance Rappel",
      WHATSAPP_PHONE_NUMBER: "call me",
      SMTP_URL: "https://smtp.example.org",
    });
    expect([...error.variables].sort()).toEqual([
      "SMTP_URL",
      "WHATSAPP_PHONE_NUMBER",
      "WHATSAPP_TEMPLATE_FR",
    ]);
  });
});
