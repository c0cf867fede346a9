import { describe, it, expect } from "vitest";
import { FIXTURE_MODEL_KEY, fraudScoringManifest } from "./fixtures";
import { DEFAULT_ERROR_BUDGET } from "./budgets";
import { checkManifestInContext, compareSchemaVersions, type ManifestContext } from "./manifest-checks";
import type { Manifest } from "./manifest-schema";

function context(overrides: Partial<ManifestContext> = {}): ManifestContext {
  return {
    modelKey: FIXTURE_MODEL_KEY,
    budgets: { p95LatencyMs: 150, maxErrorRate: DEFAULT_ERROR_BUDGET },
    parentExists: true,
    prodSchemaVersion: "2.3.0",
    ...overrides,
  };
}

function manifest(edit: (m: Manifest) => void = () => {}): Manifest {
  const m = fraudScoringManifest();
  edit(m);
  return m;
}

describe("checkManifestInContext", () => {
  it("passes the fixture in a matching context", () => {
    expect(checkManifestInContext(manifest(), context())).toEqual([]);
  });

  it("requires model_id to equal the model key in the URL", () => {
    expect(checkManifestInContext(manifest(), context({ modelKey: "churn" }))).toEqual([
      { path: "model_id", message: 'model_id "fraud-scoring" does not match the model in the URL ("churn").' },
    ]);
  });

  describe("latency budget", () => {
    it("refuses a p95 limit above the budget", () => {
      const issues = checkManifestInContext(
        manifest((m) => (m.limits.p95_latency_ms = 200)),
        context({ budgets: { p95LatencyMs: 150, maxErrorRate: 0.05 } }),
      );
      expect(issues).toEqual([
        {
          path: "limits.p95_latency_ms",
          message: "p95_latency_ms 200 is above this model's latency budget of 150 ms.",
        },
      ]);
    });

    it("accepts a limit equal to the budget, and anything when no budget is set", () => {
      const m = manifest((x) => (x.limits.p95_latency_ms = 150));
      expect(checkManifestInContext(m, context())).toEqual([]);
      expect(
        checkManifestInContext(
          manifest((x) => (x.limits.p95_latency_ms = 5000)),
          context({ budgets: { p95LatencyMs: null, maxErrorRate: 0.05 } }),
        ),
      ).toEqual([]);
    });
  });

  describe("error budget", () => {
    it("defaults to 5 %", () => {
      expect(DEFAULT_ERROR_BUDGET).toBe(0.05);
    });

    it("refuses a rate written as a percentage and shows the fraction meant", () => {
      const issues = checkManifestInContext(
        manifest((m) => (m.limits.max_error_rate = 0.5)),
        context(),
      );
      expect(issues).toEqual([
        {
          path: "limits.max_error_rate",
          message:
            "max_error_rate 0.5 is above this model's error budget of 0.05 (5 %). It is a fraction of requests: for 0.5 % write 0.005.",
        },
      ]);
    });

    it("gives no percentage hint for a rate just above the budget", () => {
      const issues = checkManifestInContext(
        manifest((m) => (m.limits.max_error_rate = 0.06)),
        context(),
      );
      expect(issues).toEqual([
        {
          path: "limits.max_error_rate",
          message: "max_error_rate 0.06 is above this model's error budget of 0.05 (5 %).",
        },
      ]);
    });

    it("uses the model's own budget", () => {
      const strict = context({ budgets: { p95LatencyMs: null, maxErrorRate: 0.001 } });
      const issues = checkManifestInContext(
        manifest((m) => (m.limits.max_error_rate = 0.01)),
        strict,
      );
      expect(issues[0]?.message).toBe("max_error_rate 0.01 is above this model's error budget of 0.001 (0.1 %).");
      expect(
        checkManifestInContext(
          manifest((m) => (m.limits.max_error_rate = 0.001)),
          strict,
        ),
      ).toEqual([]);
    });
  });

  describe("parent_version", () => {
    it("refuses a parent that is not registered", () => {
      expect(checkManifestInContext(manifest(), context({ parentExists: false }))).toEqual([
        {
          path: "parent_version",
          message: 'parent_version 2026-01-15.1 is not a registered version of model "fraud-scoring".',
        },
      ]);
    });

    it("has nothing to check without a parent", () => {
      const m = manifest((x) => delete x.parent_version);
      expect(checkManifestInContext(m, context({ parentExists: null }))).toEqual([]);
    });
  });

  describe("schema version against PROD", () => {
    it("refuses an older schema version", () => {
      const issues = checkManifestInContext(manifest(), context({ prodSchemaVersion: "2.10.0" }));
      expect(issues.map((i) => i.path)).toEqual(["schema_version"]);
      expect(issues[0]?.message).toMatch(/^schema_version 2\.3\.0 is older than 2\.10\.0, the schema version in PROD\./);
      expect(issues[0]?.message).toMatch(/allow_schema_downgrade: true/);
    });

    it("accepts the same or a newer version, and any version when nothing is in PROD", () => {
      expect(checkManifestInContext(manifest(), context({ prodSchemaVersion: "2.3" }))).toEqual([]);
      expect(checkManifestInContext(manifest(), context({ prodSchemaVersion: "2.2.9" }))).toEqual([]);
      expect(checkManifestInContext(manifest(), context({ prodSchemaVersion: null }))).toEqual([]);
    });

    it("accepts a downgrade the manifest or the request allows", () => {
      const older = context({ prodSchemaVersion: "3.0.0" });
      expect(
        checkManifestInContext(
          manifest((m) => (m.allow_schema_downgrade = true)),
          older,
        ),
      ).toEqual([]);
      expect(checkManifestInContext(manifest(), { ...older, allowSchemaDowngrade: true })).toEqual([]);
      expect(
        checkManifestInContext(
          manifest((m) => (m.allow_schema_downgrade = false)),
          older,
        ),
      ).toHaveLength(1);
    });
  });

  it("reports every context fault at once", () => {
    const issues = checkManifestInContext(
      manifest((m) => {
        m.limits.p95_latency_ms = 400;
        m.limits.max_error_rate = 0.2;
      }),
      context({ modelKey: "other", parentExists: false, prodSchemaVersion: "9" }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      "model_id",
      "limits.p95_latency_ms",
      "limits.max_error_rate",
      "parent_version",
      "schema_version",
    ]);
  });
});

describe("compareSchemaVersions", () => {
  it.each([
    ["1.9", "1.10", -1],
    ["1.10.0", "1.9.9", 1],
    ["2", "2.0.0", 0],
    ["v2.1", "2.0", 1],
    ["2025-06", "2025-07", -1],
    ["1.2.0-rc1", "1.2.0-rc2", -1],
  ] as const)("compares %s with %s", (a, b, expected) => {
    expect(compareSchemaVersions(a, b)).toBe(expected);
  });
});
