import type { IsoDate } from "./types.ts";

/**
 * One invoice of a case, as far as allocating money to it goes. A case covers every open invoice
 * of one debtor with one business (joined while the negotiation is open), so one payment can
 * settle several of them.
 */
export interface InvoiceBalance {
  readonly invoiceId: string;
  readonly number: string;
  readonly dueDate: IsoDate;
  readonly issuedAt: IsoDate;
  readonly amountMinor: number;
  readonly paidMinor: number;
}

export interface Allocation {
  readonly invoiceId: string;
  readonly amountMinor: number;
}

/** What an invoice still owes (never negative). */
export function balanceOf(invoice: InvoiceBalance): number {
  return Math.max(0, invoice.amountMinor - invoice.paidMinor);
}

/**
 * Oldest first: by due date, then issue date, then number — the order in which the law and the
 * debtor expect a payment to settle invoices (Code civil art. 1342-10: absent a choice by the
 * debtor, the oldest debt is paid first), and a total order, so the same inputs always give the
 * same allocation.
 */
export function oldestFirst(a: InvoiceBalance, b: InvoiceBalance): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.issuedAt !== b.issuedAt) return a.issuedAt < b.issuedAt ? -1 : 1;
  if (a.number !== b.number) return a.number < b.number ? -1 : 1;
  return a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0;
}

/**
 * Allocates `amountMinor` to the invoices, oldest first, never more than an invoice's balance.
 * `first` names an invoice the payer chose (a bank transfer quoting its number): it is filled
 * first, the rest goes oldest first. Returns the allocations (only positive ones, in the order
 * they were filled) and what no invoice could take (`unallocatedMinor`, 0 unless the payment
 * exceeds everything still due — the caller refuses such a payment before it gets here).
 */
export function allocatePayment(
  invoices: readonly InvoiceBalance[],
  amountMinor: number,
  first?: string,
): { readonly allocations: readonly Allocation[]; readonly unallocatedMinor: number } {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError(`cannot allocate ${amountMinor}`);
  }
  const ordered = [...invoices].sort(oldestFirst);
  const chosen = ordered.findIndex((i) => i.invoiceId === first);
  if (chosen > 0) ordered.unshift(...ordered.splice(chosen, 1));
  const allocations: Allocation[] = [];
  let left = amountMinor;
  for (const invoice of ordered) {
    if (left === 0) break;
    const take = Math.min(left, balanceOf(invoice));
    if (take > 0) {
      allocations.push({ invoiceId: invoice.invoiceId, amountMinor: take });
      left -= take;
    }
  }
  return { allocations, unallocatedMinor: left };
}

/** The invoices after the allocations are applied (paid amounts moved). */
export function applyAllocations(
  invoices: readonly InvoiceBalance[],
  allocations: readonly Allocation[],
): InvoiceBalance[] {
  return invoices.map((i) => {
    const add = allocations
      .filter((a) => a.invoiceId === i.invoiceId)
      .reduce((s, a) => s + a.amountMinor, 0);
    return add === 0 ? i : { ...i, paidMinor: i.paidMinor + add };
  });
}
