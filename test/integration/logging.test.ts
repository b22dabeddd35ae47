import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";

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
