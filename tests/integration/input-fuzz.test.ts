// Property-based tests through the real route handlers and services, checked in the database:
// a nasty value (NUL, unpaired surrogates, nesting past 64 levels, `__proto__`/`constructor`/
// `prototype` keys, huge numbers, wrong types) planted at any field of a valid manifest (JSON
// and YAML), evaluation, telemetry event, pin or policy, or in any path or query parameter of
// the GET routes, never gets a 500: it is accepted as sent or refused with a 4xx, and a refusal
// leaves no row behind. Seeds are fixed (FUZZ_SEED); fast-check prints the seed and the shrunk
// counterexample on failure. Run counts stay modest so the suite stays fast.
import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getAudit } from "../../app/api/v1/audit/route";
import { GET as getIncident } from "../../app/api/v1/incidents/[id]/route";
import { GET as getIncidents } from "../../app/api/v1/incidents/route";
import { GET as getDiff } from "../../app/api/v1/models/[model]/diff/route";
import { GET as getDriftCell } from "../../app/api/v1/models/[model]/drift/cell/route";
import { GET as getDrift } from "../../app/api/v1/models/[model]/drift/route";
import { GET as getMetrics } from "../../app/api/v1/models/[model]/metrics/route";
import { PUT as pinRoute } from "../../app/api/v1/models/[model]/pins/[tenant]/route";
import { GET as getDecisions } from "../../app/api/v1/models/[model]/release/decisions/route";
import { GET as getRelease } from "../../app/api/v1/models/[model]/release/route";
import { GET as getTenants } from "../../app/api/v1/models/[model]/tenants/route";
import { GET as listEvaluations, POST as postEvaluation } from "../../app/api/v1/models/[model]/versions/[version]/evaluations/route";
import { GET as getVersion } from "../../app/api/v1/models/[model]/versions/[version]/route";
import { GET as listVersions, POST as postVersion } from "../../app/api/v1/models/[model]/versions/route";
import { GET as listModels } from "../../app/api/v1/models/route";
import { GET as getPrediction } from "../../app/api/v1/predictions/[request_id]/route";
import { POST as postTelemetry } from "../../app/api/v1/telemetry/route";
import type { Actor } from "../../lib/auth/actor";
import { ValidationError } from "../../lib/errors";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import { updatePolicy } from "../../lib/lifecycle/policy-service";
import { DEFAULT_POLICY } from "../../lib/policy/policy";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import type { Manifest } from "../../lib/registry/manifest-schema";
import { registerVersion } from "../../lib/registry/service";
import { fieldPaths, fuzzParams, nastyValue, plant, unstorableString, type Path } from "../support/nasty-input";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute, type CallResult } from "./support/http";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const asHandler = (h: unknown) => h as Handler;

const V1 = "2026-01-15.1";
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";

let ciActor: Actor;
let ci: { secret: string };
let everything: { secret: string };
let admin: Actor;
let approver: Actor;

beforeAll(async () => {
  const name = uniqueId("ci-fuzz");
  const token = await createApiToken(["registry:write"], name);
  ci = token;
  ciActor = { type: "token", id: token.id, label: name, scopes: ["registry:write"] };
  everything = await createApiToken(["routes:read", "audit:read", "release:write", "telemetry:write"]);
  const a = await createUser("admin");
  admin = { type: "user", id: a.id, label: a.email, role: a.role };
  const b = await createUser("approver");
  approver = { type: "user", id: b.id, label: b.email, role: b.role };
});

function manifestFor(key: string): Manifest {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = V1;
  delete m.parent_version;
  return m;
}

async function registered(): Promise<string> {
  const key = uniqueModelKey("it-fuzz");
  const res = await registerVersion(testDb(), ciActor, {
    modelKey: key,
    text: JSON.stringify(manifestFor(key)),
    contentType: "application/json",
  });
  expect(res.status).toBe(201);
  return key;
}

async function footprint(key: string) {
  const db = testDb();
  const [models, versions, evaluations, pins, audit] = await Promise.all([
    db.model.count({ where: { key } }),
    db.modelVersion.count({ where: { model: { key } } }),
    db.evaluation.count({ where: { version: { model: { key } } } }),
    db.tenantPin.count({ where: { model: { key } } }),
    db.auditEvent.count({ where: { modelKey: key } }),
  ]);
  return { models, versions, evaluations, pins, audit };
}

/** Never a 5xx; a 4xx carries the error shape with a message. */
async function expectNoServerError(res: CallResult, what: string) {
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400 && res.status !== 404) {
    const body = JSON.parse(text) as { error?: { message?: string } };
    expect(body.error?.message?.length).toBeGreaterThan(0);
  }
}

const describeValue = (v: unknown) => {
  try {
    return JSON.stringify(v)?.slice(0, 120) ?? String(v);
  } catch {
    return String(v);
  }
};

/** The manifest as the registry stores it: version-like fields given as numbers become strings. */
function versionsAsStrings(manifest: Record<string, unknown>): Record<string, unknown> {
  const str = (o: unknown, field: string) => {
    if (typeof o === "object" && o !== null && typeof (o as Record<string, unknown>)[field] === "number") {
      (o as Record<string, unknown>)[field] = String((o as Record<string, unknown>)[field]);
    }
  };
  str(manifest, "schema_version");
  str(manifest, "preprocess_version");
  str(manifest.training_data, "schema_version");
  str(manifest.runtime, "python");
  str(manifest.tokenizer, "version");
  if (Array.isArray(manifest.prompt_templates)) for (const t of manifest.prompt_templates) str(t, "version");
  return manifest;
}

describe("manifests through POST /api/v1/models/{model}/versions", () => {
  const paths = fieldPaths(manifestFor("fuzz"));
  it("registers as sent or refuses with a 4xx and writes nothing, JSON or YAML", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), nastyValue, fc.boolean(), async (path, value, asYaml) => {
        const key = uniqueModelKey("it-fuzz");
        const doc = plant(manifestFor(key), path, value);
        let body: string;
        try {
          body = asYaml ? toYaml(doc, { aliasDuplicateObjects: false }) : JSON.stringify(doc);
        } catch {
          body = JSON.stringify(doc); // too deep for the YAML writer
          asYaml = false;
        }
        const res = await callRoute(postVersion, {
          path: `/api/v1/models/${key}/versions`,
          params: { model: key },
          body,
          contentType: asYaml ? "application/yaml" : "application/json",
          token: ci.secret,
        });
        await expectNoServerError(res, `${path.join(".")} = ${describeValue(value)}`);
        if (res.status >= 400) {
          expect(await footprint(key)).toEqual({ models: 0, versions: 0, evaluations: 0, pins: 0, audit: 0 });
        } else if (!asYaml) {
          // accepted: stored exactly as sent, nothing dropped or rewritten but a version sent as a
          // number, which is stored as its string (README → versions may be written unquoted)
          const stored = await testDb().modelVersion.findFirstOrThrow({ where: { model: { key } }, select: { manifest: true } });
          expect(stored.manifest).toEqual(versionsAsStrings(JSON.parse(body)));
        }
      }),
      fuzzParams(100),
    );
  }, 120_000);
});

describe("evaluations through POST …/versions/{version}/evaluations", () => {
  const base = {
    dataset: DATASET,
    metrics: { f1: 0.93, precision_at_review: 0.9 },
    replay: { baseline_version: "2026-01-14.1", cases: 500, agreement: 0.99, details: { sample: ["a"] } },
  };
  const paths = fieldPaths(base);
  it("records as sent or refuses with a 4xx and records nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), nastyValue, async (path, value) => {
        const key = await registered();
        const before = await footprint(key);
        const res = await callRoute(postEvaluation, {
          path: `/api/v1/models/${key}/versions/${V1}/evaluations`,
          params: { model: key, version: V1 },
          body: JSON.stringify(plant(base, path, value)),
          contentType: "application/json",
          token: ci.secret,
        });
        await expectNoServerError(res, `${path.join(".")} = ${describeValue(value)}`);
        if (res.status >= 400) expect(await footprint(key)).toEqual(before);
      }),
      fuzzParams(60),
    );
  }, 120_000);
});

describe("telemetry through POST /api/v1/telemetry", () => {
  it("keeps the valid events of a batch and refuses the nasty one on its own", async () => {
    const key = await registered();
    const model = await testDb().model.findUniqueOrThrow({ where: { key } });
    const event = () => ({
      request_id: uniqueId("fz"),
      model: key,
      version: V1,
      tenant: "acme",
      ts: new Date(Date.now() - 60_000).toISOString(),
      latency_ms: 12,
      outcome: "ok",
      score: 0.5,
      label: "fraud",
      prediction: { label: "fraud", scores: [0.1, 0.9] },
      tokens: { input: 1, output: 2 },
      flags: ["refusal"],
      features: { amount_eur: 12.5, merchant_category: "grocery" },
    });
    const paths = fieldPaths(event()).filter((p) => p[0] !== "model");
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), nastyValue, async (path: Path, value) => {
        const nasty = plant(event(), path, value);
        const res = await callRoute(postTelemetry, {
          path: "/api/v1/telemetry",
          body: `{"events":[${JSON.stringify(event())},${JSON.stringify(nasty)},${JSON.stringify(event())}]}`,
          contentType: "application/json",
          token: everything.secret,
        });
        await expectNoServerError(res, `${path.join(".")} = ${describeValue(value)}`);
        expect(res.status).toBe(202);
        const body = await res.json<{ accepted: number; duplicates: number; rejected: { index: number; issues: { path: string }[] }[] }>();
        expect(body.rejected.every((r) => r.index === 1 && r.issues.length > 0)).toBe(true);
        expect(body.accepted + body.rejected.length + body.duplicates).toBe(3);
        stored += body.accepted;
        expect(await testDb().prediction.count({ where: { modelId: model.id } })).toBe(stored);
      }),
      fuzzParams(100),
    );
  }, 120_000);
});

describe("pins through PUT /api/v1/models/{model}/pins/{tenant}", () => {
  it("pins as sent or refuses with a 4xx and pins nothing", async () => {
    const key = await registered();
    await recordEvaluation(testDb(), ciActor, { modelKey: key, version: V1, dataset: DATASET, metrics: { f1: 0.93 } });
    await approveVersion(testDb(), approver, { modelKey: key, version: V1 });
    const base = { tenant: "acme", body: { version: V1, reason: "acme validates first" } };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fieldPaths(base)), nastyValue, async (path, value) => {
        const input = plant(base, path, value);
        const tenant = typeof input.tenant === "string" ? input.tenant : String(describeValue(input.tenant));
        const before = await footprint(key);
        const res = await callRoute(asHandler(pinRoute), {
          method: "PUT",
          path: `/api/v1/models/${key}/pins/x`,
          params: { model: key, tenant },
          body: JSON.stringify(input.body),
          contentType: "application/json",
          token: everything.secret,
        });
        await expectNoServerError(res, `${path.join(".")} = ${describeValue(value)}`);
        if (res.status >= 400) expect(await footprint(key)).toEqual(before);
      }),
      fuzzParams(80),
    );
  }, 120_000);
});

describe("policies through the policy service", () => {
  it("saves as sent or refuses with a 422 and leaves the stored policy alone", async () => {
    const key = await registered();
    const base = JSON.parse(JSON.stringify({ ...DEFAULT_POLICY, evalGates: [{ metric: "f1", op: ">=", value: 0.9 }] })) as Record<
      string,
      unknown
    >;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fieldPaths(base)), nastyValue, async (path, value) => {
        const before = await testDb().model.findUniqueOrThrow({ where: { key }, select: { policy: true } });
        try {
          await updatePolicy(testDb(), admin, { modelKey: key, policy: JSON.stringify(plant(base, path, value)) });
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(ValidationError);
          const after = await testDb().model.findUniqueOrThrow({ where: { key }, select: { policy: true } });
          expect(after.policy).toEqual(before.policy);
        }
      }),
      fuzzParams(80),
    );
  }, 120_000);
});

describe("path and query parameters of the GET routes", () => {
  const routes: [string, Handler, string[]][] = [
    ["models", asHandler(listModels), []],
    ["versions", asHandler(listVersions), ["model"]],
    ["version", asHandler(getVersion), ["model", "version"]],
    ["evaluations", asHandler(listEvaluations), ["model", "version"]],
    ["diff", asHandler(getDiff), ["model"]],
    ["metrics", asHandler(getMetrics), ["model"]],
    ["tenants", asHandler(getTenants), ["model"]],
    ["drift", asHandler(getDrift), ["model"]],
    ["drift cell", asHandler(getDriftCell), ["model"]],
    ["release", asHandler(getRelease), ["model"]],
    ["decisions", asHandler(getDecisions), ["model"]],
    ["incidents", asHandler(getIncidents), []],
    ["incident", asHandler(getIncident), ["id"]],
    ["prediction", asHandler(getPrediction), ["request_id"]],
    ["audit", asHandler(getAudit), []],
  ];
  const queryNames = [
    "from",
    "to",
    "range",
    "step",
    "version",
    "tenant",
    "feature",
    "page",
    "pageSize",
    "limit",
    "cursor",
    "model",
    "actor",
    "action",
    "format",
    "status",
    "dry_run",
    "sort",
  ];
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    unstorableString,
    fc.constantFrom("", "2026-01-15.1", "9".repeat(40), "-1", "1e308", "NaN", "latest", "%00", "..", "2026-02-30T25:61:00Z"),
  );
  /** Percent-encodes as UTF-8; an unpaired surrogate goes as U+FFFD bytes, as a browser sends it. */
  const enc = (s: string) => [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

  it("answers every GET below 500, whatever its params and query", async () => {
    const key = await registered();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(text, { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        fc.dictionary(fc.constantFrom(...queryNames), text, { maxKeys: 4 }),
        async ([name, handler, paramNames], values, realModel, query) => {
          const params: Record<string, string> = {};
          paramNames.forEach((p, i) => {
            params[p] = p === "model" && realModel ? key : values[i]!;
          });
          const qs = Object.entries(query)
            .map(([k, v]) => `${k}=${enc(v)}`)
            .join("&");
          const res = await callRoute(handler, { path: `/api/v1/fuzz/${name.replace(" ", "-")}?${qs}`, params, token: everything.secret });
          await expectNoServerError(res, `${name} ${JSON.stringify(params)} ?${qs}`);
        },
      ),
      fuzzParams(200),
    );
  }, 120_000);
});
