import type { Locale } from "../../core/index.ts";

/**
 * The language of a page no business decides (the sign-in page, a page across businesses for a
 * visitor not yet known): the browser's first supported choice, French otherwise — the product's
 * first language.
 */
export function browserLocale(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (tag.startsWith("fr")) return "fr";
    if (tag.startsWith("en")) return "en";
  }
  return "fr";
}
