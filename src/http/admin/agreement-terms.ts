import { z } from "zod";
import type { DeskPage } from "./page.ts";
import { day, money } from "./page.ts";

/** The stored terms are the core's `PlanTerms`; read leniently, so an odd row still renders. */
const termsSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("pay_now"),
    amountMinor: z.number().int(),
    discountMinor: z.number().int().optional(),
  }),
  z.object({
    kind: z.literal("installments"),
    frequency: z.enum(["weekly", "biweekly", "monthly"]),
    installments: z.array(z.object({ dueDate: z.string(), amountMinor: z.number().int() })).min(1),
    discountMinor: z.number().int().optional(),
  }),
  z.object({ kind: z.literal("promise"), date: z.string(), amountMinor: z.number().int() }),
]);

/** One line for terms: « 3 échéances mensuelles, dès le 30 novembre 2026 (première : 300,00 €) ». */
export function termsSummary(page: DeskPage, terms: unknown, currency: string): string {
  const parsed = termsSchema.safeParse(terms);
  const t = page.text;
  if (!parsed.success) return t("desk-terms-unreadable");
  const v = parsed.data;
  const discount =
    v.kind !== "promise" && v.discountMinor !== undefined && v.discountMinor > 0
      ? `, ${t("desk-terms-discount", { amount: money(page, v.discountMinor, currency) })}`
      : "";
  switch (v.kind) {
    case "pay_now":
      return t("desk-terms-pay-now", { amount: money(page, v.amountMinor, currency) }) + discount;
    case "promise":
      return t("desk-terms-promise", {
        amount: money(page, v.amountMinor, currency),
        date: day(page, v.date),
      });
    case "installments": {
      const first = v.installments[0];
      return (
        t("desk-terms-installments", {
          count: v.installments.length,
          frequency: v.frequency,
          date: day(page, first?.dueDate ?? ""),
          amount: money(page, first?.amountMinor ?? 0, currency),
        }) + discount
      );
    }
  }
}

/** Who approved or decided, as a person reads it: the desk user's e-mail, or Slack and its user. */
export function approverLabel(page: DeskPage, approvedBy: string | null): string {
  if (approvedBy === null) return page.text("desk-within-policy");
  if (approvedBy.startsWith("desk:")) return approvedBy.slice("desk:".length);
  // Slack decisions carry the Slack user id, bare (agreements) or as `owner:<id>` (audit, notices).
  const slackUser = approvedBy.startsWith("owner:")
    ? approvedBy.slice("owner:".length)
    : approvedBy;
  if (/^[UW][A-Z0-9]{2,}$/.test(slackUser)) return page.text("desk-via-slack", { user: slackUser });
  return approvedBy;
}
