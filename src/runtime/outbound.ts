import { z } from "zod";

/**
 * What an outbox row asks a channel to do. Written in the same transaction as the state change that
 * caused it; delivered afterwards by the outbox relay (jobs/) through the channel's adapter (bot/*).
 * The payload is re-validated when the relay reads it: a row is data from the past, and the code
 * that reads it may be newer than the code that wrote it.
 */

const tokenButton = z.object({
  label: z.string().min(1),
  // Telegram callback_data is at most 64 bytes: ASCII-only tokens make bytes = characters.
  token: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

/** A Card whose button actions were replaced by short opaque tokens (see button_tokens). */
export const outboundCardSchema = z.object({
  text: z.string().min(1),
  buttons: z.array(tokenButton),
  list: z
    .object({
      title: z.string().min(1),
      items: z.array(tokenButton.extend({ description: z.string().optional() })),
    })
    .optional(),
});
export type OutboundCard = z.infer<typeof outboundCardSchema>;

export const debtorChannelSchema = z.enum(["telegram", "whatsapp", "webchat", "email"]);

/**
 * What an automated notice is about, in the debtor's words and formats: enough for a channel that
 * cannot carry the card itself — a WhatsApp template outside the 24-hour window (its parameters),
 * an e-mail's subject. Rendered when the card is, from the same context.
 */
export const noticeSummarySchema = z.object({
  locale: z.enum(["fr", "en"]),
  businessName: z.string().min(1),
  debtorName: z.string().min(1),
  invoiceNumber: z.string().min(1),
  /** Formatted in the debtor's locale ("900,00 €"). */
  amountDue: z.string().min(1),
  /** Formatted in the debtor's locale ("18 novembre 2026"). */
  dueDate: z.string().min(1),
});
export type NoticeSummary = z.infer<typeof noticeSummarySchema>;

const ownerField = z.object({ label: z.string(), value: z.string() });

export const outboundOpSchema = z.discriminatedUnion("op", [
  /** A card to a debtor's chat. */
  z.object({
    op: z.literal("send_card"),
    channel: debtorChannelSchema,
    address: z.string().min(1),
    messageKind: z.string(),
    /** Automated reminders obey quiet hours, allowed days and the cap at send time. */
    automated: z.boolean(),
    card: outboundCardSchema,
    /** The debtor's language, for what a channel adds around the card (a list's button). */
    locale: z.enum(["fr", "en"]).optional(),
    /** Present on automated notices: what a template or an e-mail subject says of them. */
    summary: noticeSummarySchema.optional(),
    /** WhatsApp outside the 24-hour window: the approved template goes instead of the card. */
    viaTemplate: z.boolean().optional(),
    /** E-mail: the case's web-chat link token, for the link to the chat (where the card's buttons
     *  are) and the one-click unsubscribe link; the adapter builds both URLs. */
    webchatToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    /** The running wording experiments this card takes part in, and the variant it says: written
     *  on the message row when it is sent, so each experiment's statistics count what was read. */
    wording: z
      .array(
        z.object({
          experimentId: z.string().min(1),
          messageId: z.string().min(1),
          variant: z.string().min(1),
        }),
      )
      .optional(),
  }),
  /** After a choice: take the buttons off the message that carried them, marking what was chosen. */
  z.object({
    op: z.literal("clear_buttons"),
    channel: debtorChannelSchema,
    address: z.string().min(1),
    externalMessageId: z.string().min(1),
    chosenLabel: z.string().nullable(),
  }),
  /** Telegram requires every callback query to be answered, or the button spins. */
  z.object({
    op: z.literal("ack_button"),
    channel: z.literal("telegram"),
    callbackQueryId: z.string().min(1),
    text: z.string().nullable(),
  }),
  /** A message to the business owner (Slack). `requestId` makes it an approval with buttons. */
  z.object({
    op: z.literal("owner_message"),
    channel: z.literal("slack"),
    slackChannel: z.string().min(1),
    messageKind: z.string(),
    requestId: z.string().nullable(),
    title: z.string(),
    body: z.string(),
    fields: z.array(ownerField),
    actions: z.array(z.object({ actionId: z.string(), label: z.string(), value: z.string() })),
  }),
  /** After an owner's decision: replace the request's buttons with who decided what, and when.
   *  (chat.update, not response_url, which expires after 30 minutes.) */
  z.object({
    op: z.literal("owner_update"),
    channel: z.literal("slack"),
    slackChannel: z.string().min(1),
    messageTs: z.string().min(1),
    title: z.string(),
    body: z.string(),
  }),
  /** A reply only the clicking Slack user sees (e.g. "you are not an approver"). */
  z.object({
    op: z.literal("owner_ephemeral"),
    channel: z.literal("slack"),
    slackChannel: z.string().min(1),
    userId: z.string().min(1),
    text: z.string().min(1),
  }),
]);
export type OutboundOp = z.infer<typeof outboundOpSchema>;
export type OutboundOpKind = OutboundOp["op"];
