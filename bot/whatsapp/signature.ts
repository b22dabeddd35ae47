import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>` against the HMAC-SHA256 of the raw body bytes, keyed
 * with the app secret, in constant time. The raw bytes, not a re-serialised JSON: any difference in
 * spacing or escaping would change the digest.
 */
export function validSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (header === undefined) return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (match?.[1] === undefined) return false;
  const given = Buffer.from(match[1], "hex");
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Constant-time comparison of two strings of any length (the verify token). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHmac("sha256", "relance-compare").update(given, "utf8").digest();
  const b = createHmac("sha256", "relance-compare").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}
