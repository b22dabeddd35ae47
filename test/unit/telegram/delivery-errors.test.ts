import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { toDeliveryError } from "../../../bot/telegram/delivery.ts";
import { TelegramCardError } from "../../../bot/telegram/render-card.ts";
import { DeliveryError } from "../../../src/runtime/delivery.ts";

const apiError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError(
    `Call to 'sendMessage' failed! (${error_code}: ${description})`,
    { ok: false, error_code, description, parameters },
    "sendMessage",
    {},
  );

describe("toDeliveryError", () => {
  it("waits retry_after seconds on a 429, in milliseconds", () => {
    const error = toDeliveryError(
      apiError(429, "Too Many Requests: retry after 35", { retry_after: 35 }),
    );
    expect(error.failure).toEqual({ kind: "rate_limited", retryAfterMs: 35_000 });
    expect(error.platformCode).toBe(429);
  });

  it("waits one second on a 429 that does not say how long", () => {
    expect(toDeliveryError(apiError(429, "Too Many Requests")).failure).toEqual({
      kind: "rate_limited",
      retryAfterMs: 1000,
    });
  });

  it.each([
    [400, "Bad Request: BUTTON_DATA_INVALID"],
    [400, "Bad Request: chat not found"],
    [403, "Forbidden: bot was blocked by the user"],
    [403, "Forbidden: user is deactivated"],
    [401, "Unauthorized"],
  ])("never retries a %i %s", (code, description) => {
    const error = toDeliveryError(apiError(code, description));
    expect(error.failure).toEqual({ kind: "permanent" });
    expect(error.message).toBe(description);
    expect(error.platformCode).toBe(code);
  });

  it("retries a 5xx and a network failure", () => {
    expect(toDeliveryError(apiError(502, "Bad Gateway")).failure).toEqual({ kind: "transient" });
    const network = new HttpError(
      "Network request for 'sendMessage' failed!",
      new Error("ECONNRESET"),
    );
    expect(toDeliveryError(network).failure).toEqual({ kind: "transient" });
  });

  it("turns a card Telegram would refuse into a permanent failure with a stable code", () => {
    const error = toDeliveryError(
      new TelegramCardError("relance_telegram_callback_data_too_long", "too long"),
    );
    expect(error.failure).toEqual({ kind: "permanent" });
    expect(error.platformCode).toBe("relance_telegram_callback_data_too_long");
  });

  it("passes a DeliveryError through unchanged", () => {
    const original = new DeliveryError({ kind: "permanent" }, "no");
    expect(toDeliveryError(original)).toBe(original);
  });
});
