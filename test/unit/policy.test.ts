import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, policySchema } from "../../src/core/policy.ts";

describe("policy", () => {
  it("an empty policy gets DOMAIN.md's default ladder", () => {
    expect(DEFAULT_POLICY.ladder.map((s) => s.day)).toEqual([-7, 0, 3, 10, 15, 30, 45]);
    expect(DEFAULT_POLICY.ladder.filter((s) => s.ownerApproval).map((s) => s.kind)).toEqual([
      "formal_reminder",
      "formal_notice",
    ]);
  });

  it("a ladder whose days do not increase is refused, naming the field", () => {
    const result = policySchema.safeParse({
      ladder: [
        { day: 3, kind: "ask_reason" },
        { day: 0, kind: "due_today" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["ladder"]);
  });

  it("an unknown key is refused rather than silently ignored", () => {
    expect(policySchema.safeParse({ ladderr: [] }).success).toBe(false);
  });
});
