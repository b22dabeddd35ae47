import { and, eq, gt, lt } from "drizzle-orm";
import type { DeskUser, DeskUserStore, DeskUserWithSecret } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";
import { sessions, userBusinesses, users } from "../schema.ts";

/** Desk users and sessions on Postgres (only a token's SHA-256 is ever stored). */
export function createDeskUserStore(db: DbOrTx): DeskUserStore {
  async function businessIdsOf(userId: string): Promise<string[]> {
    const rows = await db
      .select({ businessId: userBusinesses.businessId })
      .from(userBusinesses)
      .where(eq(userBusinesses.userId, userId));
    return rows.map((r) => r.businessId);
  }

  async function withBusinesses(row: typeof users.$inferSelect): Promise<DeskUserWithSecret> {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      locale: row.locale,
      passwordHash: row.passwordHash,
      businessIds: row.role === "admin" ? [] : await businessIdsOf(row.id),
    };
  }

  return {
    async findUserByEmail(email) {
      const [row] = await db
        .select()
        .from(users)
        .where(eq(users.email, email.trim().toLowerCase()));
      return row ? withBusinesses(row) : null;
    },

    async hasAdmin() {
      const [row] = await db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.role, "admin"))
        .limit(1);
      return row !== undefined;
    },

    async createUser(input): Promise<DeskUser> {
      const [row] = await db
        .insert(users)
        .values({
          email: input.email.trim().toLowerCase(),
          passwordHash: input.passwordHash,
          role: input.role,
          locale: input.locale,
        })
        .returning();
      if (!row) throw new Error("user not inserted");
      if (input.businessIds.length > 0) {
        await db
          .insert(userBusinesses)
          .values(input.businessIds.map((businessId) => ({ userId: row.id, businessId })));
      }
      const { passwordHash: _secret, ...user } = await withBusinesses(row);
      return user;
    },

    async createSession(session) {
      // Expired sessions go as new ones come: the table holds live sessions, give or take.
      await db.delete(sessions).where(lt(sessions.expiresAt, session.createdAt));
      await db.insert(sessions).values(session);
    },

    async findSession(tokenHash, now) {
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .leftJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
      if (!row) return null;
      let user: DeskUser | null = null;
      if (row.user) {
        const { passwordHash: _secret, ...rest } = await withBusinesses(row.user);
        user = rest;
      }
      return {
        id: row.session.id,
        user,
        csrfToken: row.session.csrfToken,
        expiresAt: row.session.expiresAt,
      };
    },

    async deleteSession(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
  };
}
