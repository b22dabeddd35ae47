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
