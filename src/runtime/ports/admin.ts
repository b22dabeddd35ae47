import type { Policy } from "../../core/index.ts";
import type { AgreementQuery, AgreementView } from "../../intake/index.ts";

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
