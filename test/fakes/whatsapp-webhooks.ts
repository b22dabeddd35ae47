import { createHmac } from "node:crypto";

// Webhook payloads the WhatsApp Cloud API POSTs to a business's callback URL, shaped as in
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples. Every builder
// is pure: times and ids are arguments.

export interface WhatsAppBusinessRef {
  /** WhatsApp Business Account id (`entry[].id`). */
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
}

export interface InboundBase {
  readonly business: WhatsAppBusinessRef;
  /** The user's WhatsApp id (digits, no "+"). */
  readonly from: string;
  readonly profileName?: string;
  /** `wamid.…` of the inbound message. */
  readonly messageId: string;
  /** Unix seconds. */
  readonly timestamp: number;
}

export interface WebhookPayload {
  readonly object: "whatsapp_business_account";
  readonly entry: {
    id: string;
    changes: { value: Record<string, unknown>; field: "messages" }[];
  }[];
}

function envelope(business: WhatsAppBusinessRef, value: Record<string, unknown>): WebhookPayload {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: business.wabaId,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: business.displayPhoneNumber,
                phone_number_id: business.phoneNumberId,
              },
              ...value,
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}

function inbound(input: InboundBase, message: Record<string, unknown>): WebhookPayload {
  return envelope(input.business, {
    contacts: [{ profile: { name: input.profileName ?? "Camille" }, wa_id: input.from }],
    messages: [
      {
        from: input.from,
        id: input.messageId,
        timestamp: String(input.timestamp),
        ...message,
      },
    ],
  });
}

export function textMessagePayload(input: InboundBase & { readonly text: string }): WebhookPayload {
  return inbound(input, { type: "text", text: { body: input.text } });
}

export interface InteractiveReplyInput extends InboundBase {
  /** The business message whose button or list was used. */
  readonly contextMessageId: string;
}

export function buttonReplyPayload(
  input: InteractiveReplyInput & { readonly buttonId: string; readonly title: string },
): WebhookPayload {
  return inbound(input, {
    context: { from: input.business.displayPhoneNumber, id: input.contextMessageId },
    type: "interactive",
    interactive: { type: "button_reply", button_reply: { id: input.buttonId, title: input.title } },
  });
}

export function listReplyPayload(
  input: InteractiveReplyInput & {
    readonly rowId: string;
    readonly title: string;
    readonly description?: string;
  },
): WebhookPayload {
  return inbound(input, {
    context: { from: input.business.displayPhoneNumber, id: input.contextMessageId },
    type: "interactive",
    interactive: {
      type: "list_reply",
      list_reply: {
        id: input.rowId,
        title: input.title,
        ...(input.description === undefined ? {} : { description: input.description }),
      },
    },
  });
}

/** The user taps a quick-reply button of a template message (type "button", not "interactive"). */
export function templateButtonPayload(
  input: InteractiveReplyInput & { readonly text: string; readonly payload: string },
): WebhookPayload {
  return inbound(input, {
    context: { from: input.business.displayPhoneNumber, id: input.contextMessageId },
    type: "button",
    button: { text: input.text, payload: input.payload },
  });
}

export type MessageStatus = "sent" | "delivered" | "read" | "failed";

export interface StatusError {
  readonly code: number;
  readonly title: string;
  readonly message?: string;
  readonly details?: string;
}

export function statusPayload(input: {
  readonly business: WhatsAppBusinessRef;
  readonly messageId: string;
  readonly recipientId: string;
  readonly status: MessageStatus;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly errors?: readonly StatusError[];
  /** "service" inside the 24-hour window, "marketing"/"utility" for templates. */
  readonly category?: string;
}): WebhookPayload {
  const category = input.category ?? "service";
  return envelope(input.business, {
    statuses: [
      {
        id: input.messageId,
        status: input.status,
        timestamp: String(input.timestamp),
        recipient_id: input.recipientId,
        ...(input.status === "failed"
          ? {
              errors: (input.errors ?? []).map((e) => ({
                code: e.code,
                title: e.title,
                message: e.message ?? e.title,
                error_data: { details: e.details ?? e.title },
              })),
            }
          : {
              conversation: {
                id: `conv-${input.recipientId}`,
                origin: { type: category },
              },
              pricing: { billable: true, pricing_model: "PMP", category },
            }),
      },
    ],
  });
}

/** `X-Hub-Signature-256` for a raw body: `sha256=` + hex HMAC-SHA256 keyed with the app secret. */
export function signWhatsAppPayload(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody, "utf8").digest("hex")}`;
}
