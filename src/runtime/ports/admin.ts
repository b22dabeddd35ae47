import type { LoginThrottle } from "../../http/login-throttle.ts";
import type { AgreementQuery, AgreementView } from "../../intake/ports.ts";
import type { AdminViewsStore } from "./admin-views.ts";

/**
 * What the admin pages read. db/stores/admin.ts implements it over Postgres; src/main.ts wires it
 * in (only when ADMIN_PASSWORD is set), so src/http never touches the database driver.
 */
export interface AdminStore {
  /** Newest first, keyset-paginated like `IntakeStore.listAgreements`, with the names joined in. */
  listAgreements(query: AgreementQuery): Promise<readonly AdminAgreement[]>;
  getAgreement(id: string): Promise<AdminAgreement | null>;
  /** Recomputes every audit hash chain (a full scan: run it on demand, never per table row). */
  verifyAudit(): Promise<AdminAuditReport>;
}

/** An agreement with who it concerns: what an admin reads in the log. */
export interface AdminAgreement extends AgreementView {
  readonly businessName: string;
  readonly businessLocale: "fr" | "en";
  readonly invoiceNumber: string;
  readonly debtorName: string;
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

/** The admin area: on only when a password is configured. */
export interface AdminDeps {
  readonly store: AdminStore;
  /** The owner's desk read pages (cases, dashboard, exports); absent, they are not mounted. */
  readonly views?: AdminViewsStore;
  /** HTTP Basic password of the user `admin` (ADMIN_PASSWORD). */
  readonly password: string;
  /** Failed-login throttle; `ADMIN_LOGIN_THROTTLE` when omitted (tests pass their clock). */
  readonly loginThrottle?: LoginThrottle;
}
