import { Hono } from "hono";
import { z } from "zod";
import { reissueCaseLinks, textSchema, uuidSchema } from "../../intake/index.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError, ErrorCode, notFound } from "../errors.ts";
import { pathId, readJson, validate } from "../read-body.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `POST /api/cases/:id/links/reissue`: an empty object is enough. */
const reissueSchema = z
  .object({
    /** A guard for clients that hold several businesses: the case must be this business's. */
    businessId: uuidSchema.optional(),
    /** Why, for the audit log (e.g. "the client says they never opened the link"). */
    reason: textSchema(500).optional(),
  })
  .strict();

/**
 * GET /api/cases/:id: status, state, version, audit history and messages.
 * POST /api/cases/:id/links/reissue: revokes the debtor's links, unbinds the chats they opened,
 * returns fresh links (see src/intake/reissue-links.ts).
 */
export function caseRoutes(deps: Pick<AppDeps, "intake" | "links" | "now">): Hono {
  const app = new Hono();
  app.get("/:id", async (c) => {
    const found = await deps.intake.getCase(pathId(c, "case"));
    if (found === null) throw notFound("case");
    return c.json(found);
  });

  app.post("/:id/links/reissue", async (c) => {
    const id = c.req.param("id");
    // Like every path id that is not a uuid: it names nothing (404), said on its field.
    if (!UUID.test(id)) {
      throw new ApiError(404, ErrorCode.NotFound, "case not found", { id: "not a case id" });
    }
    const body = validate(reissueSchema, await readJson(c));
    const result = await reissueCaseLinks(
      { store: deps.intake, links: deps.links, now: deps.now },
      {
        caseId: id.toLowerCase(),
        by: "api",
        ...(body.businessId === undefined ? {} : { businessId: body.businessId.toLowerCase() }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
      },
    );
    switch (result.kind) {
      case "reissued":
        return c.json({
          caseId: result.caseId,
          links: result.links,
          revoked: result.revoked,
          unbound: result.unbound,
        });
      case "not_found":
        throw new ApiError(404, ErrorCode.NotFound, "case not found", { id: "no such case" });
      case "business_mismatch":
        throw new ApiError(
          422,
          ErrorCode.BusinessMismatch,
          "the case belongs to another business",
          { businessId: "not the business of this case" },
        );
      case "case_finished":
        throw new ApiError(
          409,
          ErrorCode.CaseFinished,
          `the case is ${result.status}: its links stay closed`,
          { id: `the case is ${result.status}` },
        );
    }
  });
  return app;
}
