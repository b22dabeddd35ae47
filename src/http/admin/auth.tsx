import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { RelanceErrorCode } from "../../error-codes.ts";
import { hasControlCharacter } from "../../intake/index.ts";
import type { Logger } from "../../logger.ts";
import type { DeskSessionRecord, DeskUserStore } from "../../runtime/index.ts";
import type { LoginThrottle } from "../login-throttle.ts";
import { bootstrapMatches, clientAddress } from "./basic-auth.ts";
import { browserLocale } from "./locale.ts";
import { LoginPage } from "./login-page.tsx";
import { MessagePage } from "./message-page.tsx";
import { type DeskPage, deskPage } from "./page.ts";
import { verifyPassword } from "./password.ts";
import { renderPage } from "./render.ts";
import type { DeskEnv, DeskSession } from "./session-env.ts";

/**
 * Signing in to the desk: a form (e-mail, password, CSRF token), scrypt-checked passwords,
 * throttled failures, and a session cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS) whose
 * token is stored only as its SHA-256. Every POST behind the sign-in carries the session's CSRF
 * token (`_csrf`), compared in constant time.
 */

export const SESSION_COOKIE = "relance_desk";
/** The sign-in form's own CSRF token, before any session exists (double submit). */
export const LOGIN_CSRF_COOKIE = "relance_desk_login";
export const SESSION_HOURS = 12;
/** The bootstrap login's user name (ADMIN_PASSWORD), refused once an admin user exists. */
export const BOOTSTRAP_USER = "admin";

export interface DeskAuthDeps {
  readonly users: DeskUserStore;
  /** ADMIN_PASSWORD: signs in as `admin` until `npm run user:create` made an admin. */
  readonly bootstrapPassword?: string;
  readonly throttle: LoginThrottle;
  readonly now: () => Date;
  /** PUBLIC_URL is https: cookies are Secure whatever the proxy says. */
  readonly secureCookies: boolean;
  readonly logger: Pick<Logger, "warn">;
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const newToken = () => randomBytes(32).toString("base64url");

function sameToken(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && expected !== "";
}

/**
 * The posted form, or an empty one when the body is no form (a multipart body without its
 * boundary, a truncated one): the request is then refused like one without its CSRF token,
 * instead of the parser's error becoming a 500.
 */
async function readForm(c: Context): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}

function isHttps(c: Context, deps: DeskAuthDeps): boolean {
  return (
    deps.secureCookies ||
    c.req.header("x-forwarded-proto") === "https" ||
    new URL(c.req.url).protocol === "https:"
  );
}

/** Where to go after signing in: a desk path only (never another site). */
function safeNext(value: unknown): string {
  return typeof value === "string" &&
    /^\/admin(\/[^\s\\]*)?$/.test(value) &&
    !value.startsWith("//")
    ? value
    : "/admin";
}

function anonymousPage(c: Context): DeskPage {
  return deskPage({
    locale: browserLocale(c.req.header("accept-language")),
    viewer: null,
    csrfToken: null,
  });
}

/** The signed-in viewer, as the pages and the route guards see them. */
export function deskSession(record: DeskSessionRecord): DeskSession {
  const user = record.user;
  const viewer = user
    ? { email: user.email, role: user.role }
    : { email: BOOTSTRAP_USER, role: "admin" as const };
  const visible = user && user.role === "owner" ? new Set(user.businessIds) : null;
  return {
    viewer,
    csrfToken: record.csrfToken,
    canSee: (businessId) => visible === null || visible.has(businessId),
    visibleBusinessIds: () => (visible === null ? undefined : [...visible]),
    page: ({ current, business }) =>
      deskPage({
        locale: business?.locale ?? user?.locale ?? "fr",
        ...(business ? { timezone: business.timezone } : {}),
        viewer,
        csrfToken: record.csrfToken,
        ...(current ? { current } : {}),
      }),
  };
}

function loginForm(
  c: Context,
  deps: DeskAuthDeps,
  status: 200 | 401 | 403 | 429,
  args: { next: string; email?: string; error?: string },
): Response {
  const token = newToken();
  setCookie(c, LOGIN_CSRF_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c, deps),
    path: "/admin/login",
    maxAge: 3600,
  });
  return renderPage(c, status, <LoginPage page={anonymousPage(c)} csrfToken={token} {...args} />);
}

/** GET and POST /admin/login, POST /admin/logout: mounted before the session guard. */
export function mountLogin(app: Hono<DeskEnv>, deps: DeskAuthDeps): void {
  app.get("/login", (c) => loginForm(c, deps, 200, { next: safeNext(c.req.query("next")) }));

  app.post("/login", async (c) => {
    const form = await readForm(c);
    const email = typeof form.email === "string" ? form.email.trim().slice(0, 254) : "";
    const password = typeof form.password === "string" ? form.password : "";
    const next = safeNext(form.next);
    const t = anonymousPage(c).text;
    const expected = getCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    if (typeof form._csrf !== "string" || !sameToken(form._csrf, expected)) {
      return loginForm(c, deps, 403, { next, email, error: t("desk-csrf-failed") });
    }
    const address = clientAddress(c);
    const key = email.toLowerCase();
    // Throttled before the password is checked: a guess made while throttled tells nothing.
    const verdict = deps.throttle.check(address, key);
    if (!verdict.ok) {
      deps.logger.warn({ code: RelanceErrorCode.AdminLoginThrottled }, "admin login throttled");
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      c.header("Retry-After", String(seconds));
      return loginForm(c, deps, 429, {
        next,
        email,
        error: t("desk-login-throttled", { minutes: Math.max(1, Math.ceil(seconds / 60)) }),
      });
    }
    const userId = await checkCredentials(deps, key, password);
    if (userId === false) {
      deps.throttle.failed(address, key);
      return loginForm(c, deps, 401, { next, email, error: t("desk-login-failed") });
    }
    deps.throttle.succeeded(address);
    const token = newToken();
    const now = deps.now();
    await deps.users.createSession({
      tokenHash: sha256Hex(token),
      userId,
      csrfToken: newToken(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: "/admin/login" });
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      secure: isHttps(c, deps),
      path: "/admin",
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect(next, 303);
  });

  app.post("/logout", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const record = await deps.users.findSession(sha256Hex(token), deps.now());
      const form = await readForm(c);
      if (
        record === null ||
        typeof form._csrf !== "string" ||
        !sameToken(form._csrf, record.csrfToken)
      ) {
        return csrfRefused(c);
      }
      await deps.users.deleteSession(sha256Hex(token));
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/admin" });
    return c.redirect("/admin/login", 303);
  });
}

/** The user's id, null for the bootstrap admin, false when the e-mail and password do not match. */
async function checkCredentials(
  deps: DeskAuthDeps,
  email: string,
  password: string,
): Promise<string | null | false> {
  if (email === BOOTSTRAP_USER) {
    // A documented name, compared in constant time (no e-mail address is ever "admin").
    const bootstrap = deps.bootstrapPassword;
    const ok = bootstrap !== undefined && bootstrapMatches(email, password, bootstrap);
    return ok && !(await deps.users.hasAdmin()) ? null : false;
  }
  // A NUL or a lone surrogate cannot even be compared by Postgres (an error, not "no such
  // user"): such an e-mail names nobody, and the password is still checked for the same time.
  const user = hasControlCharacter(email) ? null : await deps.users.findUserByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  return ok && user ? user.id : false;
}

function csrfRefused(c: Context): Response {
  const page = anonymousPage(c);
  return renderPage(
    c,
    403,
    <MessagePage page={page} title={page.text("desk-csrf-title")}>
      <p>{page.text("desk-csrf-failed")}</p>
    </MessagePage>,
  );
}

/**
 * Every desk route behind it needs a live session: a page request without one goes to the
 * sign-in form (and comes back after); a POST without the session's CSRF token is refused (403)
 * before any handler reads it.
 */
export function requireSession(deps: DeskAuthDeps): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const record = token ? await deps.users.findSession(sha256Hex(token), deps.now()) : null;
    if (record === null) {
      if (c.req.method === "GET" || c.req.method === "HEAD") {
        const target = safeNext(new URL(c.req.url).pathname);
        return c.redirect(`/admin/login?next=${encodeURIComponent(target)}`, 303);
      }
      return csrfRefused(c);
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const form = await readForm(c);
      if (typeof form._csrf !== "string" || !sameToken(form._csrf, record.csrfToken)) {
        return csrfRefused(c);
      }
    }
    c.set("desk", deskSession(record));
    await next();
  };
}
