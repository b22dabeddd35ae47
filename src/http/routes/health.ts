import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";

/** GET /healthz: the process is up. GET /readyz: Postgres answers and is migrated, and Redis
 *  answers (503 otherwise, naming the failing check). */
export function healthRoutes(deps: Pick<AppDeps, "health">): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const { migrations: probeMigrations } = deps.health;
    const [postgres, migrations, redis] = await Promise.all([
      deps.health.postgres().catch(() => false),
      probeMigrations ? probeMigrations().catch(() => false) : Promise.resolve(undefined),
      deps.health.redis().catch(() => false),
    ]);
    const ready = postgres && migrations !== false && redis;
    return c.json(
      {
        status: ready ? "ready" : "not_ready",
        checks: { postgres, ...(migrations === undefined ? {} : { migrations }), redis },
      },
      ready ? 200 : 503,
    );
  });
  return app;
}
