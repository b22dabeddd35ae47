import {
  FailureInjector,
  type InjectedFailure,
  isRecord,
  jsonField,
  LocalHttpServer,
  parseParams,
  type RawRequest,
  type RawResponse,
  type RecordedCall,
} from "./fake-http-server.ts";
import {
  SLACK_MESSAGE_BLOCKS_MAX,
  SLACK_MESSAGE_TEXT_MAX,
  validateBlocks,
  validateModal,
} from "./slack-blocks.ts";
import { SlidingWindow, type WindowLimit } from "./sliding-window.ts";

export const SLACK_DEFAULT_TOKEN = "xoxb-1000000001-2000000002-RelanceFakeBotToken";

export interface SlackUserSeed {
  readonly id: string;
  readonly name: string;
  readonly realName?: string;
  readonly tz?: string;
  readonly email?: string;
  readonly isBot?: boolean;
}

export interface SlackChannelSeed {
  readonly id: string;
  readonly name: string;
  readonly isPrivate?: boolean;
  /** User ids in the channel (for chat.postEphemeral's `user_not_in_channel`). */
  readonly members?: readonly string[];
  /** Posting to a channel the bot was not invited to fails with `not_in_channel`. */
  readonly botIsMember?: boolean;
}

export interface FakeSlackOptions {
  /** The only bot token accepted (`Authorization: Bearer …` or a `token` field). */
  readonly token?: string;
  readonly teamId?: string;
  readonly teamDomain?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  readonly appId?: string;
  /** The fake's clock (ms since epoch): message ts, trigger expiry, rate limits. */
  readonly now?: () => number;
  /** Defaults: one approver `U0OWNER001` ("owner", Europe/Paris). */
  readonly users?: readonly SlackUserSeed[];
  /** Defaults: `C0APPROVAL` ("approvals") with the owner in it. */
  readonly channels?: readonly SlackChannelSeed[];
  /** "trigger_id … expires in 3 seconds" (views.open docs). */
  readonly triggerTtlMs?: number;
  /**
   * chat.postMessage: "1 message per second per channel, short bursts allowed" (special tier),
   * modelled as at most `postMessagePerChannel.max` in its window; the other methods use their
   * documented tier per minute. `false` turns limiting off.
   */
  readonly rateLimits?:
    | false
    | { readonly postMessagePerChannel?: WindowLimit; readonly perMinute?: Record<string, number> };
}

/** A message as the channel shows it now. */
export interface SlackSeenMessage {
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
  readonly user: string;
  readonly fromBot: boolean;
  readonly threadTs?: string;
  readonly edited: boolean;
  readonly deleted: boolean;
}

export interface SlackSeenEphemeral {
  readonly messageTs: string;
  readonly user: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
}

export interface SlackSeenView {
  readonly id: string;
  readonly user: string;
  readonly hash: string;
  readonly view: Record<string, unknown>;
  /** Every version opened/updated, oldest first. */
  readonly history: readonly Record<string, unknown>[];
}

/** A button found on a message, ready to feed `blockActionsPayload`. */
export interface SlackButtonPress {
  readonly user: { id: string; name: string; teamId: string };
  readonly channel: { id: string; name: string };
  readonly messageTs: string;
  readonly message: Record<string, unknown>;
  readonly actionId: string;
  readonly blockId: string;
  readonly value?: string;
  readonly text: string;
  readonly triggerId: string;
  readonly responseUrl: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly apiAppId: string;
}

interface StoredMessage {
  readonly ts: string;
  readonly user: string;
  readonly fromBot: boolean;
  readonly threadTs?: string;
  text: string;
  blocks: unknown[];
  edited: boolean;
  deleted: boolean;
}

interface ChannelState {
  readonly id: string;
  readonly name: string;
  readonly isPrivate: boolean;
  readonly isIm: boolean;
  readonly imUser?: string;
  readonly members: Set<string>;
  readonly botIsMember: boolean;
  readonly created: number;
  readonly messages: StoredMessage[];
  readonly ephemerals: SlackSeenEphemeral[];
}

type Params = Record<string, unknown>;
type Outcome = Record<string, unknown>;

/** A Web API error: `{ ok: false, error }` plus any extra fields Slack adds (`errors`, metadata). */
class SlackError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

/** Slack's documented tiers (calls per minute) for the methods the fake serves. */
const DEFAULT_PER_MINUTE: Record<string, number> = {
  "auth.test": 100,
  "chat.update": 50,
  "chat.postEphemeral": 100,
  "views.open": 100,
  "views.update": 100,
  "users.info": 100,
  "conversations.info": 50,
};

/**
 * A local Slack Web API for `@slack/web-api`'s `WebClient` (and so Bolt): `POST /api/<method>`,
 * form or JSON bodies, bearer token, Slack's `{ ok, error }` envelopes, Block Kit limits, trigger
 * expiry and 429s with `Retry-After`. Also serves the `response_url`s it hands out.
 */
export class FakeSlack {
  readonly token: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Every request (API methods and response_url posts), in arrival order. */
  readonly calls: RecordedCall[] = [];

  readonly #now: () => number;
  readonly #options: FakeSlackOptions;
  readonly #server = new LocalHttpServer((request) => this.#handle(request));
  readonly #failures = new FailureInjector();
  readonly #users = new Map<string, SlackUserSeed>();
  readonly #channels = new Map<string, ChannelState>();
  readonly #triggers = new Map<string, { issuedAt: number; user: string; used: boolean }>();
  readonly #responseUrls = new Map<
    string,
    { channel: string; ts?: string; user: string; issuedAt: number; uses: number }
  >();
  readonly #views = new Map<string, SlackSeenView & { externalId?: string }>();
  readonly #postWindows = new Map<string, SlidingWindow>();
  readonly #methodWindows = new Map<string, SlidingWindow>();
  #lastTsMicros = 0n;
  #counter = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.token = options.token ?? SLACK_DEFAULT_TOKEN;
    this.teamId = options.teamId ?? "T0RELANCE1";
    this.teamDomain = options.teamDomain ?? "relance-test";
    this.botUserId = options.botUserId ?? "U0BOT00001";
    this.botId = options.botId ?? "B0BOT00001";
    this.appId = options.appId ?? "A0RELANCE1";
    for (const user of options.users ?? [
      { id: "U0OWNER001", name: "owner", realName: "Olivia Owner", tz: "Europe/Paris" },
    ]) {
      this.addUser(user);
    }
    for (const channel of options.channels ?? [
      { id: "C0APPROVAL", name: "approvals", members: ["U0OWNER001"] },
    ]) {
      this.addChannel(channel);
    }
  }

  async start(): Promise<{ url: string }> {
    return this.#server.start();
  }

  async stop(): Promise<void> {
    await this.#server.stop();
  }

  /** Base URL; give `WebClient` `slackApiUrl: \`${fake.url}/api/\``. */
  get url(): string {
    return this.#server.url;
  }

  /** The next call(s) to `method` (or `"*"`) get this instead of being handled. */
  failNext(method: string, failure: InjectedFailure): void {
    this.#failures.add(method, failure);
  }

  addUser(user: SlackUserSeed): void {
    this.#users.set(user.id, user);
  }

  addChannel(channel: SlackChannelSeed): void {
    this.#channels.set(channel.id, {
      id: channel.id,
      name: channel.name,
      isPrivate: channel.isPrivate ?? false,
      isIm: false,
      members: new Set(channel.members ?? []),
      botIsMember: channel.botIsMember ?? true,
      created: Math.floor(this.#now() / 1000),
      messages: [],
      ephemerals: [],
    });
  }

  // ── Test helpers ───────────────────────────────────────────────────────────────────────────

  /** A trigger_id as Slack puts in an interaction payload; views.open accepts it for 3 s. */
  issueTriggerId(user = "U0OWNER001"): string {
    this.#counter += 1;
    const id = `${1_000_000_000 + this.#counter}.${this.teamId.slice(1)}.${this.#counter.toString(16).padStart(32, "a")}`;
    this.#triggers.set(id, { issuedAt: this.#now(), user, used: false });
    return id;
  }

  /** A response_url served by this fake (5 uses within 30 minutes, as Slack allows). */
  issueResponseUrl(channel: string, messageTs?: string, user = "U0OWNER001"): string {
    this.#counter += 1;
    const path = `/actions/${this.teamId}/${7_000_000_000 + this.#counter}/fakeResponseUrlSecret${this.#counter}`;
    this.#responseUrls.set(path, {
      channel,
      ...(messageTs === undefined ? {} : { ts: messageTs }),
      user,
      issuedAt: this.#now(),
      uses: 0,
    });
    return `${this.url}${path}`;
  }

  /** The channel's messages as shown now (top level and thread replies, oldest first). */
  messages(channel: string): SlackSeenMessage[] {
    return (this.#resolveChannel(channel)?.messages ?? []).map((m) => ({
      ts: m.ts,
      text: m.text,
      blocks: m.blocks,
      user: m.user,
      fromBot: m.fromBot,
      ...(m.threadTs === undefined ? {} : { threadTs: m.threadTs }),
      edited: m.edited,
      deleted: m.deleted,
    }));
  }

  message(channel: string, ts: string): SlackSeenMessage | undefined {
    return this.messages(channel).find((m) => m.ts === ts);
  }

  ephemerals(channel: string): SlackSeenEphemeral[] {
    return [...(this.#resolveChannel(channel)?.ephemerals ?? [])];
  }

  views(): SlackSeenView[] {
    return [...this.#views.values()];
  }

  view(id: string): SlackSeenView | undefined {
    return this.#views.get(id);
  }

  /** The id of the DM channel with a user (as chat.postMessage to a user id creates it). */
  imChannel(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /**
   * Finds the button `actionId` on a bot message and prepares what Slack would send when `user`
   * clicks it: a fresh trigger_id and response_url included. Throws if the message shows no such
   * button now.
   */
  pressButton(
    channel: string,
    ts: string,
    actionId: string,
    user = "U0OWNER001",
  ): SlackButtonPress {
    const state = this.#resolveChannel(channel);
    const message = state?.messages.find((m) => m.ts === ts && !m.deleted);
    if (state === undefined || message === undefined) {
      throw new Error(`no message ${ts} in ${channel}`);
    }
    for (const block of message.blocks) {
      if (!isRecord(block)) continue;
      const elements = block.type === "actions" ? block.elements : [block.accessory];
      if (!Array.isArray(elements)) continue;
      for (const element of elements) {
        if (!isRecord(element) || element.type !== "button" || element.action_id !== actionId) {
          continue;
        }
        const text = isRecord(element.text) ? String(element.text.text) : "";
        const seed = this.#users.get(user);
        return {
          user: { id: user, name: seed?.name ?? user, teamId: this.teamId },
          channel: { id: state.id, name: state.name },
          messageTs: ts,
          message: this.#messageObject(message),
          actionId,
          blockId: typeof block.block_id === "string" ? block.block_id : "",
          ...(typeof element.value === "string" ? { value: element.value } : {}),
          text,
          triggerId: this.issueTriggerId(user),
          responseUrl: this.issueResponseUrl(state.id, ts, user),
          teamId: this.teamId,
          teamDomain: this.teamDomain,
          apiAppId: this.appId,
        };
      }
    }
    throw new Error(`message ${ts} in ${channel} shows no button "${actionId}"`);
  }

  // ── HTTP ───────────────────────────────────────────────────────────────────────────────────

  async #handle(request: RawRequest): Promise<RawResponse> {
    const params = parseParams(request);
    const path = request.url.pathname;
    const apiMatch = /^\/api\/([A-Za-z.]+)$/.exec(path);
    const call: RecordedCall = {
      method: apiMatch?.[1] ?? path,
      params: params === "malformed" ? { raw: request.body } : params,
      at: this.#now(),
      status: 0,
      response: undefined,
    };
    this.calls.push(call);
    const response = path.startsWith("/actions/")
      ? this.#responseUrl(path, params)
      : this.#api(apiMatch?.[1], params, request);
    call.status = response.status;
    call.response = response.body;
    return response;
  }

  #api(method: string | undefined, params: Params | "malformed", request: RawRequest): RawResponse {
    if (method === undefined || (request.method !== "POST" && request.method !== "GET")) {
      return { status: 404, body: { ok: false, error: "unknown_method" } };
    }
    const injected = this.#failures.take(method);
    if (injected !== undefined) return injectedFailure(injected);
    if (params === "malformed") return errorResponse(new SlackError("invalid_form_data"));
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof params.token === "string" ? params.token : undefined);
    if (token === undefined) return errorResponse(new SlackError("not_authed"));
    if (token !== this.token) return errorResponse(new SlackError("invalid_auth"));
    const limited = this.#rateLimit(method, params);
    if (limited !== undefined) return limited;
    try {
      return { status: 200, body: { ok: true, ...this.#invoke(method, params) } };
    } catch (error) {
      if (error instanceof SlackError) return errorResponse(error);
      throw error;
    }
  }

  #invoke(method: string, params: Params): Outcome {
    switch (method) {
      case "auth.test":
        return {
          url: `https://${this.teamDomain}.slack.com/`,
          team: "Relance Test",
          user: "relance",
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case "chat.postMessage":
        return this.#postMessage(params);
      case "chat.update":
        return this.#update(params);
      case "chat.postEphemeral":
        return this.#postEphemeral(params);
      case "views.open":
        return this.#viewsOpen(params);
      case "views.update":
        return this.#viewsUpdate(params);
      case "users.info":
        return { user: this.#userObject(requireString(params.user, "user_not_found")) };
      case "conversations.info":
        return { channel: this.#channelObject(this.#channelFor(params.channel)) };
      default:
        throw new SlackError("unknown_method", { req_method: method });
    }
  }

  #postMessage(params: Params): Outcome {
    const channel = this.#channelFor(params.channel, { openIm: true });
    if (!channel.botIsMember) throw new SlackError("not_in_channel");
    const { text, blocks } = messageContent(params, undefined);
    const threadTs = typeof params.thread_ts === "string" ? params.thread_ts : undefined;
    if (threadTs !== undefined && !channel.messages.some((m) => m.ts === threadTs)) {
      throw new SlackError("thread_not_found");
    }
    const message: StoredMessage = {
      ts: this.#nextTs(),
      user: this.botUserId,
      fromBot: true,
      ...(threadTs === undefined ? {} : { threadTs }),
      text: text ?? "",
      blocks: blocks ?? [],
      edited: false,
      deleted: false,
    };
    channel.messages.push(message);
    return { channel: channel.id, ts: message.ts, message: this.#messageObject(message) };
  }

  #update(params: Params): Outcome {
    const channel = this.#channelFor(params.channel);
    const ts = requireString(params.ts, "message_not_found");
    const message = channel.messages.find((m) => m.ts === ts && !m.deleted);
    if (message === undefined) throw new SlackError("message_not_found");
    if (!message.fromBot) throw new SlackError("cant_update_message");
    const { text, blocks } = messageContent(params, message);
    // "If you don't include blocks, the message's previous blocks will be retained."
    if (text !== undefined) message.text = text;
    if (blocks !== undefined) message.blocks = blocks;
    message.edited = true;
    return {
      channel: channel.id,
      ts,
      text: message.text,
      message: this.#messageObject(message),
    };
  }

  #postEphemeral(params: Params): Outcome {
    const channel = this.#channelFor(params.channel);
    const user = requireString(params.user, "user_not_found");
    if (!this.#users.has(user)) throw new SlackError("user_not_found");
    if (!channel.isIm && !channel.members.has(user)) throw new SlackError("user_not_in_channel");
    const { text, blocks } = messageContent(params, undefined);
    const messageTs = this.#nextTs();
    channel.ephemerals.push({ messageTs, user, text: text ?? "", blocks: blocks ?? [] });
    return { message_ts: messageTs };
  }

  #viewsOpen(params: Params): Outcome {
    const triggerId = requireString(params.trigger_id, "invalid_trigger_id");
    const trigger = this.#triggers.get(triggerId);
    if (trigger === undefined) throw new SlackError("invalid_trigger_id");
    if (trigger.used) throw new SlackError("exchanged_trigger_id");
    if (this.#now() - trigger.issuedAt > (this.#options.triggerTtlMs ?? 3000)) {
      throw new SlackError("expired_trigger_id");
    }
    const view = parseView(params.view);
    trigger.used = true;
    this.#counter += 1;
    const id = `V0${(1_000_000 + this.#counter).toString(36).toUpperCase()}`;
    const stored = {
      id,
      user: trigger.user,
      hash: this.#hash(),
      view,
      history: [view],
      ...(typeof view.external_id === "string" ? { externalId: view.external_id } : {}),
    };
    this.#views.set(id, stored);
    return { view: this.#viewObject(stored) };
  }

  #viewsUpdate(params: Params): Outcome {
    const byExternal =
      typeof params.external_id === "string"
        ? [...this.#views.values()].find((v) => v.externalId === params.external_id)
        : undefined;
    const current =
      typeof params.view_id === "string" ? this.#views.get(params.view_id) : byExternal;
    if (current === undefined) throw new SlackError("not_found");
    if (typeof params.hash === "string" && params.hash !== current.hash) {
      throw new SlackError("hash_conflict");
    }
    const view = parseView(params.view);
    const next = {
      ...current,
      hash: this.#hash(),
      view,
      history: [...current.history, view],
    };
    this.#views.set(current.id, next);
    return { view: this.#viewObject(next) };
  }

  #responseUrl(path: string, params: Params | "malformed"): RawResponse {
    const target = this.#responseUrls.get(path);
    if (target === undefined) return { status: 404, body: { ok: false, error: "invalid_url" } };
    if (this.#now() - target.issuedAt > 30 * 60 * 1000) {
      return { status: 404, body: { ok: false, error: "expired_url" } };
    }
    if (target.uses >= 5) return { status: 404, body: { ok: false, error: "used_url" } };
    if (params === "malformed")
      return { status: 400, body: { ok: false, error: "invalid_payload" } };
    target.uses += 1;
    const channel = this.#resolveChannel(target.channel);
    if (channel === undefined)
      return { status: 404, body: { ok: false, error: "channel_not_found" } };
    const original = channel.messages.find((m) => m.ts === target.ts);
    try {
      if (isTrue(params.delete_original)) {
        if (original === undefined) throw new SlackError("message_not_found");
        original.deleted = true;
      } else if (isTrue(params.replace_original)) {
        if (original === undefined) throw new SlackError("message_not_found");
        const { text, blocks } = messageContent(params, original);
        original.text = text ?? original.text;
        original.blocks = blocks ?? [];
        original.edited = true;
      } else if (params.response_type === "in_channel") {
        const { text, blocks } = messageContent(params, undefined);
        channel.messages.push({
          ts: this.#nextTs(),
          user: this.botUserId,
          fromBot: true,
          text: text ?? "",
          blocks: blocks ?? [],
          edited: false,
          deleted: false,
        });
      } else {
        const { text, blocks } = messageContent(params, undefined);
        channel.ephemerals.push({
          messageTs: this.#nextTs(),
          user: target.user,
          text: text ?? "",
          blocks: blocks ?? [],
        });
      }
    } catch (error) {
      if (error instanceof SlackError) {
        return { status: 400, body: { ok: false, error: error.error, ...error.extra } };
      }
      throw error;
    }
    return { status: 200, body: { ok: true } };
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────────────

  #rateLimit(method: string, params: Params): RawResponse | undefined {
    const limits = this.#options.rateLimits;
    if (limits === false) return undefined;
    let window: SlidingWindow | undefined;
    if (method === "chat.postMessage") {
      const key = typeof params.channel === "string" ? params.channel : "";
      window = this.#postWindows.get(key);
      if (window === undefined) {
        window = new SlidingWindow(limits?.postMessagePerChannel ?? { max: 5, windowMs: 5000 });
        this.#postWindows.set(key, window);
      }
    } else {
      const perMinute = limits?.perMinute?.[method] ?? DEFAULT_PER_MINUTE[method];
      if (perMinute === undefined) return undefined;
      window = this.#methodWindows.get(method);
      if (window === undefined) {
        window = new SlidingWindow({ max: perMinute, windowMs: 60_000 });
        this.#methodWindows.set(method, window);
      }
    }
    const verdict = window.tryAcquire(this.#now());
    return verdict.ok ? undefined : rateLimited(verdict.retryAfterSeconds);
  }

  /** Strictly increasing "seconds.micros" from the fake clock, like Slack's message ts. */
  #nextTs(): string {
    const micros = BigInt(this.#now()) * 1000n;
    this.#lastTsMicros = micros > this.#lastTsMicros ? micros : this.#lastTsMicros + 1n;
    const seconds = this.#lastTsMicros / 1_000_000n;
    const fraction = (this.#lastTsMicros % 1_000_000n).toString().padStart(6, "0");
    return `${seconds}.${fraction}`;
  }

  #hash(): string {
    this.#counter += 1;
    return `${Math.floor(this.#now() / 1000)}.${this.#counter.toString(16).padStart(8, "0")}`;
  }

  #resolveChannel(id: string): ChannelState | undefined {
    return this.#channels.get(id) ?? this.#channels.get(this.imChannel(id));
  }

  #channelFor(raw: unknown, options: { openIm?: boolean } = {}): ChannelState {
    if (typeof raw !== "string" || raw === "") throw new SlackError("channel_not_found");
    const existing =
      this.#channels.get(raw) ??
      [...this.#channels.values()].find((c) => `#${c.name}` === raw || c.name === raw);
    if (existing !== undefined) return existing;
    // Posting to a user id opens (or reuses) the DM with that user.
    if (options.openIm === true && raw.startsWith("U") && this.#users.has(raw)) {
      const im: ChannelState = {
        id: this.imChannel(raw),
        name: raw,
        isPrivate: true,
        isIm: true,
        imUser: raw,
        members: new Set([raw]),
        botIsMember: true,
        created: Math.floor(this.#now() / 1000),
        messages: [],
        ephemerals: [],
      };
      this.#channels.set(im.id, im);
      return im;
    }
    throw new SlackError("channel_not_found");
  }

  #messageObject(message: StoredMessage): Record<string, unknown> {
    return {
      type: "message",
      ...(message.fromBot
        ? {
            subtype: "bot_message",
            bot_id: this.botId,
            app_id: this.appId,
            bot_profile: {
              id: this.botId,
              app_id: this.appId,
              name: "Relance",
              team_id: this.teamId,
              deleted: false,
            },
          }
        : {}),
      user: message.user,
      text: message.text,
      ts: message.ts,
      team: this.teamId,
      ...(message.blocks.length === 0 ? {} : { blocks: message.blocks }),
      ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
      ...(message.edited ? { edited: { user: message.user, ts: message.ts } } : {}),
    };
  }

  #userObject(id: string): Record<string, unknown> {
    const user = this.#users.get(id);
    if (user === undefined) throw new SlackError("user_not_found");
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      deleted: false,
      real_name: user.realName ?? user.name,
      tz: user.tz ?? "Europe/Paris",
      tz_label: "Central European Time",
      tz_offset: 3600,
      is_bot: user.isBot ?? false,
      is_admin: false,
      is_app_user: false,
      profile: {
        real_name: user.realName ?? user.name,
        display_name: user.name,
        ...(user.email === undefined ? {} : { email: user.email }),
        team: this.teamId,
      },
    };
  }

  #channelObject(channel: ChannelState): Record<string, unknown> {
    if (channel.isIm) {
      return {
        id: channel.id,
        created: channel.created,
        is_im: true,
        is_org_shared: false,
        user: channel.imUser,
      };
    }
    return {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.isPrivate,
      is_group: false,
      is_im: false,
      is_private: channel.isPrivate,
      is_archived: false,
      is_member: channel.botIsMember,
      created: channel.created,
      num_members: channel.members.size,
    };
  }

  #viewObject(stored: SlackSeenView & { externalId?: string }): Record<string, unknown> {
    const { view } = stored;
    return {
      id: stored.id,
      team_id: this.teamId,
      type: view.type,
      blocks: view.blocks,
      private_metadata: view.private_metadata ?? "",
      callback_id: view.callback_id ?? "",
      state: { values: {} },
      hash: stored.hash,
      title: view.title,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: null,
      root_view_id: stored.id,
      app_id: this.appId,
      external_id: stored.externalId ?? "",
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
  }
}

function messageContent(
  params: Params,
  existing: StoredMessage | undefined,
): { text: string | undefined; blocks: unknown[] | undefined } {
  const text = typeof params.text === "string" ? params.text : undefined;
  let blocks: unknown[] | undefined;
  if (params.blocks !== undefined && params.blocks !== "") {
    const field = jsonField(params.blocks);
    if (!field.ok || !Array.isArray(field.value)) throw new SlackError("invalid_blocks_format");
    const errors = validateBlocks(field.value, SLACK_MESSAGE_BLOCKS_MAX, "/blocks");
    if (errors.length > 0) {
      throw new SlackError("invalid_blocks", {
        errors,
        response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
      });
    }
    blocks = field.value;
  }
  const hasAttachments = params.attachments !== undefined && params.attachments !== "";
  const hasText = text !== undefined && text !== "";
  // A new message needs something to show; an update needs something to change.
  const empty =
    existing === undefined
      ? !hasText && (blocks === undefined || blocks.length === 0) && !hasAttachments
      : text === undefined && blocks === undefined && !hasAttachments;
  if (empty) throw new SlackError("no_text");
  if (text !== undefined && text.length > SLACK_MESSAGE_TEXT_MAX) {
    throw new SlackError("msg_too_long");
  }
  return { text, blocks };
}

function parseView(raw: unknown): Record<string, unknown> {
  const field = jsonField(raw);
  if (!field.ok || !isRecord(field.value)) {
    throw new SlackError("invalid_arguments", {
      response_metadata: { messages: ["[ERROR] missing required field: view"] },
    });
  }
  const errors = validateModal(field.value);
  if (errors.length > 0) {
    throw new SlackError("invalid_arguments", {
      response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
    });
  }
  return field.value;
}

function requireString(value: unknown, error: string): string {
  if (typeof value !== "string" || value === "") throw new SlackError(error);
  return value;
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function errorResponse(error: SlackError): RawResponse {
  return { status: 200, body: { ok: false, error: error.error, ...error.extra } };
}

function rateLimited(seconds: number): RawResponse {
  return {
    status: 429,
    headers: { "Retry-After": String(seconds) },
    body: { ok: false, error: "ratelimited" },
  };
}

function injectedFailure(injected: InjectedFailure): RawResponse {
  if (injected.status === 429) {
    const limited = rateLimited(injected.retryAfter ?? 1);
    return injected.body === undefined ? limited : { ...limited, body: injected.body };
  }
  if (injected.body !== undefined) return { status: injected.status, body: injected.body };
  return {
    status: injected.status,
    body: { ok: false, error: injected.status >= 500 ? "internal_error" : "invalid_request" },
  };
}
