import { formatDelay } from "../../messages/index.ts";
import type { AdminBusinessSettings } from "../../runtime/index.ts";
import { CsrfField, Layout } from "./layout.tsx";
import { type DeskPage, money } from "./page.ts";

export type SettingsField =
  | "iban"
  | "bic"
  | "payUrl"
  | "text"
  | "slackChannelId"
  | "approverIds"
  | "senderName"
  | "senderRole"
  | "legalName"
  | "legalRegistration"
  | "legalAddress";

/** The form's values as typed, and an error per field (already in the page's words). */
export interface SettingsFormState {
  readonly values: Readonly<Record<SettingsField, string>>;
  readonly errors: Readonly<Partial<Record<SettingsField, string>>>;
}

export function settingsValues(b: AdminBusinessSettings): Record<SettingsField, string> {
  return {
    iban: b.paymentInstructions.iban ?? "",
    bic: b.paymentInstructions.bic ?? "",
    payUrl: b.paymentInstructions.payUrl ?? "",
    text: b.paymentInstructions.text ?? "",
    slackChannelId: b.slackChannelId ?? "",
    approverIds: b.approverIds.join(" "),
    senderName: b.senderName ?? "",
    senderRole: b.senderRole ?? "",
    legalName: b.legalIdentity.name ?? "",
    legalRegistration: b.legalIdentity.registration ?? "",
    legalAddress: b.legalIdentity.address ?? "",
  };
}

/** The policy in plain words (the same values `decide` reads, defaults filled in). */
function PolicyWords(props: { page: DeskPage; business: AdminBusinessSettings }) {
  const { page, business } = props;
  const t = page.text;
  const p = business.policy;
  return (
    <ul>
      <li>
        {t("desk-policy-installments", {
          count: p.installments.maxCount,
          min: money(page, p.installments.minInstallmentMinor, business.currency),
          days: p.installments.maxPlanDays,
        })}
      </li>
      <li>
        {t("desk-policy-down-payment", {
          count: p.installments.downPaymentAboveCount,
          percent: p.installments.minDownPaymentPercent,
        })}
      </li>
      <li>{t("desk-policy-promise", { days: p.promise.maxDaysAhead })}</li>
      <li>
        {t("desk-policy-approval", {
          delay: formatDelay(p.ownerApproval.timeoutHours, page.locale),
          fallback: p.ownerApproval.fallback,
        })}
      </li>
      <li>
        {t("desk-policy-window", {
          from: p.sendWindow.from,
          to: p.sendWindow.to,
          cap: p.frequencyCap,
        })}
      </li>
    </ul>
  );
}

export function SettingsPage(props: {
  page: DeskPage;
  business: AdminBusinessSettings;
  form: SettingsFormState;
  saved: boolean;
}) {
  const { page, business, form } = props;
  const t = page.text;
  const invalid = Object.keys(form.errors).length > 0;
  const field = (
    name: SettingsField,
    label: Parameters<typeof t>[0],
    attrs: Record<string, string> = {},
  ) => {
    const error = form.errors[name];
    return (
      <div>
        <label for={`s-${name}`}>{t(label)}</label>
        {name === "text" ? (
          <textarea
            id={`s-${name}`}
            name={name}
            rows={3}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? `s-${name}-error` : undefined}
          >
            {form.values[name]}
          </textarea>
        ) : (
          <input
            id={`s-${name}`}
            name={name}
            value={form.values[name]}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? `s-${name}-error` : undefined}
            {...attrs}
          />
        )}
        {error ? (
          <p class="field-error" id={`s-${name}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <Layout page={page} title={t("desk-settings-title", { business: business.name })}>
      {props.saved ? (
        <p class="ok notice" role="status">
          {t("desk-settings-saved")}
        </p>
      ) : null}
      {invalid ? (
        <p class="bad notice" role="alert">
          {t("desk-settings-invalid")}
        </p>
      ) : null}
      <form class="card" method="post" action={`/admin/businesses/${business.id}/settings`}>
        <CsrfField page={page} />
        <h2>{t("desk-settings-payment")}</h2>
        <p class="muted">{t("desk-settings-payment-hint")}</p>
        {field("iban", "desk-settings-iban", { autocomplete: "off" })}
        {field("bic", "desk-settings-bic", { autocomplete: "off" })}
        {field("payUrl", "desk-settings-pay-url", { type: "url", inputmode: "url" })}
        {field("text", "desk-settings-text")}
        <h2>{t("desk-settings-slack")}</h2>
        <p class="muted">{t("desk-settings-slack-hint")}</p>
        {field("slackChannelId", "desk-settings-slack-channel", { autocomplete: "off" })}
        {field("approverIds", "desk-settings-approvers", { autocomplete: "off" })}
        <h2>{t("desk-settings-signature")}</h2>
        <p class="muted">{t("desk-settings-signature-hint", { business: business.name })}</p>
        {field("senderName", "desk-settings-sender", { autocomplete: "off" })}
        {field("senderRole", "desk-settings-sender-role", { autocomplete: "off" })}
        <h2>{t("desk-settings-legal")}</h2>
        <p class="muted">{t("desk-settings-legal-hint")}</p>
        {field("legalName", "desk-settings-legal-name", { autocomplete: "organization" })}
        {field("legalRegistration", "desk-settings-legal-id", { autocomplete: "off" })}
        {field("legalAddress", "desk-settings-legal-address", { autocomplete: "street-address" })}
        <div class="actions">
          <button type="submit">{t("desk-settings-save")}</button>
        </div>
      </form>
      <h2>{t("desk-settings-policy")}</h2>
      <PolicyWords page={page} business={business} />
      <p class="muted">{t("desk-policy-how")}</p>
    </Layout>
  );
}

export function SettingsChoicePage(props: {
  page: DeskPage;
  businesses: readonly { id: string; name: string }[];
}) {
  const t = props.page.text;
  return (
    <Layout page={props.page} title={t("desk-nav-settings")}>
      <p>{t("desk-settings-choose")}</p>
      <ul>
        {props.businesses.map((b) => (
          <li>
            <a href={`/admin/businesses/${b.id}/settings`}>{b.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
