import { Hono } from "hono";
import { z } from "zod";
import { instantSchema, isoDateSchema, uuidSchema } from "../../intake/index.ts";
import { cursorSchema, encodeCursor } from "../cursor.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../read-body.ts";

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** A day (`YYYY-MM-DD`, midnight UTC) or an instant. */
const boundSchema = z.union(
  [isoDateSchema.transform((d) => new Date(`${d}T00:00:00Z`)), instantSchema],
  {
    error: "expected a date YYYY-MM-DD or an ISO 8601 date-time with zone",
  },
);

const querySchema = z
  .object({
    businessId: uuidSchema.optional(),
    status: z.enum(["active", "completed", "broken", "superseded"]).optional(),
    /** Created at or after. */
    from: boundSchema.optional(),
    /** Created before. */
    to: boundSchema.optional(),
    cursor: cursorSchema("not a cursor returned by this API").optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  })
  .strict();

/** GET /api/agreements?businessId&status&from&to&cursor&limit → { items, nextCursor }, newest first. */
export function agreementRoutes(deps: Pick<AppDeps, "intake">): Hono {
  const app = new Hono();
  app.get("/", async (c) => {
    const query = validate(querySchema, c.req.query());
    const rows = await deps.intake.listAgreements({
      businessId: query.businessId,
      status: query.status,
      from: query.from,
      to: query.to,
      after: query.cursor,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor = rows.length > query.limit && last !== undefined ? encodeCursor(last) : null;
    return c.json({ items, nextCursor });
  });
  return app;
}
