import {
  FailureInjector,
  type InjectedFailure,
  LocalHttpServer,
  parseParams,
  postWebhook,
  type RawRequest,
  type RawResponse,
  type RecordedCall,
} from "./fake-http-server.ts";
import { SlidingWindow, type WindowLimit } from "./sliding-window.ts";
import { GraphError, type ValidatedSend, validateSendRequest } from "./whatsapp-send-request.ts";
import {
  buttonReplyPayload,
  listReplyPayload,
  type MessageStatus,
  type StatusError,
  signWhatsAppPayload,
  statusPayload,
  templateButtonPayload,
  textMessagePayload,
  type WebhookPayload,
  type WhatsAppBusinessRef,
} from "./whatsapp-webhooks.ts";

export const WHATSAPP_DEFAULT_TOKEN = "EAAFakeRelanceWhatsAppAccessToken0123456789";
export const WHATSAPP_DEFAULT_APP_SECRET = "fake-whatsapp-app-secret";
/** The customer-service window: free-form messages only within 24 h of the user's last message. */
export const WHATSAPP_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FakeWhatsAppOptions {
  /** The only access token accepted (`Authorization: Bearer …`). */
  readonly accessToken?: string;
  readonly phoneNumberId?: string;
  readonly displayPhoneNumber?: string;
  readonly wabaId?: string;
  /** Signs webhook deliveries (`X-Hub-Signature-256`). */
  readonly appSecret?: string;
  /** Where webhook deliveries go; can also be set later with `setWebhook`. */
  readonly webhookUrl?: string;
  /** The fake's clock (ms since epoch): service window, timestamps, rate limits. */
  readonly now?: () => number;
  /**
   * How a free-form message outside the 24-hour window fails. `"error"`: the send answers 400
   * with code 131047 (simple to assert). `"status"`: as the live API mostly does, the send is
   * accepted and a `failed` status with error 131047 is POSTed to the webhook.
   */
  readonly reEngagement?: "error" | "status";
  /** Approved templates (name + language); unknown ones fail with 132001. Any, if omitted. */
  readonly templates?: readonly {
    readonly name: string;
    readonly language: string;
    /** How many body parameters the approved template has ({{1}}…{{n}}); unchecked if omitted. */
    readonly params?: number;
  }[];
  /**
   * Throughput per business number (80 messages/s by default, error 130429) and the pair rate
   * to one user (about 1 message per 6 s with bursts, error 131056). `false` turns both off.
   */
  readonly rateLimits?:
    | false
    | { readonly throughput?: WindowLimit; readonly perRecipient?: WindowLimit };
}

/** A message the business sent, as the user's phone shows it. */
export interface WhatsAppSentMessage {
  readonly id: string;
  readonly to: string;
  /** Unix ms by the fake clock. */
  readonly at: number;
  readonly request: Record<string, unknown>;
  readonly content: Exclude<ValidatedSend, { kind: "read" }>;
  /** False when it failed re-engagement in `"status"` mode. */
  readonly delivered: boolean;
}

export interface WhatsAppInboundMessage {
  readonly id: string;
  readonly from: string;
  readonly at: number;
  readonly payload: WebhookPayload;
}

/** What became of a webhook POST: the payload, its raw body and the receiver's HTTP status. */
export interface WhatsAppDelivery {
  readonly payload: WebhookPayload;
  readonly rawBody: string;
  /** 0 if the receiver was unreachable, "not-configured" without a webhook URL. */
  readonly status: number | "not-configured";
  /** The inbound message id (`wamid.…`), for messages. */
  readonly messageId?: string;
}

/**
 * A local WhatsApp Cloud API: `POST /{phone-number-id}/messages` (optionally under `/vNN.N/`),
 * Graph-style errors, interactive limits, the 24-hour window, and signed webhook deliveries of
 * user messages, button/list replies and statuses.
 */
export class FakeWhatsApp {
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  readonly wabaId: string;
  readonly appSecret: string;
  /** Every request to the API, in arrival order. */
  readonly calls: RecordedCall[] = [];

  readonly #now: () => number;
  readonly #options: FakeWhatsAppOptions;
  readonly #server = new LocalHttpServer((request) => this.#handle(request));
  readonly #failures = new FailureInjector();
  readonly #lastInbound = new Map<string, number>();
  readonly #sent: WhatsAppSentMessage[] = [];
  readonly #inbound: WhatsAppInboundMessage[] = [];
  readonly #read = new Set<string>();
  readonly #throughput: SlidingWindow | undefined;
  readonly #pairs = new Map<string, SlidingWindow>();
  readonly #pendingStatuses: { id: string; errors: StatusError[] }[] = [];
  #webhookUrl: string | undefined;
  #counter = 0;

  constructor(options: FakeWhatsAppOptions = {}) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.accessToken = options.accessToken ?? WHATSAPP_DEFAULT_TOKEN;
    this.phoneNumberId = options.phoneNumberId ?? "106540352242922";
    this.displayPhoneNumber = options.displayPhoneNumber ?? "15550783881";
    this.wabaId = options.wabaId ?? "102290129340398";
    this.appSecret = options.appSecret ?? WHATSAPP_DEFAULT_APP_SECRET;
    this.#webhookUrl = options.webhookUrl;
    this.#throughput =
      options.rateLimits === false
        ? undefined
        : new SlidingWindow(options.rateLimits?.throughput ?? { max: 80, windowMs: 1000 });
  }

  async start(): Promise<{ url: string }> {
    return this.#server.start();
  }

  async stop(): Promise<void> {
    await this.#server.stop();
  }

  /** Base URL (`WHATSAPP_API_URL`); messages go to `${url}/${phoneNumberId}/messages`. */
  get url(): string {
    return this.#server.url;
  }

  get business(): WhatsAppBusinessRef {
    return {
      wabaId: this.wabaId,
      phoneNumberId: this.phoneNumberId,
      displayPhoneNumber: this.displayPhoneNumber,
    };
  }

  setWebhook(url: string | undefined): void {
    this.#webhookUrl = url;
  }

  /** The next call(s) to `"messages"` (or `"*"`) get this instead of being handled. */
  failNext(method: string, failure: InjectedFailure): void {
    this.#failures.add(method, failure);
  }

  /** Messages the business sent, oldest first; only to `to` if given. */
  sent(to?: string): WhatsAppSentMessage[] {
    return this.#sent.filter((m) => to === undefined || m.to === digits(to));
  }

  lastSent(to: string): WhatsAppSentMessage | undefined {
    return this.sent(to).at(-1);
  }

  inbound(from?: string): WhatsAppInboundMessage[] {
    return this.#inbound.filter((m) => from === undefined || m.from === digits(from));
  }

  /** Whether the business marked this inbound message as read. */
  isRead(messageId: string): boolean {
    return this.#read.has(messageId);
  }

  /** Opens the 24-hour window as if the user had written at `at` (default: now), without a webhook. */
  userWrote(from: string, at = this.#now()): void {
    this.#lastInbound.set(digits(from), at);
  }

  // ── The user acts (each builds a real payload and POSTs it, signed) ────────────────────────

  userSendsText(from: string, text: string, profileName?: string): Promise<WhatsAppDelivery> {
    const base = this.#inboundBase(from, profileName);
    return this.#deliverInbound(base.from, base.messageId, textMessagePayload({ ...base, text }));
  }

  /**
   * The user taps a reply button under one of the business's messages. Throws if that message
   * shows no such button (a phone cannot send it), unless `force`.
   */
  userPressesReply(
    from: string,
    contextMessageId: string,
    buttonId: string,
    title?: string,
    options: { force?: boolean } = {},
  ): Promise<WhatsAppDelivery> {
    const shown = this.#shown(contextMessageId, "button", buttonId, options.force === true);
    const base = this.#inboundBase(from);
    const payload = buttonReplyPayload({
      ...base,
      contextMessageId,
      buttonId,
      title: title ?? shown?.title ?? buttonId,
    });
    return this.#deliverInbound(base.from, base.messageId, payload);
  }

  /** The user picks a row in one of the business's list messages (same checks as buttons). */
  userPicksListRow(
    from: string,
    contextMessageId: string,
    rowId: string,
    title?: string,
    options: { force?: boolean; description?: string } = {},
  ): Promise<WhatsAppDelivery> {
    const shown = this.#shown(contextMessageId, "list", rowId, options.force === true);
    const base = this.#inboundBase(from);
    const description = options.description ?? shown?.description;
    const payload = listReplyPayload({
      ...base,
      contextMessageId,
      rowId,
      title: title ?? shown?.title ?? rowId,
      ...(description === undefined ? {} : { description }),
    });
    return this.#deliverInbound(base.from, base.messageId, payload);
  }

  /**
   * The user taps the quick-reply button of a template the business sent (the template's buttons
   * are defined when it is approved; the fake shows one, `text`). Throws if that message was no
   * template.
   */
  userPressesTemplateButton(
    from: string,
    contextMessageId: string,
    text: string,
    payload = text,
  ): Promise<WhatsAppDelivery> {
    const message = this.#sent.find((m) => m.id === contextMessageId);
    if (message?.content.kind !== "template") {
      throw new Error(`message ${contextMessageId} is no template`);
    }
    const base = this.#inboundBase(from);
    return this.#deliverInbound(
      base.from,
      base.messageId,
      templateButtonPayload({ ...base, contextMessageId, text, payload }),
    );
  }

  /** POSTs a status callback (sent/delivered/read/failed) for a message the business sent. */
  sendStatus(
    messageId: string,
    status: MessageStatus,
    errors?: readonly StatusError[],
  ): Promise<WhatsAppDelivery> {
    const message = this.#sent.find((m) => m.id === messageId);
    if (message === undefined) throw new Error(`no sent message ${messageId}`);
    return this.post(
      statusPayload({
        business: this.business,
        messageId,
        recipientId: message.to,
        status,
        timestamp: this.#unixNow(),
        ...(errors === undefined ? {} : { errors }),
        category: message.content.kind === "template" ? "utility" : "service",
      }),
    );
  }

  /**
   * POSTs the `failed` statuses of sends that broke the 24-hour window in `reEngagement: "status"`
   * mode, as Meta would shortly after accepting them.
   */
  async flushStatuses(): Promise<WhatsAppDelivery[]> {
    const pending = this.#pendingStatuses.splice(0);
    const out: WhatsAppDelivery[] = [];
    for (const { id, errors } of pending) out.push(await this.sendStatus(id, "failed", errors));
    return out;
  }

  /** POSTs any payload to the webhook, signed. */
  async post(payload: WebhookPayload): Promise<WhatsAppDelivery> {
    const rawBody = JSON.stringify(payload);
    if (this.#webhookUrl === undefined) return { payload, rawBody, status: "not-configured" };
    const answer = await postWebhook(this.#webhookUrl, rawBody, {
      "X-Hub-Signature-256": signWhatsAppPayload(rawBody, this.appSecret),
    });
    return { payload, rawBody, status: answer.status };
  }

  /** Redelivers a payload `times` times (Meta retries non-2xx deliveries), in turn or at once. */
  async deliver(
    payload: WebhookPayload,
    options: { times?: number; concurrently?: boolean } = {},
  ): Promise<WhatsAppDelivery[]> {
    const times = options.times ?? 1;
    if (options.concurrently === true) {
      return Promise.all(Array.from({ length: times }, () => this.post(payload)));
    }
    const out: WhatsAppDelivery[] = [];
    for (let i = 0; i < times; i++) out.push(await this.post(payload));
    return out;
  }

  /** Meta's subscription handshake against our GET endpoint: returns status and echoed body. */
  async verifyWebhook(
    url: string,
    verifyToken: string,
    challenge = "1158201444",
  ): Promise<{ status: number; body: string }> {
    const query = new URLSearchParams({
      "hub.mode": "subscribe",
      "hub.verify_token": verifyToken,
      "hub.challenge": challenge,
    });
    const response = await fetch(`${url}?${query.toString()}`);
    return { status: response.status, body: await response.text() };
  }

  // ── HTTP ───────────────────────────────────────────────────────────────────────────────────

  async #handle(request: RawRequest): Promise<RawResponse> {
    const params = parseParams(request);
    const match = /^(?:\/v\d+\.\d+)?\/([^/]+)\/messages$/.exec(request.url.pathname);
    const call: RecordedCall = {
      method: match === null ? request.url.pathname : "messages",
      params: params === "malformed" ? { raw: request.body } : params,
      at: this.#now(),
      status: 0,
      response: undefined,
    };
    this.calls.push(call);
    const response = this.#respond(match, params, request);
    call.status = response.status;
    call.response = response.body;
    return response;
  }

  #respond(
    match: RegExpExecArray | null,
    params: Record<string, unknown> | "malformed",
    request: RawRequest,
  ): RawResponse {
    try {
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      if (bearer === undefined) {
        throw new GraphError(
          400,
          2500,
          "An active access token must be used to query information about the current user.",
          { type: "OAuthException" },
        );
      }
      if (bearer !== this.accessToken) {
        throw new GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token", {
          type: "OAuthException",
        });
      }
      if (match === null || request.method !== "POST") {
        throw new GraphError(400, 100, "Unsupported request - method type: get", {
          type: "GraphMethodException",
        });
      }
      if (match[1] !== this.phoneNumberId) {
        throw new GraphError(
          400,
          100,
          `Unsupported post request. Object with ID '${match[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
          { type: "GraphMethodException", subcode: 33 },
        );
      }
      const injected = this.#failures.take("messages");
      if (injected !== undefined) return this.#injected(injected);
      if (params === "malformed") {
        throw new GraphError(400, 100, "(#100) Invalid parameter", {
          details: "Malformed JSON body.",
        });
      }
      return { status: 200, body: this.#send(params) };
    } catch (error) {
      if (error instanceof GraphError) return this.#graphError(error);
      throw error;
    }
  }

  #send(params: Record<string, unknown>): Record<string, unknown> {
    const request = validateSendRequest(params);
    if (request.kind === "read") {
      if (!this.#inbound.some((m) => m.id === request.messageId)) {
        throw new GraphError(400, 100, "(#100) Invalid parameter", {
          details: "Invalid message_id.",
        });
      }
      this.#read.add(request.messageId);
      return { success: true };
    }
    if (request.kind === "template") {
      this.#checkTemplate(request.name, request.language, request.params.length);
    }
    this.#throttle(request.to);
    const now = this.#now();
    const last = this.#lastInbound.get(request.to);
    const outsideWindow =
      request.kind !== "template" &&
      (last === undefined || now - last > WHATSAPP_SERVICE_WINDOW_MS);
    const reEngagement = {
      code: 131047,
      title: "Re-engagement message",
      details:
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    };
    if (outsideWindow && (this.#options.reEngagement ?? "error") === "error") {
      throw new GraphError(400, reEngagement.code, `(#131047) ${reEngagement.title}`, {
        details: reEngagement.details,
      });
    }
    const id = this.#wamid(request.to);
    this.#sent.push({
      id,
      to: request.to,
      at: now,
      request: params,
      content: request,
      delivered: !outsideWindow,
    });
    // Meta reports this failure later, in a status callback: queued for `flushStatuses()`.
    if (outsideWindow) this.#pendingStatuses.push({ id, errors: [reEngagement] });
    return {
      messaging_product: "whatsapp",
      contacts: [{ input: String(params.to), wa_id: request.to }],
      messages: [request.kind === "template" ? { id, message_status: "accepted" } : { id }],
    };
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────────────

  #checkTemplate(name: string, language: string, params: number): void {
    const templates = this.#options.templates;
    if (templates === undefined) return;
    const template = templates.find((t) => t.name === name && t.language === language);
    if (template?.params !== undefined && template.params !== params) {
      throw new GraphError(
        400,
        132000,
        "(#132000) Number of parameters does not match the expected number of params",
        {
          details: `body: number of localizable_params (${params}) does not match the expected number of params (${template.params})`,
        },
      );
    }
    if (template === undefined) {
      throw new GraphError(
        400,
        132001,
        "(#132001) Template name does not exist in the translation",
        {
          details: `template name (${name}) does not exist in ${language}`,
        },
      );
    }
  }

  #throttle(to: string): void {
    const limits = this.#options.rateLimits;
    if (limits === false) return;
    const now = this.#now();
    let pair = this.#pairs.get(to);
    if (pair === undefined) {
      // ~1 message per 6 s on average, bursts of up to 45 ("pair rate limit").
      pair = new SlidingWindow(limits?.perRecipient ?? { max: 45, windowMs: 45 * 6000 });
      this.#pairs.set(to, pair);
    }
    if (this.#throughput?.tryAcquire(now).ok === false) {
      throw new GraphError(400, 130429, "(#130429) Rate limit hit", {
        details: "Cloud API message throughput has been reached.",
      });
    }
    if (!pair.tryAcquire(now).ok) {
      throw new GraphError(
        400,
        131056,
        "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        {
          details:
            "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
        },
      );
    }
  }

  #shown(
    messageId: string,
    kind: "button" | "list",
    id: string,
    force: boolean,
  ): { title: string; description?: string } | undefined {
    const message = this.#sent.find((m) => m.id === messageId);
    const content = message?.content;
    const options =
      content?.kind === "button" ? content.buttons : content?.kind === "list" ? content.rows : [];
    const found = content?.kind === kind ? options.find((o) => o.id === id) : undefined;
    if (found === undefined && !force) {
      throw new Error(`message ${messageId} shows no ${kind} option "${id}"`);
    }
    return found;
  }

  #inboundBase(from: string, profileName?: string) {
    return {
      business: this.business,
      from: digits(from),
      messageId: this.#wamid(digits(from)),
      timestamp: this.#unixNow(),
      ...(profileName === undefined ? {} : { profileName }),
    };
  }

  async #deliverInbound(
    from: string,
    messageId: string,
    payload: WebhookPayload,
  ): Promise<WhatsAppDelivery> {
    const at = this.#now();
    this.#lastInbound.set(from, at);
    this.#inbound.push({ id: messageId, from, at, payload });
    return { ...(await this.post(payload)), messageId };
  }

  #wamid(to: string): string {
    this.#counter += 1;
    const seed = `${to}:${this.#counter}:${this.#now()}`;
    return `wamid.HBgL${Buffer.from(seed).toString("base64").replace(/=+$/, "")}`;
  }

  #unixNow(): number {
    return Math.floor(this.#now() / 1000);
  }

  #graphError(error: GraphError): RawResponse {
    this.#counter += 1;
    return {
      status: error.httpStatus,
      body: {
        error: {
          message: error.graphMessage,
          type: error.extra.type ?? "OAuthException",
          code: error.code,
          ...(error.extra.subcode === undefined ? {} : { error_subcode: error.extra.subcode }),
          ...(error.extra.details === undefined
            ? {}
            : { error_data: { messaging_product: "whatsapp", details: error.extra.details } }),
          fbtrace_id: `AFakeTrace${this.#counter.toString(36)}`,
        },
      },
    };
  }

  #injected(injected: InjectedFailure): RawResponse {
    if (injected.body !== undefined) return { status: injected.status, body: injected.body };
    if (injected.status === 429) {
      return this.#graphError(new GraphError(429, 130429, "(#130429) Rate limit hit"));
    }
    return this.#graphError(
      injected.status >= 500
        ? new GraphError(injected.status, 131000, "(#131000) Something went wrong")
        : new GraphError(injected.status, 100, "(#100) Invalid parameter"),
    );
  }
}

function digits(phone: string): string {
  return phone.replace(/\D/g, "");
}
