// Finds every endpoint in the source tree, so the permission matrix is checked against what
// exists rather than against what someone remembered to list: every route handler under app/,
// the data-plane paths lib/routing/data-plane.ts declares in its header, and every export of a
// "use server" file. Reads files only; nothing is imported or run.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type Endpoint = {
  kind: "route" | "data-plane" | "action";
  /** `METHOD /path` for routes and the data plane, `file#export` for actions */
  id: string;
  /** the file that declares it, relative to the repository */
  file: string;
};

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function walk(root: string, dir: string, keep: (rel: string) => boolean, dotDirs = false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || (entry.name.startsWith(".") && !dotDirs)) continue;
      out.push(...walk(root, rel, keep, dotDirs));
    } else if (keep(rel)) {
      out.push(rel);
    }
  }
  return out.sort();
}

/** `app/api/v1/models/[model]/route.ts` → `/api/v1/models/{model}`; route groups `(x)` vanish. */
export function routePathOf(file: string): string {
  const segments = file
    .replace(/^app\//, "")
    .replace(/\/route\.[tj]sx?$/, "")
    .split("/")
    .filter((s) => !(s.startsWith("(") && s.endsWith(")")))
    .map((s) => s.replace(/^\[\[?(.+?)\]?\]$/, "{$1}"));
  return `/${segments.join("/")}`;
}

/** The HTTP methods a route file exports (`export const GET`, `export async function POST`, `export { h as GET }`). */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) {
    if (METHODS.includes(m[1]!)) found.add(m[1]!);
  }
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name && METHODS.includes(name)) found.add(name);
    }
  }
  return METHODS.filter((m) => found.has(m));
}

/** Every route handler in the app, not only under app/api: a route elsewhere (e.g. /.well-known) is reachable all the same. */
export function discoverRoutes(root = REPO_ROOT): Endpoint[] {
  const files = walk(root, "app", (rel) => /\/route\.[tj]sx?$/.test(rel), true);
  return files.flatMap((file) => {
    const source = readFileSync(path.join(root, file), "utf8");
    return exportedMethods(source).map((method) => ({ kind: "route" as const, id: `${method} ${routePathOf(file)}`, file }));
  });
}

export const DATA_PLANE_FILE = "lib/routing/data-plane.ts";

/** The paths in the data plane's header comment: `//   GET /api/v1/models/{m}/routes   …`. */
export function discoverDataPlane(root = REPO_ROOT): Endpoint[] {
  const source = readFileSync(path.join(root, DATA_PLANE_FILE), "utf8");
  const out: Endpoint[] = [];
  for (const m of source.matchAll(/^\/\/\s+(GET|POST|PUT|PATCH|DELETE)\s+(\/api\/\S+)/gm)) {
    const p = m[2]!.split("?")[0]!.replace(/\{m\}/g, "{model}");
    out.push({ kind: "data-plane", id: `${m[1]} ${p}`, file: DATA_PLANE_FILE });
  }
  return out;
}

/** True when the file's first statement is the "use server" directive (comments may come before it). */
export function isServerActionFile(source: string): boolean {
  const body = source.replace(/^(\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, "");
  return /^["']use server["']/.test(body);
}

/** Exported names of a "use server" file: each one is callable over HTTP as a server action. */
export function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var|async\s+function|function)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

export function discoverActions(root = REPO_ROOT): Endpoint[] {
  const files = ["app", "lib", "components"].flatMap((dir) =>
    walk(root, dir, (rel) => /\.(ts|tsx)$/.test(rel) && !/\.test\.tsx?$/.test(rel)),
  );
  const out: Endpoint[] = [];
  for (const file of files) {
    const source = readFileSync(path.join(root, file), "utf8");
    if (!source.includes("use server") || !isServerActionFile(source)) continue;
    for (const name of exportedNames(source)) out.push({ kind: "action", id: `${file}#${name}`, file });
  }
  return out;
}

/** Server actions declared inline ("use server" inside a function body) escape the file scan; list them. */
export function inlineServerActionFiles(root = REPO_ROOT): string[] {
  const files = ["app", "lib", "components"].flatMap((dir) =>
    walk(root, dir, (rel) => /\.(ts|tsx)$/.test(rel) && !/\.test\.tsx?$/.test(rel)),
  );
  return files.filter((file) => {
    const source = readFileSync(path.join(root, file), "utf8");
    if (isServerActionFile(source)) return false;
    return /^\s+["']use server["'];?\s*$/m.test(source);
  });
}

export function discoverEndpoints(root = REPO_ROOT): Endpoint[] {
  return [...discoverRoutes(root), ...discoverDataPlane(root), ...discoverActions(root)];
}
