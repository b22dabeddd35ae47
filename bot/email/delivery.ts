import type { Transporter } from "nodemailer";
import nodemailer from "nodemailer";
import type { OutboundOp } from "../../src/runtime/index.ts";
import {
  type ChannelDelivery,
  DeliveryError,
  type DeliveryResult,
} from "../../src/runtime/index.ts";
import { renderEmail } from "./render-email.ts";

export interface EmailDeliveryConfig {
  /** SMTP_URL, e.g. smtps://user:pass@smtp.example.org:465 */
  readonly smtpUrl: string;
  /** MAIL_FROM, e.g. "Relance <relances@example.org>" */
  readonly from: string;
  /** PUBLIC_URL: the links in the e-mail point there. */
  readonly publicUrl: string;
}

/**
 * Sends notice cards by e-mail through one SMTP server (nodemailer). SMTP's own answer decides what
 * the relay does: 4xx (mailbox busy, greylisting) and network trouble retry; 5xx (no such
 * mailbox, refused) fail the row for good.
 */
export class EmailDelivery implements ChannelDelivery {
  readonly #transport: Transporter;

  constructor(private readonly config: EmailDeliveryConfig) {
    this.#transport = nodemailer.createTransport(config.smtpUrl);
  }

  async deliver(op: OutboundOp): Promise<DeliveryResult> {
    if (op.channel !== "email" || op.op !== "send_card") {
      if (op.op === "clear_buttons") return { externalId: null };
      throw new DeliveryError(
        { kind: "permanent" },
        `the e-mail adapter cannot deliver ${op.op} for channel ${op.channel}`,
        "relance_email_wrong_op",
      );
    }
    if (op.webchatToken === undefined) {
      throw new DeliveryError(
        { kind: "permanent" },
        "an e-mail needs the case's web-chat link",
        "relance_email_no_link",
      );
    }
    const mail = renderEmail(op, this.config.publicUrl, op.webchatToken);
    try {
      const info = (await this.#transport.sendMail({
        from: this.config.from,
        to: op.address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { ...mail.headers },
      })) as { messageId?: string };
      return { externalId: info.messageId ?? null };
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const message = error instanceof Error ? error.message : String(error);
      if (typeof code === "number" && code >= 500) {
        throw new DeliveryError({ kind: "permanent" }, message, code);
      }
      throw new DeliveryError(
        { kind: "transient" },
        message,
        typeof code === "number" ? code : "relance_email_network",
      );
    }
  }

  close(): void {
    this.#transport.close();
  }
}
