import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toInstallments } from "../../../src/core/installment-plan.ts";
import {
  percentCeil,
  percentFloor,
  splitByAmount,
  splitEvenly,
  splitWithDownPayment,
  sumMinor,
} from "../../../src/core/money.ts";

const total = fc.integer({ min: 1, max: 1_000_000_000_000 });
const frequency = fc.constantFrom("weekly" as const, "biweekly" as const, "monthly" as const);
const firstDay = fc
  .date({
    min: new Date("2020-01-01T00:00:00Z"),
    max: new Date("2035-12-31T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

describe("splitting money into installments", () => {
  it("an even split sums exactly to the total, every part positive, parts within one cent", () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 1, max: 400 }), (t, n) => {
        fc.pre(t >= n);
        const parts = splitEvenly(t, n);
        expect(parts).toHaveLength(n);
        expect(sumMinor(parts)).toBe(t);
        expect(parts.every((p) => p > 0 && Number.isSafeInteger(p))).toBe(true);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("the remainder lands on the first parts, one cent each, the same way every time", () => {
    expect(splitEvenly(100_00, 3)).toEqual([3334, 3333, 3333]);
    expect(splitEvenly(100_01, 3)).toEqual([3334, 3334, 3333]);
    fc.assert(
      fc.property(total, fc.integer({ min: 1, max: 400 }), (t, n) => {
        fc.pre(t >= n);
        const parts = splitEvenly(t, n);
        expect(splitEvenly(t, n)).toEqual(parts);
        // Non-increasing: larger parts (with the extra cent) come first.
        expect(parts.every((p, i) => i === 0 || p <= (parts[i - 1] ?? p))).toBe(true);
      }),
    );
  });

  it("a split with a down payment keeps the down payment first and still sums exactly", () => {
    fc.assert(
      fc.property(
        total,
        fc.integer({ min: 2, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (t, n, share) => {
          const down = Math.max(1, Math.floor(t * share));
          fc.pre(t - down >= n - 1);
          const parts = splitWithDownPayment(t, down, n);
          expect(parts[0]).toBe(down);
          expect(parts).toHaveLength(n);
          expect(sumMinor(parts)).toBe(t);
          expect(parts.every((p) => p > 0)).toBe(true);
        },
      ),
    );
  });

  it("a fixed amount per period ends with the balance, never zero, never more than the amount", () => {
    expect(splitByAmount(1200_00, 150_00)).toEqual(Array(8).fill(150_00));
    expect(splitByAmount(1000_00, 300_00)).toEqual([300_00, 300_00, 300_00, 100_00]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (t, per) => {
          fc.pre(Math.ceil(t / per) <= 2_000);
          const parts = splitByAmount(t, per);
          expect(sumMinor(parts)).toBe(t);
          expect(parts.every((p) => p > 0 && p <= per)).toBe(true);
          expect(parts.slice(0, -1).every((p) => p === per)).toBe(true);
        },
      ),
    );
  });

  it("splitting into more positive parts than there are cents is refused", () => {
    expect(() => splitEvenly(2, 3)).toThrow(RangeError);
    expect(() => splitEvenly(10, 0)).toThrow(RangeError);
    expect(() => splitByAmount(10, 0)).toThrow(RangeError);
  });

  it("installment dates strictly increase for every frequency, month ends included", () => {
    expect(
      toInstallments([1, 1, 1, 1], "monthly", "2027-01-31", false).map((i) => i.dueDate),
    ).toEqual(["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]);
    fc.assert(
      fc.property(frequency, firstDay, fc.integer({ min: 1, max: 120 }), (f, first, n) => {
        const list = toInstallments(Array(n).fill(100), f, first, n > 1);
        expect(list.map((i) => i.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(
          list.every((inst, i) => i === 0 || inst.dueDate > (list[i - 1]?.dueDate ?? "")),
        ).toBe(true);
        expect(list[0]?.dueDate).toBe(first);
      }),
    );
  });

  it("a minimum percentage rounds up and a discount rounds down, to the cent", () => {
    expect(percentCeil(100_01, 20)).toBe(20_01);
    expect(percentFloor(100_01, 2)).toBe(2_00);
    expect(percentFloor(999, 2.5)).toBe(24);
  });
});
