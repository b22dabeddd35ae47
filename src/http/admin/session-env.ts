import type { Locale } from "../../core/index.ts";
import type { DeskNavKey, DeskPage, DeskViewer } from "./page.ts";

/**
 * What the desk's sign-in middleware puts on every request it lets through (`c.get("desk")`):
 * who is signed in, which businesses they may see, and how to build a page for them.
 */
export interface DeskSession {
  readonly viewer: DeskViewer;
  /** The token every POST form must send back (`_csrf`). */
  readonly csrfToken: string;
  /** Whether the viewer may see (and act for) this business. */
  canSee(businessId: string): boolean;
  /** The businesses the viewer may see; undefined for an admin (every business). */
  visibleBusinessIds(): readonly string[] | undefined;
  /** A page in the business's language and zone, or the viewer's own when `business` is null. */
  page(args: {
    readonly current?: DeskNavKey;
    readonly business: { readonly locale: Locale; readonly timezone: string } | null;
  }): DeskPage;
}

export type DeskEnv = { Variables: { desk: DeskSession } };
