import { afterAll, describe, expect, it } from "vitest";
import { createAdminStore } from "../../db/stores/admin.ts";
import { createDeskUserStore } from "../../db/stores/desk-users.ts";
import { LoginThrottle } from "../../src/http/login-throttle.ts";
import { buildTestApp } from "../support/app.ts";
import { testDb } from "../support/db.ts";
import { submitLogin } from "../support/desk.ts";

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
  admin: {
    store: createAdminStore(connection.db),
    users: createDeskUserStore(connection.db),
    bootstrapPassword: PASSWORD,
    loginThrottle: throttle,
  },
});
afterAll(async () => {
  await t.close();
  await connection.close();
});

/** The sign-in form posted as @hono/node-server hands requests over, from `address`. */
function attempt(address: string, password: string, user = "admin"): Promise<Response> {
  return submitLogin(
    (path, init) =>
      Promise.resolve(
        t.app.request(path, init, { incoming: { socket: { remoteAddress: address } } }),
      ),
    user,
    password,
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
    expect((await attempt("203.0.113.8", PASSWORD)).status).toBe(303);
    // A token comes back after a minute.
    now += 60_000;
    expect((await attempt("203.0.113.7", PASSWORD)).status).toBe(303);
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
    // Each unknown e-mail costs a decoy scrypt check: a small throttle keeps the test quick.
    const small = new LoginThrottle({
      perAddress: { capacity: 10, refillEveryMs: 60_000 },
      perUser: { capacity: 50, refillEveryMs: 6_000 },
      now: () => now,
      maxKeys: 10,
    });
    const app = buildTestApp({
      admin: {
        store: createAdminStore(connection.db),
        users: createDeskUserStore(connection.db),
        loginThrottle: small,
      },
    });
    try {
      for (let i = 0; i < 30; i += 1) {
        await submitLogin(
          (path, init) =>
            Promise.resolve(
              app.app.request(path, init, {
                incoming: { socket: { remoteAddress: `192.0.2.${i}` } },
              }),
            ),
          `user-${i}@example.test`,
          "x",
        );
      }
      expect(small.size.addresses).toBeLessThanOrEqual(10);
      expect(small.size.users).toBeLessThanOrEqual(10);
    } finally {
      await app.close();
    }
  });
});
