import { reportIfUnavailable } from "../src/outage-tracker.ts";
import type { DependencyHealth, JobPort } from "../src/runtime/index.ts";
import { type DeliverDeps, type DeliverOutcome, deliverOutboxRow } from "../src/runtime/index.ts";
import { deliveryLane } from "./catalog.ts";
import type { RelanceQueues } from "./queues.ts";

type CommittedRow = Parameters<JobPort["enqueueDeliveries"]>[0][number];

/**
 * Step 9 of the press path (README, "Architecture"): what a commit wrote is delivered right away, by the process that
 * committed it — no job, no queue hop, no worker poll. This is only the fast path. A row that cannot
 * go now (not yet due, paced, throttled, a transient error) becomes a BullMQ job exactly as before,
 * with the rows committed after it (they must not overtake it); a process that dies mid-way leaves
 * pending rows the reconciler gives a job. The claim on each row (`deliverOutboxRow`) is what keeps
 * a row from being sent twice when the fast path and a job meet.
 *
 * Delivery runs after the webhook has its answer: a press is acknowledged at commit speed, and the
 * next card follows without waiting for a queue.
 */
export class DispatchNow implements JobPort {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly queues: RelanceQueues,
    private readonly deliver: DeliverDeps,
    /** Where a lost Redis or Postgres is reported (one line per outage, not one per row). */
    private readonly health?: DependencyHealth,
  ) {}

  async enqueueDeliveries(rows: readonly CommittedRow[]): Promise<void> {
    const now = this.deliver.clock.now().getTime();
    const due = rows.filter(
      (r) => r.notBefore.getTime() <= now && deliveryLane(r.channel, r.kind) !== null,
    );
    const later = rows.filter((r) => !due.includes(r));
    // What is due goes now even if Redis is away (a web-chat reply needs no Redis at all: see
    // `sendPace`); what waits needs a job, and that may fail.
    if (due.length > 0) {
      const run = this.sendInOrder(due).finally(() => this.running.delete(run));
      this.running.add(run);
    }
    if (later.length > 0) await this.queues.enqueueDeliveries(later);
  }

  enqueueTimers(rows: Parameters<JobPort["enqueueTimers"]>[0]): Promise<void> {
    return this.queues.enqueueTimers(rows);
  }

  dropTimers(ids: readonly string[]): Promise<void> {
    return this.queues.dropTimers(ids);
  }

  /** Resolves once every delivery started here has ended (for a clean stop, and for tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** One commit's rows, in the order they were committed; the first that cannot go hands itself
   *  and the rest to the queue. */
  private async sendInOrder(rows: readonly CommittedRow[]): Promise<void> {
    for (const [i, row] of rows.entries()) {
      let outcome: DeliverOutcome;
      try {
        outcome = await deliverOutboxRow(this.deliver, row.id);
      } catch (err) {
        if (!reportIfUnavailable(this.health, err)) {
          this.deliver.log.warn({ err, outboxId: row.id }, "immediate delivery failed; queued");
        }
        outcome = { kind: "retry", error: "unexpected" };
      }
      if (outcome.kind === "postponed") {
        // The row now says when it may go; its job waits as long.
        await this.handOver([{ ...row, notBefore: outcome.until }, ...rows.slice(i + 1)]);
        return;
      }
      if (outcome.kind === "retry") {
        await this.handOver(rows.slice(i));
        return;
      }
    }
  }

  private async handOver(rows: readonly CommittedRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.queues.enqueueDeliveries(rows);
    } catch (err) {
      // Redis is down: the rows stay pending in Postgres, and the reconciler finds them.
      if (!reportIfUnavailable(this.health, err)) {
        this.deliver.log.warn({ err }, "could not queue what immediate delivery left");
      }
    }
  }
}
