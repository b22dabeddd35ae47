import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { escapeSlack, isOwnerActionId, OWNER_ACTION_IDS } from "../../runtime/owner-inbound.ts";
import type { AdminDeps } from "../../runtime/ports/admin.ts";
import type { InboxRequest } from "../../runtime/ports/desk.ts";
import { approverLabel } from "./agreement-terms.ts";
import { InboxPage, requestText } from "./inbox-page.tsx";
import { notFoundPage } from "./not-found.tsx";
import { type DeskPage, instant } from "./page.ts";
import { renderPage } from "./render.ts";
import type { DeskEnv, DeskSession } from "./session-env.ts";

const RECENT_NOTICES = 20;

const decisionForm = z.object({
  case: z.uuid(),
  /** Empty for the "already paid" check. */
  request: z.union([z.literal(""), z.string().regex(/^r\d{1,6}$/)]),
  action: z.enum(OWNER_ACTION_IDS),
});

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
  status: 200 | 409,
  message?: (page: DeskPage) => { kind: "ok" | "refused"; text: string } | undefined,
): Promise<Response> {
  const desk = c.get("desk");
  const visible = desk.visibleBusinessIds();
  const [requests, notices] = admin.inbox
    ? await Promise.all([admin.inbox.pending(visible), admin.inbox.recent(visible, RECENT_NOTICES)])
    : [[], []];
  const page = inboxPage(desk, requests);
  const line = message?.(page);
  return renderPage(
    c,
    status,
    <InboxPage
      page={page}
      requests={requests}
      notices={notices}
      {...(line ? { status: line } : {})}
    />,
  );
}

/** GET /admin (the inbox) and POST /admin/requests (a decision taken on it). */
export function inboxRoutes(admin: AdminDeps): Hono<DeskEnv> {
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
    const original = pending ? slackOriginal(desk, pending) : undefined;
    const outcome = await admin.decide({
      caseId: form.case,
      requestId,
      actionId: form.action,
      email: desk.viewer.email,
      ...(original ? { original } : {}),
    });
    if (outcome.outcome === "applied" || outcome.outcome === "duplicate") {
      return c.redirect("/admin?done=1", 303);
    }
    if (outcome.outcome === "not_found" || outcome.outcome === "invalid_action") {
      return notFoundPage(c, fallback);
    }
    // Refused: someone answered first (here or in Slack), or the case moved on.
    const earlier = await admin.inbox.decisionOf(form.case, requestId);
    return showInbox(c, admin, 409, (page) => ({
      kind: "refused",
      text: earlier
        ? page.text("desk-already-decided", {
            user: approverLabel(page, earlier.by),
            when: instant(page, earlier.at),
          })
        : page.text("desk-no-longer-pending"),
    }));
  });

  return app;
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
