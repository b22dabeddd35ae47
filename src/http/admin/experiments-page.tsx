import { variantPreview } from "../../messages/index.ts";
import type { ExperimentFigure } from "./experiment-figures.ts";
import { ExperimentFigures } from "./experiment-table.tsx";
import { CsrfField, Layout } from "./layout.tsx";
import type { DeskPage } from "./page.ts";

/**
 * /admin/businesses/:id/experiments: the business's wording experiments — each running one with
 * its figures, its variants' texts, a form to change the shares of new cases and one to end it
 * keeping a variant — then a form per message that has variants and no running experiment, then
 * the ended ones with the wording they kept. No script: every action is a plain POST form.
 */

export type ExperimentsDone = "started" | "saved" | "ended";
export type ExperimentsError = "weights" | "running" | "message" | "winner";

export interface ExperimentsPageProps {
  readonly page: DeskPage;
  readonly business: { readonly id: string; readonly name: string; readonly currency: string };
  readonly figures: readonly ExperimentFigure[];
  /** Messages with variants that no running experiment uses: what can be started. */
  readonly startable: readonly {
    readonly messageId: string;
    readonly variants: readonly string[];
  }[];
  readonly done?: ExperimentsDone;
  readonly error?: ExperimentsError;
}

function Previews(props: {
  page: DeskPage;
  business: ExperimentsPageProps["business"];
  messageId: string;
  variants: readonly string[];
}) {
  const { page, business } = props;
  const t = page.text;
  return (
    <dl class="previews">
      {props.variants.map((variant) => (
        <>
          <dt>{t("experiments-variant", { variant })}</dt>
          <dd class="preview" data-variant={variant}>
            {variantPreview(page.locale, props.messageId, variant, {
              businessName: business.name,
              currency: business.currency,
            }) ?? "—"}
          </dd>
        </>
      ))}
    </dl>
  );
}

function ShareFields(props: {
  page: DeskPage;
  formId: string;
  variants: readonly { key: string; share: number }[];
}) {
  const t = props.page.text;
  return (
    <>
      {props.variants.map((v) => (
        <div>
          <label for={`${props.formId}-${v.key}`}>
            {t("experiments-share-label", { variant: v.key })}
          </label>
          <input
            id={`${props.formId}-${v.key}`}
            name={`share_${v.key}`}
            type="number"
            inputmode="numeric"
            min="0"
            max="100"
            step="1"
            required
            value={String(Math.round(v.share))}
          />
        </div>
      ))}
    </>
  );
}

/** Equal shares that add up to 100 (the first ones take the remainder). */
function equalShares(keys: readonly string[]): { key: string; share: number }[] {
  const each = Math.floor(100 / keys.length);
  const rest = 100 - each * keys.length;
  return keys.map((key, i) => ({ key, share: each + (i < rest ? 1 : 0) }));
}

export function ExperimentsPage(props: ExperimentsPageProps) {
  const { page, business } = props;
  const t = page.text;
  const base = `/admin/businesses/${business.id}/experiments`;
  const running = props.figures.filter((f) => f.status === "running");
  const ended = props.figures.filter((f) => f.status === "ended");
  return (
    <Layout page={page} title={t("experiments-title-business", { business: business.name })}>
      {props.done ? (
        <p class="ok notice" role="status">
          {t(
            props.done === "started"
              ? "experiments-started"
              : props.done === "saved"
                ? "experiments-saved"
                : "experiments-ended-ok",
          )}
        </p>
      ) : null}
      {props.error ? (
        <p class="bad notice" role="alert">
          {t("experiments-invalid")} {t("experiments-error", { error: props.error })}
        </p>
      ) : null}
      <p class="muted">{t("experiments-intro")}</p>

      <h2>{t("experiments-running")}</h2>
      {running.length === 0 ? <p>{t("experiments-none")}</p> : null}
      {running.map((f) => (
        <div class="card experiment-card">
          <ExperimentFigures page={page} figure={f} headingLevel={3} />
          <Previews
            page={page}
            business={business}
            messageId={f.messageId}
            variants={f.variants.map((v) => v.key)}
          />
          <form class="inline-form" method="post" action={`${base}/${f.id}/weights`}>
            <CsrfField page={page} />
            <ShareFields
              page={page}
              formId={`w-${f.id}`}
              variants={f.variants.map((v) => ({ key: v.key, share: v.share }))}
            />
            <p class="muted">{t("experiments-weights-hint")}</p>
            <button type="submit">{t("experiments-weights")}</button>
          </form>
          <form class="inline-form" method="post" action={`${base}/${f.id}/end`}>
            <CsrfField page={page} />
            <label for={`end-${f.id}`}>{t("experiments-end-label")}</label>
            <select id={`end-${f.id}`} name="winner" required>
              {f.variants.map((v) => (
                <option value={v.key}>{t("experiments-variant", { variant: v.key })}</option>
              ))}
            </select>
            <button type="submit">{t("experiments-end")}</button>
          </form>
        </div>
      ))}

      <h2>{t("experiments-new")}</h2>
      <p class="muted">{t("experiments-new-hint")}</p>
      {props.startable.length === 0 ? <p>{t("experiments-new-none")}</p> : null}
      {props.startable.map((s) => (
        <form class="card" method="post" action={base}>
          <CsrfField page={page} />
          <h3>{t("experiments-message", { message: s.messageId })}</h3>
          <input type="hidden" name="messageId" value={s.messageId} />
          <Previews page={page} business={business} messageId={s.messageId} variants={s.variants} />
          <ShareFields page={page} formId={`n-${s.messageId}`} variants={equalShares(s.variants)} />
          <div class="actions">
            <button type="submit">{t("experiments-start")}</button>
          </div>
        </form>
      ))}

      {ended.length > 0 ? <h2>{t("experiments-ended")}</h2> : null}
      {ended.map((f) => (
        <div class="card experiment-card">
          <ExperimentFigures page={page} figure={f} headingLevel={3} />
        </div>
      ))}
    </Layout>
  );
}

export function ExperimentsChoicePage(props: {
  page: DeskPage;
  businesses: readonly { id: string; name: string }[];
}) {
  const t = props.page.text;
  return (
    <Layout page={props.page} title={t("experiments-title")}>
      <p>{t("experiments-choose")}</p>
      <ul>
        {props.businesses.map((b) => (
          <li>
            <a href={`/admin/businesses/${b.id}/experiments`}>{b.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
