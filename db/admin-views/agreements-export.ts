import type { AgreementQuery } from "../../src/intake/index.ts";
import type { AgreementExportRow, ViewerScope } from "../../src/runtime/index.ts";
import type { DbOrTx } from "../client.ts";
import { withNames } from "../stores/admin.ts";
import { listAgreements } from "../stores/agreements.ts";
import { caseInvoicesOf } from "./case-invoices.ts";

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
    const named = await withNames(db, visible);
    const byCase = await caseInvoicesOf(
      db,
      named.map((a) => a.caseId),
    );
    out.push(...named.map((a) => ({ ...a, invoices: byCase.get(a.caseId) ?? [] })));
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return out;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
