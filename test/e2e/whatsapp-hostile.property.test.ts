import { createHmac, randomInt } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WHATSAPP_WEBHOOK_MAX_BYTES } from "../../bot/whatsapp/constants.ts";
import { textMessagePayload } from "../fakes/whatsapp-webhooks.ts";
import { postChunked } from "../support/chunked-post.ts";
import { expectCleanLogs, hostileBytes, hostileJson, hostileText } from "../support/hostile.ts";
import { TestClock } from "../support/service.ts";
import {
  givenWhatsAppInvoice,
  globalFootprint,
  phoneNumbers,
  sentTo,
  startWhatsAppE2E,
  type WhatsAppE2E,
} from "../support/whatsapp-e2e.ts";

/**
 * The WhatsApp webhook under hostile input. The signature is over the raw bytes, so any body,
 * any header, a signature made with another secret or over other bytes is a 401
 * `invalid_signature` and writes nothing; a body past WHATSAPP_WEBHOOK_MAX_BYTES is a 413
 * `payload_too_large`, announced or chunked; a correctly signed body that is no notification is
 * acknowledged (200: Meta would redeliver it for days) and writes nothing. Never a 5xx, never an
 * error logged, none of the input in the logs, and the webhook still answers a real message after.
 */

const RUNS = 60;
const clock = new TestClock("2026-11-23T10:00:00Z");
const newPhone = phoneNumbers();
let e2e: WhatsAppE2E;

beforeAll(async () => {
  e2e = await startWhatsAppE2E({ clock });
});
afterAll(async () => {
  await e2e?.stop();
});

const post = async (body: Uint8Array | string, headers: Record<string, string>) => {
  const res = await fetch(e2e.webhookUrl, { method: "POST", headers, body });
  return { status: res.status, body: await res.text() };
};

/** `X-Hub-Signature-256` over the exact bytes sent (the fake's signer takes a string). */
const sign = (body: Uint8Array | string, secret = e2e.whatsapp.appSecret) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

const hex = (length: number) =>
  fc.string({
    unit: fc.constantFrom(..."0123456789abcdefABCDEF"),
    minLength: length,
    maxLength: length,
  });

/** Headers a hostile client sends: any content type, any signature-looking value. */
const hostileHeaders = fc.record({
  "content-type": fc.constantFrom(
    "application/json",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "",
  ),
  "x-hub-signature-256": fc.oneof(
    fc.constant(""),
    fc.string({ maxLength: 80 }),
    hex(64).map((h) => `sha256=${h}`),
    hex(40).map((h) => `sha1=${h}`),
    fc.oneof(hex(63), hex(65)).map((h) => `sha256=${h}`),
  ),
});

function validNotification(phone: string, text: string) {
  return textMessagePayload({
    business: e2e.whatsapp.business,
    from: phone,
    messageId: `wamid.hostile-${randomInt(1e9)}`,
    timestamp: Math.floor(clock.millis() / 1000),
    text,
  });
}

describe("the WhatsApp webhook under hostile input", () => {
  it("any body with any header but the right signature is a 401 invalid_signature that writes nothing", async () => {
    const before = await globalFootprint(e2e.svc);
    const from = e2e.svc.logs.length;
    const phone = newPhone();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileBytes,
          hostileJson.map((v) => JSON.stringify(v)),
          hostileText.map((t) => JSON.stringify(validNotification(phone, t))),
        ),
        hostileHeaders,
        fc.constantFrom("header", "other-secret", "other-bytes"),
        async (body, headers, how) => {
          const signature =
            how === "header"
              ? headers["x-hub-signature-256"]
              : how === "other-secret"
                ? sign(body, "not-the-app-secret")
                : sign(`${Buffer.from(body).toString("latin1")} `);
          const res = await post(body, { ...headers, "x-hub-signature-256": signature });
          expect(res.status).toBe(401);
          expect(JSON.parse(res.body)).toEqual({ error: "invalid_signature" });
        },
      ),
      { numRuns: RUNS },
    );
    expect(await globalFootprint(e2e.svc)).toEqual(before);
    expectCleanLogs(e2e.svc.logs, from);
  });

  it("a body past the limit is a 413 payload_too_large before it is read, signed or not, announced or chunked", async () => {
    const before = await globalFootprint(e2e.svc);
    const from = e2e.svc.logs.length;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: WHATSAPP_WEBHOOK_MAX_BYTES + 1, max: 4 * WHATSAPP_WEBHOOK_MAX_BYTES }),
        fc.boolean(),
        async (size, signed) => {
          const body = Buffer.alloc(size, 0x20);
          body.write(JSON.stringify(validNotification(newPhone(), "hello")));
          const res = await post(
            body,
            signed ? { "content-type": "application/json", "x-hub-signature-256": sign(body) } : {},
          );
          expect(res.status).toBe(413);
          expect(JSON.parse(res.body)).toEqual({ error: "payload_too_large" });
        },
      ),
      { numRuns: 10 },
    );
    const chunked = await postChunked(e2e.webhookUrl, {
      totalBytes: 16 * WHATSAPP_WEBHOOK_MAX_BYTES,
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
    });
    expect(chunked.status).toBe(413);
    expect(chunked.bytesSent).toBeLessThan(16 * WHATSAPP_WEBHOOK_MAX_BYTES);
    expect(await globalFootprint(e2e.svc)).toEqual(before);
    expectCleanLogs(e2e.svc.logs, from);
  });

  it("a correctly signed body that is no notification is acknowledged (200) and writes nothing", async () => {
    const before = await globalFootprint(e2e.svc);
    const from = e2e.svc.logs.length;
    const phone = newPhone();
    /** A real notification with one of its parts replaced by a hostile value: no longer one. */
    const brokenNotification = fc
      .tuple(
        fc.constantFrom(
          ["object"],
          ["entry"],
          ["entry", 0],
          ["entry", 0, "changes"],
          ["entry", 0, "changes", 0, "value"],
          ["entry", 0, "changes", 0, "value", "messages"],
          ["entry", 0, "changes", 0, "value", "messages", 0, "from"],
          ["entry", 0, "changes", 0, "value", "messages", 0, "text"],
          ["entry", 0, "changes", 0, "value", "messages", 0, "timestamp"],
          // Not `id` nor `type`: any string there is still a real message (of another id, of a
          // type we do not read), answered like any other.
        ),
        hostileJson.filter((v) => typeof v !== "string" || v.length > 0),
      )
      .map(([path, value]) => {
        const doc = validNotification(phone, "bonjour") as unknown as Record<string, unknown>;
        let at = doc as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) at = at[key as string] as Record<string, unknown>;
        at[path.at(-1) as string] = value;
        return JSON.stringify(doc);
      });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileBytes,
          hostileJson.map((v) => JSON.stringify(v)),
          brokenNotification,
        ),
        async (body) => {
          const res = await post(body, {
            "content-type": "application/json",
            "x-hub-signature-256": sign(body),
          });
          expect(res.status).toBe(200);
        },
      ),
      { numRuns: RUNS },
    );
    await e2e.time.settle();
    expect(await globalFootprint(e2e.svc)).toEqual(before);
    expectCleanLogs(e2e.svc.logs, from);
  });

  it("after all that, a real message from a debtor is still answered", async () => {
    const phone = newPhone();
    await givenWhatsAppInvoice(e2e.svc, { phone, dueDate: "2026-11-18" });
    expect((await e2e.whatsapp.userSendsText(phone, "Bonjour")).status).toBe(200);
    await sentTo(e2e, phone, 1);
  });
});
