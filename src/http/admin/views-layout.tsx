import type { Child } from "hono/jsx";
import type { Locale } from "../../core/types.ts";
import { type ViewsText, viewsText } from "../../messages/views-text.ts";
import { VIEWS_STYLE } from "./views-style.ts";

/**
 * A minimal page frame for the desk's read pages, standing in for the desk's shared layout
 * (branch `desk`, src/http/admin/layout.tsx) with the same signature — `Layout({ page, title,
 * children })`, `documentHtml(element)` — and a `page` shaped like its `DeskPage`, so the lead
 * swaps this file's import for that one. Texts from Fluent in the viewer's business language.
 */

export type ViewsNavKey = "dashboard" | "cases" | "exports";

/** What every read page is rendered with (the fields of the desk's `DeskPage` it needs). */
export interface ViewsPage {
  readonly locale: Locale;
  readonly text: ViewsText;
  /** IANA zone instants are shown in (the business's). */
  readonly timezone: string;
  /** The desk fills these in; under today's Basic login there is no session to show. */
  readonly viewer: null;
  readonly csrfToken: string | null;
  readonly current?: ViewsNavKey;
}

export function viewsPage(args: {
  readonly locale: Locale;
  readonly timezone?: string;
  readonly current?: ViewsNavKey;
}): ViewsPage {
  return {
    locale: args.locale,
    text: viewsText(args.locale),
    timezone: args.timezone ?? "Europe/Paris",
    viewer: null,
    csrfToken: null,
    ...(args.current ? { current: args.current } : {}),
  };
}

const NAV = [
  { key: "dashboard", href: "/admin/dashboard", label: "views-nav-dashboard" },
  { key: "cases", href: "/admin/cases", label: "views-nav-cases" },
  { key: "exports", href: "/admin/exports", label: "views-nav-exports" },
  { key: "agreements", href: "/admin/agreements", label: "views-nav-agreements" },
  { key: "audit", href: "/admin/audit", label: "views-nav-audit" },
] as const;

export function Layout(props: { page: ViewsPage; title: string; children?: Child }) {
  const { page } = props;
  const t = page.text;
  return (
    <html lang={page.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} · ${t("views-site")}`}</title>
        <style dangerouslySetInnerHTML={{ __html: VIEWS_STYLE }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t("views-skip")}
        </a>
        <header class="site">
          <p>{t("views-site")}</p>
          <nav aria-label={t("views-nav-label")}>
            <ul>
              {NAV.map((item) => (
                <li>
                  <a href={item.href} aria-current={page.current === item.key ? "page" : undefined}>
                    {t(item.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A whole HTML document: the doctype, then the page. */
export function documentHtml(element: unknown): string {
  return `<!doctype html>\n${String(element)}`;
}
