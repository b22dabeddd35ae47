import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDb } from "../../db/index.ts";
import { fileDatabaseUrl } from "../support/isolation.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

/**
 * postgres.js reads the server's array types on each new connection, in a query nobody awaits:
 * a connection lost at that moment (Postgres restarting, a proxy failing over) rejected a promise
 * no one handled, and Node ends a process on an unhandled rejection — web and worker died with
 * Postgres's restart (postgres.js 3.4.9, upstream issue #1066). Patched in patches/ (see README,
 * "Under faults"): the lost query is the connection's failure, and the next connection reads the
 * types again.
 */

const databaseUrl = fileDatabaseUrl();

/** Settles within `ms` of real time, or says it did not. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "still pending"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"still pending">((resolve) => {
    timer = setTimeout(() => resolve("still pending"), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
let proxy: TcpProxy;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  proxy = new TcpProxy(databaseUrl);
  await proxy.start();
  process.on("unhandledRejection", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await proxy.stop();
});

/** Lets a rejection nobody handles be reported (Node reports them once the microtasks drain). */
function afterPendingRejections(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

describe("a connection lost while postgres.js reads the array types", () => {
  it("is a failed (or retried) query, never an unhandled rejection, and the next query works", async () => {
    proxy.resetWhenClientSends("typarray");
    const conn = connectDb(proxy.url(databaseUrl), { maxConnections: 1 });
    try {
      const first = await conn.db.execute(sql`select 1 as one`).then(
        () => "answered",
        // drizzle wraps the driver's error: its code is the cause's.
        (err: { cause?: { code?: string; message?: string } }) =>
          err.cause?.code ?? `failed: ${err.cause?.message}`,
      );
      expect(["answered", "ECONNRESET", "CONNECTION_CLOSED"]).toContain(first);
      await afterPendingRejections();
      expect(proxy.resetOnText).toBeGreaterThanOrEqual(1);
      // Whatever the first query met, the pool connects again, reads the types and answers.
      const rows = await conn.db.execute(sql`select array[1, 2] as xs`);
      expect(rows[0]).toEqual({ xs: [1, 2] });
      await afterPendingRejections();
      expect(unhandled).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  it("backends killed again and again under load (a Postgres restart's FATAL): every query settles and the pool closes", async () => {
    const app = `relance-victim-${randomUUID().slice(0, 8)}`;
    const victim = connectDb(
      `${databaseUrl}${databaseUrl.includes("?") ? "&" : "?"}application_name=${app}`,
      {
        maxConnections: 4,
      },
    );
    const admin = connectDb(databaseUrl, { maxConnections: 1 });
    const outcomes = { answered: 0, failed: 0 };
    let kills = 0;
    try {
      // Eight callers, some with statements over the driver's 1 KiB write buffer, while another
      // connection terminates every backend of the pool, 60 times over.
      let killing = true;
      const callers = Array.from({ length: 8 }, async (_, i) => {
        while (killing) {
          const text = "x".repeat(i % 3 === 0 ? 2_000 : 10);
          await victim.db.execute(sql`select ${text}::text as t`).then(
            () => outcomes.answered++,
            () => outcomes.failed++,
          );
        }
      });
      for (; kills < 60; kills++) {
        await admin.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${app}`,
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
      killing = false;
      expect(await within(Promise.all(callers), 10_000)).not.toBe("still pending");
      expect(outcomes.failed).toBeGreaterThan(0);
      // The pool still answers, then closes without waiting on a query lost with its socket.
      const rows = await victim.db.execute(sql`select 1 as one`);
      expect(rows[0]).toEqual({ one: 1 });
      await afterPendingRejections();
      expect(unhandled).toEqual([]);
    } finally {
      expect(await within(victim.close(), 10_000)).not.toBe("still pending");
      await admin.close();
    }
  });
});
