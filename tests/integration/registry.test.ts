// The registry over its REST API: registration (201/200/409/422), auth by scope, atomic writes
// with their audit events, concurrency, reads, diff, health and the OpenAPI document.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getHealth } from "../../app/api/health/route";
import { GET as getDiff } from "../../app/api/v1/models/[model]/diff/route";
import { GET as getVersion } from "../../app/api/v1/models/[model]/versions/[version]/route";
import { GET as listVersions, POST as postVersion } from "../../app/api/v1/models/[model]/versions/route";
import { GET as listModels } from "../../app/api/v1/models/route";
import { GET as getOpenApi } from "../../app/api/v1/openapi.json/route";
import { EXIT } from "../../packages/cli/src/exit-codes";
import { run, type CliIo } from "../../packages/cli/src/run";
import type { Db } from "../../lib/database/types";
import { fraudScoringManifest, fraudScoringManifestYaml } from "../../lib/registry/fixtures";
import type { Manifest } from "../../lib/registry/manifest-schema";
import { registerVersion } from "../../lib/registry/service";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { signInAs } from "./support/session";

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type Registered = { model: string; version: string; stage: string; contentHash: string; createdAt: string };

let ci: { secret: string; id: string; prefix: string };
let ciName: string;
let reader: { secret: string };

beforeAll(async () => {
  ciName = `ci-${uniqueModelKey("registry")}`;
  ci = await createApiToken(["registry:write"], ciName);
  reader = await createApiToken(["routes:read"]);
});

/** A valid first-version manifest for `key` (the fixture without its parent). */
function manifestFor(key: string, version = "2026-01-15.1"): Manifest {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  delete m.parent_version;
  return m;
}

/** The fixture's hand-written YAML (other key order, comments) for the same manifest as manifestFor. */
function yamlFor(key: string, version = "2026-01-15.1"): string {
  return fraudScoringManifestYaml()
    .replace("model_id: fraud-scoring", `model_id: ${key}`)
    .replace('model_version: "2026-01-15.2"', `model_version: "${version}"`)
    .replace(/^parent_version:.*\n/m, "");
}

function register(key: string, body: unknown, opts: { token?: string | null; contentType?: string; query?: string } = {}) {
  return callRoute(postVersion, {
    method: "POST",
    path: `/api/v1/models/${key}/versions${opts.query ?? ""}`,
    params: { model: key },
    body,
    contentType: opts.contentType,
    token: opts.token === null ? undefined : (opts.token ?? ci.secret),
  });
}

async function rowsFor(key: string) {
  const db = testDb();
  const [models, versions, audit] = await Promise.all([
    db.model.count({ where: { key } }),
    db.modelVersion.count({ where: { model: { key } } }),
    db.auditEvent.findMany({ where: { modelKey: key }, orderBy: { seq: "asc" } }),
  ]);
  return { models, versions, audit };
}

describe("POST /api/v1/models/{model}/versions", () => {
  it("answers 201 the first time, then 200 with the same body for the same manifest as JSON and as YAML", async () => {
    const key = uniqueModelKey();
    const first = await register(key, manifestFor(key));
    expect(first.status).toBe(201);
    const created = await first.json<Registered>();
    expect(created).toMatchObject({ model: key, version: "2026-01-15.1", stage: "DEV" });
    expect(created.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);

    const again = await register(key, manifestFor(key));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(created);

    const asYaml = await register(key, yamlFor(key), { contentType: "application/yaml" });
    expect(asYaml.status).toBe(200);
    expect(await asYaml.json()).toEqual(created);

    const { versions, audit } = await rowsFor(key);
    expect(versions).toBe(1);
    expect(audit.filter((e) => e.action === "version.registered")).toHaveLength(1);
  });

  it("creates the model on its first version and audits both in the registration's transaction", async () => {
    const key = uniqueModelKey();
    const res = await register(key, manifestFor(key));
    expect(res.status).toBe(201);
    const { contentHash } = await res.json<Registered>();

    const model = await testDb().model.findUnique({ where: { key } });
    expect(model).toMatchObject({ key, name: key });
    const version = await testDb().modelVersion.findFirst({ where: { modelId: model!.id } });
    expect(version).toMatchObject({
      version: "2026-01-15.1",
      stage: "DEV",
      contentHash,
      sourceFormat: "json",
      schemaVersion: "2.3.0",
      parentVersion: null,
      registeredBy: ciName,
      registeredByType: "token",
      registeredById: ci.id,
    });

    const { audit } = await rowsFor(key);
    expect(audit.map((e) => e.action)).toEqual(["model.created", "version.registered"]);
    const registered = audit[1]!;
    expect(registered).toMatchObject({
      actorType: "token",
      actorId: ci.id,
      actorLabel: ciName,
      subjectType: "model_version",
      subjectId: `${key}@2026-01-15.1`,
      requestId: res.headers.get("x-request-id"),
    });
    expect(registered.after).toEqual({ version: "2026-01-15.1", contentHash });
  });

  it("accepts a YAML manifest on first registration and keeps the text as sent", async () => {
    const key = uniqueModelKey();
    const yaml = yamlFor(key);
    const res = await register(key, yaml, { contentType: "application/yaml; charset=utf-8" });
    expect(res.status).toBe(201);
    const row = await testDb().modelVersion.findFirst({ where: { model: { key } } });
    expect(row).toMatchObject({ sourceFormat: "yaml", sourceText: yaml });
    // the same content as JSON has the same hash
    const json = await register(key, manifestFor(key));
    expect(json.status).toBe(200);
    expect((await json.json<Registered>()).contentHash).toBe(row!.contentHash);
  });

  it("answers 409 for different content under an existing version and writes nothing", async () => {
    const key = uniqueModelKey();
    const first = await register(key, manifestFor(key));
    const { contentHash } = await first.json<Registered>();
    const before = await rowsFor(key);

    const changed = manifestFor(key);
    changed.limits.p95_latency_ms = 90;
    const res = await register(key, changed);
    expect(res.status).toBe(409);
    const body = await res.json<ErrorBody>();
    expect(body.error.code).toBe("conflict");
    expect(body.error.message).toBe(
      `version 2026-01-15.1 of model ${key} is already registered with different content (hash ${contentHash}); ` +
        "versions are immutable — register a new version id.",
    );
    expect(await rowsFor(key)).toEqual(before);
  });

  it("answers 422 listing every bad field at once, and writes nothing", async () => {
    const key = uniqueModelKey();
    const m = manifestFor(key);
    m.runtime.container = "ghcr.io/acme/fraud-scoring:latest";
    m.observability.log_fields = ["model_version", "request_id"];
    m.rollout.initial_traffic_percent = 0;
    const res = await register(key, m);
    expect(res.status).toBe(422);
    const body = await res.json<ErrorBody>();
    expect(body.error.code).toBe("schema_error");
    expect(body.error.issues?.map((i) => i.path).sort()).toEqual([
      "observability.log_fields",
      "rollout.initial_traffic_percent",
      "runtime.container",
    ]);
    expect(await rowsFor(key)).toEqual({ models: 0, versions: 0, audit: [] });
  });

  it("refuses an error rate above the budget and shows the fraction that was probably meant", async () => {
    const key = uniqueModelKey();
    const m = manifestFor(key);
    m.limits.max_error_rate = 0.5;
    const res = await register(key, m);
    expect(res.status).toBe(422);
    const issues = (await res.json<ErrorBody>()).error.issues ?? [];
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("limits.max_error_rate");
    expect(issues[0]?.message).toContain("0.05 (5 %)");
    expect(issues[0]?.message).toContain("write 0.005");
  });

  it("applies the latency budget from the model's policy", async () => {
    const key = uniqueModelKey();
    expect((await register(key, manifestFor(key, "2026-01-15.1"))).status).toBe(201);
    await testDb().model.update({ where: { key }, data: { policy: { budgets: { p95LatencyMs: 100 } } } });
    const res = await register(key, manifestFor(key, "2026-01-16.1"));
    expect(res.status).toBe(422);
    const issues = (await res.json<ErrorBody>()).error.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual(["limits.p95_latency_ms"]);
    expect(issues[0]?.message).toContain("100 ms");
  });

  it("requires parent_version to be a registered version of the model", async () => {
    const key = uniqueModelKey();
    const orphan = manifestFor(key, "2026-01-15.2");
    orphan.parent_version = "2026-01-15.1";
    const refused = await register(key, orphan);
    expect(refused.status).toBe(422);
    const issues = (await refused.json<ErrorBody>()).error.issues ?? [];
    expect(issues).toEqual([{ path: "parent_version", message: expect.stringContaining("2026-01-15.1 is not a registered version") }]);
    expect((await rowsFor(key)).models).toBe(0);

    expect((await register(key, manifestFor(key, "2026-01-15.1"))).status).toBe(201);
    expect((await register(key, orphan)).status).toBe(201);
  });

  it("refuses a manifest for another model with 422 on model_id, even under an existing version id", async () => {
    const key = uniqueModelKey();
    expect((await register(key, manifestFor(key))).status).toBe(201);
    const res = await register(key, manifestFor(`${key}-other`));
    expect(res.status).toBe(422);
    expect((await res.json<ErrorBody>()).error.issues?.map((i) => i.path)).toEqual(["model_id"]);
  });

  it("refuses a model key that is not a slug, naming `model`", async () => {
    const m = manifestFor("Bad_Key");
    const res = await register("Bad_Key", m);
    expect(res.status).toBe(422);
    const issues = (await res.json<ErrorBody>()).error.issues ?? [];
    expect(issues.map((i) => i.path)).toContain("model");
  });

  it("reports broken YAML as a 422 with the line, not a 500", async () => {
    const key = uniqueModelKey();
    const res = await register(key, "model_id: x\nlimits: [unclosed\n", { contentType: "application/yaml" });
    expect(res.status).toBe(422);
    expect((await res.json<ErrorBody>()).error.issues?.[0]?.message).toMatch(/YAML syntax error at line \d+/);
  });

  it("validates without writing on ?dry_run=true", async () => {
    const key = uniqueModelKey();
    const dry = await register(key, manifestFor(key), { query: "?dry_run=true" });
    expect(dry.status).toBe(200);
    const body = await dry.json<{ valid: boolean; wouldBe: string; contentHash: string }>();
    expect(body).toMatchObject({ valid: true, wouldBe: "created" });
    expect(await rowsFor(key)).toEqual({ models: 0, versions: 0, audit: [] });

    const real = await register(key, manifestFor(key));
    expect((await real.json<Registered>()).contentHash).toBe(body.contentHash);
    const again = await register(key, manifestFor(key), { query: "?dry_run=true" });
    expect(await again.json()).toMatchObject({ valid: true, wouldBe: "unchanged" });

    const changed = manifestFor(key);
    changed.changelog = "something else";
    expect((await register(key, changed, { query: "?dry_run=true" })).status).toBe(409);
    expect((await register(key, manifestFor(key), { query: "?dry_run=maybe" })).status).toBe(422);
  });

  it("answers 401 without a token or with an unknown one, and 403 for a token without registry:write", async () => {
    const key = uniqueModelKey();
    const none = await register(key, manifestFor(key), { token: null });
    expect(none.status).toBe(401);
    expect((await none.json<ErrorBody>()).error.code).toBe("unauthorized");

    const bogus = await register(key, manifestFor(key), { token: "rg_not-a-real-token" });
    expect(bogus.status).toBe(401);

    const readOnly = await register(key, manifestFor(key), { token: reader.secret });
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json<ErrorBody>()).error).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("registry:write"),
    });

    // a signed-in user is not a CI token: registration needs one
    signInAs(await createUser("admin"));
    try {
      expect((await register(key, manifestFor(key), { token: null })).status).toBe(401);
    } finally {
      signInAs(null);
    }
    expect(await rowsFor(key)).toEqual({ models: 0, versions: 0, audit: [] });
  });

  it("turns concurrent identical registrations into one 201 and 200s, never a 500", async () => {
    const key = uniqueModelKey();
    const results = await Promise.all(Array.from({ length: 4 }, () => register(key, manifestFor(key))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    const bodies = await Promise.all(results.map((r) => r.json<Registered>()));
    expect(new Set(bodies.map((b) => b.contentHash)).size).toBe(1);
    const { models, versions, audit } = await rowsFor(key);
    expect({ models, versions }).toEqual({ models: 1, versions: 1 });
    expect(audit.map((e) => e.action)).toEqual(["model.created", "version.registered"]);
  });

  it("leaves no rows and no audit event when the transaction fails part-way", async () => {
    const key = uniqueModelKey();
    const real = testDb();
    // A client whose transactions fail at the version insert, after the model row and its
    // audit event were written in the same transaction.
    const failing = new Proxy(real, {
      get(target, prop) {
        if (prop === "$transaction") {
          return (fn: (tx: unknown) => Promise<unknown>) =>
            target.$transaction((tx) =>
              fn(
                new Proxy(tx, {
                  get(t, p) {
                    if (p === "modelVersion") {
                      return { create: async () => Promise.reject(new Error("simulated failure after the model insert")) };
                    }
                    const v = Reflect.get(t, p, t);
                    return typeof v === "function" ? v.bind(t) : v;
                  },
                }),
              ),
            );
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    }) as Db;
    await expect(
      registerVersion(
        failing,
        { type: "system", id: null, label: "test" },
        {
          modelKey: key,
          text: JSON.stringify(manifestFor(key)),
          contentType: "application/json",
        },
      ),
    ).rejects.toThrow("simulated failure");
    expect(await rowsFor(key)).toEqual({ models: 0, versions: 0, audit: [] });
  });
});

describe("registry reads", () => {
  let key: string;

  beforeAll(async () => {
    key = uniqueModelKey();
    expect((await register(key, manifestFor(key, "2026-01-15.1"))).status).toBe(201);
    const child = manifestFor(key, "2026-01-16.1");
    child.parent_version = "2026-01-15.1";
    child.changelog = "Faster model.\nSecond line of detail.";
    child.limits.p95_latency_ms = 95;
    child.runtime.python = "3.12.4";
    expect((await register(key, child)).status).toBe(201);
  });

  it("lists models with their latest version (routes:read token)", async () => {
    const res = await callRoute(listModels, { path: "/api/v1/models", token: reader.secret });
    expect(res.status).toBe(200);
    const { models } = await res.json<{
      models: { key: string; latestVersion: string; prodVersion: string | null; versionCount: number }[];
    }>();
    expect(models.find((m) => m.key === key)).toMatchObject({ latestVersion: "2026-01-16.1", prodVersion: null, versionCount: 2 });
  });

  it("lets a signed-in viewer read, and refuses a token without routes:read", async () => {
    signInAs(await createUser("viewer"));
    try {
      expect((await callRoute(listModels, { path: "/api/v1/models" })).status).toBe(200);
    } finally {
      signInAs(null);
    }
    expect((await callRoute(listModels, { path: "/api/v1/models", token: ci.secret })).status).toBe(403);
    expect((await callRoute(listModels, { path: "/api/v1/models" })).status).toBe(401);
  });

  it("lists versions newest first with the changelog's first line, and pages", async () => {
    const res = await callRoute(listVersions, {
      path: `/api/v1/models/${key}/versions?pageSize=1`,
      params: { model: key },
      token: reader.secret,
    });
    expect(res.status).toBe(200);
    const body = await res.json<{ versions: { version: string; changelogLine: string; parentVersion: string | null }[]; total: number }>();
    expect(body.total).toBe(2);
    expect(body.versions).toEqual([
      expect.objectContaining({ version: "2026-01-16.1", changelogLine: "Faster model.", parentVersion: "2026-01-15.1" }),
    ]);
    const bad = await callRoute(listVersions, {
      path: `/api/v1/models/${key}/versions?sort=size`,
      params: { model: key },
      token: reader.secret,
    });
    expect(bad.status).toBe(422);
    const missing = await callRoute(listVersions, {
      path: "/api/v1/models/nope-nope/versions",
      params: { model: "nope-nope" },
      token: reader.secret,
    });
    expect(missing.status).toBe(404);
  });

  it("returns one version with its manifest, hash and lineage", async () => {
    const res = await callRoute(getVersion, {
      path: `/api/v1/models/${key}/versions/2026-01-15.1`,
      params: { model: key, version: "2026-01-15.1" },
      token: reader.secret,
    });
    expect(res.status).toBe(200);
    const v = await res.json<Record<string, unknown>>();
    expect(v).toMatchObject({
      version: "2026-01-15.1",
      stage: "DEV",
      manifest: manifestFor(key, "2026-01-15.1"),
      evaluations: [],
      approvals: [],
      lineage: { ancestors: [], children: [expect.objectContaining({ version: "2026-01-16.1" })] },
    });
    expect(v.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const missing = await callRoute(getVersion, {
      path: `/api/v1/models/${key}/versions/2030-01-01.1`,
      params: { model: key, version: "2030-01-01.1" },
      token: reader.secret,
    });
    expect(missing.status).toBe(404);
    expect((await missing.json<ErrorBody>()).error.message).toContain("2030-01-01.1");
  });

  it("diffs two versions: changed fields with before and after, grouped by section", async () => {
    const res = await callRoute(getDiff, {
      path: `/api/v1/models/${key}/diff?from=2026-01-15.1&to=2026-01-16.1`,
      params: { model: key },
      token: reader.secret,
    });
    expect(res.status).toBe(200);
    const diff = await res.json<{ from: string; to: string; changes: unknown[]; sections: { id: string }[] }>();
    expect(diff).toMatchObject({ from: "2026-01-15.1", to: "2026-01-16.1" });
    expect(diff.changes).toContainEqual({ path: "limits.p95_latency_ms", kind: "changed", before: 120, after: 95 });
    expect(diff.changes).toContainEqual({ path: "parent_version", kind: "added", after: "2026-01-15.1" });
    expect(diff.sections.map((s) => s.id)).toEqual(expect.arrayContaining(["limits", "runtime", "metadata"]));
  });

  it("names missing diff parameters (422) and missing versions (404)", async () => {
    const none = await callRoute(getDiff, { path: `/api/v1/models/${key}/diff`, params: { model: key }, token: reader.secret });
    expect(none.status).toBe(422);
    expect((await none.json<ErrorBody>()).error.issues?.map((i) => i.path).sort()).toEqual(["from", "to"]);

    const unknown = await callRoute(getDiff, {
      path: `/api/v1/models/${key}/diff?from=2026-01-15.1&to=2031-01-01.1`,
      params: { model: key },
      token: reader.secret,
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json<ErrorBody>()).error.message).toContain("2031-01-01.1");
  });
});

describe("rollgate CLI against the route handler", () => {
  // The CLI's fetch is pointed at the route handler itself: the real request, auth, database
  // and response, without starting a server.
  function cliIo(files: Record<string, string>, out: string[], err: string[]): CliIo {
    return {
      env: { ROLLGATE_URL: "http://rollgate.test", ROLLGATE_TOKEN: ci.secret },
      readFile: async (path) => files[path] ?? Promise.reject(Object.assign(new Error("missing"), { code: "ENOENT" })),
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        const req = new Request(input, init);
        const model = decodeURIComponent(/\/models\/([^/]+)\/versions/.exec(new URL(req.url).pathname)?.[1] ?? "");
        return postVersion(req, { params: Promise.resolve({ model }) });
      }) as typeof fetch,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    };
  }

  it("validates, registers, then reports the identical manifest as already registered", async () => {
    const key = uniqueModelKey();
    const out: string[] = [];
    const err: string[] = [];
    const io = cliIo({ "m.yaml": yamlFor(key) }, out, err);
    expect(await run(["validate", "m.yaml"], io)).toBe(EXIT.ok);
    expect(out.join("\n")).toContain("would be registered as a new version");
    expect((await rowsFor(key)).versions).toBe(0);
    expect(await run(["register", "m.yaml"], io)).toBe(EXIT.ok);
    expect(out.join("\n")).toMatch(/result\s+created/);
    expect(await run(["register", "m.yaml"], io)).toBe(EXIT.ok);
    expect(out.join("\n")).toContain("already registered with identical content");
    expect(err).toEqual([]);
  });

  it("prints the server's field errors one per line and exits 3", async () => {
    const key = uniqueModelKey();
    const m = manifestFor(key);
    m.limits.max_error_rate = 0.5;
    m.parent_version = "2026-01-14.1";
    const out: string[] = [];
    const err: string[] = [];
    expect(await run(["register", "m.json"], cliIo({ "m.json": JSON.stringify(m) }, out, err))).toBe(EXIT.validation);
    expect(err[0]).toBe("✗ 2 problems (HTTP 422):");
    expect(
      err
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[0])
        .sort(),
    ).toEqual(["limits.max_error_rate", "parent_version"]);
  });
});

describe("health and OpenAPI", () => {
  it("GET /api/health answers ok with the database and the package version", async () => {
    const res = await callRoute(getHealth, { path: "/api/health" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: { status: "ok", latencyMs: expect.any(Number) },
      db: "ok",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("GET /api/v1/openapi.json documents the registry, generated from the request schemas", async () => {
    const res = await callRoute(getOpenApi, { path: "/api/v1/openapi.json" });
    expect(res.status).toBe(200);
    const doc = await res.json<{
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown; description?: string }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    }>();
    expect(doc.openapi).toBe("3.1.0");
    const versions = doc.paths["/api/v1/models/{model}/versions"];
    expect(Object.keys(versions ?? {})).toEqual(expect.arrayContaining(["post", "get"]));
    expect(versions?.post?.description).toContain("registry:write");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/health", "/api/v1/models", "/api/v1/models/{model}/diff", "/api/v1/audit", "/api/v1/audit/verify"]),
    );
    expect(doc.components.schemas.Manifest?.required).toEqual(expect.arrayContaining(["model_id", "model_version", "runtime", "limits"]));
  });
});
