import { afterAll, describe, expect, it } from "vitest";
import { createAdminStore } from "../../db/stores/admin.ts";
import { LoginThrottle } from "../../src/http/login-throttle.ts";
import { buildTestApp } from "../support/app.ts";
import { testDb } from "../support/db.ts";

const PASSWORD = "admin-password-0123456789";
const connection = testDb();
let now = 1_000_000;
const throttle = new LoginThrottle({
  perAddress: { capacity: 10, refillEveryMs: 60_000 },
  perUser: { capacity: 50, refillEveryMs: 6_000 },
  now: () => now,
  maxKeys: 100,
});
const t = buildTestApp({
  admin: { store: createAdminStore(connection.db), password: PASSWORD, loginThrottle: throttle },
});
afterAll(async () => {
  await t.close();
  await connection.close();
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;

/** A request as @hono/node-server hands it over, from `address`. */
function attempt(address: string, password: string, user = "admin"): Promise<Response> {
  return Promise.resolve(
    t.app.request(
      "/admin/audit",
      { headers: { authorization: basic(user, password) } },
      { incoming: { socket: { remoteAddress: address } } },
    ),
  );
}

describe("admin sign-in throttling", () => {
  it("after 10 wrong passwords from one address, even the right one waits (429, Retry-After)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1)
      statuses.push((await attempt("203.0.113.7", `guess-${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const right = await attempt("203.0.113.7", PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toBe("60");
    // Another address is not affected.
    expect((await attempt("203.0.113.8", PASSWORD)).status).toBe(200);
    // A token comes back after a minute.
    now += 60_000;
    expect((await attempt("203.0.113.7", PASSWORD)).status).toBe(200);
    expect(t.logs.some((l) => l.code === "relance_admin_login_throttled")).toBe(true);
  });

  it("many addresses guessing one user together are throttled per user", async () => {
    now += 3_600_000;
    const statuses: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      statuses.push((await attempt(`198.51.100.${i}`, `guess-${i}`)).status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(50);
    expect(statuses.slice(50).every((s) => s === 429)).toBe(true);
    now += 3_600_000;
  });

  it("holds at most maxKeys buckets however many addresses and user names it sees", async () => {
    for (let i = 0; i < 300; i += 1) await attempt(`192.0.2.${i % 250}-${i}`, "x", `user-${i}`);
    expect(throttle.size.addresses).toBeLessThanOrEqual(100);
    expect(throttle.size.users).toBeLessThanOrEqual(100);
  });
});
