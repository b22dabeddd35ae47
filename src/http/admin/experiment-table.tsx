import type { Locale } from "../../core/index.ts";
import type { ExperimentFigure, MeanFigure, RateFigure } from "./experiment-figures.ts";
import type { Interval, Verdict } from "./experiment-stats.ts";
import { type DeskPage, day, money } from "./page.ts";

/**
 * One experiment's figures as the dashboard and the experiments page show them: a table with a
 * row per variant (each figure with its 95 % interval), then, per variant, one sentence per
 * measure saying whether its difference from the base is significant yet, and how it was tested.
 */

const BCP47: Record<Locale, string> = { fr: "fr-FR", en: "en-GB" };

function percent(value: number, locale: Locale): string {
  return new Intl.NumberFormat(BCP47[locale], {
    style: "percent",
    maximumFractionDigits: 1,
  }).format(value);
}

function decimal(value: number, locale: Locale): string {
  return new Intl.NumberFormat(BCP47[locale], { maximumFractionDigits: 1 }).format(value);
}

/** "p = 0.47" with two significant digits; "p < 0.001" below that. */
export function pValue(p: number, locale: Locale): string {
  const format = (x: number, digits?: number) =>
    new Intl.NumberFormat(BCP47[locale], digits ? { maximumSignificantDigits: digits } : {}).format(
      x,
    );
  return p < 0.001 ? `p < ${format(0.001)}` : `p = ${format(p, 2)}`;
}

function withInterval(
  page: DeskPage,
  value: string,
  interval: Interval | null,
  format: (x: number) => string,
): string {
  if (interval === null) return value;
  return page.text("experiments-interval", {
    value,
    low: format(interval.low),
    high: format(interval.high),
  });
}

function RateCell(props: { page: DeskPage; figure: RateFigure; label: string }) {
  const { page, figure } = props;
  const p = (x: number) => percent(x, page.locale);
  return (
    <td class="num" data-label={props.label}>
      {/* One child: on a phone the cell is a two-column grid, its label then its value. */}
      <span>
        {figure.rate === null ? "—" : withInterval(page, p(figure.rate), figure.interval, p)}
        {figure.trials > 0 ? <small>{` ${figure.successes}/${figure.trials}`}</small> : null}
      </span>
    </td>
  );
}

function meanText(page: DeskPage, figure: MeanFigure, format: (x: number) => string): string {
  return figure.mean === null
    ? "—"
    : withInterval(page, format(figure.mean), figure.interval, format);
}

function verdictText(
  page: DeskPage,
  variant: string,
  base: string,
  measure: "reply" | "agreement" | "recovered" | "days",
  verdict: Verdict,
): string {
  const t = page.text;
  const kind =
    verdict.kind === "significant" ? (verdict.higher ? "higher" : "lower") : verdict.kind;
  return t("experiments-verdict", {
    variant,
    base,
    measure: t("experiments-measure", { measure }),
    kind,
    p: verdict.kind === "too_few" ? "" : pValue(verdict.p, page.locale),
  });
}

export function ExperimentFigures(props: {
  readonly page: DeskPage;
  readonly figure: ExperimentFigure;
  /** Shown above the table (the dashboard names the business when it shows several). */
  readonly showBusiness?: boolean;
  readonly headingLevel?: 2 | 3;
}) {
  const { page, figure } = props;
  const t = page.text;
  const { locale } = page;
  const id = `experiment-${figure.id}`;
  const title = t("experiments-message", { message: figure.messageId });
  const status = t("experiments-status", {
    status: figure.status,
    from: day(page, figure.startedAt.toISOString().slice(0, 10)),
    to: figure.endedAt ? day(page, figure.endedAt.toISOString().slice(0, 10)) : "",
    winner: figure.winner ?? "",
  });
  const days = (x: number) => decimal(x, locale);
  return (
    <section class="experiment" aria-labelledby={id}>
      {props.headingLevel === 2 ? <h2 id={id}>{title}</h2> : <h3 id={id}>{title}</h3>}
      <p>
        {props.showBusiness ? `${figure.businessName} · ` : ""}
        {status}
      </p>
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">{t("experiments-col-variant")}</th>
            <th scope="col" class="num">
              {t("experiments-col-share")}
            </th>
            <th scope="col" class="num">
              {t("experiments-col-cases")}
            </th>
            <th scope="col" class="num">
              {t("experiments-col-reply")}
            </th>
            <th scope="col" class="num">
              {t("experiments-col-agreement")}
            </th>
            <th scope="col" class="num">
              {t("experiments-col-recovered")}
            </th>
            <th scope="col" class="num">
              {t("experiments-col-days")}
            </th>
          </tr>
        </thead>
        <tbody>
          {figure.variants.map((v) => (
            <tr data-variant={v.key}>
              <th scope="row" data-label={t("experiments-col-variant")}>
                {t("experiments-variant", { variant: v.key })}
              </th>
              <td class="num" data-label={t("experiments-col-share")}>
                {figure.status === "running"
                  ? percent(v.share / 100, locale)
                  : v.key === figure.winner
                    ? percent(1, locale)
                    : percent(0, locale)}
              </td>
              <td class="num" data-label={t("experiments-col-cases")}>
                {v.cases}
              </td>
              <RateCell page={page} figure={v.reply} label={t("experiments-col-reply")} />
              <RateCell page={page} figure={v.agreement} label={t("experiments-col-agreement")} />
              <td class="num" data-label={t("experiments-col-recovered")}>
                <span>
                  {v.recovered.length === 0
                    ? "—"
                    : v.recovered.map((r) => (
                        <span class="line">
                          {meanText(page, r.perCase, (x) => money(page, Math.round(x), r.currency))}
                        </span>
                      ))}
                </span>
              </td>
              <td class="num" data-label={t("experiments-col-days")}>
                <span>
                  {meanText(page, v.daysToPayment, days)}
                  {v.daysToPayment.n > 0 ? (
                    <small>{` ${t("experiments-paid-count", { count: v.daysToPayment.n })}`}</small>
                  ) : null}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul class="verdicts">
        {figure.variants.flatMap((v) =>
          // A variant no case got yet has nothing to compare.
          v.versusBase === null || v.cases === 0
            ? []
            : (
                [
                  ["reply", v.versusBase.reply],
                  ["agreement", v.versusBase.agreement],
                  ["recovered", v.versusBase.recovered],
                  ["days", v.versusBase.daysToPayment],
                ] as const
              ).map(([measure, verdict]) => (
                <li data-variant={v.key} data-measure={measure} data-verdict={verdict.kind}>
                  {verdictText(page, v.key, figure.baseKey, measure, verdict)}
                </li>
              )),
        )}
      </ul>
      <p class="method">{t("experiments-method", { base: figure.baseKey })}</p>
    </section>
  );
}
