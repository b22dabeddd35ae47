import { z } from "zod";
import { formatDate, formatMoney } from "../messages/format.ts";
import type { AdminAgreement, AdminAuditReport, AdminUnreachable } from "../runtime/ports/admin.ts";
import { adminPage, escapeHtml as e } from "./admin-html.ts";

/** The admin pages (English; amounts and dates in the business's locale, instants in UTC). */

const FREQUENCY_WORDS = { weekly: "weekly", biweekly: "every two weeks", monthly: "monthly" };

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

function money(minor: number, a: AdminAgreement): string {
  return formatMoney(minor, a.currency, a.businessLocale);
}

function day(date: string, a: AdminAgreement): string {
  try {
    return formatDate(date, a.businessLocale);
  } catch {
    return date;
  }
}

/** "3 × 300,00 € monthly from 30 novembre 2026"; "pay now 900,00 €"; "900,00 € on 15 décembre 2026". */
export function termsSummary(a: AdminAgreement): string {
  const parsed = termsSchema.safeParse(a.terms);
  if (!parsed.success) return `unreadable terms (${a.offerKey})`;
  const terms = parsed.data;
  const discount =
    terms.kind !== "promise" && terms.discountMinor !== undefined && terms.discountMinor > 0
      ? `, ${money(terms.discountMinor, a)} off`
      : "";
  switch (terms.kind) {
    case "pay_now":
      return `pay now ${money(terms.amountMinor, a)}${discount}`;
    case "promise":
      return `${money(terms.amountMinor, a)} on ${day(terms.date, a)}`;
    case "installments": {
      const [first, ...rest] = terms.installments;
      if (first === undefined) return "no installments";
      const count = terms.installments.length;
      const when = `${FREQUENCY_WORDS[terms.frequency]} from ${day(first.dueDate, a)}`;
      const equal = rest.every((i) => i.amountMinor === first.amountMinor);
      const amounts = equal
        ? `${count} × ${money(first.amountMinor, a)}`
        : `${count} installments (first ${money(first.amountMinor, a)})`;
      return `${amounts} ${when}${discount}`;
    }
    default:
      return assertNever(terms);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled terms: ${JSON.stringify(value)}`);
}

/** `2026-11-23 16:10 UTC`. */
export function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function approvedBy(a: AdminAgreement): string {
  return a.approvedBy === null ? '<span class="muted">within policy</span>' : e(a.approvedBy);
}

function paidOfTotal(a: AdminAgreement): string {
  if (a.installments.length === 0) return "—";
  return `${a.installments.filter((i) => i.status === "paid").length}/${a.installments.length}`;
}

export const AGREEMENT_STATUSES = ["active", "completed", "broken", "superseded"] as const;

export interface AgreementFilters {
  readonly businessId?: string;
  readonly status?: string;
  readonly from?: string;
  readonly to?: string;
}

function filterForm(filters: AgreementFilters): string {
  const input = (name: "businessId" | "from" | "to", label: string, hint: string) =>
    `<label>${e(label)} <input name="${name}" value="${e(filters[name] ?? "")}" placeholder="${e(hint)}"></label>`;
  const options = ["", ...AGREEMENT_STATUSES]
    .map(
      (s) =>
        `<option value="${e(s)}"${filters.status === s ? " selected" : ""}>${e(s === "" ? "any" : s)}</option>`,
    )
    .join("");
  return `<form class="filters" method="get" action="/admin/agreements">
${input("businessId", "Business id", "uuid")}
<label>Status <select name="status">${options}</select></label>
${input("from", "Created from", "YYYY-MM-DD")}
${input("to", "Created before", "YYYY-MM-DD")}
<button type="submit">Filter</button>
</form>`;
}

/** GET /admin/agreements: the log, newest first, with a link to the next page when there is one. */
export function renderAgreementList(
  rows: readonly AdminAgreement[],
  filters: AgreementFilters,
  nextPageHref: string | null,
): string {
  const body = rows
    .map(
      (a) => `<tr>
<td><a href="/admin/agreements/${e(a.id)}">${e(utcMinute(a.confirmedAt))}</a></td>
<td>${e(a.businessName)}</td>
<td>${e(a.invoiceNumber)}</td>
<td>${e(a.debtorName)}</td>
<td>${e(termsSummary(a))}</td>
<td class="num">${e(money(a.totalMinor, a))}</td>
<td>${e(a.channel)}</td>
<td>${approvedBy(a)}</td>
<td>${e(a.status)}</td>
<td class="num">${e(paidOfTotal(a))}</td>
</tr>`,
    )
    .join("\n");
  const table =
    rows.length === 0
      ? "<p>No agreement matches.</p>"
      : `<table>
<thead><tr><th>Confirmed at (UTC)</th><th>Business</th><th>Invoice</th><th>Debtor</th><th>Terms</th><th class="num">Total</th><th>Channel</th><th>Approved by</th><th>Status</th><th class="num">Paid</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
  const next = nextPageHref === null ? "" : `<p><a href="${e(nextPageHref)}">Next page</a></p>`;
  return adminPage("Agreements", `${filterForm(filters)}\n${table}\n${next}`);
}

/** GET /admin/agreements/:id: the evidence of one agreement. */
export function renderAgreementDetail(a: AdminAgreement): string {
  const installments =
    a.installments.length === 0
      ? "<p>No installments.</p>"
      : `<table>
<thead><tr><th class="num">#</th><th>Due</th><th class="num">Amount</th><th class="num">Paid</th><th>Status</th></tr></thead>
<tbody>
${a.installments
  .map(
    (i) =>
      `<tr><td class="num">${i.seq}</td><td>${e(day(i.dueDate, a))}</td><td class="num">${e(money(i.amountMinor, a))}</td><td class="num">${e(money(i.paidMinor, a))}</td><td>${e(i.status)}</td></tr>`,
  )
  .join("\n")}
</tbody>
</table>`;
  const messageIds =
    a.messageIds.length === 0
      ? '<span class="muted">none</span>'
      : a.messageIds.map((id) => `<code>${e(id)}</code>`).join(", ");
  const body = `<dl>
<dt>Agreement</dt><dd><code>${e(a.id)}</code></dd>
<dt>Confirmed at</dt><dd>${e(utcMinute(a.confirmedAt))} (${e(a.confirmedAt.toISOString())})</dd>
<dt>Business</dt><dd>${e(a.businessName)} <code>${e(a.businessId)}</code></dd>
<dt>Invoice</dt><dd>${e(a.invoiceNumber)}</dd>
<dt>Debtor</dt><dd>${e(a.debtorName)}</dd>
<dt>Case</dt><dd><code>${e(a.caseId)}</code></dd>
<dt>Terms</dt><dd>${e(termsSummary(a))} (offer <code>${e(a.offerKey)}</code>)</dd>
<dt>Total</dt><dd>${e(money(a.totalMinor, a))}</dd>
<dt>Channel</dt><dd>${e(a.channel)}</dd>
<dt>Approved by</dt><dd>${approvedBy(a)}</dd>
<dt>Status</dt><dd>${e(a.status)}</dd>
<dt>Message ids</dt><dd>${messageIds}</dd>
</dl>
<h2>Text the debtor confirmed</h2>
<pre>${e(a.renderedText)}</pre>
<h2>Installments</h2>
${installments}`;
  return adminPage(`Agreement ${a.invoiceNumber}`, body);
}

/** GET /admin/audit: the verdict of a full recomputation of the audit hash chains. */
export function renderAuditReport(report: AdminAuditReport): string {
  const counts = `<p>${report.entries} entries checked in ${report.chains} chains.</p>`;
  const verdict = report.ok
    ? '<p class="ok">The audit hash chain verifies.</p>'
    : `<p class="bad">The audit hash chain is broken at entry ${report.brokenAtId} (${report.reason === "hash_mismatch" ? "its hash does not match its content" : "it does not link to the previous entry of its chain"}).</p>
<p>Entries are checked in id order and the check stops at the first broken one.</p>`;
  return adminPage("Audit chain", `${verdict}\n${counts}`);
}

/** Messages that reached no channel able to notify the debtor: whom to call. */
export function renderUnreachable(rows: readonly AdminUnreachable[]): string {
  if (rows.length === 0) {
    return adminPage("Unreachable debtors", "<p>Every message found a channel.</p>");
  }
  const body = rows
    .map(
      (r) =>
        `<tr><td>${e(r.at.toISOString().replace("T", " ").slice(0, 16))} UTC</td><td>${e(r.businessName)}</td><td>${e(r.invoiceNumber)}</td><td>${e(r.debtorName)}</td><td><code>${e(r.message)}</code></td><td>${e(r.reason)}</td></tr>`,
    )
    .join("\n");
  return adminPage(
    "Unreachable debtors",
    `<p>Messages that no chat or e-mail could bring to the debtor's notice (newest first): a personal contact is advised.</p>
<table><thead><tr><th>When</th><th>Business</th><th>Invoice</th><th>Debtor</th><th>Message</th><th>Why</th></tr></thead>
<tbody>
${body}
</tbody></table>`,
  );
}

/** A refusal or error, as a page: `message` is text. */
export function renderMessagePage(title: string, message: string): string {
  return adminPage(title, `<p>${e(message)}</p>`);
}

/** 400 for bad filters, naming each field. */
export function renderBadFilters(fields: Readonly<Record<string, string>>): string {
  const items = Object.entries(fields)
    .map(([field, message]) => `<li><code>${e(field)}</code>: ${e(message)}</li>`)
    .join("\n");
  return adminPage(
    "Bad filter",
    `<p>Some filters are not valid:</p>\n<ul>\n${items}\n</ul>\n<p><a href="/admin/agreements">All agreements</a></p>`,
  );
}
