import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ReissueRequest, ReissueResult } from "../../intake/index.ts";
import {
  debtorLinks,
  fieldErrors,
  hasControlCharacter,
  instantSchema,
  isoDateSchema,
  type LinkSettings,
  uuidSchema,
} from "../../intake/index.ts";
import type { ExperimentStore } from "../../runtime/index.ts";
import {
  type AdminViewsStore,
  type BusinessChoice,
  CASE_STATUSES,
  type ViewerScope,
} from "../../runtime/index.ts";
import { CaseDetailPage } from "./cases-detail-page.tsx";
import { CasesListPage } from "./cases-list-page.tsx";
import { dashboardFigures } from "./dashboard-figures.ts";
import {
  DASHBOARD_WEEKS,
  DashboardPage,
  DSO_DAYS,
  drawDashboardCharts,
} from "./dashboard-page.tsx";
import { experimentFigures } from "./experiment-figures.ts";
import { agreementsCsv, casesCsv } from "./exports-csv.ts";
import { ExportsPage } from "./exports-page.tsx";
import { documentHtml } from "./layout.tsx";
import { MessagePage } from "./message-page.tsx";
import { notFoundPage } from "./not-found.tsx";
import type { DeskNavKey, DeskPage } from "./page.ts";
import { renderPage } from "./render.ts";
import type { DeskEnv } from "./session-env.ts";

/**
 * The owner's desk, read side: /dashboard, /cases, /cases/:id, /exports and the two CSV files,
 * mounted inside /admin after the desk's sign-in. Every read is scoped to `scopeOf(c)`, the
 * businesses the viewer may see; a case of another business is a 404 like one that does not
 * exist. Pages are built by the session (`c.get("desk").page`), in the desk's one layout.
 */

export interface ViewsDeps {
  readonly store: AdminViewsStore;
  /** The wording experiments, whose figures the dashboard shows (absent: not shown). */
  readonly experiments?: ExperimentStore;
  readonly now: () => Date;
  /** Who may see what: an owner their businesses, an admin every one. */
  readonly scopeOf: (c: Context<DeskEnv>) => Promise<ViewerScope>;
  /** What a case's links are built from (the case page shows them). */
  readonly links?: LinkSettings;
  /** Revoke and reissue a case's links; absent, the case page has no such button. */
  readonly reissueLinks?: (request: ReissueRequest) => Promise<ReissueResult>;
}

const CASES_PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Forms submit every field, empty ones too: empty means "no filter". */
const blank = (value: unknown) => (value === "" ? undefined : value);
/** Text typed in the search box: no control characters, a sane length. */
const searchSchema = z
  .string()
  .max(100, "at most 100 characters")
  .refine((text) => !hasControlCharacter(text), "must not contain control characters");

const caseFilterSchema = z
  .object({
    q: z.preprocess(blank, searchSchema.optional()),
    businessId: z.preprocess(blank, uuidSchema.optional()),
    status: z.preprocess(blank, z.enum(CASE_STATUSES).optional()),
    page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
  })
  .strict();

/** As GET /api/agreements reads them: a day (midnight UTC) or an instant with its zone. */
const boundSchema = z.union(
  [isoDateSchema.transform((d) => new Date(`${d}T00:00:00Z`)), instantSchema],
  { error: "expected a date YYYY-MM-DD or an ISO 8601 date-time with zone" },
);

const agreementFilterSchema = z
  .object({
    businessId: z.preprocess(blank, uuidSchema.optional()),
    status: z.preprocess(blank, z.enum(["active", "completed", "broken", "superseded"]).optional()),
    from: z.preprocess(blank, boundSchema.optional()),
    to: z.preprocess(blank, boundSchema.optional()),
  })
  .strict();

const dashboardSchema = z
  .object({ businessId: z.preprocess(blank, uuidSchema.optional()) })
  .strict();

/** The business a page is about: the one asked for, else the first the viewer sees. */
function shownBusiness(
  businesses: readonly BusinessChoice[],
  businessId?: string,
): BusinessChoice | undefined {
  return businesses.find((b) => b.id === businessId) ?? businesses[0];
}

/** The page's language and zone: the business shown's; the viewer's own when there is none. */
function pageFor(
  c: Context<DeskEnv>,
  business: BusinessChoice | undefined,
  current?: DeskNavKey,
): DeskPage {
  return c.get("desk").page({ business: business ?? null, ...(current ? { current } : {}) });
}

/** Today (`YYYY-MM-DD`) in an IANA zone. */
function todayIn(now: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

function csvResponse(c: Context, name: string, body: string): Response {
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename="${name}"`,
  });
}

export function viewsRoutes(deps: ViewsDeps): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>();
  const { scopeOf } = deps;

  const context = async (c: Context<DeskEnv>) => {
    const scope = await scopeOf(c);
    const businesses = await deps.store.businesses(scope);
    return { scope, businesses };
  };

  const notFound = (c: Context<DeskEnv>, page: DeskPage) => notFoundPage(c, page);

  /** The desk's bad-filter page: one line per field, in words (as the agreement log's). */
  const badFilter = (c: Context<DeskEnv>, page: DeskPage, error: z.ZodError) => {
    const t = page.text;
    const fields = Object.keys(fieldErrors(error));
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
      </MessagePage>,
    );
  };

  app.get("/dashboard", async (c) => {
    const { scope, businesses } = await context(c);
    const parsed = dashboardSchema.safeParse(c.req.query());
    if (!parsed.success) return badFilter(c, pageFor(c, businesses[0]), parsed.error);
    const { businessId } = parsed.data;
    const shown = shownBusiness(businesses, businessId);
    const page = pageFor(c, shown, "dashboard");
    if (businessId !== undefined && !scope.businessIds.includes(businessId)) {
      return notFound(c, page);
    }
    const now = deps.now();
    const raw = await deps.store.dashboard(scope, {
      businessId,
      now,
      weeks: DASHBOARD_WEEKS,
      dsoDays: DSO_DAYS,
    });
    const figures = dashboardFigures(raw, {
      today: todayIn(now, page.timezone),
      weeks: DASHBOARD_WEEKS,
      dsoDays: DSO_DAYS,
    });
    const charts = await drawDashboardCharts(figures, page.locale, page.text);
    const experiments = deps.experiments
      ? (await deps.experiments.stats(scope, { businessId, now })).map(experimentFigures)
      : null;
    return c.html(
      documentHtml(
        <DashboardPage
          page={page}
          businesses={businesses}
          businessId={businessId}
          figures={figures}
          charts={charts}
          experiments={experiments}
        />,
      ),
    );
  });

  app.get("/cases", async (c) => {
    const { scope, businesses } = await context(c);
    const parsed = caseFilterSchema.safeParse(c.req.query());
    if (!parsed.success) return badFilter(c, pageFor(c, businesses[0]), parsed.error);
    const { page: pageNumber, ...filter } = parsed.data;
    const page = pageFor(c, shownBusiness(businesses, filter.businessId), "cases");
    if (filter.businessId !== undefined && !scope.businessIds.includes(filter.businessId)) {
      return notFound(c, page);
    }
    const [rows, total] = await Promise.all([
      deps.store.listCases(scope, {
        ...filter,
        now: deps.now(),
        limit: CASES_PAGE,
        offset: (pageNumber - 1) * CASES_PAGE,
      }),
      deps.store.countCases(scope, filter),
    ]);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== "") params.set(key, String(value));
    }
    return c.html(
      documentHtml(
        <CasesListPage
          page={page}
          businesses={businesses}
          filter={filter}
          rows={rows}
          total={total}
          pageNumber={pageNumber}
          pages={Math.max(1, Math.ceil(total / CASES_PAGE))}
          query={params.toString()}
        />,
      ),
    );
  });

  app.get("/cases/:id", async (c) => {
    const { scope, businesses } = await context(c);
    const id = c.req.param("id");
    const detail = UUID.test(id)
      ? await deps.store.caseDetail(scope, id.toLowerCase(), deps.now())
      : null;
    if (detail === null) return notFound(c, pageFor(c, businesses[0], "cases"));
    const page = c.get("desk").page({
      business: { locale: detail.row.businessLocale, timezone: detail.businessTimezone },
      current: "cases",
    });
    const tokens = detail.links.tokens;
    return c.html(
      documentHtml(
        <CaseDetailPage
          page={page}
          detail={detail}
          links={deps.links && tokens ? debtorLinks(deps.links, tokens) : null}
          reissued={c.req.query("links") === "reissued"}
          canReissue={deps.reissueLinks !== undefined}
        />,
      ),
    );
  });

  /**
   * The case page's "Issue new links": every link of the case's debtor is revoked, the chats they
   * opened unbound, and the page shows the fresh links. A case outside the viewer's businesses is
   * a 404, a paid or closed one a 409 page; neither writes anything.
   */
  app.post("/cases/:id/links/reissue", async (c) => {
    const { scope, businesses } = await context(c);
    const fallback = pageFor(c, businesses[0], "cases");
    const id = c.req.param("id");
    if (!deps.reissueLinks || !UUID.test(id)) return notFound(c, fallback);
    const desk = c.get("desk");
    const result = await deps.reissueLinks({
      caseId: id.toLowerCase(),
      businessIds: scope.businessIds,
      by: `desk:${desk.viewer.email}`,
    });
    switch (result.kind) {
      case "reissued":
        return c.redirect(`/admin/cases/${result.caseId}?links=reissued#links`, 303);
      case "case_finished":
        return renderPage(
          c,
          409,
          <MessagePage page={fallback} title={fallback.text("case-section-links")}>
            <p>{fallback.text("case-links-over")}</p>
          </MessagePage>,
        );
      case "not_found":
      case "business_mismatch":
        return notFound(c, fallback);
    }
  });

  app.get("/exports", async (c) => {
    const { businesses } = await context(c);
    const page = pageFor(c, businesses[0], "exports");
    return c.html(documentHtml(<ExportsPage page={page} businesses={businesses} />));
  });

  app.get("/exports/cases.csv", async (c) => {
    const { scope, businesses } = await context(c);
    const page = pageFor(c, businesses[0], "exports");
    const parsed = caseFilterSchema.omit({ page: true }).safeParse(c.req.query());
    if (!parsed.success) return badFilter(c, page, parsed.error);
    const filter = parsed.data;
    if (filter.businessId !== undefined && !scope.businessIds.includes(filter.businessId)) {
      return notFound(c, page);
    }
    const rows = await deps.store.listCases(scope, { ...filter, now: deps.now() });
    return csvResponse(c, "cases.csv", casesCsv(rows));
  });

  app.get("/exports/agreements.csv", async (c) => {
    const { scope, businesses } = await context(c);
    const page = pageFor(c, businesses[0], "exports");
    const parsed = agreementFilterSchema.safeParse(c.req.query());
    if (!parsed.success) return badFilter(c, page, parsed.error);
    const filter = parsed.data;
    if (filter.businessId !== undefined && !scope.businessIds.includes(filter.businessId)) {
      return notFound(c, page);
    }
    const rows = await deps.store.exportAgreements(scope, filter);
    return csvResponse(c, "agreements.csv", agreementsCsv(rows));
  });
  return app;
}
