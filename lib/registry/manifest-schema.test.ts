import { describe, it, expect } from "vitest";
import { FIXTURE_DIGESTS, fraudScoringManifest } from "./fixtures";
import {
  compareVersionIds,
  findFloatingReference,
  manifestSchema,
  parseIsoInstant,
  parseVersionId,
  validateManifest,
} from "./manifest-schema";
import type { ManifestIssue } from "./issues";

// Tests reach into the fixture with arbitrary edits, including wrong types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function edited(edit: (m: Loose) => void): unknown {
  const m: Loose = fraudScoringManifest();
  edit(m);
  return m;
}

function issuesOf(input: unknown): ManifestIssue[] {
  const result = validateManifest(input);
  if (result.ok) throw new Error("expected the manifest to be refused");
  return result.issues;
}

function issueAt(input: unknown, path: string): ManifestIssue {
  const issues = issuesOf(input);
  const found = issues.find((i) => i.path === path);
  if (!found) throw new Error(`no issue at ${path}; got ${JSON.stringify(issues)}`);
  return found;
}

function expectValid(input: unknown) {
  const result = validateManifest(input);
  expect(result.ok ? [] : result.issues).toEqual([]);
}

const OTHER_HEX = "b".repeat(64);

describe("valid manifests", () => {
  it("accepts the fixture and returns it unchanged", () => {
    const result = validateManifest(fraudScoringManifest());
    expect(result).toEqual({ ok: true, value: fraudScoringManifest() });
  });

  it("accepts a manifest with every optional field left out", () => {
    expectValid(
      edited((m) => {
        for (const k of ["parent_version", "tokenizer", "prompt_templates", "quality", "features"]) delete m[k];
        m.postprocess = {};
        delete m.training_data.sha256;
        delete m.training_data.time_range;
        delete m.runtime.python;
        delete m.rollout.steps;
        delete m.rollout.bake_minutes;
      }),
    );
  });

  it("accepts allow_schema_downgrade as a boolean only", () => {
    expectValid(edited((m) => (m.allow_schema_downgrade = true)));
    expect(
      issueAt(
        edited((m) => (m.allow_schema_downgrade = "yes")),
        "allow_schema_downgrade",
      ).message,
    ).toMatch(/true or false/);
  });
});

describe("required fields", () => {
  const topLevel = [
    "model_id",
    "model_version",
    "changelog",
    "artifact_uri",
    "artifact_sha256",
    "preprocess_version",
    "schema_version",
    "postprocess",
    "training_data",
    "runtime",
    "limits",
    "rollout",
    "observability",
  ];

  it.each(topLevel)("reports a missing %s by name", (key) => {
    const issues = issuesOf(edited((m) => delete m[key]));
    expect(issues).toEqual([{ path: key, message: `${key} is required.` }]);
  });

  it.each([
    ["runtime", "container"],
    ["runtime", "framework"],
    ["training_data", "snapshot_uri"],
    ["training_data", "schema_version"],
    ["limits", "p95_latency_ms"],
    ["limits", "max_error_rate"],
    ["rollout", "strategy"],
    ["rollout", "initial_traffic_percent"],
    ["observability", "log_fields"],
  ])("reports a missing %s.%s by its full path", (section, key) => {
    const issues = issuesOf(edited((m) => delete m[section][key]));
    expect(issues).toEqual([{ path: `${section}.${key}`, message: `${section}.${key} is required.` }]);
  });

  it("reports a missing field inside a list item with its index", () => {
    const issue = issueAt(
      edited((m) => delete m.prompt_templates[1].sha256),
      "prompt_templates[1].sha256",
    );
    expect(issue.message).toBe("prompt_templates[1].sha256 is required.");
  });

  it("refuses empty strings in required text fields", () => {
    expect(
      issueAt(
        edited((m) => (m.changelog = "  ")),
        "changelog",
      ).message,
    ).toMatch(/must not be empty/);
  });

  it("says what type was expected and what arrived", () => {
    expect(
      issueAt(
        edited((m) => (m.limits.p95_latency_ms = "120")),
        "limits.p95_latency_ms",
      ).message,
    ).toBe('limits.p95_latency_ms must be a number, got the string "120".');
    expect(
      issueAt(
        edited((m) => (m.parent_version = null)),
        "parent_version",
      ).message,
    ).toMatch(/got null/);
  });

  it("refuses a body that is not an object", () => {
    expect(issuesOf(["a"])).toEqual([
      { path: "", message: "The manifest must be an object of fields (a JSON object or a YAML mapping), got a list." },
    ]);
  });
});

describe("unknown fields", () => {
  it("refuses an unknown top-level key and suggests the likely intended one", () => {
    const issue = issueAt(
      edited((m) => (m.modelVersion = "2026-01-15.2")),
      "modelVersion",
    );
    expect(issue.message).toBe('The manifest has no field "modelVersion" — did you mean "model_version"?');
  });

  it("refuses a typo inside a section", () => {
    const issue = issueAt(
      edited((m) => (m.limits.p95_latency = 100)),
      "limits.p95_latency",
    );
    expect(issue.message).toContain('did you mean "p95_latency_ms"');
  });

  it("lists the known fields when nothing is close", () => {
    const issue = issueAt(
      edited((m) => (m.rollout.owner = "team-fraud")),
      "rollout.owner",
    );
    expect(issue.message).toBe('rollout has no field "owner" (known fields: strategy, initial_traffic_percent, steps, bake_minutes).');
  });

  it("reports every unknown key separately", () => {
    const issues = issuesOf(edited((m) => Object.assign(m, { foo: 1, bar: 2 })));
    expect(issues.map((i) => i.path)).toEqual(["foo", "bar"]);
  });

  it("keeps postprocess thresholds and rule objects open", () => {
    expectValid(
      edited((m) => {
        m.postprocess.thresholds["manual.review"] = 0.5;
        m.postprocess.rules.push({ name: "x", any_key: [1, 2] });
      }),
    );
  });

  it("refuses a postprocess rule that is neither a name nor an object", () => {
    expect(
      issueAt(
        edited((m) => m.postprocess.rules.push(42)),
        "postprocess.rules[2]",
      ).message,
    ).toMatch(/rule names \(strings\) or rule objects/);
  });
});

describe("model_version and parent_version", () => {
  it("parses timestamped ids", () => {
    expect(parseVersionId("2026-01-15.2")).toEqual({ date: "2026-01-15", n: 2 });
    expect(parseVersionId("2024-02-29.1")).toEqual({ date: "2024-02-29", n: 1 });
    expect(parseVersionId("2026-01-15.10")).toEqual({ date: "2026-01-15", n: 10 });
  });

  it.each([
    ["2026-1-15.2", /not a timestamped version id/],
    ["2026-01-15", /not a timestamped version id/],
    ["v1.2.0", /not a timestamped version id/],
    ["2026-02-30.1", /2026-02-30 is not a real calendar date/],
    ["2025-02-29.1", /not a real calendar date/],
    ["2026-13-01.1", /not a real calendar date/],
    ["2026-01-15.0", /starts at 1/],
    ["2026-01-15.01", /no leading zeros/],
    ["latest", /floating reference "latest"/],
  ])("refuses model_version %s", (value, message) => {
    expect(parseVersionId(value)).toBeNull();
    expect(
      issueAt(
        edited((m) => (m.model_version = value)),
        "model_version",
      ).message,
    ).toMatch(message);
  });

  it("applies the same form to parent_version", () => {
    expect(
      issueAt(
        edited((m) => (m.parent_version = "2026-01-32.1")),
        "parent_version",
      ).message,
    ).toMatch(/not a real calendar date/);
  });

  it("requires the parent to be older than the version", () => {
    expect(
      issueAt(
        edited((m) => (m.parent_version = "2026-01-15.2")),
        "parent_version",
      ).message,
    ).toBe("parent_version 2026-01-15.2 must be older than model_version 2026-01-15.2.");
    expectValid(edited((m) => (m.parent_version = "2025-12-31.7")));
  });

  it("orders ids by date, then counter", () => {
    expect(compareVersionIds("2026-01-15.2", "2026-01-15.10")).toBeLessThan(0);
    expect(compareVersionIds("2026-01-16.1", "2026-01-15.10")).toBeGreaterThan(0);
    expect(compareVersionIds("2026-01-15.3", "2026-01-15.3")).toBe(0);
  });
});

describe("runtime.container", () => {
  const digest = FIXTURE_DIGESTS.container;

  it("accepts name@sha256 and name:tag@sha256 with an immutable tag", () => {
    expectValid(edited((m) => (m.runtime.container = `registry.internal:5000/ml/fraud@sha256:${digest}`)));
    expectValid(edited((m) => (m.runtime.container = `ghcr.io/acme/fraud-scoring:1.4.2@sha256:${digest}`)));
  });

  it("refuses a tag without a digest and says to pin by digest", () => {
    const issue = issueAt(
      edited((m) => (m.runtime.container = "ghcr.io/acme/fraud-scoring:1.2")),
      "runtime.container",
    );
    expect(issue.message).toMatch(/not pinned by digest/);
    expect(issue.message).toContain("ghcr.io/acme/fraud-scoring@sha256:<64 hex characters>");
  });

  it("refuses :latest, naming the floating tag and asking for a digest", () => {
    const issue = issueAt(
      edited((m) => (m.runtime.container = "ghcr.io/acme/fraud-scoring:latest")),
      "runtime.container",
    );
    expect(issue.message).toMatch(/floating tag "latest"/);
    expect(issue.message).toMatch(/Pin it by digest/);
  });

  it("refuses a floating tag even next to a digest", () => {
    const issue = issueAt(
      edited((m) => (m.runtime.container = `ghcr.io/acme/fraud-scoring:stable@sha256:${digest}`)),
      "runtime.container",
    );
    expect(issue.message).toMatch(/floating reference "stable"/);
  });

  it.each([`fraud@sha256:${digest.toUpperCase()}`, `fraud@sha256:${digest.slice(1)}`, "fraud@sha256:"])(
    "refuses the malformed digest %s",
    (container) => {
      expect(
        issueAt(
          edited((m) => (m.runtime.container = container)),
          "runtime.container",
        ).message,
      ).toMatch(/malformed digest/);
    },
  );

  it("refuses a digest without an image name", () => {
    expect(
      issueAt(
        edited((m) => (m.runtime.container = `@sha256:${digest}`)),
        "runtime.container",
      ).message,
    ).toMatch(/needs an image name/);
  });
});

describe("floating references", () => {
  it.each([
    ["latest", "latest"],
    ["s3://models/fraud/latest/model.onnx", "latest"],
    ["s3://models/fraud/prod-latest", "prod-latest"],
    ["gs://models/fraud/model_latest/", "model_latest"],
    ["registry/image:LATEST", "LATEST"],
    ["pkg@latest", "latest"],
    ["hf://acme/tokenizer?revision=main", "main"],
    ["git+https://git.acme.io/ml/prep.git#master", "master"],
    ["s3://models/fraud/current/model.onnx", "current"],
    ["head", "head"],
    ["stable", "stable"],
  ])("finds the floating word in %s", (ref, word) => {
    expect(findFloatingReference(ref)).toBe(word);
  });

  it.each([
    "s3://models/fraud/2026-01-15.2/main.onnx",
    "s3://mainline/fraud/model.onnx",
    "https://current.example.com/m.onnx",
    "3.4.1",
    "stableford-1.0",
  ])("does not flag names that only contain a floating word: %s", (ref) => {
    expect(findFloatingReference(ref)).toBeNull();
  });

  it.each([
    ["artifact_uri", (m: Loose) => (m.artifact_uri = "s3://rollgate-models/fraud-scoring/latest/model.onnx"), "latest"],
    ["training_data.snapshot_uri", (m: Loose) => (m.training_data.snapshot_uri = "s3://rollgate-data/fraud/prod-latest/"), "prod-latest"],
    ["training_data.schema_version", (m: Loose) => (m.training_data.schema_version = "master"), "master"],
    ["tokenizer.version", (m: Loose) => (m.tokenizer.version = "main"), "main"],
    ["tokenizer.name", (m: Loose) => (m.tokenizer.name = "hf://acme/wordpiece@latest"), "latest"],
    ["prompt_templates[1].version", (m: Loose) => (m.prompt_templates[1].version = "stable"), "stable"],
    ["preprocess_version", (m: Loose) => (m.preprocess_version = "current"), "current"],
    ["schema_version", (m: Loose) => (m.schema_version = "head"), "head"],
  ])("refuses a floating %s, naming the field and the word", (path, edit, word) => {
    const issue = issueAt(edited(edit), path);
    const label = path.startsWith("prompt_templates") ? "prompt template version" : path;
    expect(issue.message).toContain(`${label} "`);
    expect(issue.message).toContain(`floating reference "${word}"`);
  });
});

describe("sha256 fields", () => {
  it.each([
    ["artifact_sha256", (m: Loose, v: string) => (m.artifact_sha256 = v)],
    ["training_data.sha256", (m: Loose, v: string) => (m.training_data.sha256 = v)],
    ["prompt_templates[0].sha256", (m: Loose, v: string) => (m.prompt_templates[0].sha256 = v)],
    ["tokenizer.sha256", (m: Loose, v: string) => (m.tokenizer.sha256 = v)],
  ])("checks %s", (path, set) => {
    expectValid(edited((m) => set(m, OTHER_HEX)));
    expect(
      issueAt(
        edited((m) => set(m, OTHER_HEX.toUpperCase())),
        path,
      ).message,
    ).toMatch(/lowercase.*uppercase/);
    expect(
      issueAt(
        edited((m) => set(m, `sha256:${OTHER_HEX}`)),
        path,
      ).message,
    ).toMatch(/without the "sha256:" prefix/);
    expect(
      issueAt(
        edited((m) => set(m, "abc123")),
        path,
      ).message,
    ).toMatch(/got 6 characters/);
    expect(
      issueAt(
        edited((m) => set(m, `${"a".repeat(63)}g`)),
        path,
      ).message,
    ).toMatch(/"g" is not a hex digit/);
  });
});

describe("observability.log_fields", () => {
  it("lists exactly the missing required fields", () => {
    const issue = issueAt(
      edited((m) => (m.observability.log_fields = ["model_version", "score"])),
      "observability.log_fields",
    );
    expect(issue.message).toMatch(/^observability\.log_fields is missing tenant_id, request_id;/);
  });
});

describe("limits", () => {
  it.each([0, -5, 12.5])("refuses p95_latency_ms %s", (v) => {
    expect(
      issueAt(
        edited((m) => (m.limits.p95_latency_ms = v)),
        "limits.p95_latency_ms",
      ).message,
    ).toMatch(/positive whole number of milliseconds/);
  });

  it("accepts max_error_rate at both ends of [0, 1]", () => {
    expectValid(edited((m) => (m.limits.max_error_rate = 0)));
    expectValid(edited((m) => (m.limits.max_error_rate = 1)));
  });

  it("refuses a negative max_error_rate", () => {
    expect(
      issueAt(
        edited((m) => (m.limits.max_error_rate = -0.1)),
        "limits.max_error_rate",
      ).message,
    ).toMatch(/fraction between 0 and 1/);
  });

  it("reads a max_error_rate above 1 as a percentage and shows the fraction", () => {
    expect(
      issueAt(
        edited((m) => (m.limits.max_error_rate = 5)),
        "limits.max_error_rate",
      ).message,
    ).toBe("limits.max_error_rate 5 is not a fraction between 0 and 1. It is a fraction of requests: for 5 % write 0.05.");
    expect(
      issueAt(
        edited((m) => (m.limits.max_error_rate = 1.5)),
        "limits.max_error_rate",
      ).message,
    ).toMatch(/for 1\.5 % write 0\.015\./);
  });
});

describe("rollout", () => {
  it.each([0, 101, 2.5])("refuses initial_traffic_percent %s", (v) => {
    expect(
      issueAt(
        edited((m) => (m.rollout.initial_traffic_percent = v)),
        "rollout.initial_traffic_percent",
      ).message,
    ).toMatch(/whole percentage from 1 to 100/);
  });

  it("accepts 1 and 100 as initial_traffic_percent", () => {
    expectValid(edited((m) => (m.rollout.initial_traffic_percent = 1)));
    expectValid(
      edited((m) => {
        m.rollout.initial_traffic_percent = 100;
        delete m.rollout.steps;
      }),
    );
  });

  it("refuses steps that do not strictly increase", () => {
    const issues = issuesOf(edited((m) => (m.rollout.steps = [25, 50, 50, 40])));
    expect(issues.map((i) => i.path)).toEqual(["rollout.steps[2]", "rollout.steps[3]"]);
    expect(issues[0]?.message).toMatch(/strictly increasing/);
  });

  it("refuses steps outside 1–100", () => {
    expect(
      issueAt(
        edited((m) => (m.rollout.steps = [25, 150])),
        "rollout.steps[1]",
      ).message,
    ).toMatch(/1 to 100/);
    expect(
      issueAt(
        edited((m) => (m.rollout.steps = [25, 50.5])),
        "rollout.steps[1]",
      ).message,
    ).toMatch(/whole percentage/);
  });

  it("refuses steps not above the initial traffic", () => {
    const issue = issueAt(
      edited((m) => (m.rollout.steps = [5, 50])),
      "rollout.steps[0]",
    );
    expect(issue.message).toBe(
      "rollout.steps[0] (5) must be greater than initial_traffic_percent (5): each step raises the candidate's traffic.",
    );
  });

  it("checks bake_minutes", () => {
    expectValid(edited((m) => (m.rollout.bake_minutes = 0)));
    expect(
      issueAt(
        edited((m) => (m.rollout.bake_minutes = -1)),
        "rollout.bake_minutes",
      ).message,
    ).toMatch(/0 or more/);
  });

  it("names the allowed strategies", () => {
    expect(
      issueAt(
        edited((m) => (m.rollout.strategy = "linear")),
        "rollout.strategy",
      ).message,
    ).toBe('rollout.strategy must be one of "canary", "blue_green", "shadow" (got the string "linear").');
  });
});

describe("training_data.time_range", () => {
  it("requires from before to", () => {
    const issue = issueAt(
      edited((m) => (m.training_data.time_range = { from: "2025-12-31", to: "2025-01-01" })),
      "training_data.time_range",
    );
    expect(issue.message).toBe("training_data.time_range.from (2025-12-31) must be before to (2025-01-01).");
    expect(issuesOf(edited((m) => (m.training_data.time_range = { from: "2025-01-01", to: "2025-01-01" }))).map((i) => i.path)).toEqual([
      "training_data.time_range",
    ]);
  });

  it("compares date-times across timezones", () => {
    // 02:00 at +02:00 is midnight UTC, before 00:30 UTC.
    expectValid(edited((m) => (m.training_data.time_range = { from: "2025-06-01T02:00:00+02:00", to: "2025-06-01T00:30:00Z" })));
    expect(parseIsoInstant("2025-06-01T02:00:00+02:00")).toBe(Date.UTC(2025, 5, 1));
  });

  it.each(["2025-13-01", "2025-02-29", "2025-06-01T10:00:00", "01/06/2025", "2025-06-01T25:00Z"])("refuses %s as a date", (value) => {
    expect(
      issueAt(
        edited((m) => (m.training_data.time_range.from = value)),
        "training_data.time_range.from",
      ).message,
    ).toMatch(/not an ISO 8601 date/);
  });
});

describe("features", () => {
  const feature = (m: Loose, i: number) => m.features[i];

  it("requires bins for a numeric feature", () => {
    expect(
      issueAt(
        edited((m) => delete feature(m, 0).bins),
        "features[0].bins",
      ).message,
    ).toBe('numeric feature "amount_eur" needs bins: at least 2 strictly increasing bin edges, e.g. [0, 10, 100].');
  });

  it("requires at least two strictly increasing edges", () => {
    expect(
      issueAt(
        edited((m) => {
          feature(m, 0).bins = [5];
          delete feature(m, 0).baseline;
        }),
        "features[0].bins",
      ).message,
    ).toMatch(/at least 2 edges/);
    expect(
      issueAt(
        edited((m) => (feature(m, 0).bins = [0, 10, 10, 200, 1000, 10000])),
        "features[0].bins[2]",
      ).message,
    ).toMatch(/strictly increasing/);
  });

  it("requires unique, non-empty categories for a categorical feature", () => {
    expect(
      issueAt(
        edited((m) => delete feature(m, 1).categories),
        "features[1].categories",
      ).message,
    ).toMatch(/needs categories/);
    expect(
      issueAt(
        edited((m) => (feature(m, 1).categories = [])),
        "features[1].categories",
      ).message,
    ).toMatch(/at least one category/);
    expect(
      issueAt(
        edited((m) => (feature(m, 1).categories = ["grocery", "travel", "grocery", "x"])),
        "features[1].categories[2]",
      ).message,
    ).toMatch(/listed twice/);
  });

  it("refuses bins on a categorical feature and categories on a numeric one", () => {
    expect(
      issueAt(
        edited((m) => (feature(m, 1).bins = [0, 1])),
        "features[1].bins",
      ).message,
    ).toMatch(/uses categories, not bins/);
    expect(
      issueAt(
        edited((m) => (feature(m, 0).categories = ["a"])),
        "features[0].categories",
      ).message,
    ).toMatch(/uses bins, not categories/);
  });

  it("requires one baseline count per numeric bin", () => {
    expect(
      issueAt(
        edited((m) => feature(m, 0).baseline.pop()),
        "features[0].baseline",
      ).message,
    ).toBe('baseline of numeric feature "amount_eur" has 4 counts but its 6 bin edges make 5 bins; give one count per bin.');
    expect(issuesOf(edited((m) => feature(m, 0).baseline.push(1))).map((i) => i.path)).toEqual(["features[0].baseline"]);
  });

  it('allows one extra categorical count for an "other" bucket, and no more', () => {
    expectValid(edited((m) => feature(m, 1).baseline.pop()));
    expect(
      issueAt(
        edited((m) => feature(m, 1).baseline.push(3)),
        "features[1].baseline",
      ).message,
    ).toMatch(/one count per category \(4\), optionally followed by one count for other values \(5\)/);
  });

  it("refuses negative or fractional counts", () => {
    expect(
      issueAt(
        edited((m) => (feature(m, 0).baseline[1] = -3)),
        "features[0].baseline[1]",
      ).message,
    ).toMatch(/non-negative whole numbers \(got -3\)/);
    expect(
      issueAt(
        edited((m) => (feature(m, 0).baseline[2] = 1.5)),
        "features[0].baseline[2]",
      ).message,
    ).toMatch(/non-negative whole numbers/);
  });

  it("refuses an unknown kind", () => {
    expect(
      issueAt(
        edited((m) => (feature(m, 0).kind = "text")),
        "features[0].kind",
      ).message,
    ).toMatch(/"numeric", "categorical"/);
  });

  it("refuses two features with the same name", () => {
    expect(
      issueAt(
        edited((m) => (feature(m, 1).name = "amount_eur")),
        "features[1].name",
      ).message,
    ).toMatch(/used twice/);
  });
});

describe("prompt templates", () => {
  it("refuses two templates with the same name", () => {
    expect(
      issueAt(
        edited((m) => (m.prompt_templates[1].name = "case_summary")),
        "prompt_templates[1].name",
      ).message,
    ).toMatch(/prompt template name "case_summary" is used twice/);
  });
});

describe("all issues at once", () => {
  it("reports three faults in three sections as three issues", () => {
    const issues = issuesOf(
      edited((m) => {
        m.runtime.container = "ghcr.io/acme/fraud-scoring:1.2";
        m.prompt_templates[1].sha256 = "not-a-digest";
        m.observability.log_fields = ["tenant_id", "model_version"];
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(
      ["observability.log_fields", "prompt_templates[1].sha256", "runtime.container"].sort(),
    );
  });

  it("reports cross-field faults alongside missing fields and type errors", () => {
    const issues = issuesOf(
      edited((m) => {
        delete m.changelog;
        m.limits.p95_latency_ms = "fast";
        m.rollout.steps = [1, 50];
        m.features[0].baseline = [1, 2];
        m.parent_version = "2027-01-01.1";
        m.extra = true;
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(
      ["changelog", "extra", "features[0].baseline", "limits.p95_latency_ms", "parent_version", "rollout.steps[0]"].sort(),
    );
  });
});

describe("schema object", () => {
  it("is strict at the top level when used directly", () => {
    const result = manifestSchema.safeParse({ ...fraudScoringManifest(), typo: 1 });
    expect(result.success).toBe(false);
  });
});
