import { describe, expect, it } from "vitest";
import {
  ageBucket,
  dashboardFigures,
  daysSalesOutstanding,
  median,
  mondayOf,
} from "../../../src/http/admin/dashboard-figures.ts";
import type { DashboardRaw } from "../../../src/runtime/ports/admin-views.ts";

const EMPTY: DashboardRaw = {
  recoveredByWeek: [],
  overdue: [],
  reasons: [],
  outcomes: [],
  daysToAgreement: [],
  receivables: [],
};

describe("the dashboard's figures", () => {
  it("puts each day late in its bucket, the edges included", () => {
    expect([0, 1, 15, 16, 30, 31, 60, 61, 400].map(ageBucket)).toEqual([
      "d0-15",
      "d0-15",
      "d0-15",
      "d16-30",
      "d16-30",
      "d31-60",
      "d31-60",
      "d60-plus",
      "d60-plus",
    ]);
  });

  it("takes the median of odd and even counts, and none of nothing", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([1, 2, 10, 3])).toBe(2.5);
  });

  it("computes DSO as still due over invoiced times the period, and none without sales", () => {
    expect(daysSalesOutstanding(50_000, 100_000, 90)).toBe(45);
    expect(daysSalesOutstanding(0, 100_000, 90)).toBe(0);
    expect(daysSalesOutstanding(10_000, 0, 90)).toBeNull();
  });

  it("finds the Monday of any day, as Postgres's date_trunc('week') does", () => {
    expect(mondayOf("2026-11-23")).toBe("2026-11-23");
    expect(mondayOf("2026-11-29")).toBe("2026-11-23");
    expect(mondayOf("2026-11-22")).toBe("2026-11-16");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
  });

  it("fills every week of the window, keeps currencies apart and counts outcomes by kind", () => {
    const figures = dashboardFigures(
      {
        ...EMPTY,
        recoveredByWeek: [
          { currency: "EUR", week: "2026-11-16", amountMinor: 1_000 },
          { currency: "EUR", week: "2026-11-23", amountMinor: 2_500 },
          { currency: "GBP", week: "2026-11-23", amountMinor: 700 },
          // Outside the three weeks asked for: not shown.
          { currency: "EUR", week: "2026-10-26", amountMinor: 99_999 },
        ],
        overdue: [
          { currency: "EUR", daysOverdue: 3, dueMinor: 100 },
          { currency: "EUR", daysOverdue: 15, dueMinor: 200 },
          { currency: "EUR", daysOverdue: 16, dueMinor: 400 },
          { currency: "EUR", daysOverdue: 61, dueMinor: 800 },
        ],
        receivables: [{ currency: "EUR", dueMinor: 1_500, invoicedMinor: 3_000 }],
        outcomes: [
          { kind: "installments", status: "completed", agreements: 3 },
          { kind: "installments", status: "broken", agreements: 1 },
          { kind: "installments", status: "superseded", agreements: 5 },
          { kind: "promise", status: "active", agreements: 2 },
          { kind: "pay_now", status: "completed", agreements: 9 },
        ],
        reasons: [
          { reason: "forgot", cases: 2 },
          { reason: "cash_flow", cases: 2 },
          { reason: "dispute", cases: 5 },
        ],
        daysToAgreement: [2, 8],
      },
      { today: "2026-11-25", weeks: 3, dsoDays: 30 },
    );
    const [eur, gbp] = figures.currencies;
    expect(eur?.recoveredByWeek).toEqual([
      { week: "2026-11-09", amountMinor: 0 },
      { week: "2026-11-16", amountMinor: 1_000 },
      { week: "2026-11-23", amountMinor: 2_500 },
    ]);
    expect(eur?.recoveredTotalMinor).toBe(3_500);
    expect(gbp?.recoveredTotalMinor).toBe(700);
    expect(gbp?.dso).toBeNull();
    expect(eur?.overdueByAge.map((b) => b.amountMinor)).toEqual([300, 400, 0, 800]);
    expect(eur?.overdueTotalMinor).toBe(1_500);
    expect(eur?.dso).toBe(15);
    expect(figures.outcomes).toEqual([
      { kind: "installments", kept: 3, broken: 1, running: 0 },
      { kind: "promise", kept: 0, broken: 0, running: 2 },
    ]);
    // Most cases first; ties in the order the product lists reasons.
    expect(figures.reasons.map((r) => r.reason)).toEqual(["dispute", "forgot", "cash_flow"]);
    expect(figures.medianDaysToAgreement).toBe(5);
  });
});
