import { asc, inArray } from "drizzle-orm";
import type { AdminViewsStore } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";
import { businesses } from "../schema.ts";
import { exportAgreements } from "./agreements-export.ts";
import { caseDetail } from "./case-detail.ts";
import { countCases, listCases } from "./cases.ts";
import { dashboardRaw } from "./dashboard.ts";

/** The owner's desk read side over Postgres (src/runtime/ports/admin-views.ts). */
export function createAdminViewsStore(db: DbOrTx): AdminViewsStore {
  return {
    async businesses(scope) {
      if (scope.businessIds.length === 0) return [];
      return db
        .select({
          id: businesses.id,
          name: businesses.name,
          locale: businesses.locale,
          timezone: businesses.timezone,
          currency: businesses.currency,
        })
        .from(businesses)
        .where(inArray(businesses.id, [...scope.businessIds]))
        .orderBy(asc(businesses.name), asc(businesses.id));
    },
    async allBusinessIds() {
      const rows = await db.select({ id: businesses.id }).from(businesses);
      return rows.map((r) => r.id);
    },
    listCases: (scope, query) => listCases(db, scope, query),
    countCases: (scope, filter) => countCases(db, scope, filter),
    caseDetail: (scope, caseId, now) => caseDetail(db, scope, caseId, now),
    dashboard: (scope, query) => dashboardRaw(db, scope, query),
    exportAgreements: (scope, query) => exportAgreements(db, scope, query),
  };
}
