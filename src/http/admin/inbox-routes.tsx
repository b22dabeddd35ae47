import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { PlanTerms } from "../../core/index.ts";
import { localDate } from "../../core/index.ts";
import type { InboxRequest, OwnerDecisionSeen } from "../../runtime/index.ts";
import {
  type CounterError,
  type CounterFields,
  escapeSlack,
  isOwnerActionId,
  OWNER_ACTION_IDS,
  parseCounterFields,
} from "../../runtime/index.ts";
import type { AdminDeps } from "../deps.ts";
import { approverLabel } from "./agreement-terms.ts";
import { type CounterFormState, InboxPage, requestText } from "./inbox-page.tsx";
import { notFoundPage } from "./not-found.tsx";
import { type DeskPage, instant, money } from "./page.ts";
import { renderPage } from "./render.ts";
import type { DeskEnv, DeskSession } from "./session-env.ts";

const RECENT_NOTICES = 20;

// No length cap here: parseCounterFields refuses what is too long by the field it is in, so the
// form comes back with that field marked (the body itself is bounded by the service's limit).
const typed = z.string().default("");

const decisionForm = z.object({
  case: z.uuid(),
  /** Empty for the "already paid" check. */
  request: z.union([z.literal(""), z.string().regex(/^r\d{1,6}$/)]),
  action: z.enum(OWNER_ACTION_IDS),
  // The counter-offer's fields (checked by parseCounterFields, as the Slack modal's are).
  count: typed,
  amount: typed,
  firstDate: typed,
  frequency: typed,
  discount: typed,
});

/** A counter-offer's error, in the desk's words (money in the page's locale). */
function counterErrorText(page: DeskPage, error: CounterError, currency: string): string {
  const t = page.text;
  if (error.id === "core") return t("desk-counter-error", { error: "terms" });
  const args = error.args ?? {};
  const key: Record<Exclude<CounterError["id"], "core">, string> = {
    "error.nothing": "nothing",
    "error.count": "count",
    "error.amount": "amount",
    "error.amount_too_many_decimals": "decimals",
    "error.amount_too_small": "too-small",
    "error.amount_too_large": "too-large",
    "error.first_date_missing": "date-missing",
    "error.first_date_past": "date-past",
    "error.discount": "discount",
  };
  return t("desk-counter-error", {
    error: key[error.id],
    digits: args.digits ?? 2,
    count: args.count ?? 0,
    total: money(page, args.total ?? 0, currency),
    min: money(page, args.min ?? 0, currency),
  });
}

/** The page's language: the business's when the viewer sees one business, else the viewer's. */
function inboxPage(desk: DeskSession, requests: readonly InboxRequest[]): DeskPage {
  const only =
    requests.length > 0 && requests.every((r) => r.businessId === requests[0]?.businessId);
  const first = requests[0];
  return desk.page({
    current: "inbox",
    business:
      only && first ? { locale: first.businessLocale, timezone: first.businessTimezone } : null,
  });
}

async function showInbox(
  c: Context<DeskEnv>,
  admin: AdminDeps,
  status: 200 | 400 | 409,
  message?: (page: DeskPage) => { kind: "ok" | "refused"; text: string } | undefined,
  counter?: (page: DeskPage) => CounterFormState,
): Promise<Response> {
  const desk = c.get("desk");
  const visible = desk.visibleBusinessIds();
  const [requests, notices] = admin.inbox
    ? await Promise.all([admin.inbox.pending(visible), admin.inbox.recent(visible, RECENT_NOTICES)])
    : [[], []];
  const page = inboxPage(desk, requests);
  const line = message?.(page);
  const form = counter?.(page);
  return renderPage(
    c,
    status,
    <InboxPage
      page={page}
      requests={requests}
      notices={notices}
      {...(line ? { status: line } : {})}
      {...(form ? { counter: form } : {})}
    />,
  );
}

/** GET /admin (the inbox) and POST /admin/requests (a decision taken on it). */
export function inboxRoutes(admin: AdminDeps, now: () => Date): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>();

  app.get("/", (c) =>
    showInbox(c, admin, 200, (page) =>
      c.req.query("done") === "1" ? { kind: "ok", text: page.text("desk-done") } : undefined,
    ),
  );

  app.post("/requests", async (c) => {
    const desk = c.get("desk");
    const parsed = decisionForm.safeParse(await c.req.parseBody());
    const fallback = desk.page({ current: "inbox", business: null });
    if (!parsed.success || !admin.inbox || !admin.decide || !isOwnerActionId(parsed.data.action)) {
      return notFoundPage(c, fallback);
    }
    const form = parsed.data;
    const businessId = await admin.inbox.caseBusiness(form.case);
    // Another business's case is answered like one that does not exist.
    if (businessId === null || !desk.canSee(businessId)) return notFoundPage(c, fallback);
    const requestId = form.request === "" ? null : form.request;
    const pending = (await admin.inbox.pending([businessId])).find(
      (r) => r.caseId === form.case && r.requestId === requestId,
    );
    // Already answered, here or in Slack: say who decided (nothing is sent to the case).
    if (!pending) {
      const earlier = await admin.inbox.decisionOf(form.case, requestId);
      return showInbox(c, admin, 409, (page) => refusedLine(page, earlier));
    }
    let counterTerms: PlanTerms | undefined;
    if (form.action === "counter") {
      const values: CounterFields = {
        count: form.count.trim(),
        amount: form.amount.trim(),
        firstDate: form.firstDate.trim(),
        frequency: form.frequency.trim(),
        discount: form.discount.trim(),
      };
      const checked = parseCounterFields(values, {
        amountDueMinor: pending.amountDueMinor,
        currency: pending.currency,
        today: localDate(now(), pending.businessTimezone),
      });
      if (!checked.ok) {
        return showInbox(c, admin, 400, undefined, (page) => ({
          caseId: form.case,
          requestId,
          values,
          errors: Object.fromEntries(
            Object.entries(checked.errors).map(([field, error]) => [
              field,
              counterErrorText(page, error, pending.currency),
            ]),
          ),
        }));
      }
      counterTerms = checked.terms;
    }
    const outcome = await admin.decide({
      caseId: form.case,
      requestId,
      actionId: form.action,
      email: desk.viewer.email,
      original: slackOriginal(desk, pending),
      ...(counterTerms ? { counterTerms } : {}),
    });
    if (outcome.outcome === "applied" || outcome.outcome === "duplicate") {
      return c.redirect("/admin?done=1", 303);
    }
    if (outcome.outcome === "not_found" || outcome.outcome === "invalid_action") {
      return notFoundPage(c, fallback);
    }
    // Refused: someone answered first (here or in Slack), or the case moved on.
    const earlier = await admin.inbox.decisionOf(form.case, requestId);
    return showInbox(c, admin, 409, (page) => refusedLine(page, earlier));
  });

  return app;
}

function refusedLine(
  page: DeskPage,
  earlier: OwnerDecisionSeen | null,
): { kind: "refused"; text: string } {
  return {
    kind: "refused",
    text: earlier
      ? page.text("desk-already-decided", {
          user: approverLabel(page, earlier.by),
          when: instant(page, earlier.at),
        })
      : page.text("desk-no-longer-pending"),
  };
}

/** The request as Slack shows it, so its message keeps the question above who decided. */
function slackOriginal(desk: DeskSession, request: InboxRequest) {
  const page = desk.page({
    business: { locale: request.businessLocale, timezone: request.businessTimezone },
  });
  const text = requestText(page, request);
  const facts = text.fields.map((f) => `*${escapeSlack(f.label)}* : ${escapeSlack(f.value)}`);
  return { title: text.title, mrkdwn: [escapeSlack(text.body), ...facts].join("\n") };
}
