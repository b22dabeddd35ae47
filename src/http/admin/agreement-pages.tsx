import type { AdminAgreement, AdminBusiness } from "../../runtime/index.ts";
import { approverLabel, termsSummary } from "./agreement-terms.ts";
import { Layout } from "./layout.tsx";
import { type DeskPage, day, instant, money } from "./page.ts";

export const AGREEMENT_STATUSES = ["active", "completed", "broken", "superseded"] as const;

/** The filters as typed (strings), echoed back into the form. */
export interface AgreementFilters {
  readonly businessId?: string;
  readonly status?: string;
  readonly from?: string;
  readonly to?: string;
}

function paidOfTotal(page: DeskPage, a: AdminAgreement): string {
  if (a.installments.length === 0) return "—";
  const paid = a.installments.filter((i) => i.status === "paid").length;
  return page.text("desk-paid-of", { paid, count: a.installments.length });
}

function FilterForm(props: {
  page: DeskPage;
  filters: AgreementFilters;
  businesses: readonly AdminBusiness[];
}) {
  const { page, filters } = props;
  const t = page.text;
  return (
    <form class="filters" method="get" action="/admin/agreements">
      <div>
        <label for="f-business">{t("desk-filter-business")}</label>
        <select id="f-business" name="businessId">
          <option value="" selected={!filters.businessId}>
            {t("desk-filter-any")}
          </option>
          {props.businesses.map((b) => (
            <option value={b.id} selected={filters.businessId === b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-status">{t("desk-filter-status")}</label>
        <select id="f-status" name="status">
          <option value="" selected={!filters.status}>
            {t("desk-filter-any")}
          </option>
          {AGREEMENT_STATUSES.map((s) => (
            <option value={s} selected={filters.status === s}>
              {t("desk-agreement-status", { status: s })}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-from">{t("desk-filter-from")}</label>
        <input id="f-from" type="date" name="from" value={filters.from ?? ""} />
      </div>
      <div>
        <label for="f-to">{t("desk-filter-to")}</label>
        <input id="f-to" type="date" name="to" value={filters.to ?? ""} />
      </div>
      <div>
        <button type="submit">{t("desk-filter")}</button>
      </div>
    </form>
  );
}

/** GET /admin/agreements: the log, newest first, with a link to the next page when there is one. */
export function AgreementListPage(props: {
  page: DeskPage;
  rows: readonly AdminAgreement[];
  filters: AgreementFilters;
  businesses: readonly AdminBusiness[];
  nextPageHref: string | null;
}) {
  const { page, rows } = props;
  const t = page.text;
  const col = {
    confirmed: t("desk-col-confirmed"),
    business: t("desk-col-business"),
    invoice: t("desk-col-invoice"),
    debtor: t("desk-col-debtor"),
    terms: t("desk-col-terms"),
    total: t("desk-col-total"),
    channel: t("desk-col-channel"),
    approved: t("desk-col-approved"),
    status: t("desk-col-status"),
    paid: t("desk-col-paid"),
  };
  return (
    <Layout page={page} title={t("desk-agreements-title")}>
      <FilterForm page={page} filters={props.filters} businesses={props.businesses} />
      {rows.length === 0 ? (
        <p>{t("desk-no-agreement")}</p>
      ) : (
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">{col.confirmed}</th>
              <th scope="col">{col.business}</th>
              <th scope="col">{col.invoice}</th>
              <th scope="col">{col.debtor}</th>
              <th scope="col">{col.terms}</th>
              <th scope="col" class="num">
                {col.total}
              </th>
              <th scope="col">{col.channel}</th>
              <th scope="col">{col.approved}</th>
              <th scope="col">{col.status}</th>
              <th scope="col" class="num">
                {col.paid}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr>
                <td data-label={col.confirmed}>
                  <a href={`/admin/agreements/${a.id}`}>
                    {instant(page, a.confirmedAt, a.businessTimezone)}
                  </a>
                </td>
                <td data-label={col.business}>{a.businessName}</td>
                <td data-label={col.invoice}>{a.invoiceNumber}</td>
                <td data-label={col.debtor}>{a.debtorName}</td>
                <td data-label={col.terms}>{termsSummary(page, a.terms, a.currency)}</td>
                <td data-label={col.total} class="num">
                  {money(page, a.totalMinor, a.currency)}
                </td>
                <td data-label={col.channel}>{t("desk-channel", { channel: a.channel })}</td>
                <td data-label={col.approved}>{approverLabel(page, a.approvedBy)}</td>
                <td data-label={col.status}>{t("desk-agreement-status", { status: a.status })}</td>
                <td data-label={col.paid} class="num">
                  {paidOfTotal(page, a)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextPageHref === null ? null : (
        <p>
          <a href={props.nextPageHref} rel="next">
            {t("desk-next-page")}
          </a>
        </p>
      )}
    </Layout>
  );
}

/** GET /admin/agreements/:id: the evidence of one agreement. */
export function AgreementDetailPage(props: { page: DeskPage; agreement: AdminAgreement }) {
  const { page, agreement: a } = props;
  const t = page.text;
  const col = {
    seq: t("desk-col-seq"),
    due: t("desk-col-due"),
    amount: t("desk-col-amount"),
    paid: t("desk-col-paid-amount"),
    status: t("desk-col-status"),
  };
  return (
    <Layout page={page} title={t("desk-agreement-title", { invoice: a.invoiceNumber })}>
      <dl class="facts">
        <dt>{t("desk-col-confirmed")}</dt>
        <dd>{instant(page, a.confirmedAt, a.businessTimezone)}</dd>
        <dt>{t("desk-col-business")}</dt>
        <dd>{a.businessName}</dd>
        <dt>{t("desk-col-invoice")}</dt>
        <dd>{a.invoiceNumber}</dd>
        <dt>{t("desk-col-debtor")}</dt>
        <dd>{a.debtorName}</dd>
        <dt>{t("desk-col-terms")}</dt>
        <dd>{termsSummary(page, a.terms, a.currency)}</dd>
        <dt>{t("desk-col-total")}</dt>
        <dd>{money(page, a.totalMinor, a.currency)}</dd>
        <dt>{t("desk-col-channel")}</dt>
        <dd>{t("desk-channel", { channel: a.channel })}</dd>
        <dt>{t("desk-col-approved")}</dt>
        <dd>{approverLabel(page, a.approvedBy)}</dd>
        <dt>{t("desk-col-status")}</dt>
        <dd>{t("desk-agreement-status", { status: a.status })}</dd>
      </dl>
      <h2>{t("desk-confirmed-text")}</h2>
      <pre>{a.renderedText}</pre>
      <h2>{t("desk-installments")}</h2>
      {a.installments.length === 0 ? (
        <p>{t("desk-no-installments")}</p>
      ) : (
        <table class="stack">
          <thead>
            <tr>
              <th scope="col" class="num">
                {col.seq}
              </th>
              <th scope="col">{col.due}</th>
              <th scope="col" class="num">
                {col.amount}
              </th>
              <th scope="col" class="num">
                {col.paid}
              </th>
              <th scope="col">{col.status}</th>
            </tr>
          </thead>
          <tbody>
            {a.installments.map((i) => (
              <tr>
                <td data-label={col.seq} class="num">
                  {i.seq}
                </td>
                <td data-label={col.due}>{day(page, i.dueDate)}</td>
                <td data-label={col.amount} class="num">
                  {money(page, i.amountMinor, a.currency)}
                </td>
                <td data-label={col.paid} class="num">
                  {money(page, i.paidMinor, a.currency)}
                </td>
                <td data-label={col.status}>
                  {t("desk-installment-status", { status: i.status })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
