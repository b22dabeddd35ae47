import type { OwnerMessage, PolicyBreach } from "../core/index.ts";
import { t } from "./bundle.ts";
import type { RenderContext } from "./render-context.ts";
import { assertNever, common, money, proposalSummary, termsLines } from "./terms-text.ts";

/**
 * What the owner reads in Slack, channel-neutral: a title, a paragraph and labelled facts. The
 * Slack adapter turns it into Block Kit (header, section, fields) and adds the buttons.
 */
export interface OwnerText {
  readonly title: string;
  readonly body: string;
  readonly fields: { readonly label: string; readonly value: string }[];
}

type Field = OwnerText["fields"][number];

/** The breach's numbers in their unit: a count, an amount or a number of days. */
function breachValue(limit: PolicyBreach["limit"], value: number, ctx: RenderContext): string {
  switch (limit) {
    case "max_installments":
    case "promise_max_reschedules":
    case "promises_broken":
      return t(ctx.locale, "owner-count", { count: value });
    case "max_plan_days":
    case "promise_max_days":
    case "frequency": // the period in days; `allowed` is 0 and not shown
      return t(ctx.locale, "owner-days", { days: value });
    // Amounts in minor units, like every amount in the core (min_down_payment included).
    case "min_installment":
    case "min_down_payment":
    case "discount":
      return money(value, ctx);
    default:
      return assertNever(limit);
  }
}

function breachLine(breach: PolicyBreach, ctx: RenderContext): string {
  const noDiscountAllowed = breach.limit === "discount" && breach.allowed === 0;
  return t(ctx.locale, "owner-breach", {
    limit: noDiscountAllowed ? "discount_none" : breach.limit,
    allowed: breachValue(breach.limit, breach.allowed, ctx),
    proposed: breachValue(breach.limit, breach.proposed, ctx),
  });
}

export function renderOwnerMessage(message: OwnerMessage, ctx: RenderContext): OwnerText {
  const { locale } = ctx;
  const args = common(ctx);
  const field = (id: string, value: string): Field => ({ label: t(locale, id), value });
  const who: Field[] = [
    field("owner-field-client", ctx.debtorName),
    field("owner-field-invoice", ctx.invoiceNumber),
  ];
  const amountDue = (minor: number): Field => field("owner-field-amount-due", money(minor, ctx));
  const clientText = (text: string | null): Field =>
    field(
      "owner-field-message",
      text === null || text.trim() === "" ? t(locale, "owner-no-text") : text,
    );
  const simple = (id: string, extra: Field[] = []): OwnerText => ({
    title: t(locale, `${id}-title`, args),
    body: t(locale, `${id}-body`, args),
    fields: [...who, ...extra],
  });

  switch (message.kind) {
    case "approval_request": {
      const fields: Field[] = [
        ...who,
        amountDue(message.amountDueMinor),
        field(
          "owner-field-reason",
          t(locale, "owner-reason", { reason: message.reason ?? "none" }),
        ),
      ];
      if (message.proposal !== undefined) {
        fields.push(field("owner-field-proposal", proposalSummary(message.proposal, ctx)));
      }
      if (message.terms !== undefined) {
        fields.push(field("owner-field-terms", termsLines(message.terms, ctx).join("\n")));
      }
      if (message.breaches.length > 0) {
        fields.push(
          field("owner-field-breaches", message.breaches.map((b) => breachLine(b, ctx)).join("\n")),
        );
      }
      fields.push(field("owner-field-request", message.requestId));
      return {
        title: t(locale, "owner-approval-title", { subject: message.subject }),
        body: t(locale, "owner-approval-body", { ...args, subject: message.subject }),
        fields,
      };
    }
    case "approval_expiring":
      return {
        title: t(locale, "owner-approval-expiring-title", args),
        body: t(locale, "owner-approval-expiring-body", { ...args, requestId: message.requestId }),
        fields: [...who, field("owner-field-request", message.requestId)],
      };
    case "dispute":
      return simple("owner-dispute", [
        clientText(message.text),
        ...(message.requestId === undefined
          ? []
          : [field("owner-field-request", message.requestId)]),
      ]);
    case "already_paid_claim":
      return simple("owner-already-paid", [clientText(message.text)]);
    case "opted_out":
      return simple("owner-opted-out");
    case "debtor_unreachable":
      return simple("owner-unreachable");
    case "personal_contact": {
      const daysLate = t(locale, "owner-days", { days: message.daysLate });
      return {
        title: t(locale, "owner-personal-contact-title", args),
        body: t(locale, "owner-personal-contact-body", { ...args, daysLate }),
        fields: [
          ...who,
          amountDue(message.amountDueMinor),
          field("owner-field-days-late", daysLate),
        ],
      };
    }
    case "plan_broken":
      return simple("owner-plan-broken", [amountDue(message.amountDueMinor)]);
    case "promise_broken":
      return simple("owner-promise-broken", [amountDue(message.amountDueMinor)]);
    case "human_requested":
      return simple("owner-human-requested", [clientText(message.text)]);
    case "agreement_reached":
      return simple("owner-agreement-reached", [
        field("owner-field-terms", termsLines(message.terms, ctx).join("\n")),
      ]);
    case "paid_in_full":
      return simple("owner-paid-in-full");
    case "chat_bound": {
      const channel = t(locale, "owner-channel", { channel: message.channel });
      return {
        title: t(locale, "owner-chat-bound-title", { ...args, channel }),
        body: t(locale, "owner-chat-bound-body", { ...args, channel, via: message.via }),
        fields: [...who, field("owner-field-channel", channel)],
      };
    }
    case "links_reissued":
      return {
        title: t(locale, "owner-links-reissued-title", args),
        body: t(locale, "owner-links-reissued-body", { ...args, unbound: message.unbound }),
        fields: [...who, field("owner-field-by", reissuedBy(message.by, locale))],
      };
    default:
      return assertNever(message);
  }
}

/** `api` or `desk:<e-mail>`: who reissued a case's links, in words. */
function reissuedBy(by: string, locale: RenderContext["locale"]): string {
  return by.startsWith("desk:") ? by.slice("desk:".length) : t(locale, "owner-by-api");
}
