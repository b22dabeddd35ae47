import type { OwnerMessage } from "../../core/index.ts";

/**
 * Who signs in to the owner's desk, and their sessions. db/stores/desk-users.ts implements it
 * over Postgres; src/http/admin uses it, so src/http never touches the database driver.
 */

export type DeskRole = "admin" | "owner";

export interface DeskUser {
  readonly id: string;
  readonly email: string;
  readonly role: DeskRole;
  readonly locale: "fr" | "en";
  /** The businesses an owner may see and act for; empty for an admin (who sees every one). */
  readonly businessIds: readonly string[];
}

export interface DeskUserWithSecret extends DeskUser {
  /** scrypt, as written by src/http/admin/password.ts. */
  readonly passwordHash: string;
}

export interface DeskSessionRecord {
  readonly id: string;
  /** null for the bootstrap admin (ADMIN_PASSWORD), who is no row of `users`. */
  readonly user: DeskUser | null;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export interface DeskUserStore {
  findUserByEmail(email: string): Promise<DeskUserWithSecret | null>;
  /** Whether any admin user exists: the bootstrap login is refused once one does. */
  hasAdmin(): Promise<boolean>;
  createUser(user: {
    readonly email: string;
    readonly passwordHash: string;
    readonly role: DeskRole;
    readonly locale: "fr" | "en";
    readonly businessIds: readonly string[];
  }): Promise<DeskUser>;
  createSession(session: {
    readonly tokenHash: string;
    readonly userId: string | null;
    readonly csrfToken: string;
    readonly createdAt: Date;
    readonly expiresAt: Date;
  }): Promise<void>;
  /** The session with this token hash, if it has not expired at `now`. */
  findSession(tokenHash: string, now: Date): Promise<DeskSessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
}

/** What needs the owner's decision now, and what they asked about it: the desk's inbox. */
export type InboxRequestKind = "approval" | "formal_step" | "dispute" | "payment_check";

export interface InboxCase {
  readonly caseId: string;
  readonly businessId: string;
  readonly businessName: string;
  readonly businessLocale: "fr" | "en";
  readonly businessTimezone: string;
  readonly currency: string;
  readonly invoiceNumber: string;
  readonly debtorName: string;
  readonly debtorTimezone: string;
}

export interface InboxRequest extends InboxCase {
  readonly kind: InboxRequestKind;
  /** `r<n>`; null for an "already paid" check. */
  readonly requestId: string | null;
  /** The question as the owner was asked it (the same words as in Slack). */
  readonly message: OwnerMessage;
  readonly askedAt: Date | null;
  /** When the policy's fallback applies if nobody answers (null: no automatic deadline). */
  readonly deadline: Date | null;
  /** What is still due (minor units): what a counter-offer must settle. */
  readonly amountDueMinor: number;
}

/** Something the owner was told (a person asked for, a broken plan…), newest first. */
export interface InboxNotice extends InboxCase {
  readonly message: OwnerMessage;
  readonly at: Date;
}

export interface OwnerDecisionSeen {
  /** `owner:<Slack user>` or `desk:<e-mail>`. */
  readonly by: string;
  readonly at: Date;
  readonly decision: string;
}

export interface DeskInbox {
  /** Requests waiting for a decision, the nearest deadline first; `businessIds` narrows. */
  pending(businessIds: readonly string[] | undefined): Promise<readonly InboxRequest[]>;
  /** Recent notices that ask for no button (at most `limit`). */
  recent(
    businessIds: readonly string[] | undefined,
    limit: number,
  ): Promise<readonly InboxNotice[]>;
  /** The business behind a case (null when there is no such case). */
  caseBusiness(caseId: string): Promise<string | null>;
  /** Who answered this request (or the case's "already paid" check when `requestId` is null). */
  decisionOf(caseId: string, requestId: string | null): Promise<OwnerDecisionSeen | null>;
}
