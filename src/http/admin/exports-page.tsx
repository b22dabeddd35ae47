import type { BusinessChoice } from "../../runtime/index.ts";
import { Layout } from "./layout.tsx";
import type { DeskPage } from "./page.ts";

const AGREEMENT_STATUSES = ["active", "completed", "broken", "superseded"] as const;

/** GET /admin/exports: the agreements export's filter form; the cases export lives on the list. */
export function ExportsPage(props: {
  readonly page: DeskPage;
  readonly businesses: readonly BusinessChoice[];
}) {
  const { page } = props;
  const tr = page.text;
  return (
    <Layout page={page} title={tr("exports-title")}>
      <p>{tr("exports-intro")}</p>
      <section aria-labelledby="agreements">
        <h2 id="agreements">{tr("exports-agreements")}</h2>
        <form class="filters" method="get" action="/admin/exports/agreements.csv">
          {props.businesses.length > 1 ? (
            <label>
              {tr("cases-business-label")}
              <select name="businessId">
                <option value="">{tr("cases-business-all")}</option>
                {props.businesses.map((b) => (
                  <option value={b.id}>{b.name}</option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            {tr("exports-status-label")}
            <select name="status">
              <option value="">{tr("exports-status-any")}</option>
              {AGREEMENT_STATUSES.map((status) => (
                <option value={status}>{tr("case-agreement-status", { status })}</option>
              ))}
            </select>
          </label>
          <label>
            {tr("exports-from")}
            <input type="date" name="from" />
          </label>
          <label>
            {tr("exports-to")}
            <input type="date" name="to" />
          </label>
          <button type="submit">{tr("exports-download")}</button>
        </form>
      </section>
      <section aria-labelledby="cases">
        <h2 id="cases">{tr("exports-cases")}</h2>
        <p>{tr("exports-cases-hint")}</p>
        <p>
          <a href="/admin/cases">{tr("exports-open-cases")}</a>
        </p>
      </section>
    </Layout>
  );
}
