import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { documentHtml } from "./layout.tsx";

/** Sends a desk page (a JSX element) as a whole HTML document. */
export function renderPage(c: Context, status: ContentfulStatusCode, element: unknown): Response {
  return c.html(documentHtml(element), status);
}
