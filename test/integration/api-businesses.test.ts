import { count, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { auditLog, businesses } from "../../db/schema.ts";
import { DEFAULT_POLICY } from "../../src/core/policy.ts";
import { buildTestApp } from "../support/app.ts";
import { businessBody } from "../support/fixtures.ts";

const t = buildTestApp();
afterAll(() => t.close());

async function businessCountNamed(name: unknown): Promise<number> {
  const [row] = await t.db
    .select({ n: count() })
    .from(businesses)
    .where(eq(businesses.name, String(name)));
  return row?.n ?? 0;
}

describe("POST /api/businesses", () => {
  it("creates a business whose omitted policy values take their defaults, and audits it", async () => {
    const body = businessBody({
      policy: { frequencyCap: 2 },
      slack: { channelId: "C0123ABC", approverIds: ["U0AAA1", "U0BBB2"] },
      paymentInstructions: { text: "IBAN FR76 …", payUrl: "https://pay.example/atelier" },
      timezone: "europe/paris",
    });
    const response = await t.api("POST", "/api/businesses", body);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const [row] = await t.db.select().from(businesses).where(eq(businesses.id, id));
    expect(row).toMatchObject({
      name: body.name,
      locale: "fr",
      timezone: "Europe/Paris",
      currency: "EUR",
      slackChannelId: "C0123ABC",
      approverIds: ["U0AAA1", "U0BBB2"],
      paymentInstructions: { text: "IBAN FR76 …", payUrl: "https://pay.example/atelier" },
    });
    expect(row?.policy).toEqual({ ...DEFAULT_POLICY, frequencyCap: 2 });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.businessId, id));
    expect(audit.map((a) => [a.action, a.actor])).toEqual([["business_created", "api"]]);
  });

  it("keeps the IBAN checked and grouped by four, with its BIC and payment page", async () => {
    const body = businessBody({
      paymentInstructions: {
        iban: "fr7630006000011234567890189",
        bic: "bnpafrpp",
        payUrl: "https://pay.example/atelier",
      },
    });
    const response = await t.api("POST", "/api/businesses", body);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const [row] = await t.db.select().from(businesses).where(eq(businesses.id, id));
    expect(row?.paymentInstructions).toEqual({
      iban: "FR76 3000 6000 0112 3456 7890 189",
      bic: "BNPAFRPP",
      payUrl: "https://pay.example/atelier",
      text: null,
    });
  });

  it("accepts a business without any policy: every default applies", async () => {
    const response = await t.api("POST", "/api/businesses", businessBody());
    const { id } = (await response.json()) as { id: string };
    const [row] = await t.db.select().from(businesses).where(eq(businesses.id, id));
    expect(row?.policy).toEqual(DEFAULT_POLICY);
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    ["a policy value out of range", { policy: { frequencyCap: 0 } }, "policy.frequencyCap"],
    [
      "a ladder whose days do not increase",
      {
        policy: {
          ladder: [
            { day: 3, kind: "ask_reason" },
            { day: 0, kind: "due_today" },
          ],
        },
      },
      "policy.ladder",
    ],
    ["an unknown policy key", { policy: { beNice: true } }, "policy.beNice"],
    ["an unknown time zone", { timezone: "Europe/Atlantis" }, "timezone"],
    ["an unknown currency", { currency: "ABC" }, "currency"],
    ["an unsupported locale", { locale: "es" }, "locale"],
    ["an empty name", { name: "" }, "name"],
    ["a malformed Slack approver id", { slack: { approverIds: ["bob"] } }, "slack.approverIds.0"],
    [
      "a pay URL that is not http(s)",
      { paymentInstructions: { payUrl: "javascript:alert(1)" } },
      "paymentInstructions.payUrl",
    ],
    ["no payment instructions", { paymentInstructions: undefined }, "paymentInstructions"],
    [
      "payment instructions with neither an IBAN nor a payment URL",
      { paymentInstructions: { text: "Contactez-nous" } },
      "paymentInstructions",
    ],
    [
      "an IBAN whose check digits are wrong",
      { paymentInstructions: { iban: "FR76 3000 6000 0112 3456 7890 188" } },
      "paymentInstructions.iban",
    ],
    [
      "a BIC without an IBAN",
      { paymentInstructions: { payUrl: "https://pay.example/x", bic: "BNPAFRPPXXX" } },
      "paymentInstructions.bic",
    ],
    [
      "a malformed BIC",
      { paymentInstructions: { iban: "FR7630006000011234567890189", bic: "BNP" } },
      "paymentInstructions.bic",
    ],
  ];
  for (const [what, overrides, field] of badInputs) {
    it(`${what}: 400 validation_failed naming ${field}, nothing written`, async () => {
      const body = businessBody(overrides);
      const response = await t.api("POST", "/api/businesses", body);
      expect(response.status).toBe(400);
      const json = (await response.json()) as {
        error: { code: string; fields: Record<string, string> };
      };
      expect(json.error.code).toBe("validation_failed");
      expect(Object.keys(json.error.fields)).toContain(field);
      expect(await businessCountNamed(body.name)).toBe(0);
    });
  }
});
