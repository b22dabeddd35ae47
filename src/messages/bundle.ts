import { readFileSync } from "node:fs";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import type { Locale } from "../core/index.ts";
import { typeset } from "./typography.ts";

/**
 * The Fluent catalogues, loaded once at module load. A broken catalogue must stop the process at
 * start-up, not produce a half-empty message in front of a debtor weeks later: every syntax error,
 * duplicate id and id present in one locale but not the other is collected and thrown together.
 */

export const LOCALES: readonly Locale[] = ["fr", "en"];

const BCP47: Record<Locale, string> = { fr: "fr-FR", en: "en-GB" };

/**
 * @fluent/bundle's runtime parser silently skips what it cannot parse (it leaves validation to
 * @fluent/syntax, which we do not ship). So we find the entries it dropped ourselves: every line
 * that starts an entry must have produced one, and an unindented line that is neither a comment
 * nor an entry start is junk.
 */
const ENTRY_START = /^(-?[a-zA-Z][\w-]*) *=/;

export function checkFluentSyntax(
  source: string,
  resource: FluentResource,
  file: string,
): string[] {
  const parsed = new Set(resource.body.map((entry) => entry.id));
  const problems: string[] = [];
  source.split(/\r?\n/).forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (line.trim() === "" || line.startsWith("#") || line.startsWith(" ")) return;
    const start = ENTRY_START.exec(line);
    if (start === null) {
      problems.push(`${where}: syntax error, not an entry or comment: ${line.slice(0, 60)}`);
      return;
    }
    const id = start[1] ?? "";
    // Terms are stored with their leading "-"; messages without.
    if (!parsed.has(id)) problems.push(`${where}: syntax error in "${id}"`);
  });
  return problems;
}

export interface LoadedBundles {
  readonly bundles: Record<Locale, FluentBundle>;
  /** Message ids (not terms) per locale. */
  readonly ids: Record<Locale, ReadonlySet<string>>;
  /** Wording variants: base message id → its variant keys, the base's own "a" first. */
  readonly variants: ReadonlyMap<string, readonly string[]>;
}

/**
 * Wording variants (wording experiments, COPY.md): a message `<id>` may have alternatives
 * `<id>--<key>` beside it in both catalogues, each a full message that takes the same variables.
 * The message `<id>` itself is variant "a"; keys are short lower-case words ("b", "c", "short").
 * A case in an experiment is shown one of them (src/runtime/wording-experiments.ts).
 */
export const BASE_VARIANT = "a";
const VARIANT_ID = /^(.+?)--([a-z][a-z0-9]{0,15})$/;

/** The message id that says variant `key` of message `id`. */
export function variantMessageId(id: string, key: string): string {
  return key === BASE_VARIANT ? id : `${id}--${key}`;
}

function collectVariants(
  ids: ReadonlySet<string>,
  file: string,
  problems: string[],
): Map<string, string[]> {
  const variants = new Map<string, string[]>();
  for (const id of [...ids].sort()) {
    const match = VARIANT_ID.exec(id);
    if (match === null) {
      if (id.includes("--")) problems.push(`${file}: "${id}" is not a variant id (<id>--<key>)`);
      continue;
    }
    const [, base = "", key = ""] = match;
    if (!ids.has(base)) problems.push(`${file}: variant "${id}" has no message "${base}"`);
    if (key === BASE_VARIANT) {
      problems.push(`${file}: "${id}": variant "a" is the message "${base}" itself`);
    }
    const keys = variants.get(base) ?? [BASE_VARIANT];
    keys.push(key);
    variants.set(base, keys);
  }
  return variants;
}

/** Builds and validates the bundles from sources; throws one error listing every problem. */
export function buildBundles(
  sources: Record<Locale, { file: string; text: string }>,
): LoadedBundles {
  const problems: string[] = [];
  const bundles = {} as Record<Locale, FluentBundle>;
  const ids = {} as Record<Locale, ReadonlySet<string>>;
  for (const locale of LOCALES) {
    const { file, text } = sources[locale];
    const resource = new FluentResource(text);
    problems.push(...checkFluentSyntax(text, resource, file));
    // Bidi isolation marks (U+2068/U+2069) around placeables would leak into chat text.
    const bundle = new FluentBundle(BCP47[locale], { useIsolating: false });
    for (const error of bundle.addResource(resource)) problems.push(`${file}: ${error.message}`);
    bundles[locale] = bundle;
    ids[locale] = new Set(
      resource.body.filter((entry) => !entry.id.startsWith("-")).map((entry) => entry.id),
    );
  }
  const [first, ...others] = LOCALES;
  // Both locales hold the same ids (checked below): the first one's variants are everyone's.
  const variants = first ? collectVariants(ids[first], sources[first].file, problems) : new Map();
  if (first !== undefined) {
    for (const other of others) {
      for (const id of ids[first]) {
        if (!ids[other].has(id)) problems.push(`${sources[other].file}: missing message "${id}"`);
      }
      for (const id of ids[other]) {
        if (!ids[first].has(id)) problems.push(`${sources[first].file}: missing message "${id}"`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`Fluent catalogues are invalid:\n  ${problems.join("\n  ")}`);
  }
  return { bundles, ids, variants };
}

function readLocale(locale: Locale): { file: string; text: string } {
  const url = new URL(`./locales/${locale}.ftl`, import.meta.url);
  return { file: `locales/${locale}.ftl`, text: readFileSync(url, "utf8") };
}

const loaded = buildBundles({ fr: readLocale("fr"), en: readLocale("en") });

/** Message ids of a locale (both locales hold the same set; checked at load). */
export function messageIds(locale: Locale): ReadonlySet<string> {
  return loaded.ids[locale];
}

/** The variant keys of message `id`, "a" (the message itself) first; ["a"] when it has none. */
export function messageVariants(id: string): readonly string[] {
  return loaded.variants.get(id) ?? [BASE_VARIANT];
}

/** Every message that has wording variants: what an experiment can be run on. */
export function messagesWithVariants(): readonly string[] {
  return [...loaded.variants.keys()].sort();
}

export function hasMessage(locale: Locale, id: string): boolean {
  return loaded.bundles[locale].hasMessage(id);
}

/**
 * Formats message `id`. Throws on an unknown id or a formatting error (e.g. a missing variable):
 * a wrong message is worse than none, and the render tests exercise every id in both locales.
 * The locale's typography (French no-break spaces, typography.ts) is applied here, the one place
 * every debtor, owner and page string passes through.
 */
export function t(locale: Locale, id: string, args?: Record<string, string | number>): string {
  const bundle = loaded.bundles[locale];
  const message = bundle.getMessage(id);
  if (message?.value == null) throw new Error(`unknown message "${id}" in locale ${locale}`);
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, args, errors);
  if (errors.length > 0) {
    throw new Error(
      `message "${id}" (${locale}) failed to format: ${errors.map((e) => e.message).join("; ")}`,
    );
  }
  return typeset(text, locale);
}
