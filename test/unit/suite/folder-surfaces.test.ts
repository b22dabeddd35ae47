import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The shape DESIGN.md promises, checked on the code itself: each folder is imported through its
 * `index.ts` (its public surface), the folders depend on each other without a cycle, the core
 * imports no other folder, the database layer no adapter, and each platform SDK lives in one folder.
 */

const ROOT = normalize(join(import.meta.dirname, "../../.."));
const PRODUCTION = ["src", "bot", "jobs", "db"];
const FOLDERS = [
  "src/core",
  "src/messages",
  "src/runtime",
  "src/http",
  "src/intake",
  "db",
  "jobs",
  "bot/telegram",
  "bot/slack",
  "bot/webchat",
  "bot/whatsapp",
  "bot/email",
];
const SDKS: Record<string, string> = {
  grammy: "bot/telegram",
  "@slack/bolt": "bot/slack",
  bullmq: "jobs",
  "drizzle-orm": "db",
};

interface Import {
  readonly file: string;
  readonly specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^"';]*?from\s+"([^"]+)"/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(IMPORT)].map((m) => ({ file, specifier: m[1] ?? "" }));
}

function folderOf(path: string): string | undefined {
  return FOLDERS.find((folder) => path === folder || path.startsWith(`${folder}/`));
}

const imports = PRODUCTION.flatMap(sourceFiles).flatMap(importsOf);
const local = imports
  .filter((i) => i.specifier.startsWith("."))
  .map((i) => ({ ...i, target: normalize(join(dirname(i.file), i.specifier)) }));

describe("the folders' shape", () => {
  it("reads the code it checks", () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(local.some((i) => folderOf(i.target) === "src/core")).toBe(true);
  });

  it("imports another folder only through its index.ts", () => {
    const deep = local
      .filter((i) => {
        const from = folderOf(i.file);
        const to = folderOf(i.target);
        return to !== undefined && to !== from && i.target !== `${to}/index.ts`;
      })
      .map((i) => `${i.file} → ${i.specifier}`);
    expect(deep).toEqual([]);
  });

  it("has no cycle between folders", () => {
    const edges = new Map<string, Set<string>>();
    for (const i of local) {
      const from = folderOf(i.file);
      const to = folderOf(i.target);
      if (from === undefined || to === undefined || from === to) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
    const cycles: string[] = [];
    const visit = (folder: string, path: string[]) => {
      for (const next of edges.get(folder) ?? []) {
        if (path.includes(next)) cycles.push([...path, next].join(" → "));
        else visit(next, [...path, next]);
      }
    };
    for (const folder of FOLDERS) visit(folder, [folder]);
    expect(cycles).toEqual([]);
  });

  it("keeps the core free of every other folder, and the database free of the adapters", () => {
    const crossing = local
      .filter((i) => {
        const from = folderOf(i.file);
        const to = folderOf(i.target) ?? relative(ROOT, join(ROOT, i.target));
        if (from === "src/core") return !to.startsWith("src/core");
        if (from === "db") return to === "src/http" || to.startsWith("bot/");
        return false;
      })
      .map((i) => `${i.file} → ${i.specifier}`);
    expect(crossing).toEqual([]);
  });

  it("imports each platform SDK in one folder only", () => {
    const misplaced = imports
      .filter((i) => {
        const home = Object.entries(SDKS).find(
          ([sdk]) => i.specifier === sdk || i.specifier.startsWith(`${sdk}/`),
        )?.[1];
        return home !== undefined && folderOf(i.file) !== home;
      })
      .map((i) => `${i.file} → ${i.specifier}`);
    expect(misplaced).toEqual([]);
  });
});
