import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { pathId } from "../read-body.ts";

/** GET /api/cases/:id: status, state, version, audit history and messages. */
export function caseRoutes(deps: Pick<AppDeps, "intake">): Hono {
  const app = new Hono();
  app.get("/:id", async (c) => {
    const found = await deps.intake.getCase(pathId(c, "case"));
    if (found === null) throw notFound("case");
    return c.json(found);
  });
  return app;
}
