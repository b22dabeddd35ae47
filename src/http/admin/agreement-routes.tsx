import { Hono } from "hono";
import { z } from "zod";
import { fieldErrors, instantSchema, isoDateSchema, uuidSchema } from "../../intake/index.ts";
import type { AdminStore } from "../../runtime/index.ts";
import { cursorSchema, encodeCursor } from "../cursor.ts";
import {
  AGREEMENT_STATUSES,
  AgreementDetailPage,
  type AgreementFilters,
  AgreementListPage,
} from "./agreement-pages.tsx";
import { MessagePage } from "./message-page.tsx";
import { notFoundPage } from "./not-found.tsx";
import { renderPage } from "./render.ts";
import type { DeskEnv } from "./session-env.ts";

const PAGE_SIZE = 50;
const MAX_PAGE = 200;

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
    status: z.preprocess(blankIsAbsent, z.enum(AGREEMENT_STATUSES).optional()),
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

/** /admin/agreements: the agreement log of the businesses the viewer may see. */
export function agreementRoutes(store: AdminStore): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>();

  app.get("/", async (c) => {
    const desk = c.get("desk");
    const raw = c.req.query();
    const parsed = filterSchema.safeParse(raw);
    const businesses = (await store.listBusinesses()).filter((b) => desk.canSee(b.id));
    const one = businesses.find((b) => b.id === raw.businessId);
    const page = desk.page({ current: "agreements", business: one ?? null });
    const t = page.text;
    if (!parsed.success) {
      const fields = Object.keys(fieldErrors(parsed.error));
      return renderPage(
        c,
        400,
        <MessagePage page={page} title={t("desk-bad-filter-title")}>
          <p>{t("desk-bad-filter-body")}</p>
          <ul>
            {fields.map((field) => (
              <li>{t("desk-bad-filter-field", { field })}</li>
            ))}
          </ul>
          <p>
            <a href="/admin/agreements">{t("desk-all-agreements")}</a>
          </p>
        </MessagePage>,
      );
    }
    const query = parsed.data;
    // Another business's id is answered like an unknown one.
    if (query.businessId !== undefined && !desk.canSee(query.businessId)) {
      return notFoundPage(c, page);
    }
    const rows = await store.listAgreements({
      businessId: query.businessId,
      businessIds: desk.visibleBusinessIds(),
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
    return renderPage(
      c,
      200,
      <AgreementListPage
        page={page}
        rows={items}
        filters={filters}
        businesses={businesses}
        nextPageHref={next}
      />,
    );
  });

  app.get("/:id", async (c) => {
    const desk = c.get("desk");
    const id = c.req.param("id");
    const agreement = UUID.test(id) ? await store.getAgreement(id.toLowerCase()) : null;
    if (agreement === null || !desk.canSee(agreement.businessId)) {
      return notFoundPage(c, desk.page({ current: "agreements", business: null }));
    }
    const page = desk.page({
      current: "agreements",
      business: {
        locale: agreement.businessLocale,
        timezone: agreement.businessTimezone,
      },
    });
    return renderPage(c, 200, <AgreementDetailPage page={page} agreement={agreement} />);
  });

  return app;
}
