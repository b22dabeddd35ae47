import { randomInt } from "node:crypto";
import type {
  Chat,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import {
  FailureInjector,
  type InjectedFailure,
  isRecord,
  jsonField,
  LocalHttpServer,
  parseParams,
  postWebhook,
  type RawRequest,
  type RawResponse,
  type RecordedCall,
} from "./fake-http-server.ts";
import { SlidingWindow, type WindowLimit } from "./sliding-window.ts";
import {
  badRequest,
  parseInlineKeyboard,
  sameContent,
  TELEGRAM_CALLBACK_ANSWER_TEXT_MAX,
  TELEGRAM_TEXT_MAX_UTF16,
  TelegramError,
  visibleText,
} from "./telegram-markup.ts";

export interface FakeTelegramOptions {
  /** The only token accepted; any other gets 401 "Unauthorized". */
  readonly token?: string;
  readonly botUsername?: string;
  readonly botFirstName?: string;
  /** The fake's clock (ms since epoch): message dates, rate limits, callback query expiry. */
  readonly now?: () => number;
  /**
   * Telegram's flood limits for sending: about 1 message per second in one chat and 30 per second
   * overall (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
   * The fake is strict (no burst) unless told otherwise; `false` turns limiting off.
   */
  readonly rateLimits?: { readonly perChat: WindowLimit; readonly global: WindowLimit } | false;
  /** Which methods count against the flood limits. */
  readonly rateLimitedMethods?: readonly string[];
  /** A callback query can be answered for 15 minutes after the press (by the fake's clock). */
  readonly callbackQueryTtlMs?: number;
  /** Upper bound on the wall-clock wait of a long poll with nothing to return. */
  readonly longPollMaxWaitMs?: number;
  /** The first update's id; random unless given. */
  readonly firstUpdateId?: number;
  /** How long a webhook call may take before it counts as failed (status 0); no limit unless given. */
  readonly webhookTimeoutMs?: number;
}

export const TELEGRAM_DEFAULT_TOKEN = "7000000001:AAFakeTokenForRelanceTests_0123456789";

/** A message as the debtor would see it in the chat now. */
export interface SeenMessage {
  readonly messageId: number;
  readonly from: "bot" | "user";
  readonly text: string;
  /** Inline keyboard rows; empty when the message has none. */
  readonly buttons: readonly (readonly SeenButton[])[];
  readonly edited: boolean;
  /** Unix seconds. */
  readonly date: number;
}

export interface SeenButton {
  readonly text: string;
  readonly callbackData?: string;
  readonly url?: string;
}

/** What became of an update: POSTed to the webhook (HTTP status, 0 if unreachable) or queued. */
export interface Delivery {
  readonly update: Update;
  readonly status: number | "queued";
}

interface StoredMessage {
  readonly messageId: number;
  readonly from: "bot" | "user";
  readonly date: number;
  text: string;
  entities: MessageEntity[] | undefined;
  replyMarkup: InlineKeyboardMarkup | undefined;
  editDate: number | undefined;
  readonly history: { text: string; replyMarkup: InlineKeyboardMarkup | undefined; at: number }[];
}

interface ChatState {
  readonly id: number;
  user: User;
  nextMessageId: number;
  readonly messages: StoredMessage[];
  readonly rate: SlidingWindow | undefined;
}

interface CallbackQueryState {
  readonly issuedAt: number;
  answered: boolean;
  answer?: { text?: string; showAlert?: boolean; url?: string };
}

type Params = Record<string, unknown>;
type Result = { result: unknown; description?: string };

/**
 * A local Telegram Bot API: real paths, real envelopes, real limits, real error descriptions, so
 * grammY's `Bot`/`Api` run against it unchanged with `client: { apiRoot: fake.url }`.
 */
export class FakeTelegram {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every API request, in arrival order (including rejected ones). */
  readonly calls: RecordedCall[] = [];

  readonly #now: () => number;
  readonly #server = new LocalHttpServer((request) => this.#handle(request));
  readonly #failures = new FailureInjector();
  readonly #chats = new Map<number, ChatState>();
  readonly #callbackQueries = new Map<string, CallbackQueryState>();
  readonly #pending: Update[] = [];
  #commands: { command: string; description: string }[] = [];
  readonly #global: SlidingWindow | undefined;
  readonly #options: FakeTelegramOptions;
  /** Random per fake, as each bot's update ids are its own: test files share one database, where
   *  (channel, update id) deduplicates inbound events, so two fakes must not reuse ids. */
  #nextUpdateId: number;
  #nextCallbackQueryId = 1n;
  #webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } | undefined;
  #lastWebhookError: { date: number; message: string } | undefined;
  #poller: { wake: (outcome: "updates" | "conflict") => void } | undefined;

  constructor(options: FakeTelegramOptions = {}) {
    this.#options = options;
    this.token = options.token ?? TELEGRAM_DEFAULT_TOKEN;
    this.#now = options.now ?? Date.now;
    this.#nextUpdateId = options.firstUpdateId ?? randomInt(1, 2 ** 40);
    const limits = this.#limits();
    this.#global = limits === false ? undefined : new SlidingWindow(limits.global);
    this.botInfo = {
      id: Number(this.token.split(":")[0]),
      is_bot: true,
      first_name: options.botFirstName ?? "Relance",
      username: options.botUsername ?? "relance_test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe;
  }

  async start(): Promise<{ url: string }> {
    return this.#server.start();
  }

  async stop(): Promise<void> {
    this.#poller?.wake("updates");
    await this.#server.stop();
  }

  /** TCP connections the fake accepted (the bot keeps its connections alive). */
  get connections(): number {
    return this.#server.connections;
  }

  /** Base URL to give grammY as `apiRoot` (no trailing slash). */
  get url(): string {
    return this.#server.url;
  }

  /** The next call(s) to `method` (or `"*"`) get this error instead of being handled. */
  failNext(method: string, failure: InjectedFailure): void {
    this.#failures.add(method, failure);
  }

  // ── What the debtor sees ───────────────────────────────────────────────────────────────────

  /** Lets the bot write to a chat without the user writing first (as after an earlier /start). */
  addChat(chatId: number, user?: Partial<User>): void {
    this.#chat(chatId, user);
  }

  /** The chat as the user sees it now: their messages and the bot's, keyboards after edits. */
  chats(chatId: number): SeenMessage[] {
    return (this.#chats.get(chatId)?.messages ?? []).map(seen);
  }

  /** The bot's latest message in the chat. */
  lastBotMessage(chatId: number): SeenMessage | undefined {
    return this.chats(chatId)
      .filter((m) => m.from === "bot")
      .at(-1);
  }

  /** The inline keyboard under a message now (undefined: unknown message or no keyboard). */
  keyboard(chatId: number, messageId: number): SeenButton[][] | undefined {
    const message = this.#chats.get(chatId)?.messages.find((m) => m.messageId === messageId);
    if (message?.replyMarkup === undefined) return undefined;
    return seen(message).buttons.map((row) => [...row]);
  }

  /** Every version of a message's text and keyboard, oldest first. */
  messageHistory(chatId: number, messageId: number): SeenMessage[] {
    const message = this.#chats.get(chatId)?.messages.find((m) => m.messageId === messageId);
    if (message === undefined) return [];
    return message.history.map((version, index) =>
      seen({ ...message, ...version, editDate: index === 0 ? undefined : version.at }),
    );
  }

  /** How the bot answered a callback query, if it did. */
  callbackAnswer(queryId: string): CallbackQueryState["answer"] | undefined {
    return this.#callbackQueries.get(queryId)?.answer;
  }

  /** Updates waiting for getUpdates. */
  get pendingUpdates(): readonly Update[] {
    return this.#pending;
  }

  // ── The user acts ──────────────────────────────────────────────────────────────────────────

  userSendsText(chatId: number, text: string, user?: Partial<User>): Promise<Delivery> {
    return this.#deliverNew(this.#userMessage(chatId, text, user));
  }

  /** The user opens the deep link `t.me/<bot>?start=<payload>`: the client sends `/start payload`. */
  userStarts(chatId: number, payload?: string, user?: Partial<User>): Promise<Delivery> {
    const text = payload === undefined || payload === "" ? "/start" : `/start ${payload}`;
    return this.#deliverNew(this.#userMessage(chatId, text, user));
  }

  /**
   * The user presses an inline button under one of the bot's messages. Throws if that message
   * does not show a button with this data now (a real client cannot press it), unless `force`.
   */
  userPressesButton(
    chatId: number,
    messageId: number,
    callbackData: string,
    options: { force?: boolean } = {},
  ): Promise<Delivery> {
    const chat = this.#chats.get(chatId);
    const message = chat?.messages.find((m) => m.messageId === messageId);
    if (chat === undefined || message === undefined) {
      throw new Error(`no message ${messageId} in chat ${chatId}`);
    }
    const shown = (message.replyMarkup?.inline_keyboard ?? [])
      .flat()
      .some((b) => "callback_data" in b && b.callback_data === callbackData);
    if (!shown && options.force !== true) {
      throw new Error(`message ${messageId} in chat ${chatId} shows no button "${callbackData}"`);
    }
    const id = (4_382_000_000_000_000_000n + this.#nextCallbackQueryId++).toString();
    this.#callbackQueries.set(id, { issuedAt: this.#now(), answered: false });
    return this.#deliverNew({
      update_id: this.#nextUpdateId++,
      callback_query: {
        id,
        from: chat.user,
        message: this.#toMessage(chat, message),
        chat_instance: String(-7_000_000_000_000n - BigInt(chatId)),
        data: callbackData,
      },
    } as Update);
  }

  /**
   * Delivers the same update again, `times` times (Telegram redelivers after a non-2xx or a slow
   * answer), one after the other or all at once.
   */
  async deliver(
    update: Update,
    options: { times?: number; concurrently?: boolean } = {},
  ): Promise<Delivery[]> {
    const times = options.times ?? 1;
    if (options.concurrently === true) {
      return Promise.all(Array.from({ length: times }, () => this.#deliverOnce(update)));
    }
    const out: Delivery[] = [];
    for (let i = 0; i < times; i++) out.push(await this.#deliverOnce(update));
    return out;
  }

  // ── HTTP ───────────────────────────────────────────────────────────────────────────────────

  async #handle(request: RawRequest): Promise<RawResponse> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url.pathname);
    const params = parseParams(request);
    const call: RecordedCall = {
      method: match?.[2] ?? request.url.pathname,
      params: params === "malformed" ? { raw: request.body } : params,
      at: this.#now(),
      status: 0,
      response: undefined,
    };
    this.calls.push(call);
    const response = await this.#respond(match, params, request);
    call.status = response.status;
    call.response = response.body;
    return response;
  }

  async #respond(
    match: RegExpExecArray | null,
    params: Params | "malformed",
    request: RawRequest,
  ): Promise<RawResponse> {
    if (match === null) return failure(new TelegramError(404, "Not Found"));
    if (match[1] !== this.token) return failure(new TelegramError(401, "Unauthorized"));
    const method = match[2] ?? "";
    const injected = this.#failures.take(method);
    if (injected !== undefined) return injectedFailure(injected);
    if (params === "malformed") return failure(badRequest("invalid request body"));
    try {
      const outcome = await this.#invoke(method, params, request);
      return {
        status: 200,
        body: {
          ok: true,
          result: outcome.result,
          ...(outcome.description === undefined ? {} : { description: outcome.description }),
        },
      };
    } catch (error) {
      if (error instanceof TelegramError) return failure(error);
      throw error;
    }
  }

  async #invoke(method: string, params: Params, request?: RawRequest): Promise<Result> {
    // "All methods in the Bot API are case-insensitive."
    switch (method.toLowerCase()) {
      case "getme":
        return { result: this.botInfo };
      case "sendmessage":
        return { result: this.#sendMessage(params) };
      case "editmessagetext":
        return { result: this.#editMessageText(params) };
      case "editmessagereplymarkup":
        return { result: this.#editMessageReplyMarkup(params) };
      case "answercallbackquery":
        return { result: this.#answerCallbackQuery(params) };
      case "sendchataction":
        return { result: this.#sendChatAction(params) };
      case "deletemessage":
        return { result: this.#deleteMessage(params) };
      case "setmycommands":
        return { result: this.#setMyCommands(params) };
      case "getmycommands":
        return { result: this.#commands };
      case "deletemycommands":
        this.#commands = [];
        return { result: true };
      case "setwebhook":
        return this.#setWebhook(params);
      case "deletewebhook":
        return this.#deleteWebhook(params);
      case "getwebhookinfo":
        return { result: this.#webhookInfo() };
      case "getupdates":
        return { result: await this.#getUpdates(params, request) };
      default:
        throw new TelegramError(404, "Not Found");
    }
  }

  #sendMessage(params: Params): Message {
    const chat = this.#targetChat(params);
    const text = requireText(params);
    const replyMarkup = parseInlineKeyboard(params.reply_markup);
    this.#throttle("sendMessage", chat);
    const message: StoredMessage = {
      messageId: chat.nextMessageId++,
      from: "bot",
      date: this.#unixNow(),
      text,
      entities: undefined,
      replyMarkup,
      editDate: undefined,
      history: [{ text, replyMarkup, at: this.#unixNow() }],
    };
    chat.messages.push(message);
    return this.#toMessage(chat, message);
  }

  #editMessageText(params: Params): Message {
    const { chat, message } = this.#messageToEdit(params);
    const text = requireText(params);
    // Telegram drops the inline keyboard when an edit of the text does not repeat it.
    const replyMarkup = parseInlineKeyboard(params.reply_markup);
    return this.#applyEdit(chat, message, text, replyMarkup, "editMessageText");
  }

  #editMessageReplyMarkup(params: Params): Message {
    const { chat, message } = this.#messageToEdit(params);
    const replyMarkup = parseInlineKeyboard(params.reply_markup);
    return this.#applyEdit(chat, message, message.text, replyMarkup, "editMessageReplyMarkup");
  }

  #applyEdit(
    chat: ChatState,
    message: StoredMessage,
    text: string,
    replyMarkup: InlineKeyboardMarkup | undefined,
    method: string,
  ): Message {
    if (sameContent(message, { text, replyMarkup })) {
      throw badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    this.#throttle(method, chat);
    message.text = text;
    message.replyMarkup = replyMarkup;
    message.editDate = this.#unixNow();
    message.history.push({ text, replyMarkup, at: message.editDate });
    return this.#toMessage(chat, message);
  }

  #messageToEdit(params: Params): { chat: ChatState; message: StoredMessage } {
    if (params.inline_message_id !== undefined) throw badRequest("message to edit not found");
    const chat = this.#targetChat(params);
    const messageId = toInteger(params.message_id);
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const message = chat.messages.find((m) => m.messageId === messageId);
    if (message === undefined) throw badRequest("message to edit not found");
    if (message.from !== "bot") throw badRequest("message can't be edited");
    return { chat, message };
  }

  #answerCallbackQuery(params: Params): true {
    const id = params.callback_query_id;
    if (typeof id !== "string" && typeof id !== "number") {
      throw badRequest("query_id is empty");
    }
    const query = this.#callbackQueries.get(String(id));
    const ttl = this.#options.callbackQueryTtlMs ?? 15 * 60 * 1000;
    if (query === undefined || query.answered || this.#now() - query.issuedAt > ttl) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    const text = params.text;
    if (typeof text === "string" && text.length > TELEGRAM_CALLBACK_ANSWER_TEXT_MAX) {
      throw badRequest("MESSAGE_TOO_LONG");
    }
    query.answered = true;
    query.answer = {
      ...(typeof text === "string" ? { text } : {}),
      ...(params.show_alert === true || params.show_alert === "true" ? { showAlert: true } : {}),
      ...(typeof params.url === "string" ? { url: params.url } : {}),
    };
    return true;
  }

  #deleteMessage(params: Params): true {
    const chat = this.#targetChat(params);
    const messageId = toInteger(params.message_id);
    const index = chat.messages.findIndex((m) => m.messageId === messageId);
    if (index < 0) throw badRequest("message to delete not found");
    chat.messages.splice(index, 1);
    return true;
  }

  #setMyCommands(params: Params): true {
    const parsed = jsonField(params.commands);
    if (!parsed.ok || !Array.isArray(parsed.value))
      throw badRequest("can't parse commands JSON object");
    const commands: { command: string; description: string }[] = [];
    for (const entry of parsed.value) {
      if (
        !isRecord(entry) ||
        typeof entry.command !== "string" ||
        !/^[a-z0-9_]{1,32}$/.test(entry.command) ||
        typeof entry.description !== "string" ||
        entry.description.length < 1 ||
        entry.description.length > 256
      ) {
        throw badRequest("BOT_COMMAND_INVALID");
      }
      commands.push({ command: entry.command, description: entry.description });
    }
    if (commands.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
    this.#commands = commands;
    return true;
  }

  #sendChatAction(params: Params): true {
    this.#targetChat(params);
    const actions = [
      "typing",
      "upload_photo",
      "record_video",
      "upload_video",
      "record_voice",
      "upload_voice",
      "upload_document",
      "choose_sticker",
      "find_location",
      "record_video_note",
      "upload_video_note",
    ];
    if (typeof params.action !== "string" || !actions.includes(params.action)) {
      throw badRequest("wrong parameter action in request");
    }
    return true;
  }

  #setWebhook(params: Params): Result {
    const url = params.url;
    if (url === undefined || url === "") {
      this.#webhook = undefined;
      return { result: true, description: "Webhook is already deleted" };
    }
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
      throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
    }
    const secret = params.secret_token;
    if (
      secret !== undefined &&
      (typeof secret !== "string" || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
    ) {
      throw badRequest("bad webhook: secret token contains unallowed characters");
    }
    if (isTrue(params.drop_pending_updates)) this.#pending.length = 0;
    const allowed = jsonArray(params.allowed_updates);
    this.#webhook = {
      url,
      ...(typeof secret === "string" ? { secretToken: secret } : {}),
      ...(allowed === undefined ? {} : { allowedUpdates: allowed }),
    };
    this.#poller?.wake("conflict");
    return { result: true, description: "Webhook was set" };
  }

  #deleteWebhook(params: Params): Result {
    if (isTrue(params.drop_pending_updates)) this.#pending.length = 0;
    const had = this.#webhook !== undefined;
    this.#webhook = undefined;
    return {
      result: true,
      description: had ? "Webhook was deleted" : "Webhook is already deleted",
    };
  }

  #webhookInfo(): Record<string, unknown> {
    return {
      url: this.#webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.#pending.length,
      ...(this.#webhook?.allowedUpdates === undefined
        ? {}
        : { allowed_updates: this.#webhook.allowedUpdates }),
      ...(this.#lastWebhookError === undefined
        ? {}
        : {
            last_error_date: this.#lastWebhookError.date,
            last_error_message: this.#lastWebhookError.message,
          }),
    };
  }

  async #getUpdates(params: Params, request?: RawRequest): Promise<Update[]> {
    if (this.#webhook !== undefined) {
      throw new TelegramError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = toInteger(params.offset);
    if (offset !== undefined && offset > 0) {
      while ((this.#pending[0]?.update_id ?? offset) < offset) this.#pending.shift();
    } else if (offset !== undefined && offset < 0) {
      this.#pending.splice(0, Math.max(0, this.#pending.length + offset));
    }
    const limit = Math.min(100, Math.max(1, toInteger(params.limit) ?? 100));
    const timeout = toInteger(params.timeout) ?? 0;
    if (this.#pending.length === 0 && timeout > 0) {
      // Another poller waiting is terminated, as Telegram does for two bot instances.
      this.#poller?.wake("conflict");
      const outcome = await new Promise<"updates" | "conflict">((resolve) => {
        const bound = Math.min(timeout * 1000, this.#options.longPollMaxWaitMs ?? 100);
        const timer = setTimeout(() => wake("updates"), bound);
        const wake = (result: "updates" | "conflict"): void => {
          clearTimeout(timer);
          if (this.#poller === poller) this.#poller = undefined;
          resolve(result);
        };
        const poller = { wake };
        this.#poller = poller;
        request?.onClose(() => wake("updates"));
      });
      if (outcome === "conflict") {
        throw new TelegramError(
          409,
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        );
      }
    }
    const allowed = jsonArray(params.allowed_updates);
    return this.#pending
      .filter((u) => allowed === undefined || allowed.length === 0 || allowed.includes(kindOf(u)))
      .slice(0, limit);
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────────────

  #limits(): { perChat: WindowLimit; global: WindowLimit } | false {
    return (
      this.#options.rateLimits ?? {
        perChat: { max: 1, windowMs: 1000 },
        global: { max: 30, windowMs: 1000 },
      }
    );
  }

  #throttle(method: string, chat: ChatState): void {
    const methods = this.#options.rateLimitedMethods ?? ["sendMessage"];
    if (!methods.includes(method)) return;
    const now = this.#now();
    for (const window of [chat.rate, this.#global]) {
      const verdict = window?.tryAcquire(now);
      if (verdict !== undefined && !verdict.ok) {
        throw new TelegramError(
          429,
          `Too Many Requests: retry after ${verdict.retryAfterSeconds}`,
          verdict.retryAfterSeconds,
        );
      }
    }
  }

  #chat(chatId: number, user?: Partial<User>): ChatState {
    let chat = this.#chats.get(chatId);
    if (chat === undefined) {
      const limits = this.#limits();
      chat = {
        id: chatId,
        user: { id: chatId, is_bot: false, first_name: "Camille", language_code: "fr" },
        nextMessageId: 1,
        messages: [],
        rate: limits === false ? undefined : new SlidingWindow(limits.perChat),
      };
      this.#chats.set(chatId, chat);
    }
    if (user !== undefined) chat.user = { ...chat.user, ...user };
    return chat;
  }

  #targetChat(params: Params): ChatState {
    const raw = params.chat_id;
    if (raw === undefined || raw === "") throw badRequest("chat_id is empty");
    const id = toInteger(raw);
    const chat = id === undefined ? undefined : this.#chats.get(id);
    if (chat === undefined) throw badRequest("chat not found");
    return chat;
  }

  #userMessage(chatId: number, text: string, user?: Partial<User>): Update {
    const chat = this.#chat(chatId, user);
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    const entities: MessageEntity[] | undefined =
      command === null
        ? undefined
        : [{ type: "bot_command", offset: 0, length: command[0].length }];
    const date = this.#unixNow();
    const message: StoredMessage = {
      messageId: chat.nextMessageId++,
      from: "user",
      date,
      text,
      entities,
      replyMarkup: undefined,
      editDate: undefined,
      history: [{ text, replyMarkup: undefined, at: date }],
    };
    chat.messages.push(message);
    return { update_id: this.#nextUpdateId++, message: this.#toMessage(chat, message) } as Update;
  }

  #toMessage(chat: ChatState, message: StoredMessage): Message {
    const telegramChat: Chat.PrivateChat = {
      id: chat.id,
      type: "private",
      first_name: chat.user.first_name,
      ...(chat.user.last_name === undefined ? {} : { last_name: chat.user.last_name }),
      ...(chat.user.username === undefined ? {} : { username: chat.user.username }),
    };
    return {
      message_id: message.messageId,
      from: message.from === "bot" ? this.botInfo : chat.user,
      chat: telegramChat,
      date: message.date,
      text: message.text,
      ...(message.entities === undefined ? {} : { entities: message.entities }),
      ...(message.editDate === undefined ? {} : { edit_date: message.editDate }),
      ...(message.replyMarkup === undefined ? {} : { reply_markup: message.replyMarkup }),
    } as Message;
  }

  #unixNow(): number {
    return Math.floor(this.#now() / 1000);
  }

  async #deliverNew(update: Update): Promise<Delivery> {
    return this.#deliverOnce(update);
  }

  async #deliverOnce(update: Update): Promise<Delivery> {
    const webhook = this.#webhook;
    if (webhook === undefined) {
      this.#pending.push(update);
      this.#poller?.wake("updates");
      return { update, status: "queued" };
    }
    const headers: Record<string, string> =
      webhook.secretToken === undefined
        ? {}
        : { "X-Telegram-Bot-Api-Secret-Token": webhook.secretToken };
    const answer = await postWebhook(
      webhook.url,
      JSON.stringify(update),
      headers,
      this.#options.webhookTimeoutMs,
    );
    if (answer.status < 200 || answer.status > 299) {
      this.#lastWebhookError = {
        date: this.#unixNow(),
        message:
          answer.status === 0
            ? "Connection refused"
            : `Wrong response from the webhook: ${answer.status}`,
      };
    } else {
      await this.#runWebhookReply(answer.body);
    }
    return { update, status: answer.status };
  }

  /** A webhook may answer with one method call in its body (grammY's `webhookReply`). */
  async #runWebhookReply(body: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    if (typeof parsed !== "object" || parsed === null || !("method" in parsed)) return;
    const { method, ...params } = parsed as Params;
    if (typeof method !== "string") return;
    const call: RecordedCall = {
      method,
      params,
      at: this.#now(),
      status: 200,
      response: undefined,
    };
    this.calls.push(call);
    try {
      call.response = { ok: true, result: (await this.#invoke(method, params)).result };
    } catch (error) {
      if (!(error instanceof TelegramError)) throw error;
      call.status = error.code;
      call.response = failure(error).body;
    }
  }
}

function failure(error: TelegramError): RawResponse {
  return {
    status: error.code,
    body: {
      ok: false,
      error_code: error.code,
      description: error.description,
      ...(error.retryAfter === undefined ? {} : { parameters: { retry_after: error.retryAfter } }),
    },
  };
}

function injectedFailure(injected: InjectedFailure): RawResponse {
  if (injected.body !== undefined) return { status: injected.status, body: injected.body };
  if (injected.status === 429) {
    const seconds = injected.retryAfter ?? 1;
    return failure(new TelegramError(429, `Too Many Requests: retry after ${seconds}`, seconds));
  }
  const descriptions: Record<number, string> = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return failure(new TelegramError(injected.status, descriptions[injected.status] ?? "Error"));
}

function requireText(params: Params): string {
  const raw = params.text;
  const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
  const visible = visibleText(text, params.parse_mode);
  if (visible.trim().length === 0) throw badRequest("message text is empty");
  if (visible.length > TELEGRAM_TEXT_MAX_UTF16) throw badRequest("message is too long");
  return visible;
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function jsonArray(value: unknown): string[] | undefined {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return Array.isArray(parsed)
    ? parsed.filter((v): v is string => typeof v === "string")
    : undefined;
}

function kindOf(update: Update): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "";
}

function seen(message: StoredMessage): SeenMessage {
  return {
    messageId: message.messageId,
    from: message.from,
    text: message.text,
    buttons: (message.replyMarkup?.inline_keyboard ?? []).map((row) =>
      row.map((button) => ({
        text: button.text,
        ...("callback_data" in button && button.callback_data !== undefined
          ? { callbackData: button.callback_data }
          : {}),
        ...("url" in button && button.url !== undefined ? { url: button.url } : {}),
      })),
    ),
    edited: message.editDate !== undefined,
    date: message.date,
  };
}
