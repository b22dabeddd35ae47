import { Hono } from "hono";
import { z } from "zod";
import {
  businessInputSchema,
  legalIdentitySchema,
  paymentInstructionsSchema,
  textSchema,
} from "../../intake/index.ts";
import type { AdminStore } from "../../runtime/index.ts";
import { notFoundPage } from "./not-found.tsx";
import type { DeskPage } from "./page.ts";
import { renderPage } from "./render.ts";
import type { DeskEnv } from "./session-env.ts";
import {
  SettingsChoicePage,
  type SettingsField,
  SettingsPage,
  settingsValues,
} from "./settings-page.tsx";

// No length cap here: each field's own schema refuses what is too long, so the form comes back
// with that field marked (the body itself is bounded by the service's limit).
const typed = z.string().default("");
const settingsForm = z.object({
  iban: typed,
  bic: typed,
  payUrl: typed,
  text: typed,
  slackChannelId: typed,
  approverIds: typed,
  senderName: typed,
  senderRole: typed,
  legalName: typed,
  legalRegistration: typed,
  legalAddress: typed,
});

/** A first name or a team: short plain text, as every text field of the API. */
const senderSchema = textSchema(80).nullable();

const blank = (v: string) => (v.trim() === "" ? null : v.trim());

/** Which field an issue of the payment or Slack schema is about, and the words to say it. */
function paymentError(path: readonly PropertyKey[]): [SettingsField, string] {
  switch (path[0]) {
    case "iban":
      return ["iban", "iban"];
    case "bic":
      return ["bic", "bic"];
    case "payUrl":
      return ["payUrl", "url"];
    case "text":
      return ["text", "text"];
    default:
      // The object's own rule: neither an IBAN nor a link.
      return ["iban", "payment"];
  }
}

/** /admin/settings and /admin/businesses/:id/settings: a business's settings, its owner's only. */
export function settingsRoutes(store: AdminStore): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>();

  app.get("/settings", async (c) => {
    const desk = c.get("desk");
    const mine = (await store.listBusinesses()).filter((b) => desk.canSee(b.id));
    const [only] = mine;
    if (mine.length === 1 && only) return c.redirect(`/admin/businesses/${only.id}/settings`, 303);
    const page = desk.page({ current: "settings", business: null });
    return renderPage(c, 200, <SettingsChoicePage page={page} businesses={mine} />);
  });

  app.get("/businesses/:id/settings", async (c) => {
    const desk = c.get("desk");
    const business = await store.getBusinessSettings(c.req.param("id"));
    if (!business || !desk.canSee(business.id)) {
      return notFoundPage(c, desk.page({ current: "settings", business: null }));
    }
    const page = desk.page({ current: "settings", business });
    return renderPage(
      c,
      200,
      <SettingsPage
        page={page}
        business={business}
        form={{ values: settingsValues(business), errors: {} }}
        saved={c.req.query("saved") === "1"}
      />,
    );
  });

  app.post("/businesses/:id/settings", async (c) => {
    const desk = c.get("desk");
    const business = await store.getBusinessSettings(c.req.param("id"));
    if (!business || !desk.canSee(business.id)) {
      return notFoundPage(c, desk.page({ current: "settings", business: null }));
    }
    const page: DeskPage = desk.page({ current: "settings", business });
    const form = settingsForm.safeParse(await c.req.parseBody());
    if (!form.success) return notFoundPage(c, page);
    const values = form.data;
    const errors: Partial<Record<SettingsField, string>> = {};
    const say = (error: string) => page.text("desk-settings-error", { error });
    // The API's own schemas: a business cannot be left without a way to pay.
    const payment = paymentInstructionsSchema.safeParse({
      iban: blank(values.iban),
      bic: blank(values.bic),
      payUrl: blank(values.payUrl),
      text: blank(values.text),
    });
    if (!payment.success) {
      for (const issue of payment.error.issues) {
        const [field, error] = paymentError(issue.path);
        errors[field] ??= say(error);
      }
    }
    const approvers = values.approverIds.split(/[\s,;]+/).filter((id) => id !== "");
    const slack = businessInputSchema.shape.slack.safeParse({
      channelId: blank(values.slackChannelId),
      approverIds: approvers,
    });
    if (!slack.success) {
      for (const issue of slack.error.issues) {
        errors[issue.path[0] === "channelId" ? "slackChannelId" : "approverIds"] ??= say("slack");
      }
    }
    const sender = senderSchema.safeParse(blank(values.senderName));
    if (!sender.success) errors.senderName = say("text");
    const role = senderSchema.safeParse(blank(values.senderRole));
    if (!role.success) errors.senderRole = say("text");
    const legal = legalIdentitySchema.safeParse({
      name: blank(values.legalName),
      registration: blank(values.legalRegistration),
      address: blank(values.legalAddress),
    });
    if (!legal.success) {
      for (const issue of legal.error.issues) {
        const field =
          issue.path[0] === "name"
            ? "legalName"
            : issue.path[0] === "registration"
              ? "legalRegistration"
              : "legalAddress";
        errors[field] ??= say("text");
      }
    }
    if (!payment.success || !slack.success || !sender.success || !role.success || !legal.success) {
      return renderPage(
        c,
        400,
        <SettingsPage page={page} business={business} form={{ values, errors }} saved={false} />,
      );
    }
    await store.updateBusinessSettings(business.id, {
      paymentInstructions: payment.data,
      slackChannelId: slack.data.channelId,
      approverIds: slack.data.approverIds,
      senderName: sender.data,
      // A role signs only with a name.
      senderRole: sender.data === null ? null : role.data,
      legalIdentity: legal.data,
    });
    return c.redirect(`/admin/businesses/${business.id}/settings?saved=1`, 303);
  });

  return app;
}
