import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { debtors } from "../../db/schema.ts";
import { createLogger } from "../../src/logger.ts";
import { safeErrorLine } from "../../src/safe-error.ts";
import { testDb } from "../support/db.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("logs", () => {
  it("are JSON lines with personal data and credentials redacted", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        caseId: "c-1",
        debtor: { name: "Camille Martin", phone: "+33612345678", email: "c@example.fr" },
        message: { text: "je peux payer 200 € par mois", chatId: "123456" },
        req: { headers: { authorization: "Bearer secret-token" } },
      },
      "inbound",
    );
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "info", msg: "inbound", caseId: "c-1" });
    const text = lines[0] ?? "";
    for (const secret of ["Camille", "+3361", "c@example.fr", "200 €", "123456", "secret-token"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("database errors in logs", () => {
  it("are logged by code and constraint, never with the query's parameters or detail", async () => {
    const connection = testDb();
    try {
      const business = await givenBusiness(connection.db);
      const invoice = await givenInvoice(connection.db, business.id, {
        debtor: { externalRef: "C-DUP-1", name: "Ottilie Brambleworth" },
      });
      // A real failing query: the same debtor external ref again, with a name to leak.
      const error = await connection.db
        .insert(debtors)
        .values({
          businessId: business.id,
          externalRef: "C-DUP-1",
          name: "Ottilie Brambleworth",
          locale: "fr",
          timezone: "Europe/Paris",
          contacts: { telegram: null, whatsapp: "33699887766", email: null },
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).not.toBeNull();
      const { logger, lines } = capture();
      logger.error({ err: error, caseId: invoice.caseId }, "insert failed");
      const entry = JSON.parse(lines[0] ?? "{}") as { err: Record<string, unknown> };
      expect(entry.err).toMatchObject({
        code: "relance_db_unique_violation",
        db: { sqlstate: "23505" },
      });
      for (const leak of [
        "Ottilie",
        "33699887766",
        "C-DUP-1",
        business.id,
        "params",
        "insert into",
      ]) {
        expect(lines[0]).not.toContain(leak);
      }
      expect(safeErrorLine(error)).toMatch(/^relance_db_unique_violation: database error 23505/);
      expect(safeErrorLine(error)).not.toContain("Ottilie");
    } finally {
      await connection.close();
    }
  });
});
