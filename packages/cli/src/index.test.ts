import { describe, expect, expectTypeOf, it } from "vitest";
import { fraudScoringManifest, fraudScoringManifestYaml } from "../../../lib/registry/fixtures";
import type * as Declared from "../types/index";
import * as Implemented from "./index";

describe("@rollgate/cli as a library", () => {
  it("is what its hand-written declarations say", () => {
    expectTypeOf(Implemented.validateManifest).returns.toExtend<ReturnType<typeof Declared.validateManifest>>();
    expectTypeOf(Implemented.validateManifest).parameters.toEqualTypeOf<Parameters<typeof Declared.validateManifest>>();
    expectTypeOf(Implemented.EXIT).toEqualTypeOf<typeof Declared.EXIT>();
  });

  it("validates YAML and JSON the way `rollgate validate` does, with the registry's hash", () => {
    const yaml = Implemented.validateManifest(fraudScoringManifestYaml());
    const json = Implemented.validateManifest(JSON.stringify(fraudScoringManifest()), "json");
    expect(yaml).toMatchObject({ ok: true, modelId: "fraud-scoring", version: "2026-01-15.2" });
    expect(json.ok && yaml.ok && json.contentHash === yaml.contentHash).toBe(true);
  });

  it("names every bad field, and refuses a wrong argument with a TypeError", () => {
    const bad = Implemented.validateManifest("model_id: x\nmodel_version: latest\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["model_version", "runtime"]));
    expect(() => Implemented.validateManifest(42 as unknown as string)).toThrow(TypeError);
    expect(() => Implemented.validateManifest("", "toml" as "yaml")).toThrow(/format must be "yaml" or "json"/);
  });
});
