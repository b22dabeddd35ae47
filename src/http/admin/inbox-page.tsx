import type { RenderContext } from "../../messages/index.ts";
import { t as message, renderOwnerMessage } from "../../messages/index.ts";
import type { OwnerActionId } from "../../runtime/owner-inbound.ts";
import type { InboxNotice, InboxRequest } from "../../runtime/ports/desk.ts";
import { CsrfField, Layout } from "./layout.tsx";
import { type DeskPage, instant } from "./page.ts";

/** The buttons of a request: [action the runtime takes, the words on the button]. */
type Choice = readonly [OwnerActionId, string];

function choicesFor(request: InboxRequest): readonly Choice[] {
  switch (request.kind) {
    case "approval":
      return [
        ["approve", "approve"],
        ["decline", "decline"],
      ];
    case "formal_step":
      return [
        ["approve", "approve"],
        ["decline", "skip"],
      ];
    case "dispute":
      return [
        ["approve", "uphold"],
        ["decline", "reject"],
      ];
    case "payment_check":
      return [
        ["payment_received", "payment_received"],
        ["payment_not_received", "payment_not_received"],
      ];
  }
}

/** The words the owner reads in Slack, in the page's language. */
export function requestText(page: DeskPage, item: InboxRequest | InboxNotice) {
  const ctx: RenderContext = {
    locale: page.locale,
    timezone: item.debtorTimezone,
    currency: item.currency,
    businessName: item.businessName,
    debtorName: item.debtorName,
    invoiceNumber: item.invoiceNumber,
  };
  const text = renderOwnerMessage(item.message, ctx);
  // Slack shows the request's id (r1…) for reference; the desk shows no internal id.
  const requestLabel = message(page.locale, "owner-field-request");
  return { ...text, fields: text.fields.filter((f) => f.label !== requestLabel) };
}

/** Ids of the forms' fields: the request is named by its case and request (never shown). */
function RequestCard(props: { page: DeskPage; request: InboxRequest; showBusiness: boolean }) {
  const { page, request } = props;
  const t = page.text;
  const text = requestText(page, request);
  const headingId = `req-${request.caseId}-${request.requestId ?? "paid"}`;
  return (
    <article class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{text.title}</h2>
      {request.deadline ? (
        <p class="deadline">
          {t("desk-inbox-deadline", { when: instant(page, request.deadline) })}
          <span class="hint">{t("desk-inbox-deadline-hint")}</span>
        </p>
      ) : (
        <p class="muted">{t("desk-inbox-no-deadline")}</p>
      )}
      {props.showBusiness ? <p class="muted">{request.businessName}</p> : null}
      <p>{text.body}</p>
      <dl class="facts">
        {text.fields.map((f) => (
          <>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </>
        ))}
      </dl>
      {request.askedAt ? (
        <p class="muted">{t("desk-inbox-asked", { when: instant(page, request.askedAt) })}</p>
      ) : null}
      <div class="actions">
        {choicesFor(request).map(([action, label], index) => (
          <form method="post" action="/admin/requests">
            <CsrfField page={page} />
            <input type="hidden" name="case" value={request.caseId} />
            <input type="hidden" name="request" value={request.requestId ?? ""} />
            <input type="hidden" name="action" value={action} />
            <button type="submit" class={index === 0 ? undefined : "secondary"}>
              {t("desk-action", { action: label })}
            </button>
          </form>
        ))}
      </div>
    </article>
  );
}

/** GET /admin: what needs a decision now, the nearest deadline first, then what to know. */
export function InboxPage(props: {
  page: DeskPage;
  requests: readonly InboxRequest[];
  notices: readonly InboxNotice[];
  /** A line at the top: the last decision's outcome, or why it was refused. */
  status?: { readonly kind: "ok" | "refused"; readonly text: string };
}) {
  const { page, requests } = props;
  const t = page.text;
  const businesses = new Set(requests.map((r) => r.businessId));
  return (
    <Layout page={page} title={t("desk-inbox-title")}>
      {props.status ? (
        <p
          class={props.status.kind === "ok" ? "ok notice" : "bad notice"}
          role={props.status.kind === "ok" ? "status" : "alert"}
        >
          {props.status.text}
        </p>
      ) : null}
      <p>
        {requests.length === 0
          ? t("desk-inbox-empty")
          : t("desk-inbox-count", { count: requests.length })}
      </p>
      {requests.map((r) => (
        <RequestCard page={page} request={r} showBusiness={businesses.size > 1} />
      ))}
      <h2>{t("desk-recent-title")}</h2>
      {props.notices.length === 0 ? (
        <p class="muted">{t("desk-recent-empty")}</p>
      ) : (
        <ul>
          {props.notices.map((n) => {
            const text = requestText(page, n);
            return (
              <li>
                <strong>{text.title}</strong> — {text.body}{" "}
                <span class="muted">{instant(page, n.at)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}
