import {
  type DebtorLinks,
  debtorLinks,
  type LinkSettings,
  linkExpiry,
  newLinkTokenSet,
} from "./links.ts";
import type { IntakeStore } from "./ports.ts";

/**
 * Revoke and reissue a case's links — the one way, shared by `POST /api/cases/:id/links/reissue`
 * and the desk's case page. Every link of the debtor stops working (a chat bound through any of
 * them hears about all their invoices), the chats they bound are unbound, and fresh links come
 * back, to send to the debtor by a channel the owner trusts.
 */

export interface ReissueDeps {
  readonly store: Pick<IntakeStore, "reissueLinks">;
  readonly links: LinkSettings;
  readonly now: () => Date;
}

export interface ReissueRequest {
  readonly caseId: string;
  /** The API's optional guard: the business the caller expects the case to belong to. */
  readonly businessId?: string;
  /** The desk's scope: the businesses a signed-in owner may act for (absent: any). */
  readonly businessIds?: readonly string[];
  /** `api` or `desk:<e-mail>`. */
  readonly by: string;
  readonly reason?: string;
}

export type ReissueResult =
  | {
      readonly kind: "reissued";
      readonly caseId: string;
      readonly links: DebtorLinks;
      readonly revoked: number;
      readonly unbound: readonly string[];
    }
  | { readonly kind: "not_found" }
  | { readonly kind: "business_mismatch" }
  | { readonly kind: "case_finished"; readonly status: string };

export async function reissueCaseLinks(
  deps: ReissueDeps,
  request: ReissueRequest,
): Promise<ReissueResult> {
  const now = deps.now();
  const outcome = await deps.store.reissueLinks({
    ...request,
    newTokens: newLinkTokenSet,
    tokensExpireAt: linkExpiry(deps.links, now),
    now,
  });
  if (outcome.kind !== "reissued") return outcome;
  return {
    kind: "reissued",
    caseId: outcome.caseId,
    links: debtorLinks(deps.links, outcome.tokens),
    revoked: outcome.revoked,
    unbound: outcome.unbound,
  };
}
