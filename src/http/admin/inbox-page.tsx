import type { RenderContext } from "../../messages/index.ts";
import { t as message, renderOwnerMessage } from "../../messages/index.ts";
import type { InboxNotice, InboxRequest, OwnerActionId } from "../../runtime/index.ts";
import { COUNTER_FREQUENCIES, type CounterField, type CounterFields } from "../../runtime/index.ts";
import { CsrfField, Layout } from "./layout.tsx";
import { type DeskPage, instant, money } from "./page.ts";

/** A counter-offer form sent back with its errors (the values as typed, one message per field). */
export interface CounterFormState {
  readonly caseId: string;
  readonly requestId: string | null;
  readonly values: CounterFields;
  readonly errors: Readonly<Partial<Record<CounterField, string>>>;
}

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
function CounterForm(props: {
  page: DeskPage;
  request: InboxRequest;
  state: CounterFormState | undefined;
}) {
  const { page, request, state } = props;
  const t = page.text;
  const id = (field: string) => `c-${request.caseId}-${request.requestId ?? "p"}-${field}`;
  const value = (field: CounterField) => state?.values[field] ?? "";
  const input = (
    field: CounterField,
    label: Parameters<typeof t>[0],
    attrs: Record<string, string>,
    hint?: Parameters<typeof t>[0],
  ) => {
    const error = state?.errors[field];
    const described = [hint ? id(`${field}-hint`) : null, error ? id(`${field}-error`) : null]
      .filter((x) => x !== null)
      .join(" ");
    return (
      <div>
        <label for={id(field)}>
          {t(label)}
          {hint ? (
            <span class="hint" id={id(`${field}-hint`)}>
              {t(hint)}
            </span>
          ) : null}
        </label>
        <input
          id={id(field)}
          name={field}
          value={value(field)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={described === "" ? undefined : described}
          {...attrs}
        />
        {error ? (
          <p class="field-error" id={id(`${field}-error`)}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  const hasErrors = state !== undefined && Object.keys(state.errors).length > 0;
  return (
    <details open={hasErrors}>
      <summary>{t("desk-counter-open")}</summary>
      <form method="post" action="/admin/requests" novalidate>
        <CsrfField page={page} />
        <input type="hidden" name="case" value={request.caseId} />
        <input type="hidden" name="request" value={request.requestId ?? ""} />
        <input type="hidden" name="action" value="counter" />
        {hasErrors ? (
          <p class="bad" role="alert">
            {t("desk-counter-invalid")}
          </p>
        ) : null}
        <p>
          {t("desk-counter-amount-due", {
            amount: money(page, request.amountDueMinor, request.currency),
          })}
        </p>
        {input(
          "count",
          "desk-counter-count",
          { inputmode: "numeric", autocomplete: "off" },
          "desk-counter-count-hint",
        )}
        {input(
          "amount",
          "desk-counter-amount",
          { inputmode: "decimal", autocomplete: "off" },
          "desk-counter-amount-hint",
        )}
        {input("firstDate", "desk-counter-first-date", { type: "date" })}
        <div>
          <label for={id("frequency")}>{t("desk-counter-frequency")}</label>
          <select id={id("frequency")} name="frequency">
            {COUNTER_FREQUENCIES.map((f) => (
              <option value={f} selected={(value("frequency") || "monthly") === f}>
                {t("desk-counter-frequency-choice", { frequency: f })}
              </option>
            ))}
          </select>
        </div>
        {input(
          "discount",
          "desk-counter-discount",
          { inputmode: "decimal", autocomplete: "off" },
          "desk-counter-discount-hint",
        )}
        <div class="actions">
          <button type="submit">{t("desk-counter-submit")}</button>
        </div>
      </form>
    </details>
  );
}

function RequestCard(props: {
  page: DeskPage;
  request: InboxRequest;
  showBusiness: boolean;
  counter: CounterFormState | undefined;
}) {
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
      {request.kind === "approval" || request.kind === "dispute" ? (
        <CounterForm page={page} request={request} state={props.counter} />
      ) : null}
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
  /** A counter-offer sent back with its errors. */
  counter?: CounterFormState;
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
        <RequestCard
          page={page}
          request={r}
          showBusiness={businesses.size > 1}
          counter={
            props.counter?.caseId === r.caseId && props.counter.requestId === r.requestId
              ? props.counter
              : undefined
          }
        />
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
