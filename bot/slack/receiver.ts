import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { reportIfUnavailable } from "../../src/outage-tracker.ts";
import type { DependencyHealth, Log } from "../../src/runtime/index.ts";

/**
 * Bolt's seam is three methods wide (init / start / stop); routing lives in `app.processEvent`.
 * This receiver owns no HTTP server: the service's Hono route verifies the signature over the raw
 * body, parses it, and calls `dispatch`, which resolves with the HTTP answer as soon as a listener
 * acknowledges — the listener's work (a database transaction through the runtime) carries on after
 * the answer is sent, so Slack gets its acknowledgement well within 3 seconds.
 */

/** What to answer Slack. `body` is empty for a bare ack. */
export interface AckResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: "application/json" | "text/plain";
}

/** Slack gives up after 3 s; if no listener has acked by then something is stuck, answer anyway
 *  (the work still finishes) rather than let Slack show a timeout and, for events, retry. */
export const SLACK_ACK_DEADLINE_MS = 2_500;

const EMPTY_OK: AckResponse = { status: 200, body: "", contentType: "text/plain" };

export class HonoReceiver implements Receiver {
  #app: App | null = null;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly log: Log,
    private readonly ackDeadlineMs: number = SLACK_ACK_DEADLINE_MS,
    /** Where a lost Postgres or Redis is reported instead of a stack per request. */
    private readonly health?: DependencyHealth,
  ) {}

  init(app: App): void {
    this.#app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Waits for the work already acknowledged to finish (graceful shutdown). */
  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves once no listener is running: tests await it before asserting on what was written. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  dispatch(
    body: Record<string, unknown>,
    retry: { readonly num?: number; readonly reason?: string } = {},
  ): Promise<AckResponse> {
    const app = this.#app;
    if (!app) return Promise.resolve({ ...EMPTY_OK, status: 503 });
    return new Promise<AckResponse>((resolve) => {
      let answered = false;
      const answer = (response: AckResponse) => {
        if (answered) return;
        answered = true;
        clearTimeout(deadline);
        resolve(response);
      };
      const deadline = setTimeout(() => {
        this.log.warn({ type: body.type }, "no Slack listener acknowledged in time; answered 200");
        answer(EMPTY_OK);
      }, this.ackDeadlineMs);

      let acked = false;
      const event: ReceiverEvent = {
        body,
        ack: async (response?: unknown) => {
          if (acked) {
            // Bolt's listeners must ack once; a second ack is a bug, not a second answer.
            this.log.warn({ type: body.type }, "a Slack listener acknowledged twice");
            return;
          }
          acked = true;
          answer(toAckResponse(response));
        },
        ...(retry.num !== undefined ? { retryNum: retry.num } : {}),
        ...(retry.reason !== undefined ? { retryReason: retry.reason } : {}),
      };

      const work = app
        .processEvent(event)
        .then(() => answer(EMPTY_OK))
        .catch((err: unknown) => {
          if (!reportIfUnavailable(this.health, err)) {
            this.log.error({ err, type: body.type }, "Slack listener failed");
          }
          // Before an ack, Slack shows the user an error; after one, the answer has gone already.
          answer({ status: 500, body: "", contentType: "text/plain" });
        })
        .finally(() => this.#inFlight.delete(work));
      this.#inFlight.add(work);
    });
  }
}

/** Bolt's ack argument: nothing, a string (text reply) or an object (JSON: errors, a view…). */
export function toAckResponse(response: unknown): AckResponse {
  if (response === undefined || response === null || response === "") return EMPTY_OK;
  if (typeof response === "string")
    return { status: 200, body: response, contentType: "text/plain" };
  return { status: 200, body: JSON.stringify(response), contentType: "application/json" };
}
