import { Hono } from "hono";
import type { Logger } from "../../logger.ts";
import type { AdminDeps } from "../deps.ts";
import { LoginThrottle } from "../login-throttle.ts";
import { agreementRoutes } from "./agreement-routes.tsx";
import { DESK_HEADERS, DESK_STYLE_PATH, deskStylesheet } from "./assets.ts";
import { AuditPage } from "./audit-page.tsx";
import { mountLogin, requireSession } from "./auth.tsx";
import { experimentsRoutes } from "./experiments-routes.tsx";
import { inboxRoutes } from "./inbox-routes.tsx";
import { browserLocale } from "./locale.ts";
import { MessagePage } from "./message-page.tsx";
import { notFoundPage } from "./not-found.tsx";
import { deskPage } from "./page.ts";
import { renderPage } from "./render.ts";
import type { DeskEnv } from "./session-env.ts";
import { settingsRoutes } from "./settings-routes.tsx";
import { viewsRoutes } from "./views-routes.tsx";

/**
 * /admin: the owner's desk. Every page is built with Hono's JSX in one layout (escaped by
 * default), in the business's language, with one stylesheet served from here and a CSP that
 * allows nothing else.
 */
export function adminRoutes(admin: AdminDeps, logger: Logger, now: () => Date): Hono {
  const app = new Hono<DeskEnv>();

  app.use(async (c, next) => {
    await next();
    if (c.req.path === DESK_STYLE_PATH) return;
    for (const [name, value] of Object.entries(DESK_HEADERS)) c.res.headers.set(name, value);
  });
  // The stylesheet is public: the sign-in page needs it too.
  app.get(DESK_STYLE_PATH.slice("/admin".length), () => deskStylesheet());
  const auth = {
    users: admin.users,
    ...(admin.bootstrapPassword ? { bootstrapPassword: admin.bootstrapPassword } : {}),
    throttle: admin.loginThrottle ?? new LoginThrottle(),
    now,
    secureCookies: admin.secureCookies ?? false,
    logger,
  };
  mountLogin(app, auth);
  app.use(requireSession(auth));

  app.route("/", inboxRoutes(admin, now));
  app.route("/agreements", agreementRoutes(admin.store));
  app.route("/", settingsRoutes(admin.store));
  if (admin.experiments) {
    app.route("/", experimentsRoutes({ store: admin.store, experiments: admin.experiments, now }));
  }
  const views = admin.views;
  if (views) {
    app.route(
      "/",
      viewsRoutes({
        store: views,
        ...(admin.experiments ? { experiments: admin.experiments } : {}),
        now,
        ...(admin.links ? { links: admin.links } : {}),
        ...(admin.reissueLinks ? { reissueLinks: admin.reissueLinks } : {}),
        // An owner sees their businesses; an admin (no list) every one.
        scopeOf: async (c) => ({
          businessIds: c.get("desk").visibleBusinessIds() ?? (await views.allBusinessIds()),
        }),
      }),
    );
  }

  // A full scan of the audit log, run only when this page is asked for.
  app.get("/audit", async (c) => {
    const desk = c.get("desk");
    const page = desk.page({ current: "audit", business: null });
    if (desk.viewer.role !== "admin") return notFoundPage(c, page);
    return renderPage(c, 200, <AuditPage page={page} report={await admin.store.verifyAudit()} />);
  });

  // After the routes: an unknown admin path (signed in) is a page too, not the API's JSON 404.
  app.all("*", (c) => notFoundPage(c, c.get("desk").page({ business: null })));
  app.onError((error, c) => {
    logger.error({ err: error, route: c.req.routePath }, "unhandled error");
    const page = deskPage({
      locale: browserLocale(c.req.header("accept-language")),
      viewer: null,
      csrfToken: null,
    });
    const t = page.text;
    return renderPage(
      c,
      500,
      <MessagePage page={page} title={t("desk-error-title")}>
        <p>{t("desk-error-body")}</p>
      </MessagePage>,
    );
  });
  return app as unknown as Hono;
}
