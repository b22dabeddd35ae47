import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIntakeStore } from "../../db/stores/intake-store.ts";
import { buildTestApp } from "../support/app.ts";
import { testDb } from "../support/db.ts";

describe("the HTTP error boundary", () => {
  it("turns an unexpected failure into a 500 internal_error without leaking its message or stack", async () => {
    const connection = testDb();
    const store = createIntakeStore(connection.db);
    const failing = buildTestApp({
      intake: {
        ...store,
        // A storage failure the handlers do not expect (e.g. the database went away mid-request).
        getCase: async () => {
          throw new Error("connection to 10.0.0.7 lost at db/stores/cases.ts:12");
        },
      },
    });
    try {
      const response = await failing.api("GET", `/api/cases/${randomUUID()}`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: "internal_error", message: "something went wrong on our side" },
      });
      expect(text).not.toContain("10.0.0.7");
      const logged = failing.logs.find((l) => l.msg === "unhandled error");
      expect(logged).toMatchObject({ level: "error", route: "/api/cases/:id" });
    } finally {
      await failing.close();
      await connection.close();
    }
  });
});
