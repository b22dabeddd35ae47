import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventCallbackBody } from "../../fakes/slack-signing.ts";
import { type Harness, post, SIGNING_SECRET, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("POST /slack/events", () => {
  it("acknowledges an event nobody listens to with an empty 200", async () => {
    const res = await post(
      h,
      eventCallbackBody({ event: { type: "app_home_opened", user: "U0OWNER001", tab: "home" } }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("refuses a signed body it cannot read with 400", async () => {
    const res = await post(h, { body: "<xml/>", contentType: "text/xml" as "application/json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "relance_slack_bad_request" });
  });

  it("refuses a request without signature headers with 401", async () => {
    const res = await h.slack.app.request("/slack/events", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "relance_slack_signature_missing" });
  });

  it("refuses a body larger than 1 MiB before checking anything else", async () => {
    const big = "x".repeat(1024 * 1024 + 1);
    const res = await post(
      h,
      { body: big, contentType: "application/json" },
      { secret: SIGNING_SECRET },
    );
    expect(res.status).toBe(413);
  });

  it("answers Slack's SSL check for slash commands", async () => {
    const res = await post(h, {
      body: "ssl_check=1&token=x",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});
