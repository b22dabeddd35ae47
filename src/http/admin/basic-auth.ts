import { createHash, timingSafeEqual } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

const ADMIN_USER = "admin";

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * The bootstrap login: user `admin`, password ADMIN_PASSWORD. Both sides are hashed first so
 * `timingSafeEqual` compares equal lengths and the time taken says nothing about the password.
 */
export function bootstrapMatches(user: string, given: string, password: string): boolean {
  // `user:password` with a user that cannot hold ":" (RFC 7617): equal strings ⇔ both parts equal.
  return timingSafeEqual(sha256(`${user}:${given}`), sha256(`${ADMIN_USER}:${password}`));
}

/** The TCP peer's address; "unknown" when not served by @hono/node-server (app.request in tests). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
