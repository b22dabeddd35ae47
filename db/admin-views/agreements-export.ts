import { eq, inArray } from "drizzle-orm";
import type { AgreementQuery } from "../../src/intake/ports.ts";
import type { AgreementExportRow, ViewerScope } from "../../src/runtime/ports/admin-views.ts";
import type { DbOrTx } from "../client.ts";
import { businesses, cases, debtors, invoices } from "../schema.ts";
import { listAgreements } from "../stores/agreements.ts";

/** Pages of the API's own query, so the export and GET /api/agreements can never disagree. */
const PAGE = 1_000;

/**
 * Every agreement matching the filter, newest first — the rows GET /api/agreements pages through
 * for the same filter (the same `listAgreements`) — within the scope, with names joined in.
 */
export async function exportAgreements(
  db: DbOrTx,
  scope: ViewerScope,
  query: Omit<AgreementQuery, "limit" | "after">,
): Promise<AgreementExportRow[]> {
  if (query.businessId !== undefined && !scope.businessIds.includes(query.businessId)) return [];
  const allowed = new Set(scope.businessIds);
  const out: AgreementExportRow[] = [];
  let after: AgreementQuery["after"];
  for (;;) {
    const page = await listAgreements(db, { ...query, after, limit: PAGE });
    const visible = page.filter((a) => allowed.has(a.businessId));
    if (visible.length > 0) {
      const names = await db
        .select({
          caseId: cases.id,
          businessName: businesses.name,
          invoiceNumber: invoices.number,
          debtorName: debtors.name,
        })
        .from(cases)
        .innerJoin(businesses, eq(businesses.id, cases.businessId))
        .innerJoin(invoices, eq(invoices.id, cases.invoiceId))
        .innerJoin(debtors, eq(debtors.id, cases.debtorId))
        .where(
          inArray(
            cases.id,
            visible.map((a) => a.caseId),
          ),
        );
      const byCase = new Map(names.map((n) => [n.caseId, n]));
      for (const a of visible) {
        const n = byCase.get(a.caseId);
        out.push({
          ...a,
          businessName: n?.businessName ?? "",
          invoiceNumber: n?.invoiceNumber ?? "",
          debtorName: n?.debtorName ?? "",
        });
      }
    }
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return out;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
