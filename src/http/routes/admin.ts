import { createHash, timingSafeEqual } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { RelanceErrorCode } from "../../error-codes.ts";
import { fieldErrors, instantSchema, isoDateSchema } from "../../intake/fields.ts";
import { uuidSchema } from "../../intake/invoice-input.ts";
import type { Logger } from "../../logger.ts";
import type { AdminDeps } from "../../runtime/ports/admin.ts";
import { viewsRoutes } from "../admin/views-routes.tsx";
import { ADMIN_HEADERS } from "../admin-html.ts";
import {
  AGREEMENT_STATUSES,
  type AgreementFilters,
  renderAgreementDetail,
  renderAgreementList,
  renderAuditReport,
  renderBadFilters,
  renderMessagePage,
} from "../admin-pages.ts";
import { cursorSchema, encodeCursor } from "../cursor.ts";
import { LoginThrottle } from "../login-throttle.ts";

const PAGE_SIZE = 50;
const MAX_PAGE = 200;
const ADMIN_USER = "admin";
export const ADMIN_REALM = 'Basic realm="Relance admin", charset="UTF-8"';

/** A day (`YYYY-MM-DD`, midnight UTC) or an instant — as GET /api/agreements reads them. */
const boundSchema = z.union(
  [isoDateSchema.transform((d) => new Date(`${d}T00:00:00Z`)), instantSchema],
  { error: "expected a date YYYY-MM-DD or an ISO 8601 date-time with zone" },
);

/** The filter form submits every field, empty ones too: empty means "no filter". */
const blankIsAbsent = (value: unknown) => (value === "" ? undefined : value);

const filterSchema = z
  .object({
    businessId: z.preprocess(blankIsAbsent, uuidSchema.optional()),
    status: z.preprocess(
      blankIsAbsent,
      z.enum(AGREEMENT_STATUSES, { error: `expected ${AGREEMENT_STATUSES.join(", ")}` }).optional(),
    ),
    /** Created at or after. */
    from: z.preprocess(blankIsAbsent, boundSchema.optional()),
    /** Created before. */
    to: z.preprocess(blankIsAbsent, boundSchema.optional()),
    cursor: z.preprocess(
      blankIsAbsent,
      cursorSchema("not a cursor from a Next page link").optional(),
    ),
    limit: z.preprocess(
      blankIsAbsent,
      z.coerce.number().int().min(1).max(MAX_PAGE).default(PAGE_SIZE),
    ),
  })
  .strict();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * HTTP Basic, user `admin`. Both sides are hashed first so `timingSafeEqual` compares equal
 * lengths and the time taken says nothing about the password's length or content.
 */
export function basicAuthMatches(header: string | undefined, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  const given = match?.[1] === undefined ? "" : Buffer.from(match[1], "base64").toString("utf8");
  // `user:password` with a user that cannot hold ":" (RFC 7617): equal strings ⇔ both parts equal.
  const ok = timingSafeEqual(sha256(given), sha256(`${ADMIN_USER}:${password}`));
  return ok && match !== null;
}

function html(c: Context, status: 200 | 400 | 401 | 404 | 429 | 500, page: string): Response {
  return c.html(page, status);
}

/** The user name of a Basic header ("" when there is none): the per-user throttle's key. */
function basicUser(header: string | undefined): string {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (match?.[1] === undefined) return "";
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  return decoded.slice(0, Math.max(0, decoded.indexOf(":"))).slice(0, 64);
}

/** The TCP peer's address; "unknown" when not served by @hono/node-server (app.request in tests). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

function requireAdmin(
  password: string,
  throttle: LoginThrottle,
  logger: Pick<Logger, "warn">,
): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const signIn = () => {
      c.header("WWW-Authenticate", ADMIN_REALM);
      return html(c, 401, renderMessagePage("Sign in", "The admin pages need the admin login."));
    };
    // A browser's first request carries no credentials: it is not an attempt.
    if (header === undefined) return signIn();
    const address = clientAddress(c);
    const user = basicUser(header);
    // Throttled before the password is checked: a guess made while throttled tells nothing.
    const verdict = throttle.check(address, user);
    if (!verdict.ok) {
      logger.warn({ code: RelanceErrorCode.AdminLoginThrottled }, "admin login throttled");
      c.header("Retry-After", String(Math.ceil(verdict.retryAfterMs / 1000)));
      return html(
        c,
        429,
        renderMessagePage("Too many attempts", "Too many failed sign-ins. Wait, then try again."),
      );
    }
    if (!basicAuthMatches(header, password)) {
      throttle.failed(address, user);
      return signIn();
    }
    throttle.succeeded(address);
    await next();
  };
}

/**
 * /admin: the agreement log and the audit chain check, as plain HTML pages behind HTTP Basic.
 * Mounted by createApp only when an admin password is configured; otherwise /admin is a 404.
 */
export function adminRoutes(admin: AdminDeps, logger: Logger, now: () => Date): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(ADMIN_HEADERS)) c.res.headers.set(name, value);
  });
  app.use(requireAdmin(admin.password, admin.loginThrottle ?? new LoginThrottle(), logger));

  app.get("/agreements", async (c) => {
    const raw = c.req.query();
    const parsed = filterSchema.safeParse(raw);
    if (!parsed.success) return html(c, 400, renderBadFilters(fieldErrors(parsed.error)));
    const query = parsed.data;
    const rows = await admin.store.listAgreements({
      businessId: query.businessId,
      status: query.status,
      from: query.from,
      to: query.to,
      after: query.cursor,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const filters: AgreementFilters = {
      businessId: raw.businessId,
      status: raw.status,
      from: raw.from,
      to: raw.to,
    };
    let next: string | null = null;
    if (rows.length > query.limit && last !== undefined) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) {
        if (value !== undefined && value !== "") params.set(key, value);
      }
      if (raw.limit !== undefined && raw.limit !== "") params.set("limit", String(query.limit));
      params.set("cursor", encodeCursor(last));
      next = `/admin/agreements?${params.toString()}`;
    }
    return html(c, 200, renderAgreementList(items, filters, next));
  });

  app.get("/agreements/:id", async (c) => {
    const id = c.req.param("id");
    const agreement = UUID.test(id) ? await admin.store.getAgreement(id.toLowerCase()) : null;
    if (agreement === null) {
      return html(c, 404, renderMessagePage("Not found", "There is no agreement with this id."));
    }
    return html(c, 200, renderAgreementDetail(agreement));
  });

  // A full scan of the audit log, run only when this page is asked for.
  app.get("/audit", async (c) => html(c, 200, renderAuditReport(await admin.store.verifyAudit())));

  if (admin.views) app.route("/", viewsRoutes({ store: admin.views, now, logger }));

  // After the routes: an unknown admin path (signed in) is a page too, not the API's JSON 404.
  app.all("*", (c) => html(c, 404, renderMessagePage("Not found", "No such admin page.")));
  app.onError((error, c) => {
    logger.error({ err: error, route: c.req.routePath }, "unhandled error");
    return html(c, 500, renderMessagePage("Error", "Something went wrong on our side."));
  });
  return app;
}
