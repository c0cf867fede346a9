/**
 * Every route handler under app/api/v1 is in the OpenAPI document: the test walks
 * app/api/v1/**\/route.ts, derives the path template from the directories ([param] → {param})
 * and the HTTP methods from the file's exports, and fails naming every (method, path) the
 * document does not list — and every documented v1 operation that has no handler.
 *
 * Exclusions: none. next-auth's [...nextauth] lives under app/api/auth, not v1, so it is not
 * walked; a catch-all ([...x] / [[...x]]) under v1 fails the test until it is decided here
 * whether it is API. /api/health is outside v1 too; it is documented but not walked.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const ROOT = path.resolve(__dirname, "../..");
const V1 = path.join(ROOT, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** (method, path) pairs that are deliberately not in the document, with the reason. */
const EXCLUDED: { method: string; path: string; reason: string }[] = [];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

function pathTemplate(file: string): string {
  const segments = path
    .relative(path.join(ROOT, "app"), path.dirname(file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s)) // route groups do not appear in the URL
    .map((s) => {
      if (/^\[\[?\.\.\./.test(s)) throw new Error(`${file}: a catch-all segment; decide in openapi-coverage.test.ts whether it is API`);
      const m = /^\[(.+)\]$/.exec(s);
      return m ? `{${m[1]}}` : s;
    });
  return `/${segments.join("/")}`;
}

/** The HTTP methods a route file exports (`export const GET`, `export async function POST`, `export { x as PUT }`). */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of METHODS) {
    const declared = new RegExp(`export\\s+(?:const|let|var|(?:async\\s+)?function)\\s+${m}\\b`);
    const reexported = new RegExp(`export\\s*\\{[^}]*\\b(?:as\\s+)?${m}\\b[^}]*\\}`);
    if (declared.test(source) || reexported.test(source)) found.add(m);
  }
  return [...found];
}

function handlerRoutes(): { method: string; path: string; file: string }[] {
  return routeFiles(V1).flatMap((file) => {
    const p = pathTemplate(file);
    return exportedMethods(readFileSync(file, "utf8")).map((method) => ({ method, path: p, file: path.relative(ROOT, file) }));
  });
}

const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
const key = (method: string, p: string) => `${method.toUpperCase()} ${p}`;
const excluded = new Set(EXCLUDED.map((e) => key(e.method, e.path)));

describe("OpenAPI coverage of app/api/v1", () => {
  const routes = handlerRoutes();

  it("finds the route handlers (the walk works)", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContainEqual(expect.objectContaining({ method: "POST", path: "/api/v1/telemetry" }));
    expect(routes).toContainEqual(expect.objectContaining({ method: "GET", path: "/api/v1/predictions/{request_id}" }));
    expect(routes.filter((r) => r.path === "/api/v1/models/{model}/pins/{tenant}").map((r) => r.method).sort()).toEqual(["DELETE", "PUT"]);
  });

  it("documents every (method, path) a handler serves", () => {
    const missing = routes
      .filter((r) => !excluded.has(key(r.method, r.path)))
      .filter((r) => !(r.method.toLowerCase() in (doc.paths[r.path] ?? {})))
      .map((r) => `${key(r.method, r.path)} (${r.file})`);
    expect(missing, `not in lib/api/openapi.ts:\n${missing.join("\n")}`).toEqual([]);
  });

  it("documents no v1 operation without a handler", () => {
    const served = new Set(routes.map((r) => key(r.method, r.path)));
    const extra = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/api/v1/"))
      .flatMap(([p, item]) =>
        Object.keys(item)
          .filter((k) => (METHODS as readonly string[]).includes(k.toUpperCase()))
          .map((m) => key(m, p)),
      )
      .filter((k) => !served.has(k));
    expect(extra, `documented but no handler:\n${extra.join("\n")}`).toEqual([]);
  });
});
