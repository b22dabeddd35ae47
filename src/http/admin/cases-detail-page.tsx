import type { DebtorLinks } from "../../intake/index.ts";
import type { CaseAuditEntry, CaseDetail } from "../../runtime/index.ts";
import { actorKind, ageText, channelText, statusText } from "./case-words.ts";
import { CsrfField, Layout } from "./layout.tsx";
import { type DeskPage, day, instant, money } from "./page.ts";

/** `installment_paid` → "installment paid": the audit's own action names, readable. */
function actionText(action: string): string {
  return action.replace(/_/g, " ");
}

function installmentState(status: string): string {
  return status === "paid" || status === "missed" ? status : "due";
}

function termsKind(terms: Readonly<Record<string, unknown>>): string {
  return typeof terms.kind === "string" ? terms.kind : "other";
}

/** The audit actions of a promised date's moves (src/core/decide-promise-move.ts). */
const MOVE_ACTIONS = new Set(["promise_move_proposed", "promise_moved", "promise_move_refused"]);

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Every move of a promised date asked for, as the audit trail recorded it: when, from, to, and
 *  what came of it (moved, shown for confirmation, or refused and why). */
function PromiseMoves(props: {
  readonly page: DeskPage;
  readonly entries: readonly CaseAuditEntry[];
  readonly currency: string;
}) {
  const { page } = props;
  const tr = page.text;
  const moves = props.entries.filter((e) => MOVE_ACTIONS.has(e.action));
  if (moves.length === 0) return null;
  return (
    <section aria-labelledby="moves">
      <h2 id="moves">{tr("case-section-moves")}</h2>
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">{tr("case-col-when")}</th>
            <th scope="col">{tr("case-col-from")}</th>
            <th scope="col">{tr("case-col-to")}</th>
            <th scope="col">{tr("case-col-outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {moves.map((e) => {
            const from = text(e.detail.from);
            const to = text(e.detail.to);
            const outcome = e.action === "promise_move_refused" ? text(e.detail.reason) : e.action;
            const payment = typeof e.detail.paymentMinor === "number" ? e.detail.paymentMinor : 0;
            return (
              <tr>
                <td data-label={tr("case-col-when")}>{instant(page, e.at)}</td>
                <td data-label={tr("case-col-from")}>{from === "" ? "" : day(page, from)}</td>
                <td data-label={tr("case-col-to")}>{to === "" ? "" : day(page, to)}</td>
                <td data-label={tr("case-col-outcome")}>
                  {tr("case-move-outcome", {
                    outcome,
                    move: typeof e.detail.move === "number" ? e.detail.move : 0,
                    amount: money(page, payment, props.currency),
                  })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function AuditTable(props: {
  readonly page: DeskPage;
  readonly entries: readonly CaseAuditEntry[];
  /** The id of the heading that names the table. */
  readonly labelledBy: string;
}) {
  const tr = props.page.text;
  return (
    <table class="stack" aria-labelledby={props.labelledBy}>
      <thead>
        <tr>
          <th scope="col">{tr("case-col-when")}</th>
          <th scope="col">{tr("case-col-actor")}</th>
          <th scope="col">{tr("case-col-action")}</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr>
            <td data-label={tr("case-col-when")}>{instant(props.page, e.at)}</td>
            <td data-label={tr("case-col-actor")}>
              {tr("case-actor", { actor: actorKind(e.actor) })}
            </td>
            <td data-label={tr("case-col-action")}>{actionText(e.action)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The case's links, the chats they opened, and the button that reissues them (a POST with the
 *  session's CSRF token, like every desk form). */
function LinksSection(props: {
  readonly page: DeskPage;
  readonly detail: CaseDetail;
  readonly links: DebtorLinks | null;
  readonly reissued: boolean;
  readonly canReissue: boolean;
}) {
  const { page, detail, links } = props;
  const tr = page.text;
  const over = detail.row.status === "paid" || detail.row.status === "closed";
  const shown = links
    ? (["telegram", "whatsapp", "webchat"] as const).flatMap((channel) => {
        const url = links[channel];
        return url === null ? [] : [{ channel, url }];
      })
    : [];
  return (
    <section aria-labelledby="links">
      <h2 id="links">{tr("case-section-links")}</h2>
      {props.reissued ? (
        <p class="ok" role="status">
          {tr("case-links-reissued")}
        </p>
      ) : null}
      {over ? (
        <p>{tr("case-links-over")}</p>
      ) : (
        <>
          <p>{tr("case-links-intro")}</p>
          {shown.length === 0 ? null : (
            <dl class="facts">
              {shown.map((l) => (
                <>
                  <dt>{channelText(l.channel, page.locale)}</dt>
                  <dd>
                    <code>{l.url}</code>
                  </dd>
                </>
              ))}
            </dl>
          )}
        </>
      )}
      {detail.links.chats.length === 0 ? (
        <p>{tr("case-links-no-chat")}</p>
      ) : (
        <>
          <p>{tr("case-links-chats")}</p>
          <ul>
            {detail.links.chats.map((chat) => (
              <li>
                {tr("case-links-chat", {
                  channel: channelText(chat.channel, page.locale),
                  date: instant(page, chat.boundAt),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {over || !props.canReissue ? null : (
        <form method="post" action={`/admin/cases/${detail.row.caseId}/links/reissue`}>
          <CsrfField page={page} />
          <button type="submit">{tr("case-links-reissue")}</button>
        </form>
      )}
    </section>
  );
}

/** GET /admin/cases/:id: the invoice, links, payments, plan, conversation, timers, decisions,
 *  audit. */
export function CaseDetailPage({
  page,
  detail,
  links = null,
  reissued = false,
  canReissue = false,
}: {
  readonly page: DeskPage;
  readonly detail: CaseDetail;
  /** The case's links as URLs (null when the desk was not given the link settings). */
  readonly links?: DebtorLinks | null;
  /** Links were just reissued (the redirect after the form). */
  readonly reissued?: boolean;
  readonly canReissue?: boolean;
}) {
  const { row } = detail;
  const { locale, timezone: tz } = page;
  const tr = page.text;
  const cash = (minor: number) => money(page, minor, row.currency);
  const verdict = detail.auditVerdict;
  const brokenPosition = verdict.ok
    ? 0
    : detail.audit.findIndex((e) => e.id === verdict.brokenAtId) + 1;
  return (
    <Layout
      page={page}
      title={tr("case-title", { invoice: row.invoiceNumber, debtor: row.debtorName })}
    >
      <p>
        <a href="/admin/cases">{tr("case-back")}</a>
      </p>

      <section aria-labelledby="invoice">
        <h2 id="invoice">{tr("case-section-invoice")}</h2>
        <dl class="facts">
          <dt>{tr("case-field-business")}</dt>
          <dd>{row.businessName}</dd>
          <dt>{tr("case-field-debtor")}</dt>
          <dd>{row.debtorName}</dd>
          <dt>{tr("case-field-amount")}</dt>
          <dd>{cash(row.amountMinor)}</dd>
          <dt>{tr("case-field-paid")}</dt>
          <dd>{cash(row.paidMinor)}</dd>
          <dt>{tr("case-field-still-due")}</dt>
          <dd>{cash(row.amountMinor - row.paidMinor)}</dd>
          <dt>{tr("case-field-issued")}</dt>
          <dd>{day(page, detail.issuedAt.toISOString().slice(0, 10))}</dd>
          <dt>{tr("case-field-due-date")}</dt>
          <dd>
            {day(page, row.dueDate)} ({ageText(row.daysOverdue, locale)})
          </dd>
          <dt>{tr("case-field-status")}</dt>
          <dd>{statusText(row.status, locale)}</dd>
          <dt>{tr("case-field-reason")}</dt>
          <dd>{tr("owner-reason", { reason: detail.reason ?? "none" })}</dd>
        </dl>
      </section>

      {detail.invoices.length >= 2 ? (
        <section aria-labelledby="invoices">
          <h2 id="invoices">{tr("case-section-invoices")}</h2>
          <p>{tr("case-invoices-intro")}</p>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{tr("case-col-invoice")}</th>
                <th scope="col">{tr("case-field-due-date")}</th>
                <th scope="col" class="num">
                  {tr("case-field-amount")}
                </th>
                <th scope="col" class="num">
                  {tr("case-field-paid")}
                </th>
                <th scope="col">{tr("case-field-status")}</th>
                <th scope="col">{tr("case-col-allocations")}</th>
              </tr>
            </thead>
            <tbody>
              {detail.invoices.map((i) => (
                <tr>
                  <td data-label={tr("case-col-invoice")}>{i.number}</td>
                  <td data-label={tr("case-field-due-date")}>{day(page, i.dueDate)}</td>
                  <td class="num" data-label={tr("case-field-amount")}>
                    {cash(i.amountMinor)}
                  </td>
                  <td class="num" data-label={tr("case-field-paid")}>
                    {cash(i.paidMinor)}
                  </td>
                  <td data-label={tr("case-field-status")}>
                    {tr("case-invoice-status", { status: i.status })}
                  </td>
                  <td data-label={tr("case-col-allocations")}>
                    {i.allocations.length === 0 ? (
                      tr("case-allocations-none")
                    ) : (
                      <ul>
                        {i.allocations.map((a) => (
                          <li>
                            {tr("case-allocation", {
                              amount: cash(a.amountMinor),
                              date: instant(page, a.receivedAt, tz),
                              reference: a.reference,
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <LinksSection
        page={page}
        detail={detail}
        links={links}
        reissued={reissued}
        canReissue={canReissue}
      />

      <section aria-labelledby="payments">
        <h2 id="payments">{tr("case-section-payments")}</h2>
        {detail.payments.length === 0 ? (
          <p>{tr("case-payments-none")}</p>
        ) : (
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{tr("case-col-received")}</th>
                <th scope="col" class="num">
                  {tr("case-col-amount")}
                </th>
                <th scope="col">{tr("case-col-reference")}</th>
              </tr>
            </thead>
            <tbody>
              {detail.payments.map((p) => (
                <tr>
                  <td data-label={tr("case-col-received")}>{instant(page, p.receivedAt, tz)}</td>
                  <td class="num" data-label={tr("case-col-amount")}>
                    {cash(p.amountMinor)}
                  </td>
                  <td data-label={tr("case-col-reference")}>{p.reference}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="schedule">
        <h2 id="schedule">{tr("case-section-schedule")}</h2>
        {detail.agreements.length === 0 ? <p>{tr("case-schedule-none")}</p> : null}
        {detail.agreements.map((a, index) => (
          <article aria-labelledby={`agreement-${index}`}>
            <h3 id={`agreement-${index}`}>
              {tr("case-agreement-kind", { kind: termsKind(a.terms) })} ·{" "}
              {tr("case-agreement-status", { status: a.status })}
            </h3>
            <p>
              {tr("case-agreement-summary", {
                date: instant(page, a.confirmedAt, tz),
                channel: channelText(a.channel, locale),
                total: money(page, a.totalMinor, a.currency),
              })}{" "}
              {a.approvedBy === null
                ? tr("case-agreement-in-policy")
                : tr("case-agreement-approved")}
            </p>
            {a.installments.length === 0 ? null : (
              <table class="stack">
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      {tr("case-col-seq")}
                    </th>
                    <th scope="col">{tr("case-col-due-date")}</th>
                    <th scope="col" class="num">
                      {tr("case-col-amount")}
                    </th>
                    <th scope="col" class="num">
                      {tr("case-col-paid")}
                    </th>
                    <th scope="col">{tr("case-col-state")}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.installments.map((i) => (
                    <tr>
                      <td class="num" data-label={tr("case-col-seq")}>
                        {i.seq}
                      </td>
                      <td data-label={tr("case-col-due-date")}>{day(page, i.dueDate)}</td>
                      <td class="num" data-label={tr("case-col-amount")}>
                        {money(page, i.amountMinor, a.currency)}
                      </td>
                      <td class="num" data-label={tr("case-col-paid")}>
                        {money(page, i.paidMinor, a.currency)}
                      </td>
                      <td data-label={tr("case-col-state")}>
                        <span
                          class={i.status === "missed" ? "bad" : i.status === "paid" ? "ok" : ""}
                        >
                          {tr("case-installment", { status: installmentState(i.status) })}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <details>
              <summary>{tr("case-agreement-text")}</summary>
              <pre>{a.renderedText}</pre>
            </details>
          </article>
        ))}
      </section>

      <section aria-labelledby="conversation">
        <h2 id="conversation">{tr("case-section-conversation")}</h2>
        {detail.messages.length === 0 ? (
          <p>{tr("case-conversation-none")}</p>
        ) : (
          <ol class="conversation">
            {detail.messages.map((m) => {
              const channel = channelText(m.channel, locale);
              const who =
                m.direction === "in"
                  ? tr("case-from-debtor", { channel })
                  : m.automated
                    ? tr("case-from-us-automated", { channel })
                    : tr("case-from-us", { channel });
              return (
                <li class={m.direction}>
                  <p class="from">
                    {who} · <time datetime={m.at.toISOString()}>{instant(page, m.at, tz)}</time>
                  </p>
                  {m.kind === "button" ? (
                    <p class="pressed">{tr("case-pressed", { label: m.text ?? "" })}</p>
                  ) : (
                    <p class="text">{m.text ?? ""}</p>
                  )}
                  {m.buttons.length > 0 ? (
                    <>
                      <p class="muted">{tr("case-offered")}</p>
                      <ul class="offered">
                        {m.buttons.map((label) => (
                          <li>{label}</li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <PromiseMoves page={page} entries={detail.audit} currency={row.currency} />

      <section aria-labelledby="timers">
        <h2 id="timers">{tr("case-section-timers")}</h2>
        {detail.pendingTimers.length === 0 ? (
          <p>{tr("case-timers-none")}</p>
        ) : (
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{tr("case-col-when")}</th>
                <th scope="col">{tr("case-col-what")}</th>
              </tr>
            </thead>
            <tbody>
              {detail.pendingTimers.map((timer) => (
                <tr>
                  <td data-label={tr("case-col-when")}>{instant(page, timer.dueAt, tz)}</td>
                  <td data-label={tr("case-col-what")}>{tr("case-timer", { kind: timer.kind })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">{tr("case-section-decisions")}</h2>
        {detail.ownerDecisions.length === 0 ? (
          <p>{tr("case-decisions-none")}</p>
        ) : (
          <AuditTable page={page} entries={detail.ownerDecisions} labelledBy="decisions" />
        )}
      </section>

      <section aria-labelledby="audit">
        <h2 id="audit">{tr("case-section-audit")}</h2>
        <p class={verdict.ok ? "ok" : "bad"} role="status">
          {verdict.ok
            ? tr("case-audit-ok", { count: verdict.entries })
            : tr("case-audit-broken", { position: brokenPosition, reason: verdict.reason })}
        </p>
        <AuditTable page={page} entries={detail.audit} labelledBy="audit" />
      </section>
    </Layout>
  );
}
