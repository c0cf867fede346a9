import { describe, it, expect } from "vitest";
import { MANIFEST_SECTIONS, diffManifests, groupChangesBySection, groupManifestBySection, sectionForKey, type Change } from "./diff";
import { FIXTURE_DIGESTS, fraudScoringManifest } from "./fixtures";
import { manifestSchema, type Manifest } from "./manifest-schema";

function after(edit: (m: Manifest) => void): Manifest {
  const m = fraudScoringManifest();
  edit(m);
  return m;
}

describe("diffManifests", () => {
  it("finds nothing between equal manifests", () => {
    expect(diffManifests(fraudScoringManifest(), fraudScoringManifest())).toEqual([]);
  });

  it("reports a changed scalar with its path", () => {
    expect(
      diffManifests(
        fraudScoringManifest(),
        after((m) => (m.limits.p95_latency_ms = 90)),
      ),
    ).toEqual([{ path: "limits.p95_latency_ms", kind: "changed", before: 120, after: 90 }]);
  });

  it("reports added and removed optional fields", () => {
    const before = fraudScoringManifest();
    const next = after((m) => {
      delete m.quality;
      m.allow_schema_downgrade = true;
      delete m.training_data.time_range;
    });
    expect(diffManifests(before, next)).toEqual([
      { path: "allow_schema_downgrade", kind: "added", after: true },
      { path: "quality", kind: "removed", before: before.quality },
      { path: "training_data.time_range", kind: "removed", before: before.training_data.time_range },
    ]);
  });

  it("matches prompt templates by name: after-index for changed and added, before-index for removed", () => {
    const before = fraudScoringManifest();
    const newTemplate = { name: "dispute_reply", version: "1.0.0", sha256: "c".repeat(64) };
    const next = after((m) => {
      const [caseSummary] = m.prompt_templates!;
      // case_summary moves from index 0 to 1 and gets a new version; customer_notice is dropped.
      m.prompt_templates = [newTemplate, { ...caseSummary!, version: "1.4.0" }];
    });
    expect(diffManifests(before, next)).toEqual([
      { path: "prompt_templates[0]", kind: "added", after: newTemplate },
      { path: "prompt_templates[1].version", kind: "changed", before: "1.3.0", after: "1.4.0" },
      { path: "prompt_templates[1]", kind: "removed", before: before.prompt_templates![1] },
    ]);
  });

  it("does not report reordering of named items", () => {
    expect(
      diffManifests(
        fraudScoringManifest(),
        after((m) => m.features!.reverse()),
      ),
    ).toEqual([]);
  });

  it("reports a changed feature field by name", () => {
    expect(
      diffManifests(
        fraudScoringManifest(),
        after((m) => {
          m.features!.reverse();
          m.features![1]!.bins = [0, 20, 50, 200, 1000, 10000];
        }),
      ),
    ).toEqual([
      {
        path: "features[1].bins",
        kind: "changed",
        before: [0, 10, 50, 200, 1000, 10000],
        after: [0, 20, 50, 200, 1000, 10000],
      },
    ]);
  });

  it("compares arrays of scalars as one value", () => {
    expect(
      diffManifests(
        fraudScoringManifest(),
        after((m) => (m.rollout.steps = [10, 25, 50, 100])),
      ),
    ).toEqual([{ path: "rollout.steps", kind: "changed", before: [25, 50, 100], after: [10, 25, 50, 100] }]);
  });

  it("writes non-identifier keys in brackets", () => {
    const changes = diffManifests(
      fraudScoringManifest(),
      after((m) => (m.postprocess.thresholds!["manual.review"] = 0.5)),
    );
    expect(changes).toEqual([{ path: 'postprocess.thresholds["manual.review"]', kind: "added", after: 0.5 }]);
  });

  it("reports every top-level field as added for a first version", () => {
    const changes = diffManifests(undefined, fraudScoringManifest());
    expect(changes.every((c) => c.kind === "added")).toBe(true);
    expect(changes.map((c) => c.path).sort()).toEqual(Object.keys(fraudScoringManifest()).sort());
  });

  it("gives the same result whatever the key order", () => {
    const next = after((m) => {
      m.runtime.container = `ghcr.io/acme/fraud-scoring@sha256:${FIXTURE_DIGESTS.artifact}`;
      m.changelog = "Hotfix";
    });
    const reordered = Object.fromEntries(Object.entries(next).reverse());
    expect(diffManifests(fraudScoringManifest(), reordered)).toEqual(diffManifests(fraudScoringManifest(), next));
  });
});

describe("sections", () => {
  it("lists every manifest field in exactly one section", () => {
    const listed = MANIFEST_SECTIONS.flatMap((s) => [...s.keys]);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(manifestSchema.shape).sort());
  });

  it("puts unlisted keys in metadata", () => {
    expect(sectionForKey("quality")).toBe("limits");
    expect(sectionForKey("something_new")).toBe("metadata");
  });

  it("groups changes in section order and leaves out unchanged sections", () => {
    const changes = diffManifests(
      fraudScoringManifest(),
      after((m) => {
        m.changelog = "Recalibrated thresholds";
        m.observability.log_fields.push("merchant_id");
        m.quality!.min = 0.85;
        m.limits.max_error_rate = 0.02;
        m.artifact_sha256 = "d".repeat(64);
        m.prompt_templates![0]!.version = "1.3.1";
      }),
    );
    const groups = groupChangesBySection(changes);
    expect(groups.map((g) => [g.id, g.title, g.changes.map((c) => c.path)])).toEqual([
      ["artifact", "Artifact", ["artifact_sha256"]],
      ["prompts", "Prompts", ["prompt_templates[0].version"]],
      ["limits", "Limits", ["limits.max_error_rate", "quality.min"]],
      ["observability", "Observability", ["observability.log_fields"]],
      ["metadata", "Metadata", ["changelog"]],
    ]);
  });

  it("groups a root change and unknown keys into metadata", () => {
    const changes: Change[] = [
      { path: "", kind: "changed", before: 1, after: 2 },
      { path: '["odd key"].x', kind: "added", after: 1 },
      { path: "runtime.python", kind: "removed", before: "3.11.9" },
    ];
    expect(groupChangesBySection(changes).map((g) => [g.id, g.changes.length])).toEqual([
      ["runtime", 1],
      ["metadata", 2],
    ]);
  });

  it("lays a manifest out by section for the version page", () => {
    const m = after((x) => delete x.tokenizer);
    const views = groupManifestBySection({ ...m, extra_note: "kept" });
    expect(views.map((v) => v.id)).toEqual([
      "artifact",
      "preprocessing",
      "prompts",
      "postprocessing",
      "training_data",
      "runtime",
      "limits",
      "rollout",
      "observability",
      "features",
      "metadata",
    ]);
    expect(views.at(-1)?.entries.map((e) => e.key)).toEqual(["model_id", "model_version", "parent_version", "changelog", "extra_note"]);
    expect(views[0]?.entries).toEqual([
      { key: "artifact_uri", value: m.artifact_uri },
      { key: "artifact_sha256", value: m.artifact_sha256 },
    ]);
  });
});
