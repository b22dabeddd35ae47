import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { SLACK_DEFAULT_RETRY_AFTER_MS, toDeliveryError } from "../../../bot/slack/delivery.ts";

const platform = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

describe("Slack errors as delivery failures", () => {
  it("turns a 429 into rate_limited with Slack's Retry-After in milliseconds", () => {
    const err = toDeliveryError(new webApi.WebAPIRateLimitedError(7), "chat.postMessage");
    expect(err.failure).toEqual({ kind: "rate_limited", retryAfterMs: 7000 });
    expect(err.platformCode).toBe("ratelimited");
  });

  it("treats a ratelimited body without a header as rate limited for a default delay", () => {
    expect(toDeliveryError(platform("ratelimited"), "chat.update").failure).toEqual({
      kind: "rate_limited",
      retryAfterMs: SLACK_DEFAULT_RETRY_AFTER_MS,
    });
  });

  it.each([
    "invalid_auth",
    "channel_not_found",
    "not_in_channel",
    "invalid_blocks",
    "message_not_found",
    "some_future_code",
  ])("never retries %s", (code) => {
    const err = toDeliveryError(platform(code), "chat.postMessage");
    expect(err.failure).toEqual({ kind: "permanent" });
    expect(err.platformCode).toBe(code);
  });

  it("retries Slack's own trouble, 5xx answers and network failures", () => {
    expect(toDeliveryError(platform("internal_error"), "m").failure.kind).toBe("transient");
    expect(
      toDeliveryError(new webApi.WebAPIHTTPError(503, "Unavailable", {}), "m").failure.kind,
    ).toBe("transient");
    expect(
      toDeliveryError(new webApi.WebAPIRequestError(new Error("ECONNREFUSED")), "m").failure.kind,
    ).toBe("transient");
    expect(toDeliveryError(new Error("boom"), "m").failure.kind).toBe("transient");
  });

  it("does not retry a 4xx other than 429", () => {
    expect(
      toDeliveryError(new webApi.WebAPIHTTPError(404, "Not Found", {}), "m").failure.kind,
    ).toBe("permanent");
  });
});
