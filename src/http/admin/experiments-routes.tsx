import { type Context, Hono } from "hono";
import { messagesWithVariants, messageVariants } from "../../messages/index.ts";
import type {
  AdminBusinessSettings,
  AdminStore,
  ExperimentStore,
  VariantWeight,
} from "../../runtime/index.ts";
import { experimentFigures } from "./experiment-figures.ts";
import {
  ExperimentsChoicePage,
  type ExperimentsDone,
  type ExperimentsError,
  ExperimentsPage,
} from "./experiments-page.tsx";
import { notFoundPage } from "./not-found.tsx";
import { renderPage } from "./render.ts";
import type { DeskEnv } from "./session-env.ts";

/**
 * /admin/experiments and /admin/businesses/:id/experiments: an owner starts a wording experiment
 * on a message that has variants, changes the shares of new cases, and ends it keeping one
 * variant — every case of the business says that one from then on. Each POST carries the
 * session's CSRF token (checked by the desk's session middleware, 403 otherwise); another
 * business's experiment is a 404 like one that does not exist.
 */

export interface ExperimentsDeps {
  readonly store: AdminStore;
  readonly experiments: ExperimentStore;
  readonly now: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DONE: readonly ExperimentsDone[] = ["started", "saved", "ended"];

/**
 * The shares typed in a form (`share_<key>`), one per variant key: whole numbers from 0 to 100,
 * at least two above 0 (an experiment compares). null when the form does not say that.
 */
export function sharesOf(
  form: Record<string, unknown>,
  keys: readonly string[],
): VariantWeight[] | null {
  const variants: VariantWeight[] = [];
  for (const key of keys) {
    const raw = form[`share_${key}`];
    if (typeof raw !== "string" || !/^\d{1,3}$/.test(raw.trim())) return null;
    const weight = Number(raw.trim());
    if (weight > 100) return null;
    variants.push({ key, weight });
  }
  return variants.filter((v) => v.weight > 0).length >= 2 ? variants : null;
}

export function experimentsRoutes(deps: ExperimentsDeps): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>();

  /** The business of the URL, when the viewer may act for it. */
  const businessOf = async (c: Context<DeskEnv>): Promise<AdminBusinessSettings | null> => {
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return null;
    const business = await deps.store.getBusinessSettings(id.toLowerCase());
    return business && c.get("desk").canSee(business.id) ? business : null;
  };

  const notFound = (c: Context<DeskEnv>) =>
    notFoundPage(c, c.get("desk").page({ current: "experiments", business: null }));

  const show = async (
    c: Context<DeskEnv>,
    business: AdminBusinessSettings,
    status: 200 | 400,
    flags: { done?: ExperimentsDone; error?: ExperimentsError },
  ) => {
    const raw = await deps.experiments.stats(
      { businessIds: [business.id] },
      { businessId: business.id, now: deps.now() },
    );
    const figures = raw.map(experimentFigures);
    const running = new Set(figures.filter((f) => f.status === "running").map((f) => f.messageId));
    const startable = messagesWithVariants()
      .filter((messageId) => !running.has(messageId))
      .map((messageId) => ({ messageId, variants: messageVariants(messageId) }));
    const page = c.get("desk").page({ current: "experiments", business });
    return renderPage(
      c,
      status,
      <ExperimentsPage
        page={page}
        business={business}
        figures={figures}
        startable={startable}
        {...flags}
      />,
    );
  };

  app.get("/experiments", async (c) => {
    const desk = c.get("desk");
    const mine = (await deps.store.listBusinesses()).filter((b) => desk.canSee(b.id));
    const [only] = mine;
    if (mine.length === 1 && only) {
      return c.redirect(`/admin/businesses/${only.id}/experiments`, 303);
    }
    const page = desk.page({ current: "experiments", business: null });
    return renderPage(c, 200, <ExperimentsChoicePage page={page} businesses={mine} />);
  });

  app.get("/businesses/:id/experiments", async (c) => {
    const business = await businessOf(c);
    if (!business) return notFound(c);
    const done = DONE.find((d) => d === c.req.query("done"));
    return show(c, business, 200, done ? { done } : {});
  });

  app.post("/businesses/:id/experiments", async (c) => {
    const business = await businessOf(c);
    if (!business) return notFound(c);
    const form = await c.req.parseBody();
    const messageId = typeof form.messageId === "string" ? form.messageId : "";
    if (!messagesWithVariants().includes(messageId)) {
      return show(c, business, 400, { error: "message" });
    }
    const variants = sharesOf(form, messageVariants(messageId));
    if (!variants) return show(c, business, 400, { error: "weights" });
    const started = await deps.experiments.start({
      businessId: business.id,
      messageId,
      variants,
      by: `desk:${c.get("desk").viewer.email}`,
      at: deps.now(),
    });
    if (started.outcome === "already_running") return show(c, business, 400, { error: "running" });
    return c.redirect(`/admin/businesses/${business.id}/experiments?done=started`, 303);
  });

  /** The running experiment of the URL, of the business of the URL. */
  const runningOf = async (c: Context<DeskEnv>, businessId: string) => {
    const id = c.req.param("experimentId") ?? "";
    if (!UUID.test(id)) return null;
    const all = await deps.experiments.list(businessId);
    return all.find((e) => e.id === id.toLowerCase() && e.status === "running") ?? null;
  };

  app.post("/businesses/:id/experiments/:experimentId/weights", async (c) => {
    const business = await businessOf(c);
    if (!business) return notFound(c);
    const experiment = await runningOf(c, business.id);
    if (!experiment) return notFound(c);
    const variants = sharesOf(
      await c.req.parseBody(),
      experiment.variants.map((v) => v.key),
    );
    if (!variants) return show(c, business, 400, { error: "weights" });
    const saved = await deps.experiments.setWeights({
      businessId: business.id,
      experimentId: experiment.id,
      variants,
      by: `desk:${c.get("desk").viewer.email}`,
      at: deps.now(),
    });
    if (!saved) return notFound(c);
    return c.redirect(`/admin/businesses/${business.id}/experiments?done=saved`, 303);
  });

  app.post("/businesses/:id/experiments/:experimentId/end", async (c) => {
    const business = await businessOf(c);
    if (!business) return notFound(c);
    const experiment = await runningOf(c, business.id);
    if (!experiment) return notFound(c);
    const form = await c.req.parseBody();
    const winner = typeof form.winner === "string" ? form.winner : "";
    if (!experiment.variants.some((v) => v.key === winner)) {
      return show(c, business, 400, { error: "winner" });
    }
    const ended = await deps.experiments.end({
      businessId: business.id,
      experimentId: experiment.id,
      winner,
      by: `desk:${c.get("desk").viewer.email}`,
      at: deps.now(),
    });
    if (!ended) return notFound(c);
    return c.redirect(`/admin/businesses/${business.id}/experiments?done=ended`, 303);
  });

  return app;
}
