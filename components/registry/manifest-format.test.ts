import { describe, expect, it } from "vitest";
import {
  diffSummary,
  fieldLabel,
  formatDiffValue,
  formatFieldValue,
  formatFraction,
  manifestYaml,
  orderedEntries,
  tableColumns,
} from "./manifest-format";

describe("fractions and units", () => {
  it("shows fractions with their percentage, without float noise", () => {
    expect(formatFraction(0.005)).toBe("0.005 (0.5 %)");
    expect(formatFraction(0.01)).toBe("0.01 (1 %)");
  });
  it("applies units by path, ignoring array indices", () => {
    expect(formatFieldValue("limits.p95_latency_ms", 120)).toBe("120 ms");
    expect(formatFieldValue("limits.max_error_rate", 0.05)).toBe("0.05 (5 %)");
    expect(formatFieldValue("rollout.initial_traffic_percent", 5)).toBe("5 %");
    expect(formatFieldValue("rollout.steps", [25, 50, 100])).toBe("25 % → 50 % → 100 %");
    expect(formatFieldValue("rollout.steps", [])).toBe("none");
    expect(formatFieldValue("rollout.bake_minutes", 30)).toBe("30 min");
    expect(formatFieldValue("allow_schema_downgrade", true)).toBe("yes");
  });
  it("shows other scalars as written and leaves structures to the caller", () => {
    expect(formatFieldValue("quality.min", 0.82)).toBe("0.82");
    expect(formatFieldValue("runtime.python", "3.11.9")).toBe("3.11.9");
    expect(formatFieldValue("tokenizer", { name: "x" })).toBeNull();
    // a unit rule does not apply to a value of the wrong type
    expect(formatFieldValue("limits.p95_latency_ms", "fast")).toBe("fast");
  });
});

describe("formatDiffValue", () => {
  it("keeps scalars and short lists inline and pretty-prints structures", () => {
    expect(formatDiffValue("limits.max_error_rate", 0.01)).toEqual({ text: "0.01 (1 %)", block: false });
    expect(formatDiffValue("observability.log_fields", ["tenant_id", "score"])).toEqual({
      text: "[tenant_id, score]",
      block: false,
    });
    expect(formatDiffValue("prompt_templates[2]", { name: "a", version: "1" })).toEqual({
      text: '{\n  "name": "a",\n  "version": "1"\n}',
      block: true,
    });
  });
});

describe("ordering", () => {
  it("puts documented keys first in the documented order, others alphabetically", () => {
    expect(orderedEntries("runtime", { container: "c", zz: 1, framework: "f", aa: 2, python: "p" }).map(([k]) => k)).toEqual([
      "python",
      "framework",
      "container",
      "aa",
      "zz",
    ]);
    expect(orderedEntries("tokenizer", { sha256: "h", name: "n", version: undefined }).map(([k]) => k)).toEqual(["name", "sha256"]);
    expect(orderedEntries("postprocess.rules[1]", { max_score: 0.4, name: "cap" }).map(([k]) => k)).toEqual(["name", "max_score"]);
  });
  it("builds table columns from the union of row keys", () => {
    expect(
      tableColumns("features", [
        { baseline: [1], name: "a", kind: "numeric", bins: [0, 1] },
        { name: "b", kind: "categorical", categories: ["x"] },
      ]),
    ).toEqual(["name", "kind", "bins", "categories", "baseline"]);
  });
  it("labels known keys and passes unknown ones through", () => {
    expect(fieldLabel("p95_latency_ms")).toBe("p95 latency");
    expect(fieldLabel("custom_thing")).toBe("custom_thing");
  });
});

describe("manifestYaml", () => {
  it("returns YAML sources as sent", () => {
    const text = "# comment\nmodel_id: a\n";
    expect(manifestYaml(text, "yaml", { model_id: "a" })).toBe(text);
  });
  it("converts JSON sources keeping the author's key order", () => {
    expect(manifestYaml('{"model_version":"2026-01-15.1","model_id":"a"}', "json", { model_id: "a", model_version: "x" })).toBe(
      "model_version: 2026-01-15.1\nmodel_id: a\n",
    );
  });
  it("falls back to the stored manifest when the source is unreadable", () => {
    expect(manifestYaml("", "json", { model_id: "a" })).toBe("model_id: a\n");
  });
});

describe("diffSummary", () => {
  it("pluralises", () => {
    expect(diffSummary(3, 2)).toBe("3 changes in 2 sections");
    expect(diffSummary(1, 1)).toBe("1 change in 1 section");
  });
});
