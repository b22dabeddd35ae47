import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocatePayment,
  balanceOf,
  type InvoiceBalance,
  oldestFirst,
} from "../../../src/core/allocate.ts";

const day = fc
  .integer({ min: 0, max: 400 })
  .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));

const invoiceArb: fc.Arbitrary<Omit<InvoiceBalance, "invoiceId">> = fc
  .record({
    number: fc.stringMatching(/^F-[0-9]{1,3}$/),
    dueDate: day,
    issuedAt: day,
    amountMinor: fc.integer({ min: 1, max: 5_000_000 }),
    paidShare: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ paidShare, ...i }) => ({
    ...i,
    paidMinor: Math.floor((i.amountMinor * paidShare) / 100),
  }));

const invoicesArb = fc
  .array(invoiceArb, { minLength: 1, maxLength: 8 })
  .map((list) => list.map((i, n) => ({ ...i, invoiceId: `inv-${n}` })));

const totalDue = (list: readonly InvoiceBalance[]) => list.reduce((s, i) => s + balanceOf(i), 0);

describe("allocating a payment to a debtor's invoices", () => {
  it("conserves the amount: what is allocated plus what is left is what was paid", () => {
    fc.assert(
      fc.property(invoicesArb, fc.integer({ min: 0, max: 50_000_000 }), (list, amount) => {
        const { allocations, unallocatedMinor } = allocatePayment(list, amount);
        const allocated = allocations.reduce((s, a) => s + a.amountMinor, 0);
        expect(allocated + unallocatedMinor).toBe(amount);
        expect(unallocatedMinor).toBe(Math.max(0, amount - totalDue(list)));
      }),
    );
  });

  it("never gives an invoice more than its balance, nor a non-positive amount", () => {
    fc.assert(
      fc.property(invoicesArb, fc.integer({ min: 0, max: 50_000_000 }), (list, amount) => {
        const { allocations } = allocatePayment(list, amount);
        for (const a of allocations) {
          const invoice = list.find((i) => i.invoiceId === a.invoiceId);
          expect(invoice).toBeDefined();
          expect(a.amountMinor).toBeGreaterThan(0);
          expect(a.amountMinor).toBeLessThanOrEqual(balanceOf(invoice as InvoiceBalance));
        }
        expect(new Set(allocations.map((a) => a.invoiceId)).size).toBe(allocations.length);
      }),
    );
  });

  it("fills the oldest invoice first: a younger one gets money only once every older one is paid", () => {
    fc.assert(
      fc.property(invoicesArb, fc.integer({ min: 0, max: 50_000_000 }), (list, amount) => {
        const { allocations } = allocatePayment(list, amount);
        const got = (id: string) => allocations.find((a) => a.invoiceId === id)?.amountMinor ?? 0;
        const ordered = [...list].sort(oldestFirst);
        ordered.forEach((younger, n) => {
          if (got(younger.invoiceId) === 0) return;
          for (const older of ordered.slice(0, n)) {
            expect(got(older.invoiceId)).toBe(balanceOf(older));
          }
        });
      }),
    );
  });

  it("fills an invoice the payer named before any other, then the oldest", () => {
    fc.assert(
      fc.property(
        invoicesArb,
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.nat(),
        (list, amount, pick) => {
          const named = list[pick % list.length] as InvoiceBalance;
          const { allocations } = allocatePayment(list, amount, named.invoiceId);
          const got = allocations.find((a) => a.invoiceId === named.invoiceId)?.amountMinor ?? 0;
          expect(got).toBe(Math.min(amount, balanceOf(named)));
        },
      ),
    );
  });

  it("orders by due date, then issue date, then number", () => {
    const base = { amountMinor: 100, paidMinor: 0 };
    const list: InvoiceBalance[] = [
      { ...base, invoiceId: "c", number: "F-3", dueDate: "2026-10-31", issuedAt: "2026-10-01" },
      { ...base, invoiceId: "b", number: "F-2", dueDate: "2026-09-30", issuedAt: "2026-09-02" },
      { ...base, invoiceId: "a", number: "F-1", dueDate: "2026-09-30", issuedAt: "2026-09-01" },
      { ...base, invoiceId: "d", number: "F-0", dueDate: "2026-09-30", issuedAt: "2026-09-02" },
    ];
    expect(allocatePayment(list, 250).allocations).toEqual([
      { invoiceId: "a", amountMinor: 100 },
      { invoiceId: "d", amountMinor: 100 },
      { invoiceId: "b", amountMinor: 50 },
    ]);
  });
});
