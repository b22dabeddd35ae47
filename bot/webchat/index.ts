import type { Hono } from "hono";
import type { ChannelDelivery } from "../../src/runtime/index.ts";
import { WebchatDelivery } from "./delivery.ts";
import { type WebchatRoutesDeps, webchatApp } from "./routes.ts";

export type {
  ConversationCursor,
  ConversationPage,
  StoredChatMessage,
  WebchatLink,
  WebchatStore,
} from "../../src/runtime/index.ts";
export { webchatAddress } from "./address.ts";
export {
  WEBCHAT_BODY_LIMIT_BYTES,
  WEBCHAT_HISTORY_MAX,
  WEBCHAT_POSTS_PER_WINDOW,
  WEBCHAT_RATE_WINDOW_MS,
  WEBCHAT_TEXT_MAX,
} from "./constants.ts";
export { type ChatMessageView, conversationView, parseAfter } from "./conversation.ts";
export { WebchatDelivery } from "./delivery.ts";
export { type WebchatMessageBody, webchatMessageBodySchema } from "./message-body.ts";
export { cspHash, PAGE_CSP, PAGE_SCRIPT, PAGE_STYLE } from "./page-assets.ts";
export { SlidingWindowLimiter } from "./rate-limit.ts";
export { WebchatErrorCode, type WebchatLog, type WebchatRoutesDeps, webchatApp } from "./routes.ts";

/** Where the chat is served: `${PUBLIC_URL}/chat/<token>` is the link the API hands out. */
export const WEBCHAT_PATH = "/chat";

export interface WebchatChannel {
  /** For the outbox relay: send_card and clear_buttons for channel "webchat". */
  readonly delivery: ChannelDelivery;
  readonly app: Hono;
  /** Mounts the routes at `/chat` (outside /api: the token in the path is the credential). */
  mount(root: Hono, path?: string): void;
}

/** The web chat needs no credentials of its own: it is always on. */
export function createWebchatChannel(deps: WebchatRoutesDeps): WebchatChannel {
  const app = webchatApp(deps);
  return {
    delivery: new WebchatDelivery(),
    app,
    mount(root, path = WEBCHAT_PATH) {
      root.route(path, app);
    },
  };
}
