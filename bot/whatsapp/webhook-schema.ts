import { z } from "zod";
import { stripControlCharacters } from "../../src/intake/index.ts";

/**
 * The parts of a Cloud API webhook notification we read
 * (developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). Unknown fields pass
 * through untouched; a message or status we cannot read is skipped, not the whole notification.
 */

const interactiveSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("button_reply"),
    button_reply: z.object({
      id: z.string().min(1),
      title: z.string().transform(stripControlCharacters),
    }),
  }),
  z.object({
    type: z.literal("list_reply"),
    list_reply: z.object({
      id: z.string().min(1),
      title: z.string().transform(stripControlCharacters),
      description: z.string().optional(),
    }),
  }),
]);

export const inboundMessageSchema = z.object({
  from: z.string().regex(/^\d{6,20}$/),
  id: z.string().min(1).max(256),
  timestamp: z.string().regex(/^\d{1,12}$/),
  type: z.string(),
  /** Control characters and lone surrogates dropped, as on Telegram and the web chat: Postgres
   *  could not keep them. */
  text: z.object({ body: z.string().transform(stripControlCharacters) }).optional(),
  interactive: interactiveSchema.optional(),
  /** A quick-reply button of a template message. */
  button: z
    .object({ payload: z.string().optional(), text: z.string().transform(stripControlCharacters) })
    .optional(),
  context: z.object({ id: z.string().optional() }).optional(),
});
export type WhatsAppInboundMessage = z.infer<typeof inboundMessageSchema>;

export const statusSchema = z.object({
  id: z.string().min(1).max(256),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  timestamp: z.string().regex(/^\d{1,12}$/),
  recipient_id: z.string(),
  errors: z.array(z.object({ code: z.number().int(), title: z.string().optional() })).optional(),
});
export type WhatsAppStatus = z.infer<typeof statusSchema>;

const valueSchema = z.object({
  messaging_product: z.literal("whatsapp"),
  metadata: z.object({ phone_number_id: z.string().min(1) }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const notificationSchema = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z
    .array(
      z.object({
        id: z.string(),
        changes: z.array(z.object({ field: z.string(), value: z.unknown() })).max(100),
      }),
    )
    .min(1)
    .max(100),
});

export type WhatsAppNotification = z.infer<typeof notificationSchema>;

/** The `messages` changes of one notification, for our phone number only. */
export function messageChanges(
  notification: WhatsAppNotification,
  phoneNumberId: string,
): { messages: unknown[]; statuses: unknown[]; otherNumber: boolean } {
  const messages: unknown[] = [];
  const statuses: unknown[] = [];
  let otherNumber = false;
  for (const entry of notification.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      const value = valueSchema.safeParse(change.value);
      if (!value.success) continue;
      if (value.data.metadata.phone_number_id !== phoneNumberId) {
        otherNumber = true;
        continue;
      }
      messages.push(...(value.data.messages ?? []));
      statuses.push(...(value.data.statuses ?? []));
    }
  }
  return { messages, statuses, otherNumber };
}
