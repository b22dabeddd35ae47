import { Layout } from "./layout.tsx";
import type { DeskPage } from "./page.ts";

/** GET /admin/login: e-mail and password, the form's CSRF token, and why the last try failed. */
export function LoginPage(props: {
  page: DeskPage;
  csrfToken: string;
  next: string;
  email?: string;
  error?: string;
}) {
  const { page } = props;
  const t = page.text;
  return (
    <Layout page={page} title={t("desk-login-title")}>
      <form class="login card" method="post" action="/admin/login">
        {props.error ? (
          <p class="bad" role="alert" id="login-error">
            {props.error}
          </p>
        ) : null}
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <label for="login-email">{t("desk-login-email")}</label>
        <input
          id="login-email"
          name="email"
          type="text"
          inputmode="email"
          autocomplete="username"
          required
          value={props.email ?? ""}
          aria-describedby={props.error ? "login-error" : undefined}
        />
        <label for="login-password">{t("desk-login-password")}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <div class="actions">
          <button type="submit">{t("desk-login-submit")}</button>
        </div>
      </form>
    </Layout>
  );
}
