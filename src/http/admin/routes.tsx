import { Hono, type MiddlewareHandler } from "hono";
import { RelanceErrorCode } from "../../error-codes.ts";
import type { Logger } from "../../logger.ts";
import type { AdminDeps } from "../../runtime/ports/admin.ts";
import { LoginThrottle } from "../login-throttle.ts";
import { agreementRoutes } from "./agreement-routes.tsx";
import { DESK_HEADERS, DESK_STYLE_PATH, deskStylesheet } from "./assets.ts";
import { AuditPage } from "./audit-page.tsx";
import { bootstrapMatches, clientAddress } from "./basic-auth.ts";
import { browserLocale } from "./locale.ts";
import { MessagePage } from "./message-page.tsx";
import { notFoundPage } from "./not-found.tsx";
import { deskPage } from "./page.ts";
import { renderPage } from "./render.ts";
import type { DeskEnv, DeskSession } from "./session-env.ts";

export const ADMIN_REALM = 'Basic realm="Relance admin", charset="UTF-8"';

/** `user` and `password` of a Basic header; null when there is none or it is malformed. */
function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { user: decoded.slice(0, 64), password: "" };
  return { user: decoded.slice(0, colon).slice(0, 64), password: decoded.slice(colon + 1) };
}

function adminSession(): DeskSession {
  const viewer = { email: "admin", role: "admin" as const };
  return {
    viewer,
    csrfToken: "",
    canSee: () => true,
    visibleBusinessIds: () => undefined,
    page: ({ current, business }) =>
      deskPage({
        locale: business?.locale ?? "fr",
        ...(business ? { timezone: business.timezone } : {}),
        viewer,
        csrfToken: "",
        ...(current ? { current } : {}),
      }),
  };
}

function requireAdmin(
  password: string,
  throttle: LoginThrottle,
  logger: Pick<Logger, "warn">,
): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const page = deskPage({
      locale: browserLocale(c.req.header("accept-language")),
      viewer: null,
      csrfToken: null,
    });
    const signIn = () => {
      c.header("WWW-Authenticate", ADMIN_REALM);
      return renderPage(c, 401, <MessagePage page={page} title={page.text("desk-app")} />);
    };
    // A browser's first request carries no credentials: it is not an attempt.
    if (header === undefined) return signIn();
    const address = clientAddress(c);
    const credentials = basicCredentials(header);
    const user = credentials?.user ?? "";
    // Throttled before the password is checked: a guess made while throttled tells nothing.
    const verdict = throttle.check(address, user);
    if (!verdict.ok) {
      logger.warn({ code: RelanceErrorCode.AdminLoginThrottled }, "admin login throttled");
      c.header("Retry-After", String(Math.ceil(verdict.retryAfterMs / 1000)));
      return renderPage(c, 429, <MessagePage page={page} title={page.text("desk-app")} />);
    }
    if (credentials === null || !bootstrapMatches(user, credentials.password, password)) {
      throttle.failed(address, user);
      return signIn();
    }
    throttle.succeeded(address);
    c.set("desk", adminSession());
    await next();
  };
}

/**
 * /admin: the owner's desk. Every page is built with Hono's JSX in one layout (escaped by
 * default), in the business's language, with one stylesheet served from here and a CSP that
 * allows nothing else.
 */
export function adminRoutes(admin: AdminDeps, logger: Logger): Hono {
  const app = new Hono<DeskEnv>();

  app.use(async (c, next) => {
    await next();
    if (c.req.path === DESK_STYLE_PATH) return;
    for (const [name, value] of Object.entries(DESK_HEADERS)) c.res.headers.set(name, value);
  });
  // The stylesheet is public: the sign-in page needs it too.
  app.get(DESK_STYLE_PATH.slice("/admin".length), () => deskStylesheet());
  app.use(requireAdmin(admin.password, admin.loginThrottle ?? new LoginThrottle(), logger));

  app.route("/agreements", agreementRoutes(admin.store));

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
