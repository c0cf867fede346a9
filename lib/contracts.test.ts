/**
 * Every route handler is bound to a contract on the list the OpenAPI document is built from: the
 * test walks app/**\/route.ts, derives each file's path template from its directories
 * ([param] → {param}, route groups dropped), imports it, and fails naming every exported method
 * that is not a `handle(contract, …)` of that method and path, or whose contract is not in
 * CONTRACTS — and every control-plane contract no handler serves. next-auth's own endpoints
 * (app/api/auth/[...nextauth]) are the one exception: they are next-auth's, not Rollgate's API.
 * The data plane's paths are checked against its contracts in lib/routing/contracts.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeKey, type RouteContract } from "./api/contract";
import { openApiDocument } from "./api/openapi";
import { renderReference, withReference } from "./api/reference";
import { CONTRACTS } from "./contracts";

const ROOT = path.resolve(__dirname, "..");
const APP = path.join(ROOT, "app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const NOT_API = new Set(["app/api/auth/[...nextauth]/route.ts"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

function pathTemplate(file: string): string {
  const segments = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      if (/^\[\[?\.\.\./.test(s)) throw new Error(`${file}: a catch-all segment; decide in lib/contracts.test.ts whether it is API`);
      const m = /^\[(.+)\]$/.exec(s);
      return m ? `{${m[1]}}` : s;
    });
  return `/${segments.join("/")}`;
}

type Served = { method: string; path: string; file: string; contract: RouteContract | undefined };

async function servedRoutes(): Promise<Served[]> {
  const out: Served[] = [];
  for (const file of routeFiles(APP)) {
    const rel = path.relative(ROOT, file);
    if (NOT_API.has(rel)) continue;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method] as { contract?: RouteContract } | undefined;
      if (handler) out.push({ method, path: pathTemplate(file), file: rel, contract: handler.contract });
    }
  }
  return out;
}

describe("route contracts", () => {
  it("binds every exported route handler to a listed contract of its own method and path", async () => {
    const served = await servedRoutes();
    expect(served.length).toBeGreaterThan(30);
    expect(served).toContainEqual(expect.objectContaining({ method: "POST", path: "/api/v1/telemetry" }));
    expect(
      served
        .filter((r) => r.path === "/api/v1/models/{model}/pins/{tenant}")
        .map((r) => r.method)
        .sort(),
    ).toEqual(["DELETE", "PUT"]);
    const listed = new Set(CONTRACTS);
    const wrong = served
      .filter((r) => !r.contract || !listed.has(r.contract) || routeKey(r.contract) !== `${r.method} ${r.path}`)
      .map(
        (r) =>
          `${r.method} ${r.path} (${r.file}): ${r.contract ? `bound to ${routeKey(r.contract)}${listed.has(r.contract) ? "" : ", not in lib/contracts.ts"}` : "no contract: use handle(contract, …)"}`,
      );
    expect(wrong, wrong.join("\n")).toEqual([]);
  });

  it("has a handler for every control-plane contract", async () => {
    const served = new Set((await servedRoutes()).map((r) => `${r.method} ${r.path}`));
    const orphans = CONTRACTS.filter((c) => c.plane !== "data")
      .map(routeKey)
      .filter((k) => !served.has(k));
    expect(orphans, `contracts without a handler:\n${orphans.join("\n")}`).toEqual([]);
  });

  it("declares each method and path once, with a unique operation id", () => {
    const keys = CONTRACTS.map(routeKey);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const ids = CONTRACTS.map((c) => c.operationId);
    expect(ids.filter((k, i) => ids.indexOf(k) !== i)).toEqual([]);
  });

  it("documents every contract, the data plane included", () => {
    const doc = openApiDocument(CONTRACTS, "0.0.0-test") as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((k) => k !== "parameters")
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual(CONTRACTS.map(routeKey).sort());
    expect(doc.paths["/api/v1/models/{model}/routes"]).toHaveProperty("get");
    expect(doc.paths["/api/v1/models/{model}/routes/stream"]).toHaveProperty("get");
    expect(doc.paths["/api/v1/models/{model}/resolve"]).toHaveProperty("get");
  });
});

describe("docs/api.md", () => {
  it("carries the reference of the contracts as they are", () => {
    const committed = readFileSync(path.join(ROOT, "docs/api.md"), "utf8");
    expect(committed, "run `npm run docs:api` and commit docs/api.md").toBe(withReference(committed, renderReference(CONTRACTS)));
  });
});
