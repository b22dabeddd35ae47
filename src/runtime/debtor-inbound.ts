import { z } from "zod";
import type { Channel, DebtorAction, Locale } from "../core/index.ts";
import { interpret } from "../core/index.ts";
import { type BusinessNotice, type Notice, renderNotice } from "../messages/index.ts";
import {
  type EventInput,
  type HandleResult,
  handleEvent,
  type RuntimeDeps,
  replyInCase,
  replyOutsideCase as replyOutsideAnyCase,
} from "./handle-event.ts";
import type { OutboundOp } from "./outbound.ts";

/**
 * What a debtor did in a chat, whatever the platform: each channel adapter (bot/*) parses its own
 * payloads into these, and this module turns them into case events. Chats are bound to debtors by
 * link tokens; buttons are opaque tokens checked against the pressing chat and the case version.
 */
export type DebtorInbound =
  | { readonly kind: "start"; readonly token: string | null }
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "button";
      readonly token: string;
      readonly messageId: string | null;
      /** The label the debtor pressed, when the adapter knows it from our own records (the web
       *  chat does): kept in `messages` as what they said, so the conversation shows both sides. */
      readonly label?: string;
    }
  | { readonly kind: "command"; readonly command: "stop" | "help" };

export interface InboundEnvelope {
  readonly channel: Channel;
  /** The chat: Telegram chat id, WhatsApp phone (wa_id), web chat session. */
  readonly address: string;
  /** Platform id of this delivery, for deduplication (Telegram update_id, wamid…). */
  readonly externalId: string;
  /** Telegram's callback query id. The adapter answers it itself (in the webhook's reply), not
   *  the runtime: an answer is no message and needs no outbox row. */
  readonly callbackQueryId?: string;
  /** The user's app language when the platform tells it (Telegram's language_code), used before
   *  the chat is bound to a debtor whose locale we know. */
  readonly languageHint?: string;
  readonly input: DebtorInbound;
}

export type InboundOutcome =
  | HandleResult
  | { readonly outcome: "replied" }
  | { readonly outcome: "unbound_chat" }
  /** The chat was unbound by a reissue of the debtor's links: told so, nothing acted on. */
  | { readonly outcome: "revoked_chat" }
  | { readonly outcome: "invalid_link" }
  | { readonly outcome: "foreign_button" };

export interface ChatBinding {
  readonly debtorId: string;
  /** The debtor's open case (most recent), if any. */
  readonly caseId: string | null;
  readonly locale: Locale;
  readonly timezone: string;
  readonly currency: string;
}

export interface ResolvedButton {
  readonly caseId: string;
  readonly debtorId: string;
  readonly caseVersion: number;
  readonly action: unknown;
  /** The chat the card was sent to; null for tokens made before buttons were tied to a chat
   *  (honoured from any chat of the debtor). */
  readonly chat: { readonly channel: string; readonly address: string } | null;
}

/** What a link told us when it bound nothing: the business and the debtor's language, for the
 *  kind answer ("ask {business} for a new one"). */
export interface RefusedLink {
  readonly businessName: string;
  readonly locale: Locale;
}

export type LinkRedemption =
  /** `newChat`: this chat was not bound to the debtor before (the owner is told). */
  | {
      readonly ok: true;
      readonly caseId: string;
      readonly debtorId: string;
      readonly newChat: boolean;
    }
  | { readonly ok: false; readonly reason: "unknown" | "used" }
  | {
      readonly ok: false;
      /** revoked by a reissue; expired unused; or its case is paid or closed. */
      readonly reason: "revoked" | "expired" | "case_finished";
      readonly link: RefusedLink;
    };

/** Lookups outside a single case's transaction. Implemented in db/. */
export interface DirectoryStore {
  /**
   * Redeems a single-use link token for this chat. Re-opening the same link from the chat it
   * bound is not an error (Telegram resends /start when the user taps the link again). A revoked
   * link, an unused one past its lifetime, or the link of a paid or closed case binds nothing.
   */
  redeemLinkToken(
    token: string,
    channel: Channel,
    address: string,
    now: Date,
  ): Promise<LinkRedemption>;
  findChat(channel: Channel, address: string): Promise<ChatBinding | null>;
  /** For a chat bound to nothing: the business and language of the debtor it was bound to until
   *  a reissue revoked the link that bound it; null when it never was. */
  revokedChat(channel: Channel, address: string): Promise<RefusedLink | null>;
  /**
   * Binds a chat to the debtor who gave this address as a contact (the invoice's
   * `debtor.whatsapp`), on their most recent open case: a WhatsApp number proves who writes.
   * null when no debtor gave it.
   */
  bindByContact(
    channel: "whatsapp",
    address: string,
    now: Date,
  ): Promise<{ caseId: string; debtorId: string; newChat: boolean } | null>;
  resolveButton(token: string): Promise<ResolvedButton | null>;
}

const LINK_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
const debtorActionSchema: z.ZodType<DebtorAction> = z.custom<DebtorAction>(
  (v) => typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string",
);

export interface DebtorInboundDeps extends RuntimeDeps {
  readonly directory: DirectoryStore;
}

export async function handleDebtorInbound(
  deps: DebtorInboundDeps,
  env: InboundEnvelope,
): Promise<InboundOutcome> {
  const source = { channel: env.channel, externalId: env.externalId };
  const replyTo = { channel: env.channel, address: env.address };
  const { input } = env;

  if (input.kind === "start") {
    if (input.token && LINK_TOKEN.test(input.token)) {
      const redeemed = await deps.directory.redeemLinkToken(
        input.token,
        env.channel,
        env.address,
        deps.clock.now(),
      );
      if (redeemed.ok) {
        return handleEvent(deps, {
          caseId: redeemed.caseId,
          event: { type: "channel_bound", channel: env.channel },
          source,
          actor: `debtor:${env.channel}`,
          replyTo,
          // A chat the debtor did not have: the owner sees it (a hijacked link shows).
          ...(redeemed.newChat
            ? { tellOwner: { kind: "chat_bound", channel: env.channel, via: "link" } }
            : {}),
        });
      }
      if ("link" in redeemed) {
        await replyNotice(deps, env, LINK_NOTICES[redeemed.reason], redeemed.link);
        return { outcome: "invalid_link" };
      }
    }
    await replyNotice(deps, env, "link_invalid");
    return { outcome: "invalid_link" };
  }

  const chat = await deps.directory.findChat(env.channel, env.address);
  if (!chat?.caseId) {
    if (env.channel === "whatsapp") return firstWordFromNumber(deps, env);
    return unboundChat(deps, env);
  }

  const base: Pick<EventInput, "source" | "actor" | "replyTo"> = {
    source,
    actor: `debtor:${env.channel}`,
    replyTo,
  };

  switch (input.kind) {
    case "command":
      if (input.command === "help") {
        return replyInCase(deps, {
          source,
          actor: base.actor,
          replyTo,
          caseId: chat.caseId,
          message: { kind: "help" },
        });
      }
      return handleEvent(deps, {
        ...base,
        caseId: chat.caseId,
        event: { type: "opt_out", channel: env.channel },
      });
    case "text": {
      const interpretation = interpret(input.text, {
        locale: chat.locale,
        now: deps.clock.now(),
        timezone: chat.timezone,
        currency: chat.currency,
      });
      return handleEvent(deps, {
        ...base,
        caseId: chat.caseId,
        event: { type: "debtor_text", text: input.text, interpretation },
        inboundMessage: {
          debtorId: chat.debtorId,
          channel: env.channel,
          chatId: env.address,
          externalId: env.externalId,
          kind: "text",
          text: input.text,
        },
      });
    }
    case "button": {
      const button = await deps.directory.resolveButton(input.token);
      if (!button || button.debtorId !== chat.debtorId) {
        // A forged token, or a button forwarded from someone else's chat: never an action.
        deps.log.warn(
          { channel: env.channel, externalId: env.externalId, known: button !== null },
          "button refused: it does not belong to this chat",
        );
        return { outcome: "foreign_button" };
      }
      if (
        button.chat !== null &&
        (button.chat.channel !== env.channel || button.chat.address !== env.address)
      ) {
        // The debtor's own button, but shown in another of their chats: a chat is vouched for
        // only by what was sent to it, so nothing is acted on — and they are told where to answer.
        deps.log.warn(
          { channel: env.channel, externalId: env.externalId, sentTo: button.chat.channel },
          "button refused: it was sent to another chat of the debtor",
        );
        await replyNotice(deps, env, "button_elsewhere", { locale: chat.locale });
        return { outcome: "foreign_button" };
      }
      const action = debtorActionSchema.safeParse(button.action);
      if (!action.success) return { outcome: "foreign_button" };
      return handleEvent(deps, {
        ...base,
        caseId: button.caseId,
        event: { type: "debtor_action", action: action.data },
        expectVersion: button.caseVersion,
        ...(input.label === undefined
          ? {}
          : {
              inboundMessage: {
                debtorId: chat.debtorId,
                channel: env.channel,
                chatId: env.address,
                externalId: env.externalId,
                kind: "button",
                text: input.label,
              },
            }),
        // The web chat shows the pressed card as answered. On Telegram the card keeps its
        // buttons: clearing them would cost an API call per press, and a button pressed later is
        // checked like any other (still on offer → it works; otherwise the current options).
        extraOps: (outcome) =>
          input.messageId && outcome === "applied" && env.channel === "webchat"
            ? [
                {
                  op: "clear_buttons" as const,
                  channel: env.channel,
                  address: env.address,
                  externalMessageId: input.messageId,
                  chosenLabel: null,
                },
              ]
            : [],
      });
    }
    default: {
      const unhandled: never = input;
      throw new Error(`unhandled inbound ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * A WhatsApp number no chat is bound to writes: if a debtor gave this number with an invoice, the
 * chat is theirs (WhatsApp vouches for the number) — bound, welcomed, and what they wrote is kept
 * and, when it says something the interpreter understands, answered. Otherwise: which invoice?
 */
async function firstWordFromNumber(
  deps: DebtorInboundDeps,
  env: InboundEnvelope,
): Promise<InboundOutcome> {
  const bound = await deps.directory.bindByContact("whatsapp", env.address, deps.clock.now());
  if (bound === null) {
    // A number bound through a code a reissue revoked hears so; any other, "which invoice?".
    const revoked = await deps.directory.revokedChat(env.channel, env.address);
    if (revoked) {
      await replyNotice(deps, env, "link_revoked", revoked);
      return { outcome: "revoked_chat" };
    }
    await replyNotice(deps, env, "number_unknown");
    return { outcome: "unbound_chat" };
  }
  const text = env.input.kind === "text" ? env.input.text : null;
  const welcomed = await handleEvent(deps, {
    caseId: bound.caseId,
    event: { type: "channel_bound", channel: env.channel },
    source: { channel: env.channel, externalId: env.externalId },
    actor: `debtor:${env.channel}`,
    replyTo: { channel: env.channel, address: env.address },
    ...(bound.newChat
      ? { tellOwner: { kind: "chat_bound", channel: env.channel, via: "number" } }
      : {}),
    // Kept as what they said: it also opens WhatsApp's 24-hour window in the routing's eyes.
    inboundMessage: {
      debtorId: bound.debtorId,
      channel: env.channel,
      chatId: env.address,
      externalId: env.externalId,
      kind: env.input.kind,
      text: text ?? env.input.kind,
    },
  });
  if (welcomed.outcome !== "applied" || text === null) return welcomed;
  const chat = await deps.directory.findChat(env.channel, env.address);
  if (!chat?.caseId) return welcomed;
  const interpretation = interpret(text, {
    locale: chat.locale,
    now: deps.clock.now(),
    timezone: chat.timezone,
    currency: chat.currency,
  });
  if (interpretation.intent === "unknown") return welcomed;
  // A second event for the same message: its own dedupe key, so a redelivery skips both.
  return handleEvent(deps, {
    caseId: chat.caseId,
    event: { type: "debtor_text", text, interpretation },
    source: { channel: env.channel, externalId: `${env.externalId}#text` },
    actor: `debtor:${env.channel}`,
    replyTo: { channel: env.channel, address: env.address },
  });
}

/** A chat bound to no debtor writes or presses: unbound by a reissue (told so, kindly, naming the
 *  business), or never bound (asked to open their link). Nothing is acted on either way. */
async function unboundChat(deps: DebtorInboundDeps, env: InboundEnvelope): Promise<InboundOutcome> {
  const revoked = await deps.directory.revokedChat(env.channel, env.address);
  if (revoked) {
    deps.log.info(
      { channel: env.channel, externalId: env.externalId },
      "input from a chat a reissue unbound: refused",
    );
    await replyNotice(deps, env, "link_revoked", revoked);
    return { outcome: "revoked_chat" };
  }
  await replyNotice(deps, env, "chat_unbound");
  return { outcome: "unbound_chat" };
}

const LINK_NOTICES = {
  revoked: "link_revoked",
  expired: "link_expired",
  case_finished: "link_closed",
} as const satisfies Record<string, BusinessNotice>;

/** A notice, in the language we know for this chat (the debtor's, the link's, or the app's). */
async function replyNotice(
  deps: DebtorInboundDeps,
  env: InboundEnvelope,
  notice: Notice,
  known: { readonly locale: Locale; readonly businessName?: string } | null = null,
): Promise<void> {
  const locale: Locale =
    known?.locale ??
    (await deps.directory.findChat(env.channel, env.address))?.locale ??
    (env.languageHint?.startsWith("en") ? "en" : "fr");
  const text = renderNotice(
    locale,
    notice,
    known?.businessName === undefined ? {} : { business: known.businessName },
  );
  await replyOutsideCase(deps, env, [
    {
      op: "send_card",
      channel: env.channel,
      address: env.address,
      messageKind: notice,
      automated: false,
      card: { text, buttons: [] },
    },
  ]);
}

/** Ops that belong to no case event ("please open your link", a refused button's answer),
 *  committed like any event's (deduplicated by the inbound's id) and delivered after. */
function replyOutsideCase(
  deps: DebtorInboundDeps,
  env: InboundEnvelope,
  ops: readonly OutboundOp[],
): Promise<void> {
  return replyOutsideAnyCase(deps, {
    inbound: { channel: env.channel, externalId: env.externalId },
    caseId: null,
    // A reply outside any case (a stranger's /start) belongs to no business.
    businessId: null,
    ops,
  });
}
