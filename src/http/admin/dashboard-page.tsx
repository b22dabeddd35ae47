import type { Locale } from "../../core/index.ts";
import type { DeskText } from "../../messages/index.ts";
import { formatShortDate } from "../../messages/index.ts";
import type { BusinessChoice } from "../../runtime/index.ts";
import { barChart, stackedChart } from "./dashboard-charts.ts";
import type { DashboardFigures } from "./dashboard-figures.ts";
import type { ExperimentFigure } from "./experiment-figures.ts";
import { ExperimentFigures } from "./experiment-table.tsx";
import { Layout } from "./layout.tsx";
import { type DeskPage, money } from "./page.ts";

/** GET /admin/dashboard: each figure as a server-drawn chart with its numbers in a table beside. */

export const DASHBOARD_WEEKS = 12;
export const DSO_DAYS = 90;

const OUTCOME_COLORS = { kept: "#2f855a", broken: "#c53030", running: "#718096" } as const;

function majorUnits(minor: number, currency: string): number {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return minor / 10 ** digits;
}

function decimal(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    maximumFractionDigits: 1,
  }).format(value);
}

export interface DashboardCharts {
  readonly recovered: Record<string, string>;
  readonly overdue: Record<string, string>;
  readonly reasons: string | null;
  readonly outcomes: string | null;
}

/** Draws every chart of the page (Vega, on the server). */
export async function drawDashboardCharts(
  figures: DashboardFigures,
  locale: Locale,
  t: DeskText,
): Promise<DashboardCharts> {
  const recovered: Record<string, string> = {};
  const overdue: Record<string, string> = {};
  for (const c of figures.currencies) {
    recovered[c.currency] = await barChart(
      c.recoveredByWeek.map((w) => ({
        label: formatShortDate(w.week, locale),
        value: majorUnits(w.amountMinor, c.currency),
      })),
    );
    overdue[c.currency] = await barChart(
      c.overdueByAge.map((b) => ({
        label: t("dashboard-age", { bucket: b.bucket }),
        value: majorUnits(b.amountMinor, c.currency),
      })),
      { color: "#c05621" },
    );
  }
  const reasons =
    figures.reasons.length === 0
      ? null
      : await barChart(
          figures.reasons.map((r) => ({
            label: t("owner-reason", { reason: r.reason }),
            value: r.cases,
          })),
          { color: "#6b46c1" },
        );
  const outcomeTotal = figures.outcomes.reduce((s, o) => s + o.kept + o.broken + o.running, 0);
  const parts = (["kept", "broken", "running"] as const).map((outcome) => ({
    outcome,
    label: t("dashboard-outcome", { outcome }),
    color: OUTCOME_COLORS[outcome],
  }));
  const outcomes =
    outcomeTotal === 0
      ? null
      : await stackedChart(
          figures.outcomes.flatMap((o) =>
            parts.map((p) => ({
              group: t("case-agreement-kind", { kind: o.kind }),
              part: p.label,
              value: o[p.outcome],
            })),
          ),
          parts,
        );
  return { recovered, overdue, reasons, outcomes };
}

function Chart({ svg }: { readonly svg: string }) {
  return <div class="chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />;
}

export interface DashboardProps {
  readonly page: DeskPage;
  readonly businesses: readonly BusinessChoice[];
  readonly businessId?: string;
  readonly figures: DashboardFigures;
  readonly charts: DashboardCharts;
  /** The wording experiments in view, running ones first; null when they are not shown. */
  readonly experiments?: readonly ExperimentFigure[] | null;
}

export function DashboardPage({
  page,
  businesses,
  businessId,
  figures,
  charts,
  experiments,
}: DashboardProps) {
  const { locale } = page;
  const tr = page.text;
  return (
    <Layout page={page} title={tr("dashboard-title")}>
      {businesses.length > 1 ? (
        <form class="filters" method="get" action="/admin/dashboard">
          <label>
            {tr("cases-business-label")}
            <select name="businessId">
              <option value="">{tr("cases-business-all")}</option>
              {businesses.map((b) => (
                <option value={b.id} selected={businessId === b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{tr("dashboard-filter")}</button>
        </form>
      ) : null}
      {figures.currencies.length === 0 ? <p>{tr("dashboard-empty")}</p> : null}
      {figures.currencies.map((c) => (
        <div class="cards">
          <figure aria-labelledby={`recovered-${c.currency}`}>
            <figcaption id={`recovered-${c.currency}`}>
              {tr("dashboard-recovered")} ({c.currency})
            </figcaption>
            <p class="figure">
              {tr("dashboard-recovered-total", {
                amount: money(page, c.recoveredTotalMinor, c.currency),
                weeks: c.recoveredByWeek.length,
              })}
            </p>
            <Chart svg={charts.recovered[c.currency] ?? ""} />
            <details>
              <summary>{tr("dashboard-numbers")}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{tr("dashboard-col-week")}</th>
                    <th scope="col" class="num">
                      {tr("dashboard-col-amount")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.recoveredByWeek.map((w) => (
                    <tr>
                      <td>{formatShortDate(w.week, locale)}</td>
                      <td class="num">{money(page, w.amountMinor, c.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </figure>
          <figure aria-labelledby={`overdue-${c.currency}`}>
            <figcaption id={`overdue-${c.currency}`}>
              {tr("dashboard-overdue")} ({c.currency})
            </figcaption>
            <p class="figure">
              {tr("dashboard-overdue-total", {
                amount: money(page, c.overdueTotalMinor, c.currency),
              })}
            </p>
            <Chart svg={charts.overdue[c.currency] ?? ""} />
            <table>
              <thead>
                <tr>
                  <th scope="col">{tr("dashboard-col-age")}</th>
                  <th scope="col" class="num">
                    {tr("dashboard-col-amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.overdueByAge.map((b) => (
                  <tr>
                    <td>{tr("dashboard-age", { bucket: b.bucket })}</td>
                    <td class="num">{money(page, b.amountMinor, c.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
          <figure aria-labelledby={`dso-${c.currency}`}>
            <figcaption id={`dso-${c.currency}`}>
              {tr("dashboard-dso")} ({c.currency})
            </figcaption>
            {c.dso === null ? (
              <p>{tr("dashboard-dso-none", { period: DSO_DAYS })}</p>
            ) : (
              <>
                <p class="figure">{tr("dashboard-dso-value", { days: decimal(c.dso, locale) })}</p>
                <p>
                  {tr("dashboard-dso-explain", {
                    due: money(page, c.dueMinor, c.currency),
                    invoiced: money(page, c.invoicedMinor, c.currency),
                    period: DSO_DAYS,
                  })}
                </p>
              </>
            )}
          </figure>
        </div>
      ))}
      <div class="cards">
        <figure aria-labelledby="reasons">
          <figcaption id="reasons">{tr("dashboard-reasons")}</figcaption>
          {charts.reasons === null ? (
            <p>{tr("dashboard-reasons-none")}</p>
          ) : (
            <>
              <Chart svg={charts.reasons} />
              <table>
                <thead>
                  <tr>
                    <th scope="col">{tr("dashboard-col-reason")}</th>
                    <th scope="col" class="num">
                      {tr("dashboard-col-cases")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {figures.reasons.map((r) => (
                    <tr>
                      <td>{tr("owner-reason", { reason: r.reason })}</td>
                      <td class="num">{r.cases}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </figure>
        <figure aria-labelledby="outcomes">
          <figcaption id="outcomes">{tr("dashboard-outcomes")}</figcaption>
          {charts.outcomes === null ? null : <Chart svg={charts.outcomes} />}
          <table>
            <thead>
              <tr>
                <th scope="col">{tr("dashboard-col-kind")}</th>
                <th scope="col" class="num">
                  {tr("dashboard-outcome", { outcome: "kept" })}
                </th>
                <th scope="col" class="num">
                  {tr("dashboard-outcome", { outcome: "broken" })}
                </th>
                <th scope="col" class="num">
                  {tr("dashboard-outcome", { outcome: "running" })}
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.outcomes.map((o) => (
                <tr>
                  <th scope="row">{tr("case-agreement-kind", { kind: o.kind })}</th>
                  <td class="num">{o.kept}</td>
                  <td class="num">{o.broken}</td>
                  <td class="num">{o.running}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
        <figure aria-labelledby="median">
          <figcaption id="median">{tr("dashboard-median")}</figcaption>
          {figures.medianDaysToAgreement === null ? (
            <p>{tr("dashboard-median-none")}</p>
          ) : (
            <p class="figure">
              {tr("dashboard-median-value", {
                days: decimal(figures.medianDaysToAgreement, locale),
                count: figures.agreementsTimed,
              })}
            </p>
          )}
        </figure>
      </div>
      {experiments ? (
        <section class="experiments" aria-labelledby="experiments">
          <h2 id="experiments">{tr("dashboard-experiments")}</h2>
          {experiments.length === 0 ? <p>{tr("dashboard-experiments-none")}</p> : null}
          {experiments.map((f) => (
            <ExperimentFigures
              page={page}
              figure={f}
              showBusiness={businessId === undefined && businesses.length > 1}
            />
          ))}
          <p>
            <a href="/admin/experiments">{tr("experiments-see")}</a>
          </p>
        </section>
      ) : null}
    </Layout>
  );
}
