import type { Locale } from "../../src/core/index.ts";
import { localDate } from "../../src/core/index.ts";
import { formatDate, formatInstant, formatMoney } from "../../src/messages/index.ts";
import type { CaseReport, OwnerOverview, OwnerReports } from "../../src/runtime/index.ts";
import { type Block, escapeMrkdwn, mrkdwnSections, plainHeader } from "./blocks.ts";
import { slackText } from "./strings.ts";

/**
 * `/relance` — the owner's overview (overdue by age, open cases, approvals waiting) — and
 * `/relance <invoice number>` — one case's state and recent history. The answer is ephemeral:
 * collections are not for everyone in the channel to read, and only the business's approvers get
 * one at all.
 */
export const RELANCE_HISTORY_LIMIT = 15;
/** Waiting approvals listed by name; beyond, only the count. */
export const RELANCE_WAITING_LISTED_MAX = 10;
/** Invoice numbers are short identifiers; anything longer is not one. */
const INVOICE_NUMBER_MAX = 64;

export interface SlashCommandInput {
  readonly channelId: string;
  readonly userId: string;
  readonly text: string;
  readonly now: Date;
}

export interface SlashCommandReply {
  readonly response_type: "ephemeral";
  readonly text: string;
  readonly blocks?: readonly Block[];
}

export async function relanceCommand(
  reports: OwnerReports,
  input: SlashCommandInput,
): Promise<SlashCommandReply> {
  const business = await reports.businessForChannel(input.channelId);
  if (!business) return { response_type: "ephemeral", text: slackText("fr", "report.no_business") };
  const { locale } = business;
  if (!business.approverIds.includes(input.userId)) {
    return { response_type: "ephemeral", text: slackText(locale, "report.not_approver") };
  }
  const query = input.text.trim();
  if (query === "") {
    const today = localDate(input.now, business.timezone);
    const overview = await reports.overview(business.businessId, today);
    return reply(renderOverview(overview, locale));
  }
  const number = query.slice(0, INVOICE_NUMBER_MAX);
  const report = await reports.caseByInvoice(business.businessId, number, RELANCE_HISTORY_LIMIT);
  if (!report) {
    return {
      response_type: "ephemeral",
      text: slackText(locale, "report.case_not_found", { invoice: number }),
    };
  }
  return reply(renderCase(report, locale, business.timezone));
}

function reply(blocks: Block[]): SlashCommandReply {
  // The reply's `text` is mrkdwn: a header's plain text (a debtor's name) is escaped into it.
  const text = blocks
    .map((b) =>
      b.type === "header"
        ? escapeMrkdwn(b.text.text)
        : b.type === "section"
          ? (b.text?.text ?? "")
          : "",
    )
    .filter((t) => t !== "")
    .join("\n");
  return { response_type: "ephemeral", text: text.slice(0, 3000), blocks };
}

export function renderOverview(overview: OwnerOverview, locale: Locale): Block[] {
  const s = (id: Parameters<typeof slackText>[1], args?: Record<string, string | number>) =>
    slackText(locale, id, args);
  const lines: string[] = [];
  if (overview.overdue.length === 0) lines.push(s("report.none_overdue"));
  for (const group of overview.overdue) {
    const money = (minor: number) => escapeMrkdwn(formatMoney(minor, group.currency, locale));
    lines.push(s("report.overdue", { total: money(group.totalMinor), count: group.count }));
    for (const b of group.buckets) {
      lines.push(
        `• ${s("report.bucket", { label: b.bucket, count: b.count, total: money(b.totalMinor) })}`,
      );
    }
  }
  lines.push("", s("report.open_cases", { count: overview.openCases }));
  lines.push(s("report.waiting", { count: overview.waiting.length }));
  for (const w of overview.waiting.slice(0, RELANCE_WAITING_LISTED_MAX)) {
    lines.push(
      s("report.waiting_item", {
        invoice: escapeMrkdwn(w.invoiceNumber),
        debtor: escapeMrkdwn(w.debtorName),
        subject: escapeMrkdwn(w.subject),
      }),
    );
  }
  if (overview.waiting.length > RELANCE_WAITING_LISTED_MAX) lines.push("…");
  return [plainHeader(s("report.title")), ...mrkdwnSections(lines.join("\n"))];
}

export function renderCase(report: CaseReport, locale: Locale, timezone: string): Block[] {
  const s = (id: Parameters<typeof slackText>[1], args?: Record<string, string | number>) =>
    slackText(locale, id, args);
  const money = (minor: number) => escapeMrkdwn(formatMoney(minor, report.currency, locale));
  const facts = [
    s("report.case_status", { status: escapeMrkdwn(report.status) }),
    s("report.case_amounts", {
      amount: money(report.amountMinor),
      paid: money(report.paidMinor),
      due: formatDate(report.dueDate, locale),
    }),
  ].join("\n");
  const history =
    report.history.length === 0
      ? s("report.history_empty")
      : report.history
          .map(
            (h) =>
              `• ${formatInstant(h.at.toISOString(), locale, timezone)} — ${escapeMrkdwn(h.action)} (${escapeMrkdwn(h.actor)})`,
          )
          .join("\n");
  return [
    plainHeader(
      s("report.case_title", { invoice: report.invoiceNumber, debtor: report.debtorName }),
    ),
    ...mrkdwnSections(`${facts}\n\n${s("report.history")}\n${history}`),
  ];
}
