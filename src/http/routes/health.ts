import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";

/** GET /healthz: the process is up. GET /readyz: Postgres answers and is migrated, Redis answers,
 *  and — where workers run — the job schedulers that keep time exist (503 otherwise, naming the
 *  failing check). */
export function healthRoutes(deps: Pick<AppDeps, "health">): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const { migrations: probeMigrations, schedulers: probeSchedulers } = deps.health;
    const [postgres, migrations, redis, schedulers] = await Promise.all([
      deps.health.postgres().catch(() => false),
      probeMigrations ? probeMigrations().catch(() => false) : Promise.resolve(undefined),
      deps.health.redis().catch(() => false),
      probeSchedulers ? probeSchedulers().catch(() => false) : Promise.resolve(null),
    ]);
    const ready = postgres && migrations !== false && redis && schedulers !== false;
    return c.json(
      {
        status: ready ? "ready" : "not_ready",
        checks: {
          postgres,
          ...(migrations === undefined ? {} : { migrations }),
          redis,
          ...(schedulers === null ? {} : { schedulers }),
        },
      },
      ready ? 200 : 503,
    );
  });
  return app;
}
