import type { Child } from "hono/jsx";
import type { Locale } from "../../core/types.ts";
import { t } from "../../messages/index.ts";
import { VIEWS_STYLE } from "./views-style.ts";

/**
 * A minimal page frame for the desk's read pages, until the desk's shared layout lands: the lead
 * swaps this one function for it. Texts from Fluent in the viewer's business language.
 */

export type ViewsSection = "dashboard" | "cases" | "exports";

const NAV: readonly { section?: ViewsSection; href: string; text: string }[] = [
  { section: "dashboard", href: "/admin/dashboard", text: "views-nav-dashboard" },
  { section: "cases", href: "/admin/cases", text: "views-nav-cases" },
  { section: "exports", href: "/admin/exports", text: "views-nav-exports" },
  { href: "/admin/agreements", text: "views-nav-agreements" },
  { href: "/admin/audit", text: "views-nav-audit" },
];

export interface LayoutProps {
  readonly locale: Locale;
  /** The page's h1 and, with the site's name, its <title>. Text. */
  readonly title: string;
  readonly current?: ViewsSection;
  readonly children?: Child;
}

export function Layout({ locale, title, current, children }: LayoutProps) {
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${t(locale, "views-site")}`}</title>
        <style dangerouslySetInnerHTML={{ __html: VIEWS_STYLE }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t(locale, "views-skip")}
        </a>
        <header class="site">
          <p>{t(locale, "views-site")}</p>
          <nav aria-label={t(locale, "views-nav-label")}>
            <ul>
              {NAV.map((item) => (
                <li>
                  <a
                    href={item.href}
                    aria-current={
                      item.section !== undefined && item.section === current ? "page" : undefined
                    }
                  >
                    {t(locale, item.text)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** The whole document, doctype first. */
export function renderPage(page: Child): string {
  return `<!doctype html>${String(page)}`;
}
