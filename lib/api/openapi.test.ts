import { describe, expect, it } from "vitest";
import { CONTRACTS } from "../contracts";
import { openApiDocument } from "./openapi";

type Doc = {
  tags: { name: string }[];
  paths: Record<
    string,
    Record<string, { tags?: string[]; description?: string; requestBody?: unknown; responses?: Record<string, unknown> }>
  >;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    responses: Record<string, { description: string }>;
  };
};

describe("openApiDocument", () => {
  const doc = openApiDocument(CONTRACTS, "0.0.0-test") as unknown as Doc;

  it("documents the evaluations endpoint under the lifecycle tag", () => {
    const path = doc.paths["/api/v1/models/{model}/versions/{version}/evaluations"];
    expect(Object.keys(path ?? {})).toEqual(expect.arrayContaining(["post", "get"]));
    expect(path?.post?.tags).toEqual(["lifecycle"]);
    expect(path?.post?.description).toContain("registry:write");
    expect(path?.post?.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/EvaluationBody" } } },
    });
    expect(Object.keys(path?.post?.responses ?? {}).sort()).toEqual(["201", "401", "403", "404", "409", "413", "422", "503"]);
    expect(path?.get?.description).toContain("routes:read");
    expect(path?.get?.responses?.["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/EvaluationList" } } },
    });
    expect(doc.tags.map((t) => t.name)).toContain("lifecycle");
  });

  it("describes the evaluation body from its request schema, and the verdicts", () => {
    const { EvaluationBody, RecordedEvaluation, GateResult, EvaluationList } = doc.components.schemas;
    expect(EvaluationBody?.required).toEqual(expect.arrayContaining(["dataset", "metrics"]));
    expect(Object.keys(EvaluationBody?.properties ?? {})).toEqual(["dataset", "metrics", "replay"]);
    expect(RecordedEvaluation?.required).toEqual(expect.arrayContaining(["passed", "reasons", "gates", "stage", "staged"]));
    expect(GateResult?.required).toEqual(expect.arrayContaining(["gate", "metric", "value", "threshold", "passed", "skipped", "message"]));
    expect(EvaluationList?.required).toEqual(expect.arrayContaining(["model", "version", "stage", "evaluations"]));
  });

  it("words the conflict response for both kinds of conflict", () => {
    expect(doc.components.responses.Conflict?.description).toMatch(/different content.*stage move the lifecycle does not allow/);
  });
});

describe("openApiDocument: release control and incidents", () => {
  const doc = openApiDocument(CONTRACTS, "0.0.0-test") as unknown as Doc & {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; security?: unknown[] }>>;
  };
  const MOVES = ["rollback", "pause", "resume", "advance", "promote", "abort"];

  it("lists every release endpoint with its method", () => {
    expect(Object.keys(doc.paths["/api/v1/models/{model}/release"] ?? {})).toEqual(expect.arrayContaining(["get"]));
    for (const move of MOVES) expect(Object.keys(doc.paths[`/api/v1/models/{model}/release/${move}`] ?? {})).toContain("post");
    expect(Object.keys(doc.paths["/api/v1/models/{model}/pins/{tenant}"] ?? {})).toEqual(expect.arrayContaining(["put", "delete"]));
    expect(Object.keys(doc.paths["/api/v1/incidents"] ?? {})).toContain("get");
    expect(Object.keys(doc.paths["/api/v1/incidents/{id}"] ?? {})).toContain("get");
    expect(doc.tags.map((t) => t.name)).toEqual(expect.arrayContaining(["release", "incidents"]));
  });

  it("takes If-Match on every move and answers 200, 409, 412 and 422; needs release:write", () => {
    for (const move of MOVES) {
      const post = doc.paths[`/api/v1/models/{model}/release/${move}`]?.post;
      expect(post?.tags).toEqual(["release"]);
      expect(post?.parameters).toContainEqual(expect.objectContaining({ name: "If-Match", in: "header" }));
      expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(["200", "401", "403", "404", "409", "412", "422"]));
      expect(post?.description).toContain("release:write");
      expect(post?.security).toEqual([{ bearerToken: ["release:write"] }]);
    }
    for (const method of ["put", "delete"]) {
      const op = doc.paths["/api/v1/models/{model}/pins/{tenant}"]?.[method];
      expect(op?.parameters).toContainEqual(expect.objectContaining({ name: "If-Match", in: "header" }));
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["200", "409", "412", "422"]));
    }
    expect(doc.components.responses.PreconditionFailed?.description).toContain("precondition_failed");
  });

  it("describes the bodies from the request schemas and the results from the DTOs", () => {
    const rollback = doc.paths["/api/v1/models/{model}/release/rollback"]?.post;
    expect(rollback?.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/RollbackBody" } } },
    });
    expect(rollback?.responses?.["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/RollbackResult" } } },
    });
    expect(doc.paths["/api/v1/models/{model}/release/advance"]?.post?.responses?.["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/MoveResult" } } },
    });
    const s = doc.components.schemas;
    expect(Object.keys(s.RollbackBody?.properties ?? {})).toEqual(["reason", "to_version"]);
    expect(s.RollbackBody?.required).toEqual(["reason"]);
    expect(Object.keys(s.MoveBody?.properties ?? {})).toEqual(["reason"]);
    expect(s.PinBody?.required).toEqual(["version"]);
    expect(s.MoveResult?.required).toEqual(expect.arrayContaining(["epoch", "outcome", "previousEpoch", "stable", "candidate", "stages"]));
    expect(s.RollbackResult?.required).toEqual(expect.arrayContaining(["epoch", "stable", "rolledBackFrom", "incidentId"]));
    expect(s.PinResult?.required).toEqual(expect.arrayContaining(["tenant", "version", "epoch", "changed"]));
    expect(s.ReleaseDetail?.required).toEqual(expect.arrayContaining(["epoch", "split", "steps", "pins", "moves", "rollback", "history"]));
    expect(s.IncidentSummary?.required).toEqual(expect.arrayContaining(["id", "fromVersion", "toVersion", "trigger", "status"]));
    expect(s.IncidentDetail?.required).toEqual(expect.arrayContaining(["notes", "timeline", "rootCause", "prevention"]));
    expect(doc.paths["/api/v1/incidents"]?.get?.parameters?.map((p) => p.name)).toEqual(["model", "status", "limit"]);
  });
});

describe("openApiDocument: telemetry and guardrails", () => {
  const doc = openApiDocument(CONTRACTS, "0.0.0-test") as unknown as Doc & {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; security?: unknown[] }>>;
    components: { responses: Record<string, { headers?: Record<string, unknown> }> };
  };
  const json = (name: string) => ({ content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } });

  it("documents telemetry ingest: the batch body, 202, 413, 422 and 503 with Retry-After", () => {
    const post = doc.paths["/api/v1/telemetry"]?.post;
    expect(post?.tags).toEqual(["telemetry"]);
    expect(post?.security).toEqual([{ bearerToken: ["telemetry:write"] }]);
    expect(post?.requestBody).toEqual({ required: true, ...json("TelemetryBatch") });
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(["202", "401", "403", "413", "422", "503"]);
    expect(post?.responses?.["202"]).toMatchObject(json("IngestResult"));
    expect(doc.components.responses.Unavailable?.headers).toHaveProperty("Retry-After");
    const batch = doc.components.schemas.TelemetryBatch as {
      required?: string[];
      properties?: { events?: { items?: { required?: string[]; properties?: Record<string, unknown> } } };
    };
    expect(batch.required).toEqual(["events"]);
    const event = batch.properties?.events?.items;
    expect(event?.required).toEqual(expect.arrayContaining(["request_id", "model", "version", "tenant", "ts", "latency_ms", "outcome"]));
    expect(Object.keys(event?.properties ?? {})).toEqual(
      expect.arrayContaining(["error_class", "score", "cost", "label", "prediction", "tokens", "flags", "features"]),
    );
    expect(doc.components.schemas.IngestResult?.required).toEqual(["accepted", "duplicates", "rejected"]);
  });

  it("documents the metrics series, the tenant table and prediction lookup", () => {
    const metrics = doc.paths["/api/v1/models/{model}/metrics"]?.get;
    expect(metrics?.parameters?.map((p) => p.name)).toEqual(["version", "tenant", "from", "to", "step"]);
    expect(metrics?.responses?.["200"]).toMatchObject(json("MetricsSeries"));
    expect(doc.components.schemas.MetricsSeries?.required).toEqual(expect.arrayContaining(["series", "versions", "step", "grain"]));
    const tenants = doc.paths["/api/v1/models/{model}/tenants"]?.get;
    expect(tenants?.parameters?.map((p) => p.name)).toEqual(["version", "from", "to"]);
    expect(tenants?.responses?.["200"]).toMatchObject(json("TenantTable"));
    const prediction = doc.paths["/api/v1/predictions/{request_id}"] as unknown as {
      parameters: { name: string; in: string }[];
      get: { responses: Record<string, unknown> };
    };
    expect(prediction.parameters).toContainEqual(expect.objectContaining({ name: "request_id", in: "path" }));
    expect(Object.keys(prediction.get.responses)).toEqual(expect.arrayContaining(["200", "404"]));
    expect(doc.components.schemas.Prediction?.required).toEqual(expect.arrayContaining(["requestId", "model", "version", "route"]));
  });

  it("types the guardrail decisions and the evaluate-now result", () => {
    expect(doc.paths["/api/v1/models/{model}/release/decisions"]?.get?.parameters?.map((p) => p.name)).toEqual(["limit"]);
    const evaluate = doc.paths["/api/v1/models/{model}/release/evaluate"]?.post;
    expect(evaluate?.responses?.["200"]).toMatchObject(json("GuardrailEvaluation"));
    expect(Object.keys(evaluate?.responses ?? {})).toEqual(expect.arrayContaining(["409", "503"]));
    expect(doc.components.schemas.GuardrailEvaluation?.required).toEqual(
      expect.arrayContaining(["model", "outcome", "reason", "moved", "incident_id", "epoch", "checks", "sample"]),
    );
    expect(doc.components.schemas.GuardrailDecision?.required).toEqual(expect.arrayContaining(["id", "at", "outcome", "checks", "sample"]));
    expect(doc.tags.map((t) => t.name)).toContain("telemetry");
  });
});
