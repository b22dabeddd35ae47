import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { unavailableDependency } from "../outage-tracker.ts";
import type { Dependency } from "../runtime/index.ts";
import { adminRoutes } from "./admin/routes.tsx";
import type { AppDeps } from "./deps.ts";
import { ApiError, type ErrorBody, ErrorCode } from "./errors.ts";
import { limitAnyBody, limitBody, requireBearer, requireJson } from "./guards.ts";
import { agreementRoutes } from "./routes/agreements.ts";
import { businessRoutes } from "./routes/businesses.ts";
import { caseRoutes } from "./routes/cases.ts";
import { healthRoutes } from "./routes/health.ts";
import { invoiceRoutes } from "./routes/invoices.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { Telemetry } from "./telemetry.ts";

export type { AppDeps } from "./deps.ts";

/** Requests made every few seconds by machines (the web chat's poll, probes, scrapes): logged at
 *  debug, or the log is nothing but them. Failures are logged at info like everything else. */
/** Inbound traffic from platforms and debtors, timed by `relance_webhook_duration_seconds`. */
const INBOUND_ROUTE = /^\/(webhooks|slack|chat)\//;

const QUIET_ROUTES: ReadonlySet<string> = new Set([
  "GET /chat/:token/messages",
  "GET /healthz",
  "GET /readyz",
  "GET /metrics",
]);

/**
 * The HTTP application. Tests call `app.request(...)`; src/main.ts serves it with
 * @hono/node-server. Webhook routes mount outside /api: they need the raw body and their own
 * verification, not the bearer token or JSON check; only the global body limit runs before them.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  const telemetry = deps.telemetry ?? new Telemetry();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    if (c.req.method === "POST" && INBOUND_ROUTE.test(c.req.routePath)) {
      telemetry.observeWebhook(c.req.routePath, c.res.status, (performance.now() - started) / 1000);
    }
    const routine = QUIET_ROUTES.has(`${c.req.method} ${c.req.routePath}`) && c.res.status < 500;
    deps.logger[routine ? "debug" : "info"](
      {
        method: c.req.method,
        // The route pattern, not the path: paths can carry tokens.
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });

  // While Postgres is known down, a request that needs it answers 503 at once instead of waiting
  // for a connection (platforms redeliver their webhooks; clients retry after Retry-After).
  // Slack's route acknowledges first and retries its work itself (bot/slack/listeners.ts).
  app.use(async (c, next) => {
    if (deps.outages?.isDown("postgres") && needsDatabase(c.req.path)) {
      return unavailable(c, "postgres");
    }
    await next();
  });

  // A body refused unread (413, here or by a route's own limit) leaves its bytes on the
  // connection: close it, or a client that reuses the connection (keep-alive) has its next
  // request dropped with this one's unread body.
  app.use(async (c, next) => {
    await next();
    if (c.res.status === 413) c.res.headers.set("Connection", "close");
  });

  // Before every route, mounted webhooks included: no body larger than the largest any route
  // accepts is ever held in memory. Routes keep their own, tighter limits.
  app.use(limitAnyBody());

  app.route("/", healthRoutes(deps));
  app.route("/", metricsRoutes(deps, telemetry));

  const api = new Hono();
  api.use(requireBearer(deps.apiToken), requireJson(), limitBody());
  api.route("/businesses", businessRoutes(deps));
  api.route("/invoices", invoiceRoutes(deps));
  api.route("/cases", caseRoutes(deps));
  api.route("/agreements", agreementRoutes(deps));
  app.route("/api", api);
  if (deps.admin) app.route("/admin", adminRoutes(deps.admin, deps.logger, deps.now));
  deps.mount?.(app);

  app.notFound((c) =>
    c.json<ErrorBody>({ error: { code: ErrorCode.NotFound, message: "no such route" } }, 404),
  );

  // The one error boundary: anything thrown becomes `{ error: { code, message } }`, never a stack.
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status);
    // Postgres or Redis gone: said once per outage by the tracker, not once per request. The
    // platforms' webhooks rethrow these to here, so Telegram and Meta get a 503 and redeliver.
    const dependency = unavailableDependency(error);
    if (dependency !== null) {
      deps.outages?.failed(dependency, error);
      return unavailable(c, dependency);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json<ErrorBody>(
        { error: { code: codeForStatus(error.status), message: error.message || "bad request" } },
        error.status,
      );
    }
    deps.logger.error({ err: error, route: c.req.routePath }, "unhandled error");
    return c.json<ErrorBody>(
      { error: { code: ErrorCode.Internal, message: "something went wrong on our side" } },
      500,
    );
  });

  return app;
}

/** Routes that answer without Postgres: the probes, and the scrape (which says what is down). */
const WITHOUT_DATABASE: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);

function needsDatabase(path: string): boolean {
  return !WITHOUT_DATABASE.has(path) && !path.startsWith("/slack/");
}

/** Seconds a client is asked to wait before trying again: about what a restart of Postgres or
 *  Redis takes, and the outage tracker notices recovery within a second. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function unavailable(c: Context, dependency: Dependency): Response {
  c.header("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  return c.json<ErrorBody>(
    dependency === "postgres"
      ? {
          error: {
            code: ErrorCode.DatabaseUnavailable,
            message: "the database is unavailable; try again shortly",
          },
        }
      : {
          error: {
            code: ErrorCode.QueueUnavailable,
            message: "the job queue is unavailable; try again shortly",
          },
        },
    503,
  );
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.Unauthorized;
    case 404:
      return ErrorCode.NotFound;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 415:
      return ErrorCode.UnsupportedMediaType;
    default:
      return ErrorCode.ValidationFailed;
  }
}
