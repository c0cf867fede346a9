// Input the database cannot store, keys that would silently vanish, bodies that are not UTF-8,
// nesting thousands of levels deep, artifact URIs with schemes nothing can fetch from: each is
// refused with a 4xx naming the field (never a 500, never a silently changed value), and
// nothing is written. Every test makes its own models.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getDiff } from "../../app/api/v1/models/[model]/diff/route";
import { GET as getMetrics } from "../../app/api/v1/models/[model]/metrics/route";
import { PUT as pinRoute } from "../../app/api/v1/models/[model]/pins/[tenant]/route";
import { GET as getRelease } from "../../app/api/v1/models/[model]/release/route";
import { GET as getVersion } from "../../app/api/v1/models/[model]/versions/[version]/route";
import { POST as postEvaluation } from "../../app/api/v1/models/[model]/versions/[version]/evaluations/route";
import { GET as listVersions, POST as postVersion } from "../../app/api/v1/models/[model]/versions/route";
import { GET as getIncidents } from "../../app/api/v1/incidents/route";
import { GET as getPrediction } from "../../app/api/v1/predictions/[request_id]/route";
import { POST as postTelemetry } from "../../app/api/v1/telemetry/route";
import type { Actor } from "../../lib/auth/actor";
import { approveVersion } from "../../lib/lifecycle/service";
import { recordEvaluation } from "../../lib/lifecycle/service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import type { Manifest } from "../../lib/registry/manifest-schema";
import { registerVersion } from "../../lib/registry/service";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute, type CallResult } from "./support/http";

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

const V1 = "2026-01-15.1";
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";

let ci: { secret: string; id: string };
let ciActor: Actor;
let releaseToken: { secret: string };
let reader: { secret: string };
let sender: { secret: string };

beforeAll(async () => {
  const name = uniqueId("ci-inputs");
  ci = await createApiToken(["registry:write"], name);
  ciActor = { type: "token", id: ci.id, label: name, scopes: ["registry:write"] };
  releaseToken = await createApiToken(["release:write"]);
  reader = await createApiToken(["routes:read", "audit:read"]);
  sender = await createApiToken(["telemetry:write"]);
});

function manifestFor(key: string, version = V1): Manifest {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  delete m.parent_version;
  return m;
}

function register(key: string, body: unknown, contentType?: string) {
  return callRoute(postVersion, { path: `/api/v1/models/${key}/versions`, params: { model: key }, body, contentType, token: ci.secret });
}

async function rowsFor(key: string) {
  const db = testDb();
  const [models, versions, evaluations, audit] = await Promise.all([
    db.model.count({ where: { key } }),
    db.modelVersion.count({ where: { model: { key } } }),
    db.evaluation.count({ where: { version: { model: { key } } } }),
    db.auditEvent.count({ where: { modelKey: key } }),
  ]);
  return { models, versions, evaluations, audit };
}

async function expectRefused(res: CallResult, path: string, status = 422) {
  const body = await res.json<ErrorBody>();
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe("schema_error");
  expect(body.error.issues?.map((i) => i.path)).toContain(path);
  return body;
}

/** A registered model (first version in DEV). */
async function registered(): Promise<string> {
  const key = uniqueModelKey("it-input");
  const res = await registerVersion(testDb(), ciActor, {
    modelKey: key,
    text: JSON.stringify(manifestFor(key)),
    contentType: "application/json",
  });
  expect(res.status).toBe(201);
  return key;
}

describe("text the database cannot store", () => {
  it("refuses a NUL or an unpaired surrogate in the changelog, JSON or YAML, and writes nothing", async () => {
    for (const [changelog, format] of [
      ["retrained\u0000", "json"],
      ["broken \ud800 text", "json"],
      ["nul\u0000", "yaml"],
    ] as const) {
      const key = uniqueModelKey("it-input");
      const m = { ...manifestFor(key), changelog };
      // JSON text is YAML too; the YAML parser reads the "\u0000" escape as a NUL
      const res = format === "json" ? await register(key, m) : await register(key, JSON.stringify(m), "application/yaml");
      await expectRefused(res, "changelog");
      expect(await rowsFor(key)).toEqual({ models: 0, versions: 0, evaluations: 0, audit: 0 });
    }
  });

  it("refuses them in an evaluation's dataset and metric names, and records no evaluation", async () => {
    const key = await registered();
    const before = await rowsFor(key);
    const post = (body: unknown) =>
      callRoute(postEvaluation, {
        path: `/api/v1/models/${key}/versions/${V1}/evaluations`,
        params: { model: key, version: V1 },
        body,
        token: ci.secret,
      });
    await expectRefused(await post({ dataset: "s3://evals/\u0000/holdout", metrics: { f1: 0.9 } }), "dataset");
    await expectRefused(await post({ dataset: "s3://evals/\udc00/holdout", metrics: { f1: 0.9 } }), "dataset");
    await expectRefused(
      await post({ dataset: DATASET, metrics: { f1: 0.9 }, replay: { baseline_version: V1, cases: 10, agreement: 1, note: "a\u0000" } }),
      "replay.note",
    );
    expect(await rowsFor(key)).toEqual(before);
  });

  it("refuses them in a pin's reason, and pins nothing", async () => {
    const key = await registered();
    await recordEvaluation(testDb(), ciActor, { modelKey: key, version: V1, dataset: DATASET, metrics: { f1: 0.93 } });
    const approver = await createUser("approver");
    await approveVersion(
      testDb(),
      { type: "user", id: approver.id, label: approver.email, role: approver.role },
      { modelKey: key, version: V1 },
    );
    const before = await rowsFor(key);
    for (const reason of ["acme\u0000", "acme \ud83d"]) {
      const res = await callRoute(pinRoute, {
        method: "PUT",
        path: `/api/v1/models/${key}/pins/acme`,
        params: { model: key, tenant: "acme" },
        body: { version: V1, reason },
        token: releaseToken.secret,
      });
      await expectRefused(res, "reason");
    }
    expect(await testDb().tenantPin.count({ where: { model: { key } } })).toBe(0);
    expect(await rowsFor(key)).toEqual(before);
  });

  it("answers 422 naming the path or query parameter that holds a NUL, on every kind of GET", async () => {
    const key = await registered();
    type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
    const get = (handler: Handler, path: string, params: Record<string, string>) =>
      callRoute(handler as (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, {
        path,
        params,
        token: reader.secret,
      });
    await expectRefused(await get(listVersions, `/api/v1/models/a%00b/versions`, { model: "a\u0000b" }), "model");
    await expectRefused(await get(getVersion, `/api/v1/models/${key}/versions/x%00`, { model: key, version: "x\u0000" }), "version");
    await expectRefused(await get(getRelease, `/api/v1/models/a%00/release`, { model: "a\u0000" }), "model");
    await expectRefused(await get(getPrediction, `/api/v1/predictions/r%00`, { request_id: "r\u0000" }), "request_id");
    await expectRefused(await get(getMetrics, `/api/v1/models/${key}/metrics?tenant=ac%00me`, { model: key }), "tenant");
    await expectRefused(await get(getDiff, `/api/v1/models/${key}/diff?from=${V1}&to=x%00`, { model: key }), "to");
    await expectRefused(await get(getIncidents, `/api/v1/incidents?model=m%00`, {}), "model");
  });
});

describe("keys that would vanish", () => {
  it("refuses __proto__, constructor and prototype in thresholds with 422 naming the key, and writes nothing", async () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const model = uniqueModelKey("it-input");
      const text = JSON.stringify(manifestFor(model)).replace('"thresholds":{', `"thresholds":{"${key}":0.5,`);
      expect(text).toContain(`"${key}":0.5`);
      const res = await register(model, text, "application/json");
      await expectRefused(res, `postprocess.thresholds.${key}`);
      expect(await rowsFor(model)).toEqual({ models: 0, versions: 0, evaluations: 0, audit: 0 });
    }
  });

  it("refuses a __proto__ threshold written in YAML too", async () => {
    const model = uniqueModelKey("it-input");
    const json = manifestFor(model);
    const yaml = `${JSON.stringify(json).replace('"thresholds":{', '"thresholds":{"__proto__":0.5,')}`;
    const res = await register(model, yaml, "application/yaml");
    await expectRefused(res, "postprocess.thresholds.__proto__");
    expect(await rowsFor(model)).toEqual({ models: 0, versions: 0, evaluations: 0, audit: 0 });
  });

  it("refuses a __proto__ metric with 422 naming it, and records no evaluation", async () => {
    const key = await registered();
    const before = await rowsFor(key);
    const res = await callRoute(postEvaluation, {
      path: `/api/v1/models/${key}/versions/${V1}/evaluations`,
      params: { model: key, version: V1 },
      body: `{"dataset":"${DATASET}","metrics":{"f1":0.93,"__proto__":0.1}}`,
      contentType: "application/json",
      token: ci.secret,
    });
    await expectRefused(res, "metrics.__proto__");
    expect(await rowsFor(key)).toEqual(before);
  });
});

describe("bodies that are not UTF-8", () => {
  it("refuses invalid UTF-8 in a manifest instead of storing U+FFFD, and writes nothing", async () => {
    const key = uniqueModelKey("it-input");
    const text = JSON.stringify(manifestFor(key)).replace('"changelog":"', '"changelog":"PLACEHOLDER');
    const [head, tail] = text.split("PLACEHOLDER") as [string, string];
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(tail)]);
    const req = new Request(`http://127.0.0.1:3000/api/v1/models/${key}/versions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ci.secret}`, "content-length": String(bytes.byteLength) },
      body: bytes,
    });
    const res = await postVersion(req, { params: Promise.resolve({ model: key }) });
    const body = (await res.json()) as ErrorBody;
    expect(res.status).toBe(422);
    expect(body.error.message).toMatch(/not valid UTF-8/);
    expect(await rowsFor(key)).toEqual({ models: 0, versions: 0, evaluations: 0, audit: 0 });
  });
});

describe("telemetry nested thousands of levels deep", () => {
  it("refuses that one event naming prediction, and accepts the rest of the batch", async () => {
    const key = await registered();
    const model = await testDb().model.findUniqueOrThrow({ where: { key } });
    const ts = new Date(Date.now() - 60_000).toISOString();
    const ok = (i: number) =>
      JSON.stringify({ request_id: uniqueId(`deep${i}`), model: key, version: V1, tenant: "acme", ts, latency_ms: 5, outcome: "ok" });
    const deep = `{"request_id":"${uniqueId("deep")}","model":"${key}","version":"${V1}","tenant":"acme","ts":"${ts}","latency_ms":5,"outcome":"ok","prediction":${"[".repeat(6000)}${"]".repeat(6000)}}`;
    const res = await callRoute(postTelemetry, {
      path: "/api/v1/telemetry",
      body: `{"events":[${ok(0)},${deep},${ok(1)}]}`,
      contentType: "application/json",
      token: sender.secret,
    });
    const body = await res.json<{ accepted: number; rejected: { index: number; issues: { path: string }[] }[] }>();
    expect(res.status, JSON.stringify(body)).toBe(202);
    expect(body.accepted).toBe(2);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]).toMatchObject({ index: 1, issues: [{ path: "prediction" }] });
    expect(await testDb().prediction.count({ where: { modelId: model.id } })).toBe(2);
  });
});

describe("artifact URIs", () => {
  it("refuses javascript:, data:, file: and plain http: artifact_uri naming the field, and accepts the documented schemes", async () => {
    for (const uri of [
      "javascript:alert(1)//s3://x",
      "data:text/html,hi",
      "file:///etc/passwd",
      "http://models.example.com/m.onnx",
      "s3:/missing-slash",
    ]) {
      const key = uniqueModelKey("it-input");
      const res = await register(key, { ...manifestFor(key), artifact_uri: uri });
      await expectRefused(res, "artifact_uri");
      expect(await rowsFor(key)).toEqual({ models: 0, versions: 0, evaluations: 0, audit: 0 });
    }
    for (const uri of [
      "gs://models/fraud/2026-01-15.1/model.onnx",
      "hf://acme/fraud-score/7f3a9c1",
      "https://models.example.com/fraud/2026-01-15.1.onnx",
    ]) {
      const key = uniqueModelKey("it-input");
      const res = await register(key, { ...manifestFor(key), artifact_uri: uri });
      expect(res.status, await res.text()).toBe(201);
    }
  });
});
