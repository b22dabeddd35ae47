import type { Policy } from "../../core/policy.ts";
import type { LoginThrottle } from "../../http/login-throttle.ts";
import type { LinkSettings } from "../../intake/links.ts";
import type { AgreementQuery, AgreementView } from "../../intake/ports.ts";
import type { ReissueRequest, ReissueResult } from "../../intake/reissue-links.ts";
import type { DeskDecisionInput, DeskDecisionOutcome } from "../owner-inbound.ts";
import type { AdminViewsStore } from "./admin-views.ts";
import type { DeskInbox, DeskUserStore } from "./desk.ts";
import type { ExperimentStore } from "./experiments.ts";

/**
 * What the admin pages read. db/stores/admin.ts implements it over Postgres; src/main.ts wires it
 * in (only when ADMIN_PASSWORD is set), so src/http never touches the database driver.
 */
export interface AdminStore {
  /** Newest first, keyset-paginated like `IntakeStore.listAgreements`, with the names joined in. */
  listAgreements(query: AgreementQuery): Promise<readonly AdminAgreement[]>;
  getAgreement(id: string): Promise<AdminAgreement | null>;
  /** Every business, by name: the filters' choices (the id stays in the form, never on screen). */
  listBusinesses(): Promise<readonly AdminBusiness[]>;
  /** A business's settings as the desk edits them; null when there is no such business. */
  getBusinessSettings(id: string): Promise<AdminBusinessSettings | null>;
  /** Replaces the payment instructions and the Slack settings (validated by the caller). */
  updateBusinessSettings(
    id: string,
    settings: Pick<
      AdminBusinessSettings,
      | "paymentInstructions"
      | "slackChannelId"
      | "approverIds"
      | "senderName"
      | "senderRole"
      | "legalIdentity"
    >,
  ): Promise<void>;
  /** Recomputes every audit hash chain (a full scan: run it on demand, never per table row). */
  verifyAudit(): Promise<AdminAuditReport>;
}

/** An agreement with who it concerns: what an admin reads in the log. */
export interface AdminAgreement extends AgreementView {
  readonly businessName: string;
  readonly businessLocale: "fr" | "en";
  readonly businessTimezone: string;
  readonly invoiceNumber: string;
  readonly debtorName: string;
}

export interface AdminBusiness {
  readonly id: string;
  readonly name: string;
  readonly locale: "fr" | "en";
  readonly timezone: string;
}

export interface AdminBusinessSettings extends AdminBusiness {
  readonly currency: string;
  readonly policy: Policy;
  readonly paymentInstructions: {
    readonly iban: string | null;
    readonly bic: string | null;
    readonly payUrl: string | null;
    readonly text: string | null;
  };
  readonly slackChannelId: string | null;
  readonly approverIds: readonly string[];
  /** Who signs the messages (« Claire » → « Claire, Atelier Lune »); null: the name alone. */
  readonly senderName: string | null;
  /** Their role (« gérante »); null: none. */
  readonly senderRole: string | null;
  /** Who the business is in law, for the formal steps; each part null when not given. */
  readonly legalIdentity: {
    readonly name: string | null;
    readonly registration: string | null;
    readonly address: string | null;
  };
}

export type AdminAuditReport =
  | { readonly ok: true; readonly entries: number; readonly chains: number }
  | {
      readonly ok: false;
      readonly entries: number;
      readonly chains: number;
      /** The first entry, by id, whose hash or link does not match. */
      readonly brokenAtId: number;
      readonly reason: "hash_mismatch" | "broken_link";
    };

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
