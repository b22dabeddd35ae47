// Bodies Slack sends to an app's Request URL, shaped as documented at
// https://docs.slack.dev/reference/interaction-payloads and /apis/events-api. Each builder returns
// the exact raw body (what the signature covers) and its content type.

export interface SlackRequestBody {
  readonly body: string;
  readonly contentType: "application/x-www-form-urlencoded" | "application/json";
}

/** Slack's legacy verification token; Bolt ignores it but real payloads carry it. */
const VERIFICATION_TOKEN = "fakeVerificationToken0001";
const DEFAULT_TEAM = { id: "T0RELANCE1", domain: "relance-test" };
const DEFAULT_APP = "A0RELANCE1";

export interface SlackUserRef {
  readonly id: string;
  readonly name?: string;
  readonly teamId?: string;
}

export interface BlockActionsInput {
  readonly user: SlackUserRef;
  readonly channel: { readonly id: string; readonly name?: string };
  readonly messageTs: string;
  readonly actionId: string;
  readonly value?: string;
  readonly blockId?: string;
  /** Label of the clicked button. */
  readonly text?: string;
  readonly triggerId: string;
  readonly responseUrl: string;
  /** The message as the app posted it (FakeSlack.pressButton fills it). */
  readonly message?: Record<string, unknown>;
  readonly teamId?: string;
  readonly teamDomain?: string;
  readonly apiAppId?: string;
  /** Seconds since epoch, as a string like Slack's `action_ts`. */
  readonly actionTs?: string;
}

const form = (fields: Record<string, string>): SlackRequestBody => ({
  body: new URLSearchParams(fields).toString(),
  contentType: "application/x-www-form-urlencoded",
});

const json = (value: unknown): SlackRequestBody => ({
  body: JSON.stringify(value),
  contentType: "application/json",
});

const userObject = (user: SlackUserRef, teamId: string) => ({
  id: user.id,
  username: user.name ?? user.id.toLowerCase(),
  name: user.name ?? user.id.toLowerCase(),
  team_id: user.teamId ?? teamId,
});

/** A click on a message button: `payload=<json>` form body. */
export function blockActionsPayload(input: BlockActionsInput): SlackRequestBody {
  const team = {
    id: input.teamId ?? DEFAULT_TEAM.id,
    domain: input.teamDomain ?? DEFAULT_TEAM.domain,
  };
  const actionTs = input.actionTs ?? input.messageTs;
  const payload = {
    type: "block_actions",
    user: userObject(input.user, team.id),
    api_app_id: input.apiAppId ?? DEFAULT_APP,
    token: VERIFICATION_TOKEN,
    container: {
      type: "message",
      message_ts: input.messageTs,
      channel_id: input.channel.id,
      is_ephemeral: false,
    },
    trigger_id: input.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel.id, name: input.channel.name ?? input.channel.id },
    message: input.message ?? { type: "message", ts: input.messageTs, text: "" },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        type: "button",
        action_id: input.actionId,
        block_id: input.blockId ?? "actions",
        text: { type: "plain_text", text: input.text ?? input.actionId, emoji: true },
        ...(input.value === undefined ? {} : { value: input.value }),
        action_ts: actionTs,
      },
    ],
  };
  return form({ payload: JSON.stringify(payload) });
}

export interface ViewSubmissionInput {
  readonly user: SlackUserRef;
  readonly viewId: string;
  readonly callbackId: string;
  readonly privateMetadata?: string;
  /**
   * `state.values`: block_id → action_id → element state, e.g.
   * `{ amount: { amount_input: { type: "plain_text_input", value: "120" } } }`.
   */
  readonly values: Record<string, Record<string, Record<string, unknown>>>;
  readonly blocks?: readonly unknown[];
  readonly hash?: string;
  readonly triggerId?: string;
  readonly title?: string;
  readonly teamId?: string;
  readonly teamDomain?: string;
  readonly apiAppId?: string;
}

/** A modal's submit button: `payload=<json>` form body. */
export function viewSubmissionPayload(input: ViewSubmissionInput): SlackRequestBody {
  const team = {
    id: input.teamId ?? DEFAULT_TEAM.id,
    domain: input.teamDomain ?? DEFAULT_TEAM.domain,
  };
  const payload = {
    type: "view_submission",
    team,
    user: userObject(input.user, team.id),
    api_app_id: input.apiAppId ?? DEFAULT_APP,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? "1000000000.fake.trigger",
    view: {
      id: input.viewId,
      team_id: team.id,
      type: "modal",
      blocks: input.blocks ?? [],
      private_metadata: input.privateMetadata ?? "",
      callback_id: input.callbackId,
      state: { values: input.values },
      hash: input.hash ?? "1700000000.abcdef01",
      title: { type: "plain_text", text: input.title ?? "Relance", emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: "plain_text", text: "Submit", emoji: true },
      previous_view_id: null,
      root_view_id: input.viewId,
      app_id: input.apiAppId ?? DEFAULT_APP,
      external_id: "",
      app_installed_team_id: team.id,
      bot_id: "B0BOT00001",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return form({ payload: JSON.stringify(payload) });
}

export interface SlashCommandInput {
  readonly command: string;
  readonly text: string;
  readonly user_id: string;
  readonly channel_id: string;
  readonly trigger_id: string;
  readonly user_name?: string;
  readonly channel_name?: string;
  readonly team_id?: string;
  readonly team_domain?: string;
  readonly response_url?: string;
  readonly api_app_id?: string;
}

/** A slash command: a plain form body (no `payload=` wrapper). */
export function slashCommandBody(input: SlashCommandInput): SlackRequestBody {
  const teamId = input.team_id ?? DEFAULT_TEAM.id;
  return form({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: input.team_domain ?? DEFAULT_TEAM.domain,
    channel_id: input.channel_id,
    channel_name: input.channel_name ?? "approvals",
    user_id: input.user_id,
    user_name: input.user_name ?? input.user_id.toLowerCase(),
    command: input.command,
    text: input.text,
    api_app_id: input.api_app_id ?? DEFAULT_APP,
    is_enterprise_install: "false",
    response_url:
      input.response_url ?? `https://hooks.slack.com/commands/${teamId}/1/fakeResponseUrl`,
    trigger_id: input.trigger_id,
  });
}

export interface EventCallbackInput {
  /** The inner event, e.g. `{ type: "app_mention", user, text, ts, channel, event_ts }`. */
  readonly event: Record<string, unknown>;
  readonly eventId?: string;
  /** Unix seconds. */
  readonly eventTime?: number;
  readonly teamId?: string;
  readonly apiAppId?: string;
  readonly botUserId?: string;
}

/** An Events API delivery (JSON). */
export function eventCallbackBody(input: EventCallbackInput): SlackRequestBody {
  const teamId = input.teamId ?? DEFAULT_TEAM.id;
  return json({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: input.apiAppId ?? DEFAULT_APP,
    event: input.event,
    type: "event_callback",
    event_id: input.eventId ?? "Ev0FAKE00001",
    event_time: input.eventTime ?? 1_700_000_000,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: input.botUserId ?? "U0BOT00001",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${input.eventId ?? "Ev0FAKE00001"}`,
  });
}

/** The Events API handshake: the app must echo `challenge`. */
export function urlVerificationBody(challenge: string): SlackRequestBody {
  return json({ token: VERIFICATION_TOKEN, challenge, type: "url_verification" });
}
