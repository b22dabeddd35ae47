import { describe, expect, it } from "vitest";
import {
  countByAmount,
  isValidAmount,
  MAX_AMOUNT_MINOR,
  percentCeil,
  percentFloor,
  splitByAmount,
  splitEvenly,
  splitWithDownPayment,
  sumMinor,
} from "../../../src/core/money.ts";

/**
 * The edges of the money helpers, one by one: the bounds an amount must respect, every refusal,
 * and the exact parts at the boundaries (written to kill the mutants the property tests let
 * live — see the README's mutation-testing results).
 */
describe("money at its edges", () => {
  it("an amount is a positive safe integer of at most 10^12 minor units", () => {
    expect(MAX_AMOUNT_MINOR).toBe(1_000_000_000_000);
    expect(isValidAmount(1)).toBe(true);
    expect(isValidAmount(MAX_AMOUNT_MINOR)).toBe(true);
    expect(isValidAmount(MAX_AMOUNT_MINOR + 1)).toBe(false);
    expect(isValidAmount(0)).toBe(false);
    expect(isValidAmount(-5)).toBe(false);
    expect(isValidAmount(1.5)).toBe(false);
    expect(isValidAmount(Number.NaN)).toBe(false);
  });

  it("sums exactly, and the empty sum is zero", () => {
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(sumMinor([-1, 1])).toBe(0);
  });

  it("an even split refuses what it cannot do, and splits a total equal to the count into ones", () => {
    expect(splitEvenly(3, 3)).toEqual([1, 1, 1]);
    expect(splitEvenly(7, 1)).toEqual([7]);
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
    expect(splitEvenly(11, 3)).toEqual([4, 4, 3]);
    expect(() => splitEvenly(2, 3)).toThrow(/positive parts/);
    expect(() => splitEvenly(10, 0)).toThrow(/into 0 parts/);
    expect(() => splitEvenly(10, -1)).toThrow(RangeError);
    expect(() => splitEvenly(10.5, 2)).toThrow(RangeError);
    expect(() => splitEvenly(10, 1.5)).toThrow(RangeError);
  });

  it("a down payment comes first; it must be a positive integer and leave a part after it", () => {
    expect(splitWithDownPayment(100, 40, 2)).toEqual([40, 60]);
    expect(splitWithDownPayment(100, 1, 3)).toEqual([1, 50, 49]);
    expect(() => splitWithDownPayment(100, 0, 3)).toThrow(/invalid down payment 0/);
    expect(() => splitWithDownPayment(100, 2.5, 3)).toThrow(RangeError);
    expect(() => splitWithDownPayment(100, 10, 1)).toThrow(/at least 2 parts/);
    expect(() => splitWithDownPayment(100, 99, 3)).toThrow(RangeError);
  });

  it("a fixed amount per period: exact multiples end without a balance part, others with it", () => {
    expect(splitByAmount(300, 100)).toEqual([100, 100, 100]);
    expect(splitByAmount(301, 100)).toEqual([100, 100, 100, 1]);
    expect(splitByAmount(99, 100)).toEqual([99]);
    expect(splitByAmount(1, 1)).toEqual([1]);
    expect(() => splitByAmount(100, 0)).toThrow(/invalid part 0/);
    expect(() => splitByAmount(100, 1.5)).toThrow(RangeError);
    expect(() => splitByAmount(0, 10)).toThrow(/invalid total 0/);
    expect(() => splitByAmount(10.5, 10)).toThrow(RangeError);
  });

  it("counts the parts of a fixed-amount split without building them", () => {
    expect(countByAmount(300, 100)).toBe(3);
    expect(countByAmount(301, 100)).toBe(4);
    expect(countByAmount(99, 100)).toBe(1);
    for (const [t, p] of [
      [12_345, 1_000],
      [1, 1],
      [1_000_000, 7],
    ] as const) {
      expect(countByAmount(t, p)).toBe(splitByAmount(t, p).length);
    }
  });

  it("percentages round to the cent in the stated direction, fractional rates included", () => {
    expect(percentCeil(1_000, 10)).toBe(100);
    expect(percentCeil(1_001, 10)).toBe(101);
    expect(percentCeil(999, 12.5)).toBe(125);
    expect(percentCeil(100, 0)).toBe(0);
    expect(percentFloor(1_000, 10)).toBe(100);
    expect(percentFloor(1_009, 10)).toBe(100);
    expect(percentFloor(999, 12.5)).toBe(124);
    expect(percentFloor(100, 0)).toBe(0);
    // A rate with more than two decimals is rounded to two first (12.345 % → 12.35 %).
    expect(percentFloor(10_000, 12.345)).toBe(1_235);
    expect(percentCeil(10_000, 12.344)).toBe(1_234);
  });
});
