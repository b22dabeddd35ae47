import type { LinkSettings } from "../intake/links.ts";
import type { HealthProbe, IntakeStore, PaymentRecorded } from "../intake/ports.ts";
import type { Logger } from "../logger.ts";

/** Everything the HTTP app needs, wired by src/main.ts (or the tests). */
export interface AppDeps {
  readonly intake: IntakeStore;
  readonly health: HealthProbe;
  readonly links: LinkSettings;
  /** Bearer token of the /api routes. */
  readonly apiToken: string;
  readonly logger: Logger;
  readonly now: () => Date;
  /**
   * Called after a payment is recorded for the first time (not on an idempotent repeat). Seam for
   * the runtime, which turns it into a `payment_received` case event; a no-op until then.
   */
  readonly onPaymentRecorded: (payment: PaymentRecorded) => Promise<void>;
}
