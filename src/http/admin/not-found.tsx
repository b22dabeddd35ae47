import type { Context } from "hono";
import { MessagePage } from "./message-page.tsx";
import type { DeskPage } from "./page.ts";
import { renderPage } from "./render.ts";

/** 404 as a page: for an unknown path, an unknown id, and another business's id alike. */
export function notFoundPage(c: Context, page: DeskPage): Response {
  const t = page.text;
  return renderPage(
    c,
    404,
    <MessagePage page={page} title={t("desk-not-found-title")}>
      <p>{t("desk-not-found-body")}</p>
    </MessagePage>,
  );
}
