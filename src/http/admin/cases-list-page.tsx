import {
  type BusinessChoice,
  CASE_STATUSES,
  type CaseFilter,
  type CaseRow,
} from "../../runtime/index.ts";
import { ageText, statusText } from "./case-words.ts";
import { Layout } from "./layout.tsx";
import { type DeskPage, day, money } from "./page.ts";

export interface CasesListProps {
  readonly page: DeskPage;
  readonly businesses: readonly BusinessChoice[];
  readonly filter: CaseFilter;
  readonly rows: readonly CaseRow[];
  readonly total: number;
  readonly pageNumber: number;
  readonly pages: number;
  /** `?q=…&businessId=…&status=…` for this filter, without the page. */
  readonly query: string;
}

function pageHref(query: string, page: number): string {
  const params = new URLSearchParams(query);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text === "" ? "/admin/cases" : `/admin/cases?${text}`;
}

/** GET /admin/cases: the searchable list, most overdue first; a table, cards on a phone. */
export function CasesListPage(props: CasesListProps) {
  const { page, filter, rows } = props;
  const { locale } = page;
  const tr = page.text;
  const showBusiness = props.businesses.length > 1;
  const exportHref = `/admin/exports/cases.csv${props.query === "" ? "" : `?${props.query}`}`;
  return (
    <Layout page={page} title={tr("cases-title")}>
      <search>
        <form class="filters" method="get" action="/admin/cases">
          <label>
            {tr("cases-search-label")}
            <input type="search" name="q" value={filter.q ?? ""} maxlength={100} />
          </label>
          {showBusiness ? (
            <label>
              {tr("cases-business-label")}
              <select name="businessId">
                <option value="">{tr("cases-business-all")}</option>
                {props.businesses.map((b) => (
                  <option value={b.id} selected={filter.businessId === b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            {tr("cases-status-label")}
            <select name="status">
              <option value="">{tr("cases-status-any")}</option>
              {CASE_STATUSES.map((s) => (
                <option value={s} selected={filter.status === s}>
                  {statusText(s, locale)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{tr("cases-filter")}</button>
        </form>
      </search>
      <p class="count" role="status">
        {tr("cases-count", { count: props.total })} · <a href={exportHref}>{tr("cases-export")}</a>
      </p>
      {rows.length === 0 ? (
        <p>{tr("cases-none")}</p>
      ) : (
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">{tr("cases-col-debtor")}</th>
              <th scope="col">{tr("cases-col-invoice")}</th>
              {showBusiness ? <th scope="col">{tr("cases-col-business")}</th> : null}
              <th scope="col">{tr("cases-col-due-date")}</th>
              <th scope="col" class="num">
                {tr("cases-col-still-due")}
              </th>
              <th scope="col">{tr("cases-col-status")}</th>
              <th scope="col">{tr("cases-col-age")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row" data-label={tr("cases-col-debtor")}>
                  <a href={`/admin/cases/${r.caseId}`}>{r.debtorName}</a>
                </th>
                <td data-label={tr("cases-col-invoice")}>{r.invoiceNumber}</td>
                {showBusiness ? (
                  <td data-label={tr("cases-col-business")}>{r.businessName}</td>
                ) : null}
                <td data-label={tr("cases-col-due-date")}>{day(page, r.dueDate)}</td>
                <td class="num" data-label={tr("cases-col-still-due")}>
                  {money(page, r.amountMinor - r.paidMinor, r.currency)}
                </td>
                <td data-label={tr("cases-col-status")}>{statusText(r.status, locale)}</td>
                <td data-label={tr("cases-col-age")}>
                  {/* Nothing left to pay: how late it was is no longer the point. */}
                  {r.amountMinor > r.paidMinor ? ageText(r.daysOverdue, locale) : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.pages > 1 ? (
        <nav class="pages" aria-label={tr("cases-pages")}>
          <ul>
            {props.pageNumber > 1 ? (
              <li>
                <a href={pageHref(props.query, props.pageNumber - 1)} rel="prev">
                  {tr("cases-previous")}
                </a>
              </li>
            ) : null}
            <li aria-current="page">
              {tr("cases-page", { page: props.pageNumber, pages: props.pages })}
            </li>
            {props.pageNumber < props.pages ? (
              <li>
                <a href={pageHref(props.query, props.pageNumber + 1)} rel="next">
                  {tr("cases-next")}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </Layout>
  );
}
