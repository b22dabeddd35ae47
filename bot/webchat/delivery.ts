import { randomUUID } from "node:crypto";
import type { OutboundOp } from "../../src/runtime/index.ts";
import {
  type ChannelDelivery,
  DeliveryError,
  type DeliveryResult,
} from "../../src/runtime/index.ts";

/**
 * "Delivers" web chat ops. The page pulls the conversation from the `messages` table, where the
 * outbox relay's `markSent` records every delivered card, so a send only needs an id of its own
 * for that row; a cleared keyboard is implicit (the page shows the newest bot message's buttons
 * only).
 */
export class WebchatDelivery implements ChannelDelivery {
  async deliver(op: OutboundOp): Promise<DeliveryResult> {
    if (op.channel !== "webchat") {
      throw new DeliveryError(
        { kind: "permanent" },
        `the web chat adapter cannot deliver ${op.op} for channel ${op.channel}`,
        "relance_webchat_wrong_channel",
      );
    }
    switch (op.op) {
      case "send_card":
        return { externalId: `wc_${randomUUID()}` };
      case "clear_buttons":
        return { externalId: null };
      default: {
        const unhandled: never = op;
        throw new Error(`unhandled op ${JSON.stringify(unhandled)}`);
      }
    }
  }
}
