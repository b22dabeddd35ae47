import { Hono } from "hono";
import { businessInputSchema } from "../../intake/index.ts";
import type { AppDeps } from "../deps.ts";
import { readJson, validate } from "../read-body.ts";

/** POST /api/businesses → 201 { id }. The policy is validated by `policySchema`; defaults fill in. */
export function businessRoutes(deps: Pick<AppDeps, "intake" | "now">): Hono {
  const app = new Hono();
  app.post("/", async (c) => {
    const input = validate(businessInputSchema, await readJson(c));
    const { id } = await deps.intake.createBusiness(input, deps.now());
    return c.json({ id }, 201);
  });
  return app;
}
