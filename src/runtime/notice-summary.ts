import type { DebtorMessage } from "../core/index.ts";
import { formatDate, formatMoney, type RenderContext } from "../messages/index.ts";
import type { NoticeSummary } from "./outbound.ts";
import type { LoadedCase } from "./store.ts";

/**
 * What an automated notice is about, for a channel that cannot carry the card itself (a WhatsApp
 * template's parameters, an e-mail's subject): the amount and day the message itself names — an
 * installment's, a promise's — or else the invoice's amount due and due date. Pure.
 */
export function noticeSummary(
  message: DebtorMessage,
  loaded: LoadedCase,
  ctx: RenderContext,
): NoticeSummary {
  const { amountMinor, date } = figures(message, loaded);
  return {
    locale: ctx.locale,
    businessName: loaded.business.name,
    debtorName: loaded.debtor.name,
    invoiceNumber: loaded.facts.invoice.number,
    amountDue: formatMoney(amountMinor, loaded.facts.invoice.currency, ctx.locale),
    dueDate: formatDate(date, ctx.locale),
  };
}

function figures(
  message: DebtorMessage,
  loaded: LoadedCase,
): { amountMinor: number; date: string } {
  const invoice = loaded.facts.invoice;
  const state = loaded.state;
  const due = state
    ? Math.max(0, invoice.amountMinor - state.discountMinor - state.paidMinor)
    : invoice.amountMinor;
  switch (message.kind) {
    case "ladder_reminder":
      return { amountMinor: message.amountDueMinor, date: message.dueDate };
    case "installment_reminder":
    case "installment_due":
    case "installment_missed":
      return { amountMinor: message.installment.amountMinor, date: message.installment.dueDate };
    case "promise_reminder":
      return { amountMinor: message.amountMinor, date: message.date };
    case "promise_missed":
      return { amountMinor: message.amountDueMinor, date: message.date };
    case "plan_broken":
      return { amountMinor: message.amountDueMinor, date: invoice.dueDate };
    default:
      return { amountMinor: due, date: invoice.dueDate };
  }
}
