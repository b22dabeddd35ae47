import type { DebtorInbound, DeliveryStatus, InboundEnvelope } from "../../src/runtime/index.ts";
import {
  inboundMessageSchema,
  statusSchema,
  type WhatsAppInboundMessage,
  type WhatsAppStatus,
} from "./webhook-schema.ts";

/**
 * A wa.me link's prefilled text carries the invoice's one-time code after a "#" (the same kind of
 * token as Telegram's `?start=`): "Bonjour #<code>". A debtor who sends it binds this number.
 */
const LINK_CODE = /(?:^|\s)#([A-Za-z0-9_-]{16,64})(?=\s|$)/;
const STOP = /^\s*(stop|arr[êe]t|unsubscribe|stopp?er)\s*[.!]*\s*$/i;
const HELP = /^\s*(aide|help|menu)\s*[.!?]*\s*$/i;

/** Maps one inbound message to what the runtime understands, or null (media, reactions…: a kind
 *  we do not read). Pure. */
export function parseInboundMessage(message: WhatsAppInboundMessage): InboundEnvelope | null {
  const input = inboundOf(message);
  if (input === null) return null;
  return {
    channel: "whatsapp",
    address: message.from,
    externalId: message.id,
    // WhatsApp tells no language: before a number is bound, its country is the best guess.
    languageHint: languageOfNumber(message.from),
    input,
  };
}

/** Country codes where French is the language a stranger most likely reads; English elsewhere. */
const FRENCH_SPEAKING = ["33", "32", "41", "352", "377", "262", "590", "596", "594", "687", "689"];

export function languageOfNumber(number: string): "fr" | "en" {
  return FRENCH_SPEAKING.some((code) => number.startsWith(code)) ? "fr" : "en";
}

function inboundOf(message: WhatsAppInboundMessage): DebtorInbound | null {
  switch (message.type) {
    case "text": {
      const body = message.text?.body;
      if (body === undefined || body.trim() === "") return null;
      const code = LINK_CODE.exec(body)?.[1];
      if (code !== undefined) return { kind: "start", token: code };
      if (STOP.test(body)) return { kind: "command", command: "stop" };
      if (HELP.test(body)) return { kind: "command", command: "help" };
      return { kind: "text", text: body };
    }
    case "interactive": {
      const reply = message.interactive;
      if (reply === undefined) return null;
      const chosen = reply.type === "button_reply" ? reply.button_reply : reply.list_reply;
      return {
        kind: "button",
        token: chosen.id,
        messageId: message.context?.id ?? null,
        // What the debtor saw and tapped, kept as what they said.
        label: chosen.title,
      };
    }
    // A template's quick-reply button ("Voir le message"): the debtor is back in the conversation;
    // the answer is what they can do now.
    case "button":
      return message.button === undefined ? null : { kind: "command", command: "help" };
    default:
      return null;
  }
}

export function parseStatus(status: WhatsAppStatus): DeliveryStatus {
  const error = status.errors?.[0];
  return {
    channel: "whatsapp",
    externalId: status.id,
    status: status.status,
    at: new Date(Number(status.timestamp) * 1000),
    ...(error === undefined
      ? {}
      : { error: { code: error.code, title: error.title ?? String(error.code) } }),
  };
}

/** Validates and maps every message and status; those we cannot read are counted, not thrown. */
export function parseChanges(changes: { messages: unknown[]; statuses: unknown[] }): {
  envelopes: InboundEnvelope[];
  statuses: DeliveryStatus[];
  malformed: number;
  ignored: number;
} {
  const envelopes: InboundEnvelope[] = [];
  const statuses: DeliveryStatus[] = [];
  let malformed = 0;
  let ignored = 0;
  for (const raw of changes.messages) {
    const parsed = inboundMessageSchema.safeParse(raw);
    if (!parsed.success) {
      malformed += 1;
      continue;
    }
    const envelope = parseInboundMessage(parsed.data);
    if (envelope === null) ignored += 1;
    else envelopes.push(envelope);
  }
  for (const raw of changes.statuses) {
    const parsed = statusSchema.safeParse(raw);
    if (parsed.success) statuses.push(parseStatus(parsed.data));
    else malformed += 1;
  }
  return { envelopes, statuses, malformed, ignored };
}
