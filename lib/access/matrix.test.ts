import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { declaredAccess } from "./declared";
import {
  discoverEndpoints,
  discoverRoutes,
  exportedMethods,
  inlineServerActionFiles,
  isServerActionFile,
  REPO_ROOT,
  routePathOf,
} from "./discover";
import { accessTable, allowed, completeness, PRINCIPALS, renderPermissionsDoc } from "./matrix";

describe("the permission matrix covers every endpoint", () => {
  const discovered = discoverEndpoints();

  it("finds routes, data-plane paths and server actions in the source", () => {
    const kinds = new Set(discovered.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(["action", "data-plane", "route"]);
    expect(discovered.map((e) => e.id)).toContain("POST /api/v1/models/{model}/release/rollback");
    expect(discovered.map((e) => e.id)).toContain("GET /api/v1/models/{model}/routes/stream");
    expect(discovered.map((e) => e.id)).toContain("lib/rollout/actions.ts#rollbackAction");
  });

  it("has a row for every discovered endpoint, and no row for one that is gone", () => {
    const { missing, stale } = completeness(discovered);
    expect(missing.map((e) => `${e.kind} ${e.id} (${e.file}): add a row to lib/access/endpoints.ts`)).toEqual([]);
    expect(stale).toEqual([]);
  });

  it("finds route handlers outside app/api too", () => {
    const root = mkdtempSync(path.join(tmpdir(), "rollgate-routes-"));
    try {
      for (const dir of ["app/api/v1/x", "app/.well-known/key", "app/(group)/feed"]) {
        mkdirSync(path.join(root, dir), { recursive: true });
        writeFileSync(path.join(root, dir, "route.ts"), "export const GET = apiRoute({ public: true }, async () => ({ body: {} }));\n");
      }
      expect(discoverRoutes(root).map((e) => e.id)).toEqual(["GET /feed", "GET /.well-known/key", "GET /api/v1/x"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("has no inline server actions, which the file scan would not see", () => {
    expect(inlineServerActionFiles()).toEqual([]);
  });

  it("agrees with the access each server action declares in its source", () => {
    const table = accessTable();
    const mismatches: string[] = [];
    for (const e of discovered) {
      const declared = declaredAccess(e);
      if (declared === undefined) continue; // routes: their contract is the table (lib/contracts.test.ts)
      const expected = table[e.kind][e.id];
      if (JSON.stringify(declared) !== JSON.stringify(expected)) {
        mismatches.push(`${e.id}: source ${JSON.stringify(declared)}, table ${JSON.stringify(expected)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("cells", () => {
  const byLabel = (label: string) => PRINCIPALS.find((p) => p.label === label)!;

  it("a session row follows the role's permissions, a scope row only its scope", () => {
    const rollback = accessTable().action["lib/rollout/actions.ts#rollbackAction"]!;
    expect(allowed(rollback, byLabel("viewer"))).toBe(false);
    expect(allowed(rollback, byLabel("operator"))).toBe(true);
    expect(allowed(rollback, byLabel("token release:write"))).toBe(false); // a token is not a session
    const apiRollback = accessTable().route["POST /api/v1/models/{model}/release/rollback"]!;
    expect(allowed(apiRollback, byLabel("token release:write"))).toBe(true);
    expect(allowed(apiRollback, byLabel("admin"))).toBe(false);
    expect(allowed(apiRollback, byLabel("signed out"))).toBe(false);
  });

  it("public rows are open to everyone, signed out included", () => {
    const health = accessTable().route["GET /api/health"]!;
    expect(PRINCIPALS.every((p) => allowed(health, p))).toBe(true);
  });
});

describe("discovery helpers", () => {
  it("turns route files into paths", () => {
    expect(routePathOf("app/api/v1/models/[model]/pins/[tenant]/route.ts")).toBe("/api/v1/models/{model}/pins/{tenant}");
    expect(routePathOf("app/api/auth/[...nextauth]/route.ts")).toBe("/api/auth/{...nextauth}");
    expect(routePathOf("app/(group)/api/x/route.ts")).toBe("/api/x");
    expect(routePathOf("app/.well-known/key/route.ts")).toBe("/.well-known/key");
  });

  it("reads the methods a route exports", () => {
    expect(exportedMethods("export const GET = a;\nexport async function POST() {}\nexport { h as PUT, x as helper };")).toEqual([
      "GET",
      "POST",
      "PUT",
    ]);
  });

  it("recognises the file-level directive after comments only", () => {
    expect(isServerActionFile('// why\n/* more */\n"use server";\nexport const a = 1;')).toBe(true);
    expect(isServerActionFile('import x from "y";\n"use server";')).toBe(false);
  });
});

describe("docs/permissions.md", () => {
  it("is what `npm run docs:permissions` writes", () => {
    const committed = readFileSync(path.join(REPO_ROOT, "docs/permissions.md"), "utf8");
    expect(committed, "run `npm run docs:permissions` and commit docs/permissions.md").toBe(renderPermissionsDoc());
  });
});
