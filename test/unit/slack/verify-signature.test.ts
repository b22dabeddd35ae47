import { describe, expect, it } from "vitest";
import {
  computeSlackSignature,
  SLACK_SIGNATURE_WINDOW_SECONDS,
  verifySlackSignature,
} from "../../../bot/slack/verify-signature.ts";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const now = new Date("2026-11-23T10:00:00Z");
const nowSeconds = Math.floor(now.getTime() / 1000);
const body = "token=x&team_id=T1&command=%2Frelance&text=F-2026-001";

function signed(timestamp: number, raw: string = body) {
  const ts = String(timestamp);
  return { signature: computeSlackSignature(secret, ts, raw), timestamp: ts };
}

describe("Slack request signature", () => {
  it("accepts a request signed with the secret over the exact body, within the window", () => {
    const headers = signed(nowSeconds - 10);
    expect(verifySlackSignature({ signingSecret: secret, ...headers, rawBody: body, now })).toEqual(
      {
        ok: true,
      },
    );
  });

  it("matches Slack's documented example signature", () => {
    // https://docs.slack.dev/authentication/verifying-requests-from-slack (worked example)
    const exampleBody =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(computeSlackSignature(secret, "1531420618", exampleBody)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });

  it("refuses a signature made with another secret", () => {
    const ts = String(nowSeconds);
    const signature = computeSlackSignature("another-secret", ts, body);
    expect(
      verifySlackSignature({ signingSecret: secret, signature, timestamp: ts, rawBody: body, now }),
    ).toEqual({ ok: false, code: "relance_slack_signature_mismatch" });
  });

  it("refuses a body changed by one byte", () => {
    const headers = signed(nowSeconds);
    const tampered = body.replace("F-2026-001", "F-2026-002");
    expect(
      verifySlackSignature({ signingSecret: secret, ...headers, rawBody: tampered, now }),
    ).toEqual({ ok: false, code: "relance_slack_signature_mismatch" });
  });

  it("accepts a timestamp exactly five minutes old and refuses one a second older", () => {
    const edge = signed(nowSeconds - SLACK_SIGNATURE_WINDOW_SECONDS);
    expect(verifySlackSignature({ signingSecret: secret, ...edge, rawBody: body, now }).ok).toBe(
      true,
    );
    const stale = signed(nowSeconds - SLACK_SIGNATURE_WINDOW_SECONDS - 1);
    expect(verifySlackSignature({ signingSecret: secret, ...stale, rawBody: body, now })).toEqual({
      ok: false,
      code: "relance_slack_timestamp_stale",
    });
  });

  it("refuses a timestamp more than five minutes in the future", () => {
    const edge = signed(nowSeconds + SLACK_SIGNATURE_WINDOW_SECONDS);
    expect(verifySlackSignature({ signingSecret: secret, ...edge, rawBody: body, now }).ok).toBe(
      true,
    );
    const future = signed(nowSeconds + SLACK_SIGNATURE_WINDOW_SECONDS + 1);
    expect(verifySlackSignature({ signingSecret: secret, ...future, rawBody: body, now })).toEqual({
      ok: false,
      code: "relance_slack_timestamp_future",
    });
  });

  it("refuses missing headers, a non-numeric timestamp and a malformed signature", () => {
    const ok = signed(nowSeconds);
    const check = (signature: string | null, timestamp: string | null) =>
      verifySlackSignature({ signingSecret: secret, signature, timestamp, rawBody: body, now });
    expect(check(null, ok.timestamp)).toEqual({
      ok: false,
      code: "relance_slack_signature_missing",
    });
    expect(check(ok.signature, null)).toEqual({
      ok: false,
      code: "relance_slack_signature_missing",
    });
    expect(check(ok.signature, "12ab")).toEqual({
      ok: false,
      code: "relance_slack_timestamp_invalid",
    });
    expect(check(ok.signature.slice(0, -1), ok.timestamp)).toEqual({
      ok: false,
      code: "relance_slack_signature_mismatch",
    });
    expect(check(ok.signature.toUpperCase().replace("V0", "v0"), ok.timestamp)).toEqual({
      ok: false,
      code: "relance_slack_signature_mismatch",
    });
  });

  it("verifies raw bytes, so a multi-byte character changed in the body is caught", () => {
    const raw = new TextEncoder().encode('{"text":"Réglé"}');
    const ts = String(nowSeconds);
    const signature = computeSlackSignature(secret, ts, raw);
    expect(
      verifySlackSignature({ signingSecret: secret, signature, timestamp: ts, rawBody: raw, now })
        .ok,
    ).toBe(true);
    const changed = raw.slice();
    const at = changed.length - 3;
    changed[at] = (changed[at] ?? 0) ^ 1;
    expect(
      verifySlackSignature({
        signingSecret: secret,
        signature,
        timestamp: ts,
        rawBody: changed,
        now,
      }),
    ).toEqual({ ok: false, code: "relance_slack_signature_mismatch" });
  });
});
