import type { Hono } from "hono";
import type { Config } from "../../src/config.ts";
import type { ChannelDelivery } from "../../src/runtime/index.ts";
import { EmailDelivery } from "./delivery.ts";
import { type UnsubscribeDeps, unsubscribeApp } from "./unsubscribe.ts";

export { EmailDelivery } from "./delivery.ts";
export { emailUrls, renderEmail } from "./render-email.ts";
export { type UnsubscribeDeps, unsubscribeApp } from "./unsubscribe.ts";

/** Where the one-click unsubscribe links point. */
export const UNSUBSCRIBE_PATH = "/unsubscribe";

export type EmailChannelConfig = Pick<Config, "SMTP_URL" | "MAIL_FROM" | "PUBLIC_URL">;

export interface EmailChannel {
  /** For the outbox relay: send_card for channel "email". */
  readonly delivery: ChannelDelivery;
  mount(root: Hono): void;
  close(): void;
}

/**
 * E-mail notices (nodemailer, one SMTP server), or null without SMTP_URL and MAIL_FROM: then no
 * notice is routed to e-mail at all (the runtime is told), so none waits for a channel that is off.
 */
export function createEmailChannel(
  config: EmailChannelConfig,
  deps: UnsubscribeDeps & { readonly log: { info(obj: object, msg?: string): void } },
): EmailChannel | null {
  if (config.SMTP_URL === undefined || config.MAIL_FROM === undefined) {
    deps.log.info({ channel: "email" }, "e-mail notices off: SMTP_URL or MAIL_FROM is not set");
    return null;
  }
  const delivery = new EmailDelivery({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    publicUrl: config.PUBLIC_URL,
  });
  const app = unsubscribeApp(deps);
  return {
    delivery,
    mount(root) {
      root.route(UNSUBSCRIBE_PATH, app);
    },
    close() {
      delivery.close();
    },
  };
}
