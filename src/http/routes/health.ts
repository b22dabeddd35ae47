import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";

/** GET /healthz: the process is up. GET /readyz: Postgres and Redis answer (503 otherwise). */
export function healthRoutes(deps: Pick<AppDeps, "health">): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const [postgres, redis] = await Promise.all([
      deps.health.postgres().catch(() => false),
      deps.health.redis().catch(() => false),
    ]);
    const ready = postgres && redis;
    return c.json(
      { status: ready ? "ready" : "not_ready", checks: { postgres, redis } },
      ready ? 200 : 503,
    );
  });
  return app;
}
