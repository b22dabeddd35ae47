import type { Hono } from "hono";
import type {
  HealthProbe,
  IntakeStore,
  InvoiceAdditionOffer,
  LinkSettings,
  PaymentRecorded,
  ReissueRequest,
  ReissueResult,
} from "../intake/index.ts";
import type { Logger } from "../logger.ts";
import type {
  AdminStore,
  AdminViewsStore,
  DependencyHealth,
  DeskDecisionInput,
  DeskDecisionOutcome,
  DeskInbox,
  DeskUserStore,
  ExperimentStore,
} from "../runtime/index.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import type { MetricsSource, Telemetry } from "./telemetry.ts";

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
   * Called after a payment is recorded, and again on an idempotent repeat (so a retry delivers an
   * event a failure lost). The runtime turns it into a `payment_received` case event, deduplicated
   * by payment id.
   */
  readonly onPaymentRecorded: (payment: PaymentRecorded) => Promise<void>;
  /**
   * Mounts the platform webhooks (Telegram, Slack, WhatsApp) on the root app, outside /api: they
   * verify their own signatures over the raw body, so no JSON parser, bearer check or body limit
   * of /api may run before them.
   */
  readonly mount?: (root: Hono) => void;
  /**
   * Called after an invoice is created (and again on an idempotent repeat): the runtime starts its
   * case, so the reminder ladder runs even if the debtor never opens a link. Must not throw for a
   * stored invoice — the reconciler starts any case left unstarted. `offer`: the debtor has a
   * case with a running agreement, where the new invoice is offered as an addition.
   */
  readonly onInvoiceCreated?: (caseId: string, offer?: InvoiceAdditionOffer) => Promise<void>;
  /** Gauges for GET /metrics (database aggregates, queue depths). */
  readonly metrics?: MetricsSource;
  /** The process's prom-client metrics; a fresh `Telemetry` when omitted. src/main.ts passes the
   *  one it also hands to the runtime (`MetricsPort`), so the runtime's counters show here. */
  readonly telemetry?: Telemetry;
  /** The owner's desk (/admin); src/main.ts always wires it (absent: every /admin route is a 404). */
  readonly admin?: AdminDeps;
  /** The outage tracker: a request that finds Postgres gone reports it (one log line per outage)
   *  and answers 503; while it is known down, requests that need it answer 503 at once. */
  readonly outages?: DependencyHealth;
}

/** The owner's desk (/admin): always on; people sign in with `npm run user:create` accounts. */
export interface AdminDeps {
  readonly store: AdminStore;
  readonly users: DeskUserStore;
  /** ADMIN_PASSWORD: the bootstrap login (user `admin`) until an admin user exists. */
  readonly bootstrapPassword?: string;
  /** The desk's read pages (cases, dashboard, exports); absent, they are not mounted. */
  readonly views?: AdminViewsStore;
  /** Failed-login throttle; `ADMIN_LOGIN_THROTTLE` when omitted (tests pass their clock). */
  readonly loginThrottle?: LoginThrottle;
  /** Cookies are always Secure (PUBLIC_URL is https); otherwise only on HTTPS requests. */
  readonly secureCookies?: boolean;
  /** What waits for the owner (absent: the inbox is empty — tests of other pages). */
  readonly inbox?: DeskInbox;
  /** Wording experiments: the desk's page to run them, and their figures on the dashboard
   *  (absent: neither is shown). */
  readonly experiments?: ExperimentStore;
  /** An owner's decision, through the same path as a Slack click (owner-inbound.ts). */
  readonly decide?: (input: DeskDecisionInput) => Promise<DeskDecisionOutcome>;
  /** What links are built from: the case page shows a case's current links. */
  readonly links?: LinkSettings;
  /** Revoke and reissue a case's links (src/intake/reissue-links.ts); absent: no button. */
  readonly reissueLinks?: (request: ReissueRequest) => Promise<ReissueResult>;
}
