import type { Child } from "hono/jsx";
import { DESK_STYLE_PATH } from "./assets.ts";
import type { DeskNavKey, DeskPage } from "./page.ts";

/**
 * The one frame of every desk page: a skip link, the navigation, who is signed in and a sign-out
 * button (a POST carrying the CSRF token), then the page's own content under its one <h1>.
 * Everything is escaped by Hono's JSX; no script runs on any page.
 */

const NAV: readonly {
  readonly key: DeskNavKey;
  readonly href: string;
  readonly label: `desk-nav-${DeskNavKey}`;
  readonly adminOnly?: boolean;
}[] = [
  { key: "inbox", href: "/admin", label: "desk-nav-inbox" },
  { key: "dashboard", href: "/admin/dashboard", label: "desk-nav-dashboard" },
  { key: "cases", href: "/admin/cases", label: "desk-nav-cases" },
  { key: "agreements", href: "/admin/agreements", label: "desk-nav-agreements" },
  { key: "exports", href: "/admin/exports", label: "desk-nav-exports" },
  { key: "experiments", href: "/admin/experiments", label: "desk-nav-experiments" },
  { key: "settings", href: "/admin/settings", label: "desk-nav-settings" },
  { key: "audit", href: "/admin/audit", label: "desk-nav-audit", adminOnly: true },
];

export function Layout(props: { page: DeskPage; title: string; children?: Child }) {
  const { page } = props;
  const t = page.text;
  return (
    <html lang={page.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{t("desk-page-title", { title: props.title })}</title>
        <link rel="stylesheet" href={DESK_STYLE_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t("desk-skip")}
        </a>
        <header class="top">
          <div class="top-in">
            <span class="brand">{t("desk-app")}</span>
            {page.viewer ? (
              <>
                <nav class="nav" aria-label={t("desk-nav-label")}>
                  <ul>
                    {NAV.filter((item) => !item.adminOnly || page.viewer?.role === "admin").map(
                      (item) => (
                        <li>
                          <a
                            href={item.href}
                            aria-current={page.current === item.key ? "page" : undefined}
                          >
                            {t(item.label)}
                          </a>
                        </li>
                      ),
                    )}
                  </ul>
                </nav>
                <form class="who" method="post" action="/admin/logout">
                  <span>{t("desk-signed-in-as", { email: page.viewer.email })}</span>
                  <CsrfField page={page} />
                  <button type="submit" class="link">
                    {t("desk-logout")}
                  </button>
                </form>
              </>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The hidden CSRF field every POST form carries (checked by the desk's session middleware). */
export function CsrfField(props: { page: DeskPage }) {
  return props.page.csrfToken === null ? null : (
    <input type="hidden" name="_csrf" value={props.page.csrfToken} />
  );
}

/** A whole HTML document: the doctype, then the page. */
export function documentHtml(element: unknown): string {
  return `<!doctype html>\n${String(element)}`;
}
