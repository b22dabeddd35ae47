import { setTimeout as sleep } from "node:timers/promises";
import type { App } from "@slack/bolt";
import { z } from "zod";
import type { Locale, PlanTerms } from "../../src/core/index.ts";
import { localDate } from "../../src/core/index.ts";
import { RelanceErrorCode } from "../../src/error-codes.ts";
import { formatDate, formatMoney } from "../../src/messages/index.ts";
import { reportIfUnavailable, unavailableDependency } from "../../src/outage-tracker.ts";
import type { OwnerReports } from "../../src/runtime/index.ts";
import {
  checkApprover,
  handleOwnerAction,
  isOwnerActionId,
  type OwnerActionOutcome,
  type OwnerInboundDeps,
} from "../../src/runtime/index.ts";
import { describeError } from "../../src/safe-error.ts";
import { escapeMrkdwn, messageSummary } from "./blocks.ts";
import {
  COUNTER_MODAL_CALLBACK_ID,
  counterMetadataSchema,
  counterModalView,
  parseCounterSubmission,
} from "./counter-modal.ts";
import type { SlackWebClient } from "./delivery.ts";
import { relanceCommand } from "./relance-command.ts";
import { slackText } from "./strings.ts";

/**
 * Bolt listeners: route → handle → respond. Each acknowledges first (Slack wants an answer within
 * 3 s), then hands the work to the runtime. Payloads are re-validated with zod: Bolt routes them
 * by type but does not check the fields we rely on.
 */
export interface SlackListenerDeps {
  readonly runtime: OwnerInboundDeps;
  readonly reports: OwnerReports;
  /** For views.open (the trigger_id expires in 3 s, so the modal cannot wait for the outbox) and
   *  for the private refusals that are no case event. */
  readonly client: SlackWebClient;
  /** Waits between attempts at a click's work after a passing failure (tests shorten them). */
  readonly clickRetryDelaysMs?: readonly number[];
}

/**
 * An owner's click is acknowledged before its work runs (Slack wants an answer within 3 s), and
 * Slack never sends a block action again: a failure after the ack would lose the click. Its work
 * is an event deduplicated by `<message ts>/<action>` (src/runtime/owner-inbound.ts), so it is
 * safe to run again: after a passing failure (Postgres or Redis gone, a serialization conflict)
 * it is retried after each of these waits, 15.5 s in all — longer than a database restart, short
 * enough that the owner is still looking. If it still fails, the owner is told privately that the
 * click was not taken into account and to press again.
 */
export const CLICK_RETRY_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000];

/** A failure that may pass by itself: a dependency gone, or a transaction that lost a race. */
function isPassingFailure(err: unknown): boolean {
  return (
    unavailableDependency(err) !== null || describeError(err).code === RelanceErrorCode.DbConflict
  );
}

/** The buttons that decide at once; `counter` opens the modal first. */
const DECIDING_ACTIONS = /^(approve|decline|payment_received|payment_not_received)$/;

const blockActionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().optional(),
  container: z
    .object({ channel_id: z.string().optional(), message_ts: z.string().optional() })
    .optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  message: z.object({ ts: z.string().min(1), blocks: z.unknown().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string().min(1), value: z.string().optional() })).min(1),
});

/** The button value the runtime wrote (src/runtime/apply-effects.ts). */
const actionValueSchema = z.object({
  caseId: z.string().min(1),
  requestId: z.string().min(1).nullable(),
});

const viewSubmissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    id: z.string().min(1),
    private_metadata: z.string(),
    state: z.object({ values: z.unknown() }),
  }),
});

interface ParsedClick {
  readonly userId: string;
  readonly channel: string;
  readonly messageTs: string;
  readonly actionId: string;
  readonly triggerId: string | undefined;
  readonly caseId: string;
  readonly requestId: string | null;
  readonly original: { title: string; mrkdwn: string } | undefined;
}

function parseClick(body: unknown): ParsedClick | null {
  const parsed = blockActionSchema.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const action = b.actions[0];
  const channel = b.container?.channel_id ?? b.channel?.id;
  const messageTs = b.container?.message_ts ?? b.message?.ts;
  if (!action?.value || !channel || !messageTs) return null;
  let value: unknown;
  try {
    value = JSON.parse(action.value);
  } catch {
    return null;
  }
  const v = actionValueSchema.safeParse(value);
  if (!v.success) return null;
  return {
    userId: b.user.id,
    channel,
    messageTs,
    actionId: action.action_id,
    triggerId: b.trigger_id,
    caseId: v.data.caseId,
    requestId: v.data.requestId,
    original: messageSummary(b.message?.blocks) ?? undefined,
  };
}

export function registerListeners(app: App, deps: SlackListenerDeps): void {
  const { runtime } = deps;
  const log = runtime.log;

  /** A reply only the user sees, for what is no case event (not an approver, unknown case). */
  const tellPrivately = async (channel: string, user: string, text: string) => {
    try {
      await deps.client.chat.postEphemeral({ channel, user, text });
    } catch (err) {
      log.warn({ err, channel, user }, "could not send a private Slack reply");
    }
  };

  const retryDelays = deps.clickRetryDelaysMs ?? CLICK_RETRY_DELAYS_MS;

  /** "Press again", in the business's language — or in both, when the database cannot say. */
  const notRecorded = async (channel: string, user: string) => {
    const locale = await runtime.directory.localeForChannel(channel).catch(() => null);
    const text = locale
      ? slackText(locale, "click.not_recorded")
      : `${slackText("fr", "click.not_recorded")}\n\n${slackText("en", "click.not_recorded")}`;
    await tellPrivately(channel, user, text);
  };

  /**
   * The work of an acknowledged click: retried on a passing failure (`CLICK_RETRY_DELAYS_MS`);
   * if it still fails, the owner is told privately and undefined is returned.
   */
  const acknowledged = async <T>(
    click: { readonly channel: string; readonly userId: string; readonly action: string },
    work: () => Promise<T>,
    delays: readonly number[] = retryDelays,
  ): Promise<T | undefined> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await work();
      } catch (err) {
        const passing = isPassingFailure(err);
        // An outage is said once by the outage tracker; the click itself gets its own line.
        if (passing) reportIfUnavailable(runtime.health, err);
        const delay = delays[attempt];
        if (passing && delay !== undefined) {
          await sleep(delay);
          continue;
        }
        log.warn(
          { err, action: click.action, attempts: attempt + 1 },
          "owner click not recorded; the owner is asked to press again",
        );
        await notRecorded(click.channel, click.userId);
        return undefined;
      }
    }
  };

  const report = (outcome: OwnerActionOutcome, click: { channel: string; userId: string }) => {
    switch (outcome.outcome) {
      case "not_approver":
      case "unknown_case":
        return tellPrivately(click.channel, click.userId, outcome.text);
      case "invalid_action":
        log.warn({ reason: outcome.reason }, "malformed owner action ignored");
        return;
      default:
        return;
    }
  };

  app.action(DECIDING_ACTIONS, async ({ ack, body }) => {
    await ack();
    const click = parseClick(body);
    if (!click || !isOwnerActionId(click.actionId)) {
      log.warn({ type: "block_actions" }, "Slack button payload not understood");
      return;
    }
    const { actionId } = click;
    const outcome = await acknowledged({ ...click, action: actionId }, () =>
      handleOwnerAction(runtime, {
        slackUserId: click.userId,
        slackChannel: click.channel,
        messageTs: click.messageTs,
        actionId,
        caseId: click.caseId,
        requestId: click.requestId,
        ...(click.original ? { original: click.original } : {}),
      }),
    );
    if (outcome) await report(outcome, click);
  });

  app.action("counter", async ({ ack, body }) => {
    await ack();
    const click = parseClick(body);
    if (!click?.requestId || !click.triggerId) {
      log.warn({ type: "block_actions" }, "Slack counter payload not understood");
      return;
    }
    // Checked before the modal opens: a non-approver never sees a form they cannot submit. Not
    // retried: the trigger_id that opens the modal lasts 3 s.
    const { triggerId } = click;
    const looked = await acknowledged(
      { ...click, action: "counter" },
      async () => ({
        check: await checkApprover(runtime, click.caseId, click.userId),
        due: await runtime.directory.amountDue(click.caseId),
      }),
      [],
    );
    if (!looked) return;
    const { check, due } = looked;
    if (!check.ok) {
      await tellPrivately(click.channel, click.userId, check.text);
      return;
    }
    if (!due) {
      await tellPrivately(
        click.channel,
        click.userId,
        runtime.words(check.owner.locale, "refusal.unknown_case"),
      );
      return;
    }
    const view = counterModalView(
      {
        locale: check.owner.locale,
        amountDueMinor: due.amountDueMinor,
        currency: due.currency,
        today: localDate(runtime.clock.now(), check.owner.timezone),
      },
      {
        caseId: click.caseId,
        requestId: click.requestId,
        channel: click.channel,
        messageTs: click.messageTs,
        title: click.original?.title ?? "",
        mrkdwn: click.original?.mrkdwn ?? "",
      },
    );
    try {
      await deps.client.views.open({ trigger_id: triggerId, view });
    } catch (err) {
      log.warn({ err, caseId: click.caseId }, "could not open the counter-offer modal");
    }
  });

  app.view(COUNTER_MODAL_CALLBACK_ID, async ({ ack, body }) => {
    const parsed = viewSubmissionSchema.safeParse(body);
    const meta = parsed.success
      ? counterMetadataSchema.safeParse(safeJson(parsed.data.view.private_metadata))
      : null;
    if (!parsed.success || !meta?.success) {
      await ack();
      log.warn({ type: "view_submission" }, "counter-offer submission not understood");
      return;
    }
    const { user, view } = parsed.data;
    const m = meta.data;
    const check = await checkApprover(runtime, m.caseId, user.id);
    if (!check.ok) {
      await ack();
      await tellPrivately(m.channel, user.id, check.text);
      return;
    }
    const due = await runtime.directory.amountDue(m.caseId);
    if (!due) {
      await ack();
      await tellPrivately(
        m.channel,
        user.id,
        runtime.words(check.owner.locale, "refusal.unknown_case"),
      );
      return;
    }
    const ctx = {
      locale: check.owner.locale,
      amountDueMinor: due.amountDueMinor,
      currency: due.currency,
      today: localDate(runtime.clock.now(), check.owner.timezone),
    };
    const result = parseCounterSubmission(view.state.values, ctx);
    if (!result.ok) {
      await ack({ response_action: "errors", errors: { ...result.errors } });
      return;
    }
    await ack();
    const submitted = { channel: m.channel, userId: user.id, action: "counter" };
    const outcome = await acknowledged(submitted, () =>
      handleOwnerAction(runtime, {
        slackUserId: user.id,
        slackChannel: m.channel,
        messageTs: m.messageTs,
        actionId: "counter",
        caseId: m.caseId,
        requestId: m.requestId,
        // One event per submitted modal: a second counter-offer (another modal) is a second
        // event, which decide refuses once the request is answered.
        externalId: `${m.messageTs}/counter/${view.id}`,
        counterTerms: result.terms,
        ...(m.title !== "" || m.mrkdwn !== ""
          ? { original: { title: m.title, mrkdwn: m.mrkdwn } }
          : {}),
        detail: termsSummary(result.terms, ctx.locale, ctx.currency),
      }),
    );
    if (outcome) await report(outcome, submitted);
  });

  app.command("/relance", async ({ ack, command }) => {
    try {
      const reply = await relanceCommand(deps.reports, {
        channelId: command.channel_id,
        userId: command.user_id,
        text: command.text ?? "",
        now: runtime.clock.now(),
      });
      await ack({ ...reply, blocks: reply.blocks ? [...reply.blocks] : undefined });
    } catch (err) {
      if (!reportIfUnavailable(runtime.health, err)) log.error({ err }, "/relance failed");
      await ack();
    }
  });

  // Events we subscribe to but do not act on (e.g. app_home_opened) are acknowledged by the
  // receiver when no listener answers.
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The owner's counter-offer, under the decision in the updated message (escaped mrkdwn). */
export function termsSummary(terms: PlanTerms, locale: Locale, currency: string): string {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const discount =
    terms.kind !== "promise" && terms.discountMinor
      ? slackText(locale, "terms.discount", { amount: money(terms.discountMinor) })
      : "";
  switch (terms.kind) {
    case "pay_now":
      return escapeMrkdwn(
        slackText(locale, "terms.pay_now", { amount: money(terms.amountMinor), discount }),
      );
    case "promise":
      return escapeMrkdwn(`${money(terms.amountMinor)} — ${formatDate(terms.date, locale)}`);
    case "installments": {
      const first = terms.installments[0];
      const head = slackText(locale, "terms.installments", {
        count: terms.installments.length,
        from: first ? formatDate(first.dueDate, locale) : "",
        discount,
      });
      const lines = terms.installments.map(
        (i) => `${i.seq}. ${formatDate(i.dueDate, locale)} — ${money(i.amountMinor)}`,
      );
      const shown =
        lines.length > TERMS_LINES_MAX ? [...lines.slice(0, TERMS_LINES_MAX), "…"] : lines;
      return escapeMrkdwn([head, ...shown].join("\n"));
    }
  }
}

/** Installment lines listed under a counter-offer; a longer plan ends with "…". */
const TERMS_LINES_MAX = 12;
