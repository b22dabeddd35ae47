import { App, type Logger, LogLevel } from "@slack/bolt";
import type { Hono } from "hono";
import type {
  ChannelDelivery,
  Log,
  OwnerDirectory,
  OwnerReports,
  RuntimeDeps,
} from "../../src/runtime/index.ts";
import {
  createSlackWebClient,
  SlackDelivery,
  type SlackWebClient,
  slackWebClientOptions,
} from "./delivery.ts";
import { registerListeners } from "./listeners.ts";
import { HonoReceiver, SLACK_ACK_DEADLINE_MS } from "./receiver.ts";
import { slackApp } from "./slack-app.ts";
import { slackText } from "./strings.ts";

export { SlackDelivery, toDeliveryError } from "./delivery.ts";
export { HonoReceiver } from "./receiver.ts";
export { slackApp } from "./slack-app.ts";
export { verifySlackSignature } from "./verify-signature.ts";

/** The configuration Slack needs (a subset of src/config.ts's `Config`). */
export interface SlackConfig {
  readonly SLACK_SIGNING_SECRET?: string | undefined;
  readonly SLACK_BOT_TOKEN?: string | undefined;
  /** Base URL of the Web API (SLACK_API_URL), e.g. https://slack.com/api/ or a local fake. */
  readonly SLACK_API_URL: string;
}

export interface SlackChannelDeps {
  /** The runtime (store, clock, jobs, log): owner actions go through `handleEvent`. */
  readonly runtime: RuntimeDeps;
  readonly directory: OwnerDirectory;
  readonly reports: OwnerReports;
  /** The clock of the signature window; defaults to `runtime.clock.now`. */
  readonly now?: () => Date;
  /** Waits between attempts at a click's work after a passing failure (`CLICK_RETRY_DELAYS_MS`
   *  by default; tests shorten them). */
  readonly clickRetryDelaysMs?: readonly number[];
}

export interface SlackChannel {
  /** Delivers `owner_message`, `owner_update` and `owner_ephemeral` outbox ops. */
  readonly delivery: ChannelDelivery;
  /** `POST /slack/events`; mount with `app.route("/", slack.app)`. */
  readonly app: Hono;
  /** Resolves when the acknowledged work in flight is done (graceful shutdown, tests). */
  idle(): Promise<void>;
  readonly client: SlackWebClient;
}

/**
 * The Slack owner channel, or null when SLACK_SIGNING_SECRET / SLACK_BOT_TOKEN are unset: the
 * service runs without Slack (owner messages then fail delivery as "channel not configured").
 */
export function createSlackChannel(
  config: SlackConfig,
  deps: SlackChannelDeps,
): SlackChannel | null {
  const signingSecret = config.SLACK_SIGNING_SECRET;
  const botToken = config.SLACK_BOT_TOKEN;
  if (!signingSecret || !botToken) return null;

  const { log } = deps.runtime;
  const client = createSlackWebClient({ botToken, slackApiUrl: config.SLACK_API_URL });
  const receiver = new HonoReceiver(log, SLACK_ACK_DEADLINE_MS, deps.runtime.health);
  const bolt = new App({
    receiver,
    // A single workspace and a bot token: no OAuth, and no auth.test call at start (the service
    // must start even when Slack is unreachable).
    authorize: async () => ({ botToken }),
    clientOptions: slackWebClientOptions({ slackApiUrl: config.SLACK_API_URL }),
    convoStore: false,
    ignoreSelf: false,
    logger: boltLogger(log),
  });
  registerListeners(bolt, {
    runtime: {
      ...deps.runtime,
      directory: deps.directory,
      words: (locale, id, args) => slackText(locale, id, args),
    },
    reports: deps.reports,
    client,
    ...(deps.clickRetryDelaysMs ? { clickRetryDelaysMs: deps.clickRetryDelaysMs } : {}),
  });

  const delivery = new SlackDelivery({
    client,
    localeFor: async (channel) => (await deps.directory.localeForChannel(channel)) ?? "fr",
  });
  const app = slackApp({
    signingSecret,
    receiver,
    now: deps.now ?? (() => deps.runtime.clock.now()),
    log,
  });
  return { delivery, app, idle: () => receiver.idle(), client };
}

/** Bolt's logger interface over ours (Bolt logs little above warn once listeners are set). */
function boltLogger(log: Log): Logger {
  let level = LogLevel.WARN;
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : String(m))).join(" ");
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log.warn({ source: "bolt" }, text(msg)),
    error: (...msg: unknown[]) => log.error({ source: "bolt" }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export { slackText } from "./strings.ts";
