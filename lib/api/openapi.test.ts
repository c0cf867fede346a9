import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

type Doc = {
  tags: { name: string }[];
  paths: Record<string, Record<string, { tags?: string[]; description?: string; requestBody?: unknown; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>; responses: Record<string, { description: string }> };
};

describe("openApiDocument", () => {
  const doc = openApiDocument() as unknown as Doc;

  it("documents the evaluations endpoint under the lifecycle tag", () => {
    const path = doc.paths["/api/v1/models/{model}/versions/{version}/evaluations"];
    expect(Object.keys(path ?? {})).toEqual(expect.arrayContaining(["post", "get"]));
    expect(path?.post?.tags).toEqual(["lifecycle"]);
    expect(path?.post?.description).toContain("registry:write");
    expect(path?.post?.requestBody).toEqual({ required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/EvaluationBody" } } } });
    expect(Object.keys(path?.post?.responses ?? {}).sort()).toEqual(["201", "401", "403", "404", "409", "413", "422", "503"]);
    expect(path?.get?.description).toContain("routes:read");
    expect(path?.get?.responses?.["200"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/EvaluationList" } } } });
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
