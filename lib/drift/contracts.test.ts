import { describe, expect, it } from "vitest";
import { openApiDocument } from "../api/openapi";
import { CONTRACTS } from "../contracts";

type Op = {
  tags?: string[];
  description?: string;
  parameters?: { name: string; required: boolean; schema: { enum?: string[] } }[];
  responses?: Record<string, unknown>;
};
type Doc = { paths: Record<string, { get?: Op }>; components: { schemas: Record<string, { required?: string[] }> } };

describe("drift in the OpenAPI document", () => {
  const doc = openApiDocument(CONTRACTS, "test") as unknown as Doc;

  it("documents the heatmap with its window and version parameters, scope and errors", () => {
    const op = doc.paths["/api/v1/models/{model}/drift"]?.get;
    expect(op?.tags).toEqual(["drift"]);
    expect(op?.description).toContain("routes:read");
    expect(op?.parameters?.find((p) => p.name === "window")?.schema.enum).toEqual(["1h", "24h", "7d"]);
    expect(op?.parameters?.find((p) => p.name === "version")?.required).toBe(false);
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(["200", "401", "403", "404", "422", "503"]);
    expect(doc.components.schemas.DriftHeatmap?.required).toEqual(expect.arrayContaining(["tenants", "features", "thresholds", "method"]));
  });

  it("documents the cell detail with its required tenant and feature", () => {
    const op = doc.paths["/api/v1/models/{model}/drift/cell"]?.get;
    const required = op?.parameters
      ?.filter((p) => p.required)
      .map((p) => p.name)
      .sort();
    expect(required).toEqual(["feature", "tenant"]);
    expect(doc.components.schemas.DriftCellDetail?.required).toEqual(expect.arrayContaining(["bins", "series", "baseline"]));
  });
});
